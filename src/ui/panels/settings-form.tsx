// :settings — the vault's clipboard, idle-lock and reveal times.
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { sanitise } from '../presenters/sanitise.js';
import { SETTINGS_FIELDS } from '../state/settings-form.js';
import type { SettingsMode } from '../state/types.js';
import { theme } from '../theme.js';
import { DialogFrame } from './dialog-frame.js';

export function SettingsForm({ mode, onChange, width, rows }: { mode: SettingsMode; onChange: (value: string) => void; width: number; rows: number }) {
  return (
    <DialogFrame title="Settings (kept in the vault, for every coffer on it)" width={width} rows={rows}>
      {SETTINGS_FIELDS.map((field, index) => {
        const focused = index === mode.field;
        return (
          <Box key={field.name} height={1}>
            <Box width={30} flexShrink={0}>
              <Text color={focused ? theme.accent : theme.muted} bold={focused}>
                {`${focused ? '› ' : '  '}${field.label}`}
              </Text>
            </Box>
            {focused ? <TextInput value={mode.draft[field.name]} onChange={onChange} /> : <Text>{mode.draft[field.name]}</Text>}
            <Text color={theme.muted}>{` ${field.unit}`}</Text>
          </Box>
        );
      })}
      {mode.error ? (
        <Text color={theme.danger} wrap="truncate-end">
          {sanitise(mode.error)}
        </Text>
      ) : (
        <Text color={theme.muted} wrap="truncate-end">
          ↑/↓ field · enter saves · esc cancels
        </Text>
      )}
    </DialogFrame>
  );
}
