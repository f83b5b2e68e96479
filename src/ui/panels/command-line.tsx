// : — the palette's command line: what is typed filters the choices below, and a command word
// lists its forms (`diff staging production`, `log production`); ↑/↓ choose, enter runs.
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { commandChoices } from '../presenters/palette.js';
import { sanitise } from '../presenters/sanitise.js';
import { displayWidth, fitText } from '../presenters/width.js';
import type { Derived } from '../state/selectors.js';
import type { PaletteMode, UiState } from '../state/types.js';
import { theme } from '../theme.js';

export interface CommandLineProps {
  mode: PaletteMode;
  state: UiState;
  derived: Derived;
  onChange: (value: string) => void;
  width: number;
  rows: number;
}

export function CommandLine({ mode, state, derived, onChange, width, rows }: CommandLineProps) {
  const choices = commandChoices(state, derived, mode.query);
  const room = Math.max(1, rows - 4 - (mode.error ? 1 : 0));
  const top = Math.max(0, Math.min(mode.cursor - room + 1, choices.length - room));
  const shown = choices.slice(Math.max(0, top), Math.max(0, top) + room);
  const inner = width - 4;
  return (
    <Box flexDirection="column" width={width} height={rows} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold color={theme.accent} wrap="truncate-end">
        : Command palette<Text color={theme.muted} bold={false}>{'  type to filter, or a command: diff ENV_A ENV_B · log [ENV|all] · settings'}</Text>
      </Text>
      <Box>
        <Text color={theme.accent} bold>
          {': '}
        </Text>
        <TextInput value={mode.query} onChange={onChange} placeholder="jump, audit, diff, log, settings, lock…" />
      </Box>
      {mode.error ? (
        <Text color={theme.danger} wrap="truncate-end">
          {sanitise(mode.error)}
        </Text>
      ) : null}
      {choices.length === 0 ? <Text color={theme.muted}>nothing matches: enter says why</Text> : null}
      {shown.map((choice, i) => {
        const selected = Math.max(0, top) + i === mode.cursor;
        const typed = choice.typed ? sanitise(choice.typed) : '';
        const labelWidth = Math.max(8, inner - 2 - displayWidth(typed) - 2);
        return (
          <Text key={choice.value} wrap="truncate-end" bold={selected} color={selected ? theme.accent : undefined}>
            {`${selected ? '› ' : '  '}${fitText(choice.label, labelWidth)}  `}
            <Text color={theme.muted} bold={false}>
              {typed}
            </Text>
          </Text>
        );
      })}
    </Box>
  );
}
