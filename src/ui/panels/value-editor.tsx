// e / new secret: the value typed into a masked field (multi-line for file and tls kinds).
import { Box, Text } from 'ink';
import { MaskedInput } from '../components/masked-input.js';
import { MultilineInput } from '../components/multiline-input.js';
import { sanitise } from '../presenters/sanitise.js';
import { sizeText } from '../presenters/value.js';
import type { EditValueMode } from '../state/types.js';
import { theme } from '../theme.js';
import { DialogFrame } from './dialog-frame.js';

export interface ValueEditorProps {
  mode: EditValueMode;
  onChange: (value: string) => void;
  width: number;
  rows: number;
}

export function ValueEditor({ mode, onChange, width, rows }: ValueEditorProps) {
  const { address, creating, expectedVersion, multiline, showTyping, draft, changedBy } = mode;
  const note = changedBy
    ? `${sanitise(changedBy.actor)} saved ${changedBy.version ? `v${changedBy.version}` : 'a change'} meanwhile: saving asks what to do.`
    : mode.note;
  const key = sanitise(address.key);
  const title = creating
    ? `New secret ${key} in ${sanitise(address.app)}/${sanitise(address.env)}: its value`
    : changedBy
      ? `Edit ${key} (started from v${expectedVersion})`
      : `Edit ${key}: saving makes v${expectedVersion + 1}`;
  const status = `${showTyping ? 'typing shown' : 'masked'} · ${draft.length ? sizeText(draft) : 'empty'}`;
  return (
    <DialogFrame title={title} width={width} rows={rows}>
      {note ? <Text color={theme.warning}>{note}</Text> : null}
      {multiline ? (
        <MultilineInput value={draft} onChange={onChange} show={showTyping} rows={Math.max(1, rows - 5 - (note ? 1 : 0))} />
      ) : (
        <Box>
          <Text color={theme.muted}>value </Text>
          <MaskedInput value={draft} onChange={onChange} show={showTyping} placeholder="type or paste the value" />
        </Box>
      )}
      <Text color={theme.muted} wrap="truncate-end">
        {status}
      </Text>
    </DialogFrame>
  );
}
