// Choices with ink-select-input (j/k or arrows, enter or a number key). Fine for short lists;
// the main columns use WindowedList instead, since ink-select-input rotates rather than scrolls.
import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import type { PickerChoice } from '../state/meta-form.js';
import { theme } from '../theme.js';

export interface PickerProps {
  choices: PickerChoice[];
  onPick: (value: string) => void;
  limit: number;
  initialValue?: string;
}

function Indicator({ isSelected = false }: { isSelected?: boolean }) {
  return <Text color={theme.accent}>{isSelected ? '› ' : '  '}</Text>;
}

function Item({ isSelected = false, label }: { isSelected?: boolean; label: string }) {
  return (
    <Text color={isSelected ? theme.accent : undefined} bold={isSelected} wrap="truncate-end">
      {label}
    </Text>
  );
}

export function Picker({ choices, onPick, limit, initialValue }: PickerProps) {
  if (choices.length === 0) return <Text color={theme.muted}>nothing to choose here</Text>;
  const initial = Math.max(0, choices.findIndex((c) => c.value === initialValue));
  return (
    <Box flexDirection="column">
      <SelectInput
        items={choices.map((c) => ({ key: c.value, label: c.label, value: c.value }))}
        // After the key event has reached every listener: the enter that chose must not also
        // answer whatever the choice opens (a confirmation would take it as "No").
        onSelect={(item) => queueMicrotask(() => onPick(item.value))}
        limit={Math.max(1, limit)}
        initialIndex={initial}
        indicatorComponent={Indicator}
        itemComponent={Item}
      />
    </Box>
  );
}
