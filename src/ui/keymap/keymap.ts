// THE keymap: one row per command. Key matching (match.ts), the footer and the `?` help overlay
// are all generated from this table, so a key cannot do one thing and be documented as another.
// Adding a command is one row here plus its case in the reducer.
import { Command } from './commands.js';
import type { Where } from './contexts.js';
import type { CommandContext, DisabledPredicate } from './disabled.js';
import {
  auditCopyDisabled,
  auditDisabled,
  backDisabled,
  copyValueDisabled,
  deleteDisabled,
  destroyDisabled,
  drillInDisabled,
  gridColumnDisabled,
  lockDisabled,
  newDisabled,
  noSecret,
  revealDisabled,
  rollbackDisabled,
  rotateDisabled,
  typedConfirmDisabled,
  undeleteDisabled,
  undoDisabled,
} from './disabled.js';
import { markedSecrets } from '../state/commands/rotate.js';
import { saveMineProblem } from '../state/commands/conflict.js';
import { retryVersion } from '../state/conflict.js';
import { approveDisabled, grantAdminDisabled, grantDisabled, membersDisabled, revokeDisabled } from './team-disabled.js';
import type { KeyName } from './keys.js';

export const GROUPS = ['Navigate', 'Find', 'Edit', 'Versions', 'Rotate', 'Clipboard', 'Audit', 'Team', 'Dialogs', 'Start-up', 'General'] as const;
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
   * In the footer only while it applies: for a key that is greyed most of the time (ctrl-z before
   * any change), whose reason would otherwise take the footer's second line. The help overlay and
   * the toast on pressing it still say why.
   */
  footerWhenEnabled?: boolean;
  /**
   * Keys read by a component itself (ink-select-input in pickers, the multi-line editor), listed
   * here so the footer and help describe them; the matcher does not dispatch them.
   */
  handledBy?: 'picker' | 'editor';
}

const ANY_COLUMN: Where[] = ['browse'];
const SECRET_COLUMNS: Where[] = ['secrets', 'versions'];
const VIEWS: Where[] = ['audit', 'diff', 'log'];
/** Where j/k, g/G and half pages move a cursor: the columns and the views' lists. */
const LISTS: Where[] = [...ANY_COLUMN, ...VIEWS, 'members'];

