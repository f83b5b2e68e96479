// : the command palette, over the columns.
import { Box, Text } from 'ink';
import { Picker } from '../components/picker.js';
import type { PickerChoice } from '../state/meta-form.js';
import type { PalettePage } from '../state/types.js';
import { theme } from '../theme.js';

const TITLES: Record<PalettePage, string> = {
  root: 'Command palette',
  jump: 'Jump to app/environment',
  rollback: 'Roll back to which version?',
};

export function Palette({ page, choices, onPick, width, rows }: { page: PalettePage; choices: PickerChoice[]; onPick: (value: string) => void; width: number; rows: number }) {
  return (
    <Box flexDirection="column" width={width} height={rows} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold color={theme.accent}>
        : {TITLES[page]}
      </Text>
      <Picker key={page} choices={choices} onPick={onPick} limit={rows - 3} />
    </Box>
  );
}
