// :members — requests and members as a list (requests first), or, while approving, granting or
// revoking, the environments to choose from. Errors from the team console show in the status line.
import { Box, Text } from 'ink';
import { Picker } from '../components/picker.js';
import { memberDetail, memberRowText, membersTitle } from '../presenters/members.js';
import { sanitise } from '../presenters/sanitise.js';
import { MEMBER_DETAIL_ROWS, memberRows, membersPage, rowUnderCursor, targetChoices } from '../state/commands/members.js';
import type { MembersMode } from '../state/team-types.js';
import type { UiState } from '../state/types.js';
import { ROW_COLOURS, rowStyle, theme } from '../theme.js';
import { DialogFrame } from './dialog-frame.js';

const VERBS = { approve: 'Approve', grant: 'Grant', 'grant-admin': 'Make admin', revoke: 'Revoke' } as const;

export interface MembersViewProps {
  mode: MembersMode;
  state: UiState;
  onPick: (value: string) => void;
  now: number;
  width: number;
  rows: number;
}

export function MembersView({ mode, state, onPick, now, width, rows }: MembersViewProps) {
  const team = state.team;
  const title = membersTitle(team?.team ?? '', mode.members?.length, mode.requests?.length);
  const note = team ? `you are ${sanitise(team.member)}${team.isAdmin ? ', an admin' : ''}` : undefined;
  if (mode.choosing) {
    const { action, member, fingerprint } = mode.choosing;
    const choices = targetChoices(state, mode);
    return (
      <DialogFrame title={`${VERBS[action]} ${sanitise(member)}: which environment?`} note={`key ${fingerprint}`} width={width} rows={rows}>
        {choices.length === 0 ? (
          <Text color={theme.muted}>{action === 'revoke' ? `${sanitise(member)} holds no environment.` : 'No environment left that you hold and they lack.'}</Text>
        ) : (
          <Picker choices={choices} onPick={onPick} limit={rows - 3} />
        )}
      </DialogFrame>
    );
  }
  const all = memberRows(mode);
  const page = membersPage(state);
  const shown = all.slice(mode.list.top, mode.list.top + page);
  const date = new Date(now);
  return (
    <DialogFrame title={title} {...(note && { note })} width={width} rows={rows}>
      <Text color={theme.muted} wrap="truncate-end">
        {'  name             role     key fingerprint  environments'}
      </Text>
      <Box flexDirection="column" height={page}>
        {!mode.members ? <Text color={theme.muted}>Reading the members…</Text> : null}
        {shown.map((row, i) => {
          const selected = mode.list.top + i === mode.list.cursor;
          const { text, tone } = memberRowText(row, date);
          const key = `${row.kind}:${row.kind === 'request' ? row.request.name : row.member.name}`;
          return (
            <Text key={key} wrap="truncate-end" {...rowStyle(selected, tone ? ROW_COLOURS[tone] : undefined)}>
              {`${selected ? '▸' : ' '} ${text}`}
            </Text>
          );
        })}
      </Box>
      <Box height={MEMBER_DETAIL_ROWS} overflow="hidden">
        <Text color={theme.muted} wrap="wrap">
          {memberDetail(rowUnderCursor(mode), date)}
        </Text>
      </Box>
    </DialogFrame>
  );
}