export const KEYMAP: readonly Binding[] = [
  // Navigate
  { command: Command.MoveDown, keys: ['j', 'down'], description: 'Move down', group: 'Navigate', where: LISTS, footerKey: 'j/k', hint: 'move' },
  { command: Command.MoveUp, keys: ['k', 'up'], description: 'Move up', group: 'Navigate', where: LISTS },
  { command: Command.FocusLeft, keys: ['h', 'left', 'shift-tab'], description: 'Focus the column to the left', group: 'Navigate', where: ANY_COLUMN, footerKey: 'h/l', hint: 'column' },
  { command: Command.FocusRight, keys: ['l', 'right', 'tab'], description: 'Focus the column to the right', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.FocusApps, keys: ['1'], description: 'Jump to Apps', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.FocusEnvs, keys: ['2'], description: 'Jump to Environments', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.FocusSecrets, keys: ['3'], description: 'Jump to Secrets', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.FocusVersions, keys: ['4'], description: 'Jump to Versions', group: 'Navigate', where: ANY_COLUMN },
  { command: Command.DrillIn, keys: ['enter'], description: 'Open the selection (next column)', group: 'Navigate', where: ANY_COLUMN, hint: 'open', disabled: drillInDisabled },
  { command: Command.Back, keys: ['esc'], description: 'Back to the previous column', group: 'Navigate', where: ANY_COLUMN, disabled: backDisabled },
  { command: Command.Top, keys: ['g', 'home'], description: 'First row', group: 'Navigate', where: LISTS },
  { command: Command.Bottom, keys: ['G', 'end'], description: 'Last row', group: 'Navigate', where: LISTS },
  { command: Command.HalfPageUp, keys: ['ctrl-u', 'pageup'], description: 'Half a page up', group: 'Navigate', where: LISTS },
  { command: Command.HalfPageDown, keys: ['ctrl-d', 'pagedown'], description: 'Half a page down (never deletes)', group: 'Navigate', where: LISTS },

  // Find
  { command: Command.Filter, keys: ['/'], description: 'Filter this column as you type (secrets: key, tag or path)', group: 'Find', where: ANY_COLUMN, hint: 'filter' },
  { command: Command.Palette, keys: [':'], description: 'Command palette: type a command (diff ENV_A ENV_B, log, audit, settings, lock) or pick one', group: 'Find', where: ANY_COLUMN, hint: 'palette' },

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

  // Rotate
  {
    command: Command.Rotate,
    keys: ['o'],
    description: 'Rotate: a generated value becomes a new version (the marked rows together, in one commit)',
    group: 'Rotate',
    where: SECRET_COLUMNS,
    hint: ({ state }) => {
      const marked = markedSecrets(state).length;
      return marked ? `rotate ${marked} marked` : 'rotate';
    },
    disabled: rotateDisabled,
  },
  { command: Command.Mark, keys: ['space'], description: 'Mark or unmark the secret, to rotate several together', group: 'Rotate', where: ['secrets'], hint: 'mark', disabled: noSecret },
  { command: Command.Undo, keys: ['ctrl-z'], description: 'Undo your last value change of this session (its earlier value becomes a new version)', group: 'Rotate', where: ANY_COLUMN, hint: 'undo', disabled: undoDisabled, footerWhenEnabled: true },

  // Clipboard
  { command: Command.CopyValue, keys: ['y'], description: 'Copy the value; the clipboard is cleared after the vault’s time if it still holds it', group: 'Clipboard', where: SECRET_COLUMNS, hint: 'copy', disabled: copyValueDisabled },
  { command: Command.CopyKey, keys: ['Y'], description: 'Copy the key name', group: 'Clipboard', where: SECRET_COLUMNS, hint: 'copy key', disabled: noSecret },

  // Audit
  { command: Command.Audit, keys: ['a'], description: 'Audit the app: keys × environments, same values by fingerprint, findings', group: 'Audit', where: ANY_COLUMN, hint: 'audit', disabled: auditDisabled },
  { command: Command.GridLeft, keys: ['h', 'left'], description: 'Previous environment column', group: 'Audit', where: ['audit'], footerKey: 'h/l', hint: 'env', disabled: gridColumnDisabled },
  { command: Command.GridRight, keys: ['l', 'right'], description: 'Next environment column', group: 'Audit', where: ['audit'], disabled: gridColumnDisabled },
  { command: Command.AuditSwitchPane, keys: ['tab'], description: 'Switch between the grid and the findings', group: 'Audit', where: ['audit'], hint: 'grid/findings' },
  { command: Command.AuditCopy, keys: ['c'], description: 'Copy this cell’s value to another environment, as a new version there', group: 'Audit', where: ['audit'], hint: 'copy to…', disabled: auditCopyDisabled },
  { command: Command.ViewOpen, keys: ['enter'], description: 'Open the secret of this row (or cell) in the columns', group: 'Audit', where: VIEWS, hint: 'open' },
  { command: Command.ViewClose, keys: ['esc', 'q'], description: 'Close the view', group: 'Audit', where: VIEWS, hint: 'close' },

  // Team
  { command: Command.Members, keys: ['M'], description: 'Members of the team vault and pending join requests (also :members)', group: 'Team', where: ANY_COLUMN, hint: 'members', disabled: membersDisabled, footerWhenEnabled: true },
  { command: Command.MembersApprove, keys: ['a'], description: 'Approve the join request: choose an environment for them, check their key fingerprint', group: 'Team', where: ['members'], hint: 'approve', disabled: approveDisabled },
  { command: Command.MembersGrant, keys: ['+'], description: 'Grant the member an environment (its key is wrapped to theirs)', group: 'Team', where: ['members'], hint: 'grant', disabled: grantDisabled },
  { command: Command.MembersGrantAdmin, keys: ['A'], description: 'Make them an admin, granting an environment (approves a request too)', group: 'Team', where: ['members'], hint: 'make admin', disabled: grantAdminDisabled, danger: true },
  { command: Command.MembersRevoke, keys: ['-'], description: 'Revoke an environment: a new key without them, their readable values flagged for rotation', group: 'Team', where: ['members'], hint: 'revoke', disabled: revokeDisabled, danger: true },
  { command: Command.MembersReload, keys: ['r'], description: 'Read the members and requests again', group: 'Team', where: ['members'], hint: 'reload' },
  { command: Command.MembersClose, keys: ['esc', 'q'], description: 'Close the members view', group: 'Team', where: ['members'], hint: 'close' },

  // Versions
  { command: Command.Rollback, keys: ['R'], description: 'Roll back: the selected version’s value becomes a new version', group: 'Versions', where: ['versions'], hint: 'rollback', disabled: rollbackDisabled },
  { command: Command.Delete, keys: ['d'], description: 'Delete: a version softly; a secret, environment or app for good', group: 'Versions', where: ANY_COLUMN, hint: 'delete', disabled: deleteDisabled, danger: true },
  { command: Command.Undelete, keys: ['u'], description: 'Undelete the selected version', group: 'Versions', where: ['versions'], hint: 'undelete', disabled: undeleteDisabled },
  { command: Command.Destroy, keys: ['D'], description: 'Destroy the selected version’s value for good (type the key)', group: 'Versions', where: ['versions'], hint: 'destroy', disabled: destroyDisabled, danger: true },

  // General
  { command: Command.Help, keys: ['?'], description: 'All keys, and why greyed ones do not apply here', group: 'General', where: ANY_COLUMN, hint: 'help' },
  { command: Command.Quit, keys: ['q'], description: 'Quit', group: 'General', where: ANY_COLUMN, hint: 'quit' },
  { command: Command.Lock, keys: ['L'], description: 'Lock now: the key and every value leave memory until you unlock', group: 'General', where: LISTS, hint: 'lock', disabled: lockDisabled },
  { command: Command.ForceQuit, keys: ['ctrl-c'], description: 'Quit from anywhere', group: 'General', where: ['global'] },

  // Dialogs
  { command: Command.FilterApply, keys: ['enter'], description: 'Keep the filter', group: 'Dialogs', where: ['filter'], hint: 'keep' },
  { command: Command.FilterClear, keys: ['esc'], description: 'Clear the filter', group: 'Dialogs', where: ['filter'], hint: 'clear' },
  { command: Command.HelpClose, keys: ['esc', '?', 'q'], description: 'Close help', group: 'Dialogs', where: ['help'], hint: 'close' },
  { command: Command.HelpScrollDown, keys: ['j', 'down'], description: 'Scroll help down', group: 'Dialogs', where: ['help'], footerKey: 'j/k', hint: 'scroll' },
  { command: Command.HelpScrollUp, keys: ['k', 'up'], description: 'Scroll help up', group: 'Dialogs', where: ['help'] },
  { command: Command.CommandLineDown, keys: ['down', 'tab'], description: 'Next choice (type to filter, or a command: diff ENV_A ENV_B, log ENV)', group: 'Dialogs', where: ['command-line'], footerKey: '↑/↓', hint: 'choose' },
  { command: Command.CommandLineUp, keys: ['up', 'shift-tab'], description: 'Previous choice', group: 'Dialogs', where: ['command-line'] },
  { command: Command.CommandLineRun, keys: ['enter'], description: 'Run the highlighted choice', group: 'Dialogs', where: ['command-line'], hint: 'run' },
  { command: Command.PickerMove, keys: ['j', 'k', 'down', 'up'], description: 'Move through the choices', group: 'Dialogs', where: ['palette', 'form-picker', 'copy-target', 'member-target'], footerKey: 'j/k', hint: 'move', handledBy: 'picker' },
  { command: Command.PickerChoose, keys: ['enter'], description: 'Choose (or press its number)', group: 'Dialogs', where: ['palette', 'form-picker', 'copy-target', 'member-target'], hint: 'choose', handledBy: 'picker' },
  { command: Command.PickerBack, keys: ['esc'], description: 'Back', group: 'Dialogs', where: ['command-line', 'palette', 'form-picker', 'copy-target', 'member-target'], hint: 'back' },
  { command: Command.RotatePresetNext, keys: ['j', 'down'], description: 'Next preset', group: 'Dialogs', where: ['rotate'], footerKey: 'j/k', hint: 'preset' },
  { command: Command.RotatePresetPrev, keys: ['k', 'up'], description: 'Previous preset', group: 'Dialogs', where: ['rotate'] },
  { command: Command.RotateLonger, keys: ['+', 'l', 'right'], description: 'Longer', group: 'Dialogs', where: ['rotate'], footerKey: '+/-', hint: 'length' },
  { command: Command.RotateShorter, keys: ['-', 'h', 'left'], description: 'Shorter', group: 'Dialogs', where: ['rotate'] },
  {
    command: Command.RotateReveal,
    keys: ['x'],
    description: 'Show or mask the generated values',
    group: 'Dialogs',
    where: ['rotate'],
    hint: ({ state }) => (state.mode.type === 'rotate' && state.mode.show ? 'mask' : 'show'),
  },
  { command: Command.RotateRegenerate, keys: ['r'], description: 'Generate again', group: 'Dialogs', where: ['rotate'], hint: 'again' },
  { command: Command.RotateSave, keys: ['enter'], description: 'Save as new versions (asks once)', group: 'Dialogs', where: ['rotate'], hint: 'save' },
  { command: Command.RotateCancel, keys: ['esc'], description: 'Cancel without saving', group: 'Dialogs', where: ['rotate'], hint: 'cancel' },
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
  { command: Command.FormNext, keys: ['down', 'tab'], description: 'Next field', group: 'Dialogs', where: ['form', 'settings'], footerKey: '↑/↓', hint: 'field' },
  { command: Command.FormPrev, keys: ['up', 'shift-tab'], description: 'Previous field', group: 'Dialogs', where: ['form', 'settings'] },
  { command: Command.FormChoose, keys: ['enter'], description: 'Pick a value (choice fields) or save the form (text fields)', group: 'Dialogs', where: ['form'], hint: 'pick/save' },
  { command: Command.FormCancel, keys: ['esc'], description: 'Cancel without saving', group: 'Dialogs', where: ['form', 'settings'], hint: 'cancel' },
  { command: Command.SettingsSave, keys: ['enter'], description: 'Save the settings', group: 'Dialogs', where: ['settings'], hint: 'save' },
  { command: Command.ConflictKeepTheirs, keys: ['t'], description: 'Keep theirs: the newer version stays, yours is dropped', group: 'Dialogs', where: ['conflict'], hint: 'keep theirs' },
  {
    command: Command.ConflictSaveMine,
    keys: ['m'],
    description: 'Save yours as a newer version, on top of theirs',
    group: 'Dialogs',
    where: ['conflict'],
    hint: ({ state }) => {
      const n = state.mode.type === 'conflict' ? retryVersion(state.mode.retry) : undefined;
      return n === undefined ? 'save yours' : `save yours as v${n}`;
    },
    disabled: ({ state }) => (state.mode.type === 'conflict' ? saveMineProblem(state.mode) : undefined),
  },
  { command: Command.ConflictCancel, keys: ['esc'], description: 'Cancel: nothing saved, back to editing your value', group: 'Dialogs', where: ['conflict'], hint: 'cancel' },
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
  { command: Command.LockedUnlock, keys: ['enter'], description: 'Unlock (silently with the OS keychain when it holds the key)', group: 'Start-up', where: ['locked'], hint: 'unlock' },
  { command: Command.LockedUsePassphrase, keys: ['tab'], description: 'Unlock with the passphrase or recovery code instead', group: 'Start-up', where: ['locked'], hint: 'passphrase' },
  { command: Command.LockedQuit, keys: ['q'], description: 'Quit', group: 'Start-up', where: ['locked'], hint: 'quit' },
  { command: Command.RecoveryContinue, keys: ['enter'], description: 'I have written the recovery code down', group: 'Start-up', where: ['recovery'], hint: 'continue' },
  { command: Command.ErrorQuit, keys: ['q', 'esc', 'enter'], description: 'Quit', group: 'Start-up', where: ['error'], hint: 'quit' },
];

const byCommand = new Map<Command, Binding>(KEYMAP.map((b) => [b.command, b]));

export function bindingFor(command: Command): Binding {
  const binding = byCommand.get(command);
  if (!binding) throw new Error(`No key binding for command ${command}`);
  return binding;
}
