// y/N questions (default No) and typed-name confirmations for what cannot be undone.
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { sanitise } from '../presenters/sanitise.js';
import type { ConfirmMode, TypedConfirmMode } from '../state/types.js';
import { theme } from '../theme.js';
import { DialogFrame } from './dialog-frame.js';

interface Size {
  width: number;
  rows: number;
}

export function ConfirmDialog({ mode, width, rows }: { mode: ConfirmMode } & Size) {
  return (
    <DialogFrame title={mode.title} width={width} rows={rows} tone={mode.danger ? 'danger' : 'normal'}>
      {mode.lines.map((line, i) => (
        <Text key={i} wrap="truncate-end" color={line.startsWith('Warning') ? theme.warning : undefined}>
          {line}
        </Text>
      ))}
      <Text bold>
        y yes · <Text underline>N no</Text> (enter, esc)
      </Text>
    </DialogFrame>
  );
}

export function TypedConfirmDialog({ mode, onChange, width, rows }: { mode: TypedConfirmMode; onChange: (value: string) => void } & Size) {
  const expected = sanitise(mode.expected);
  const matches = mode.typed === mode.expected;
  return (
    <DialogFrame title={mode.title} width={width} rows={rows} tone="danger">
      {mode.lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
      <Box>
        <Text>
          Type <Text bold>{expected}</Text> to confirm:{' '}
        </Text>
        <TextInput value={mode.typed} onChange={onChange} />
      </Box>
      <Text color={matches ? theme.danger : theme.muted}>{matches ? 'enter confirms · esc cancels' : 'esc cancels'}</Text>
    </DialogFrame>
  );
}
