// A multi-line value field for file and tls kinds (certificates, JSON key files). ink-text-input
// is one line only, so this small editor appends what is typed or pasted (CR/LF kept as line
// breaks) and deletes backwards; saving and cancelling are keymap commands (ctrl-s, esc).
// Masked, it shows one fixed-width mask per line, so the shape of the value does not leak.
import { Box, Text, useInput } from 'ink';
import { sanitise } from '../presenters/sanitise.js';
import { theme } from '../theme.js';

/** Applies one input event to the draft. Pure, for tests. */
export function editLines(draft: string, input: string, key: { backspace?: boolean; delete?: boolean; return?: boolean; ctrl?: boolean; meta?: boolean; escape?: boolean; tab?: boolean }): string {
  if (key.backspace || key.delete) return Array.from(draft).slice(0, -1).join('');
  if (key.return) return `${draft}\n`;
  if (key.ctrl || key.escape || key.tab || key.meta) return draft;
  return draft + input.replace(/\r\n?/g, '\n');
}

export interface MultilineInputProps {
  value: string;
  onChange: (value: string) => void;
  show: boolean;
  rows: number;
}

export function MultilineInput({ value, onChange, show, rows }: MultilineInputProps) {
  useInput((input, key) => {
    const next = editLines(value, input, key);
    if (next !== value) onChange(next);
  });
  const lines = value.split('\n');
  const visible = lines.slice(-Math.max(1, rows));
  const hidden = lines.length - visible.length;
  return (
    <Box flexDirection="column">
      {hidden > 0 ? <Text color={theme.muted}>… {hidden} lines above</Text> : null}
      {visible.map((line, i) => {
        const last = i === visible.length - 1;
        const shown = show ? sanitise(line) : line.length ? '•'.repeat(8) : '';
        return (
          <Text key={i} wrap="truncate-end">
            {shown}
            {last ? <Text inverse> </Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}
