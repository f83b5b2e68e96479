// Every command the TUI knows, by name. Tests press commands by these names; the keymap table
// (keymap.ts) gives each its keys, description, group, contexts and disabled reason.

export const Command = {
  // Navigate
  MoveDown: 'move-down',
  MoveUp: 'move-up',
  FocusLeft: 'focus-left',
  FocusRight: 'focus-right',
  FocusApps: 'focus-apps',
  FocusEnvs: 'focus-envs',
  FocusSecrets: 'focus-secrets',
  FocusVersions: 'focus-versions',
  DrillIn: 'drill-in',
  Back: 'back',
  Top: 'top',
  Bottom: 'bottom',
  HalfPageUp: 'half-page-up',
  HalfPageDown: 'half-page-down',
  // Find
  Filter: 'filter',
  Palette: 'palette',
  Help: 'help',
  // Edit
  New: 'new',
  EditValue: 'edit-value',
  EditMeta: 'edit-meta',
  Reveal: 'reveal',
  Rotate: 'rotate',
  Mark: 'mark',
  Undo: 'undo',
  // Copy and lock
  CopyValue: 'copy-value',
  CopyKey: 'copy-key',
  Lock: 'lock',
  // Audit and the views it opens (grid, diff, history)
  Audit: 'audit',
  GridLeft: 'grid-left',
  GridRight: 'grid-right',
  AuditSwitchPane: 'audit-switch-pane',
  AuditCopy: 'audit-copy',
  ViewOpen: 'view-open',
  ViewClose: 'view-close',
  // Team vaults
  Members: 'members',
  MembersApprove: 'members-approve',
  MembersGrant: 'members-grant',
  MembersGrantAdmin: 'members-grant-admin',
  MembersRevoke: 'members-revoke',
  MembersReload: 'members-reload',
  MembersClose: 'members-close',
  // Versions
  Rollback: 'rollback',
  Delete: 'delete',
  Undelete: 'undelete',
  Destroy: 'destroy',
  // General
  Quit: 'quit',
  ForceQuit: 'force-quit',
  // Filter bar
  FilterApply: 'filter-apply',
  FilterClear: 'filter-clear',
  // Help overlay
  HelpClose: 'help-close',
  HelpScrollDown: 'help-scroll-down',
  HelpScrollUp: 'help-scroll-up',
  // Command line (the palette's first page)
  CommandLineDown: 'command-line-down',
  CommandLineUp: 'command-line-up',
  CommandLineRun: 'command-line-run',
  // Rotation panel
  RotatePresetNext: 'rotate-preset-next',
  RotatePresetPrev: 'rotate-preset-prev',
  RotateLonger: 'rotate-longer',
  RotateShorter: 'rotate-shorter',
  RotateReveal: 'rotate-reveal',
  RotateRegenerate: 'rotate-regenerate',
  RotateSave: 'rotate-save',
  RotateCancel: 'rotate-cancel',
  // Settings form
  SettingsSave: 'settings-save',
  // Pickers (palette and metadata fields): ink-select-input reads these keys itself
  PickerMove: 'picker-move',
  PickerChoose: 'picker-choose',
  PickerBack: 'picker-back',
  // Value editor
  EditorSave: 'editor-save',
  EditorSaveLines: 'editor-save-lines',
  EditorCancel: 'editor-cancel',
  EditorToggleTyping: 'editor-toggle-typing',
  EditorNewLine: 'editor-new-line',
  // Metadata form
  FormNext: 'form-next',
  FormPrev: 'form-prev',
  FormChoose: 'form-choose',
  FormCancel: 'form-cancel',
  // Conflict dialog (a save refused: someone else changed it first)
  ConflictKeepTheirs: 'conflict-keep-theirs',
  ConflictSaveMine: 'conflict-save-mine',
  ConflictCancel: 'conflict-cancel',
  // Confirmations
  ConfirmYes: 'confirm-yes',
  ConfirmNo: 'confirm-no',
  TypedConfirm: 'typed-confirm',
  TypedCancel: 'typed-cancel',
  // Name prompt (new app, environment, secret)
  PromptSubmit: 'prompt-submit',
  PromptCancel: 'prompt-cancel',
  // Start-up screens
  UnlockSubmit: 'unlock-submit',
  UnlockSwitchMethod: 'unlock-switch-method',
  CreateSubmit: 'create-submit',
  CreateToggleKeychain: 'create-toggle-keychain',
  CreateCancel: 'create-cancel',
  RecoveryContinue: 'recovery-continue',
  LockedUnlock: 'locked-unlock',
  LockedUsePassphrase: 'locked-use-passphrase',
  LockedQuit: 'locked-quit',
  ErrorQuit: 'error-quit',
} as const;

export type Command = (typeof Command)[keyof typeof Command];

export const ALL_COMMANDS: readonly Command[] = Object.values(Command);
