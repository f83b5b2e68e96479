// E: a secret's metadata. Choice fields open an ink-select-input picker; text fields edit in
// place; enter on a text field saves the whole form.
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { Picker } from '../components/picker.js';
import { sanitise } from '../presenters/sanitise.js';
import { KIND_LABELS, META_FIELDS, TYPE_LABELS } from '../state/meta-form.js';
import type { MetaFieldSpec } from '../state/meta-form.js';
import type { EditMetaMode, MetaDraft } from '../state/types.js';
import { theme } from '../theme.js';

function shownValue(field: MetaFieldSpec, draft: MetaDraft): string {
  switch (field.name) {
    case 'type':
      return TYPE_LABELS[draft.type];
    case 'kind':
      return KIND_LABELS[draft.kind];
    case 'purpose':
      return draft.purpose ?? 'none';
    case 'rotationDays':
      return draft.rotationDays === null ? 'no rotation policy' : `every ${draft.rotationDays} days`;
    default:
      return sanitise(draft[field.name]);
  }
}

function currentChoice(field: MetaFieldSpec, draft: MetaDraft): string {
  const value = draft[field.name];
  return value === null ? '' : String(value);
}

export interface MetaEditorProps {
  mode: EditMetaMode;
  onChange: (value: string) => void;
  onPick: (value: string) => void;
  width: number;
  rows: number;
}

export function MetaEditor({ mode, onChange, onPick, width, rows }: MetaEditorProps) {
  const active = META_FIELDS[mode.field];
  return (
    <Box flexDirection="column" width={width} height={rows} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold color={theme.accent} wrap="truncate-end">
        Metadata of {sanitise(mode.address.key)} in {sanitise(mode.address.app)}/{sanitise(mode.address.env)}
      </Text>
      {META_FIELDS.map((field, index) => {
        const focused = index === mode.field;
        return (
          <Box key={field.name} height={1}>
            <Box width={12} flexShrink={0}>
              <Text color={focused ? theme.accent : theme.muted} bold={focused}>
                {focused ? '› ' : '  '}
                {field.label}
              </Text>
            </Box>
            {focused && field.input === 'text' ? (
              <TextInput value={String(mode.draft[field.name] ?? '')} onChange={onChange} />
            ) : (
              <Text wrap="truncate-end" color={field.input === 'picker' && focused ? theme.accent : undefined}>
                {shownValue(field, mode.draft)}
                {field.input === 'picker' && focused && !mode.picking ? <Text color={theme.muted}> ▾ enter</Text> : null}
              </Text>
            )}
          </Box>
        );
      })}
      {mode.error ? (
        <Text color={theme.danger} wrap="truncate-end">
          {sanitise(mode.error)}
        </Text>
      ) : null}
      {mode.picking && active?.choices ? (
        <Box flexDirection="column" marginTop={1}>
          <Text color={theme.muted}>{active.label}:</Text>
          <Picker
            choices={active.choices(mode.draft)}
            onPick={onPick}
            limit={Math.max(2, rows - META_FIELDS.length - 6)}
            initialValue={currentChoice(active, mode.draft)}
          />
        </Box>
      ) : null}
    </Box>
  );
}
