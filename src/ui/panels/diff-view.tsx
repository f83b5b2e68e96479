// :diff ENV_A ENV_B — the keys added, removed and changed going from one environment to the
// other, values compared by fingerprint and shown only as masks.
import { Box, Text } from 'ink';
import { DIFF_MARK, diffSide } from '../presenters/audit.js';
import { sanitise } from '../presenters/sanitise.js';
import { fitText } from '../presenters/width.js';
import { diffEntries } from '../state/diff-entries.js';
import type { Viewport } from '../state/types.js';
import { listViewRows, viewInner } from '../state/view-layout.js';
import type { DiffMode } from '../state/view-types.js';
import { ROW_COLOURS, rowStyle, theme } from '../theme.js';
import { DialogFrame } from './dialog-frame.js';

export function DiffView({ mode, viewport, width, rows }: { mode: DiffMode; viewport: Viewport; width: number; rows: number }) {
  const title = `Diff of ${sanitise(mode.app)}: ${sanitise(mode.from)} → ${sanitise(mode.to)}`;
  if (!mode.result) {
    return (
      <DialogFrame title={title} width={width} rows={rows}>
        <Text color={theme.muted}>Comparing…</Text>
      </DialogFrame>
    );
  }
  const { diff, report } = mode.result;
  const entries = diffEntries(diff);
  const page = listViewRows(viewport);
  const inner = viewInner(viewport).width;
  const keyWidth = Math.min(34, Math.max(16, Math.floor(inner * 0.34)));
  const side = Math.min(32, Math.max(12, Math.floor((inner - keyWidth - 4 - 8) / 2)));
  const fromIndex = report.envs.indexOf(mode.from);
  const toIndex = report.envs.indexOf(mode.to);
  const summary = `${diff.added.length} added · ${diff.removed.length} removed · ${diff.changed.length} changed · ${diff.same.length} same`;
  const shown = entries.slice(mode.list.top, mode.list.top + page);
  return (
    <DialogFrame title={`${title} · ${summary}`} width={width} rows={rows}>
      <Text bold color={theme.muted} wrap="truncate-end">
        {`    ${fitText('KEY', keyWidth)}${fitText(sanitise(mode.from), side)}${fitText(sanitise(mode.to), side)}`}
      </Text>
      <Box flexDirection="column" height={page}>
        {entries.length === 0 ? <Text color={theme.muted}> neither environment has secrets</Text> : null}
        {shown.map((entry, i) => {
          const selected = mode.list.top + i === mode.list.cursor;
          const row = report.rows.find((r) => r.key === entry.key);
          const { mark, tone, words } = DIFF_MARK[entry.status];
          return (
            <Text key={entry.key} wrap="truncate-end" {...rowStyle(selected, ROW_COLOURS[tone])}>
              {`${selected ? '▸' : ' '}${mark}  ${fitText(sanitise(entry.key), keyWidth - 1)} ${fitText(diffSide(row?.cells[fromIndex], mode.app), side - 1)} ${fitText(diffSide(row?.cells[toIndex], mode.app), side - 1)} ${words}`}
            </Text>
          );
        })}
      </Box>
    </DialogFrame>
  );
}
