// THE keymap: one row per command. Key matching (match.ts), the footer and the `?` help overlay
// are all generated from this table, so a key cannot do one thing and be documented as another.
// Adding a command is one row here plus its case in the reducer.
import { Command } from './commands.js';
import type { Where } from './contexts.js';
import type { CommandContext, DisabledPredicate } from './disabled.js';
import {
  backDisabled,
  deleteDisabled,
  destroyDisabled,
  drillInDisabled,
  newDisabled,
  noSecret,
  revealDisabled,
  rollbackDisabled,
  typedConfirmDisabled,
  undeleteDisabled,
} from './disabled.js';
import type { KeyName } from './keys.js';

export const GROUPS = ['Navigate', 'Find', 'Edit', 'Versions', 'Dialogs', 'Start-up', 'General'] as const;
export type Group = (typeof GROUPS)[number];

export interface Binding {
  command: Command;
  /** The first key is the one shown in the footer. */
  keys: readonly KeyName[];
  /** A sentence for the help overlay. */
  description: string;
  group: Group;
  where: readonly Where[];
  /** The footer's key text when it differs from the first key (e.g. "j/k" for a pair). */
  footerKey?: string;
  /** Short label in the footer; bindings without one appear only in the help overlay. */
  hint?: string | ((c: CommandContext) => string);
  disabled?: DisabledPredicate;
  /** Changes or removes data for good: shown in red. */
  danger?: boolean;
  /**
   * Keys read by a component itself (ink-select-input in pickers, the multi-line editor), listed
   * here so the footer and help describe them; the matcher does not dispatch them.
   */
  handledBy?: 'picker' | 'editor';
}

const ANY_COLUMN: Where[] = ['browse'];
const SECRET_COLUMNS: Where[] = ['secrets', 'versions'];

