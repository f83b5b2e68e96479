// The TUI's state: everything the screen shows is derived from this and the vault snapshot it
// holds. Changed only by the reducer (reducer.ts); effects (commits, timers) run outside it.
import type { Purpose, SecretAddress, SecretKind, SecretType, VaultState } from '../../domain/index.js';
import type { UndoEntry } from './journal.js';
import type { AuditMode, DiffMode, LogMode } from './view-types.js';
import type { RotateMode, SettingsMode } from './panel-types.js';
import type { WriteOp } from './write-ops.js';
import type { ConflictMode } from './conflict.js';
import type { MembersMode, TeamOp, TeamState } from './team-types.js';

export type { AuditMode, ConflictMode, DiffMode, LogMode, MembersMode, RotateMode, SettingsMode, TeamState };

export type ColumnId = 'apps' | 'envs' | 'secrets' | 'versions';
export const COLUMNS: readonly ColumnId[] = ['apps', 'envs', 'secrets', 'versions'];

/** One column's cursor, the first row of its visible window, and its filter. */
export interface ListView {
  cursor: number;
  top: number;
  filter: string;
}

export interface Viewport {
  columns: number;
  rows: number;
}

export type Tone = 'info' | 'success' | 'warning' | 'error';

export interface Toast {
  text: string;
  tone: Tone;
  /** Distinguishes toasts so an expiry timer only clears its own. */
  id: number;
}

/** What is selected, by name, so a selection survives reloads and re-sorting. */
export interface Path {
  app?: string;
  env?: string;
  key?: string;
  version?: number;
}

export type PalettePage = 'root' | 'jump' | 'rollback';

/** The fields of the metadata form, as edited (tags as typed text until saved). */
export interface MetaDraft {
  type: SecretType;
  kind: SecretKind;
  purpose: Purpose | null;
  rotationDays: number | null;
  tags: string;
  comment: string;
  path: string;
}

export type MetaField = keyof MetaDraft;

export type Mode =
  | { type: 'browse' }
  | { type: 'filter'; column: ColumnId; previous: string }
  | { type: 'help'; scroll: number }
  | PaletteMode
  | EditValueMode
  | EditMetaMode
  | ConfirmMode
  | TypedConfirmMode
  | PromptMode
  | RotateMode
  | SettingsMode
  | AuditMode
  | DiffMode
  | LogMode
  | ConflictMode
  | MembersMode;

export interface PaletteMode {
  type: 'palette';
  page: PalettePage;
  /** The root page is a command line: what is typed filters the choices (and takes arguments). */
  query: string;
  /** The highlighted choice of the root page. */
  cursor: number;
  error?: string;
}

export interface EditValueMode {
  type: 'edit-value';
  address: SecretAddress;
  /** Check-and-set: the current version when editing began (0 for a new secret). */
  expectedVersion: number;
  draft: string;
  /** Whether what is typed shows in clear (config values always do). */
  showTyping: boolean;
  multiline: boolean;
  creating: boolean;
  /** Why the editor did not start with the current value, when it did not. */
  note?: string;
  /** Someone else saved this secret while it was being edited: saving will ask what to do. */
  changedBy?: { actor: string; version?: number };
}

export interface EditMetaMode {
  type: 'edit-meta';
  address: SecretAddress;
  draft: MetaDraft;
  /** Index into META_FIELDS. */
  field: number;
  /** A picker field's choices are open. */
  picking: boolean;
  error?: string;
}

/** What a confirmation does: a vault write, or a change of access through the team console. */
export type ConfirmedOp = WriteOp | TeamOp;

export interface ConfirmMode {
  type: 'confirm';
  title: string;
  lines: string[];
  op: ConfirmedOp;
  danger: boolean;
  /** Where No returns to, and where Yes continues; the columns when absent. */
  back?: Mode;
  next?: Mode;
}

export interface TypedConfirmMode {
  type: 'confirm-typed';
  title: string;
  lines: string[];
  /** What must be typed, exactly. */
  expected: string;
  typed: string;
  op: ConfirmedOp;
  back?: Mode;
  next?: Mode;
}

export type PromptPurpose = 'app' | 'env' | 'secret';

export interface PromptMode {
  type: 'prompt';
  purpose: PromptPurpose;
  /** Where the new thing goes. */
  app?: string;
  env?: string;
  draft: string;
  error?: string;
}

export interface RevealState {
  secretId: string;
  version: number;
  /** Matches the expiry timer that was started with it. */
  token: number;
}

export interface UiState {
  vault: VaultState;
  viewport: Viewport;
  focus: ColumnId;
  lists: Record<ColumnId, ListView>;
  mode: Mode;
  reveal?: RevealState;
  toast?: Toast;
  /** Source of ids for toasts and reveal tokens. */
  serial: number;
  /** A commit is in flight: further writes wait. */
  saving: boolean;
  /** Secrets marked with space, to rotate together: one environment at a time. */
  marks?: Marks;
  /** Value changes made in this session, newest last, for ctrl-z. Numbers and names only. */
  journal: UndoEntry[];
  /** Secrets someone else (`by`) just changed, by secretId: their rows are marked for a moment. */
  changed?: { ids: string[]; by: string; token: number };
  /** A team vault's members, access, personal overrides and connection; absent for a local vault. */
  team?: TeamState;
}

export interface Marks {
  app: string;
  env: string;
  keys: string[];
}

/** Where the operator was, by name only: kept across a lock so unlocking returns there. */
export interface Resume {
  path: Path;
  focus: ColumnId;
  /** The undo journal holds names and version numbers, never values: it survives a lock. */
  journal: UndoEntry[];
}
