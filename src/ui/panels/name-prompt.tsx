// n: the name of a new app, environment or secret, validated by the domain on enter.
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { sanitise } from '../presenters/sanitise.js';
import type { PromptMode } from '../state/types.js';
import { theme } from '../theme.js';
import { DialogFrame } from './dialog-frame.js';

const TITLES: Record<PromptMode['purpose'], (mode: PromptMode) => string> = {
  app: () => 'New app',
  env: (mode) => `New environment in ${sanitise(mode.app ?? '')}`,
  secret: (mode) => `New secret in ${sanitise(mode.app ?? '')}/${sanitise(mode.env ?? '')}`,
};

const RULES: Record<PromptMode['purpose'], string> = {
  app: 'lowercase letters, digits and dashes, e.g. billing-api (gets development, staging, production)',
  env: 'lowercase letters, digits, dashes, underscores, e.g. qa-2',
  secret: 'an environment variable name, e.g. DATABASE_URL; the value comes next',
};

export function NamePrompt({ mode, onChange, width, rows }: { mode: PromptMode; onChange: (value: string) => void; width: number; rows: number }) {
  return (
    <DialogFrame title={TITLES[mode.purpose](mode)} width={width} rows={rows}>
      <Box>
        <Text color={theme.muted}>name </Text>
        <TextInput value={mode.draft} onChange={onChange} />
      </Box>
      {mode.error ? (
        <Text color={theme.danger} wrap="wrap">
          {sanitise(mode.error)}
        </Text>
      ) : (
        <Text color={theme.muted} wrap="truncate-end">
          {RULES[mode.purpose]}
        </Text>
      )}
    </DialogFrame>
  );
}