export const KEYMAP: readonly Binding[] = [
  // Navigate
  { command: Command.MoveDown, keys: ['j', 'down'], description: 'Move down', group: 'Navigate', where: ANY_COLUMN, footerKey: 'j/k', hint: 'move' },
  { command: Command.MoveUp, keys: ['k', 'up'], description: 'Move up', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.FocusLeft, keys: ['h', 'left', 'shift-tab'], description: 'Focus the column to the left', group: 'Navigate', where: ANY_COLUMN, footerKey: 'h/l', hint: 'column' },
  { command: Command.FocusRight, keys: ['l', 'right', 'tab'], description: 'Focus the column to the right', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.FocusApps, keys: ['1'], description: 'Jump to Apps', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.FocusEnvs, keys: ['2'], description: 'Jump to Environments', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.FocusSecrets, keys: ['3'], description: 'Jump to Secrets', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.FocusVersions, keys: ['4'], description: 'Jump to Versions', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.DrillIn, keys: ['enter'], description: 'Open the selection (next column)', group: 'Navigate', where: ANY_COLUMN, hint: 'open', disabled: drillInDisabled },
  { command: Command.Back, keys: ['esc'], description: 'Back to the previous column', group: 'Navigate', where: ANY_COLUMN, disabled: backDisabled },
  { command: Command.Top, keys: ['g', 'home'], description: 'First row', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.Bottom, keys: ['G', 'end'], description: 'Last row', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.HalfPageUp, keys: ['ctrl-u', 'pageup'], description: 'Half a page up', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.HalfPageDown, keys: ['ctrl-d', 'pagedown'], description: 'Half a page down (never deletes)', group: 'Navigate', where: ANY_COLUMN },

  // Find
  { command: Command.Filter, keys: ['/'], description: 'Filter this column as you type (secrets: key, tag or path)', group: 'Find', where: ANY_COLUMN, hint: 'filter' },
  { command: Command.Palette, keys: [':'], description: 'Command palette: jump to APP/ENV, new, roll back, help', group: 'Find', where: ANY_COLUMN, hint: 'palette' },

  // Edit
  { command: Command.New, keys: ['n'], description: 'New app, environment or secret (by column)', group: 'Edit', where: ['apps', 'envs', 'secrets'], hint: 'new', disabled: newDisabled },
  { command: Command.EditValue, keys: ['e'], description: 'Edit the value (a new version), masked', group: 'Edit', where: SECRET_COLUMNS, hint: 'edit', disabled: noSecret },
  { command: Command.EditMeta, keys: ['E'], description: 'Edit type, kind, purpose, tags, comment, rotation', group: 'Edit', where: SECRET_COLUMNS, hint: 'meta', disabled: noSecret },
  {
    command: Command.Reveal,
    keys: ['x'],
    description: 'Reveal the value, or mask it again (re-masks by itself)',
    group: 'Edit',
    where: SECRET_COLUMNS,
    hint: ({ state }) => (state.reveal ? 'mask' : 'reveal'),
    disabled: revealDisabled,
  },

  // Versions
  { command: Command.Rollback, keys: ['R'], description: 'Roll back: the selected version’s value becomes a new version', group: 'Versions', where: ['versions'], hint: 'rollback', disabled: rollbackDisabled },
  { command: Command.Delete, keys: ['d'], description: 'Delete: a version softly; a secret, environment or app for good', group: 'Versions', where: ANY_COLUMN, hint: 'delete', disabled: deleteDisabled, danger: true },
  { command: Command.Undelete, keys: ['u'], description: 'Undelete the selected version', group: 'Versions', where: ['versions'], hint: 'undelete', disabled: undeleteDisabled },
  { command: Command.Destroy, keys: ['D'], description: 'Destroy the selected version’s value for good (type the key)', group: 'Versions', where: ['versions'], hint: 'destroy', disabled: destroyDisabled, danger: true },

  // General
  { command: Command.Help, keys: ['?'], description: 'All keys, and why greyed ones do not apply here', group: 'General', where: ANY_COLUMN, hint: 'help' },
  { command: Command.Quit, keys: ['q'], description: 'Quit', group: 'General', where: ANY_COLUMN, hint: 'quit' },
  { command: Command.ForceQuit, keys: ['ctrl-c'], description: 'Quit from anywhere', group: 'General', where: ['global'] },

  // Dialogs
  { command: Command.FilterApply, keys: ['enter'], description: 'Keep the filter', group: 'Dialogs', where: ['filter'], hint: 'keep' },
  { command: Command.FilterClear, keys: ['esc'], description: 'Clear the filter', group: 'Dialogs', where: ['filter'], hint: 'clear' },
  { command: Command.HelpClose, keys: ['esc', '?', 'q'], description: 'Close help', group: 'Dialogs', where: ['help'], hint: 'close' },
  { command: Command.HelpScrollDown, keys: ['j', 'down'], description: 'Scroll help down', group: 'Dialogs', where: ['help'], footerKey: 'j/k', hint: 'scroll' },
  { command: Command.HelpScrollUp, keys: ['k', 'up'], description: 'Scroll help up', group: 'Dialogs', where: ['help'] },
  { command: Command.PickerMove, keys: ['j', 'k', 'down', 'up'], description: 'Move through the choices', group: 'Dialogs', where: ['palette', 'form-picker'], footerKey: 'j/k', hint: 'move', handledBy: 'picker' },
  { command: Command.PickerChoose, keys: ['enter'], description: 'Choose (or press its number)', group: 'Dialogs', where: ['palette', 'form-picker'], hint: 'choose', handledBy: 'picker' },
  { command: Command.PickerBack, keys: ['esc'], description: 'Back', group: 'Dialogs', where: ['palette', 'form-picker'], hint: 'back' },
  { command: Command.EditorSave, keys: ['enter'], description: 'Save as a new version', group: 'Dialogs', where: ['edit-line'], hint: 'save' },
  // ctrl-s only where coffer's own multi-line editor has focus: ink-text-input would type the "s".
  { command: Command.EditorSaveLines, keys: ['ctrl-s'], description: 'Save a multi-line value as a new version', group: 'Dialogs', where: ['edit-lines'], hint: 'save' },
  { command: Command.EditorNewLine, keys: ['enter'], description: 'New line (file and tls values)', group: 'Dialogs', where: ['edit-lines'], hint: 'new line', handledBy: 'editor' },
  { command: Command.EditorCancel, keys: ['esc'], description: 'Cancel without saving', group: 'Dialogs', where: ['edit-line', 'edit-lines'], hint: 'cancel' },
  {
    command: Command.EditorToggleTyping,
    keys: ['tab'],
    description: 'Show or hide what you type',
    group: 'Dialogs',
    where: ['edit-line', 'edit-lines'],
    hint: ({ state }) => (state.mode.type === 'edit-value' && state.mode.showTyping ? 'hide typing' : 'show typing'),
  },
  { command: Command.FormNext, keys: ['down', 'tab'], description: 'Next field', group: 'Dialogs', where: ['form'], footerKey: '↑/↓', hint: 'field' },
  { command: Command.FormPrev, keys: ['up', 'shift-tab'], description: 'Previous field', group: 'Dialogs', where: ['form'] },
  { command: Command.FormChoose, keys: ['enter'], description: 'Pick a value (choice fields) or save the form (text fields)', group: 'Dialogs', where: ['form'], hint: 'pick/save' },
  { command: Command.FormCancel, keys: ['esc'], description: 'Cancel without saving', group: 'Dialogs', where: ['form'], hint: 'cancel' },
  { command: Command.ConfirmYes, keys: ['y'], description: 'Yes, do it', group: 'Dialogs', where: ['confirm'], hint: 'yes' },
  { command: Command.ConfirmNo, keys: ['n', 'N', 'esc', 'enter'], description: 'No (the default)', group: 'Dialogs', where: ['confirm'], footerKey: 'N/esc/enter', hint: 'no' },
  { command: Command.TypedConfirm, keys: ['enter'], description: 'Confirm once the name is typed exactly', group: 'Dialogs', where: ['confirm-typed'], hint: 'confirm', disabled: typedConfirmDisabled, danger: true },
  { command: Command.TypedCancel, keys: ['esc'], description: 'Cancel', group: 'Dialogs', where: ['confirm-typed'], hint: 'cancel' },
  { command: Command.PromptSubmit, keys: ['enter'], description: 'Create', group: 'Dialogs', where: ['prompt'], hint: 'create' },
  { command: Command.PromptCancel, keys: ['esc'], description: 'Cancel', group: 'Dialogs', where: ['prompt'], hint: 'cancel' },

  // Start-up
  { command: Command.UnlockSubmit, keys: ['enter'], description: 'Unlock', group: 'Start-up', where: ['unlock'], hint: 'unlock' },
  { command: Command.UnlockSwitchMethod, keys: ['tab'], description: 'Switch between passphrase and recovery code', group: 'Start-up', where: ['unlock'], hint: 'passphrase/recovery code' },
  { command: Command.CreateSubmit, keys: ['enter'], description: 'Next field, or create the vault', group: 'Start-up', where: ['create-vault'], hint: 'next/create' },
  { command: Command.CreateToggleKeychain, keys: ['tab'], description: 'Keep the key in the OS keychain, or not', group: 'Start-up', where: ['create-vault'], hint: 'keychain on/off' },
  { command: Command.CreateCancel, keys: ['esc'], description: 'Leave without creating a vault', group: 'Start-up', where: ['create-vault'], hint: 'quit' },
  { command: Command.RecoveryContinue, keys: ['enter'], description: 'I have written the recovery code down', group: 'Start-up', where: ['recovery'], hint: 'continue' },
  { command: Command.ErrorQuit, keys: ['q', 'esc', 'enter'], description: 'Quit', group: 'Start-up', where: ['error'], hint: 'quit' },
];

const byCommand = new Map<Command, Binding>(KEYMAP.map((b) => [b.command, b]));

export function bindingFor(command: Command): Binding {
  const binding = byCommand.get(command);
  if (!binding) throw new Error(`No key binding for command ${command}`);
  return binding;
}
