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

/**
 * The question's lines that fit above its answer: border, title and the answer lines always
 * show, so a long list (a bulk rotation) can never push "Type … to confirm" out of sight.
 */
export function fitLines(lines: readonly string[], rows: number, answerRows: number): string[] {
  const room = Math.max(1, rows - 2 - 1 - answerRows);
  if (lines.length <= room) return [...lines];
  const kept = lines.slice(0, room - 1);
  return [...kept, `… ${lines.length - kept.length} more line${lines.length - kept.length === 1 ? '' : 's'}`];
}

export function ConfirmDialog({ mode, width, rows }: { mode: ConfirmMode } & Size) {
  return (
    <DialogFrame title={mode.title} width={width} rows={rows} tone={mode.danger ? 'danger' : 'normal'}>
      {fitLines(mode.lines, rows, 1).map((line, i) => (
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
      {fitLines(mode.lines, rows, 2).map((line, i) => (
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
