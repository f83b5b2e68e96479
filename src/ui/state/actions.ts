// What can happen to the UI state (actions) and what the reducer asks the outside world to do
// (effects). The reducer is pure: update(state, action) → [state, effects].
import type { AuditChainReport, AuditEntry, AuditReport, EnvironmentDiff, GeneratorSpec, VaultState } from '../../domain/index.js';
import type { Command } from '../keymap/commands.js';
import type { KeyName } from '../keymap/keys.js';
import type { JournalChange } from './journal.js';
import type { Path, Resume, Tone, UiState, Viewport } from './types.js';
import type { LogScope } from './view-types.js';
import type { WriteOp } from './write-ops.js';

/** What the audit and diff views need computed with the vault's fingerprint key. */
export type Analysis = { kind: 'audit'; app: string } | { kind: 'diff'; app: string; from: string; to: string };

export type AnalysisResult =
  | { kind: 'audit'; report: AuditReport }
  | { kind: 'diff'; diff: EnvironmentDiff; report: AuditReport };

export type Action =
  /** A key pressed outside any component that reads it itself. `pasted`: part of a longer input. */
  | { type: 'key'; key: KeyName; pasted?: boolean }
  /** Run a command directly (the palette does; tests may). */
  | { type: 'command'; command: Command }
  | { type: 'resize'; viewport: Viewport }
  /** The focused text field changed. */
  | { type: 'draft'; text: string }
  /** A picker (palette page or metadata field) chose a value. */
  | { type: 'pick'; value: string }
  | { type: 'committed'; vault: VaultState; message: string; select?: Path; journal?: JournalChange; clearMarks?: boolean }
  /** The write failed; after a conflict the session reloaded and `vault` is the newer state. */
  | { type: 'commit-failed'; message: string; tone: Tone; vault?: VaultState }
  /** Someone else changed the vault and the session reloaded it. */
  | { type: 'vault-changed'; vault: VaultState; message?: string }
  | { type: 'reveal-expired'; token: number }
  | { type: 'toast-expired'; id: number }
  /** The main screen opened (at start-up or after unlocking): starts the idle timer. */
  | { type: 'opened'; resumed: boolean }
  | { type: 'idle-expired' }
  | { type: 'generated'; token: number; values: string[] }
  | { type: 'analysed'; token: number; result: AnalysisResult }
  | { type: 'log-loaded'; token: number; entries: AuditEntry[]; chain: AuditChainReport }
  | { type: 'view-failed'; token: number; message: string }
  /** A message from outside the reducer (the clipboard was cleared, a copy failed). */
  | { type: 'notice'; text: string; tone: Tone };

export type TimerName = 'reveal' | 'toast' | 'idle';

export type Effect =
  | CommitEffect
  /** Dispatch `action` after `ms`, replacing any pending timer of the same name. */
  | { type: 'schedule'; timer: TimerName; ms: number; action: Action }
  /** New values for a rotation preview, answered with 'generated'. */
  | { type: 'generate'; token: number; spec: GeneratorSpec; count: number }
  /** Computed with the session's fingerprints, answered with 'analysed'. */
  | { type: 'analyse'; token: number; analysis: Analysis }
  /** The audit log and its chain check, answered with 'log-loaded'. */
  | { type: 'load-log'; token: number; scope: LogScope }
  /** Put text on the clipboard; a secret value (`secret`) is cleared again after `seconds`. */
  | { type: 'copy'; text: string; label: string; secret: boolean; seconds: number }
  /** Drop the session and every value, and show the unlock screen; unlocking returns to `resume`. */
  | { type: 'lock'; reason: 'manual' | 'idle'; resume: Resume }
  | { type: 'quit' };

export interface CommitEffect {
  type: 'commit';
  op: WriteOp;
  select?: Path;
  message: string;
  /** What the write does to the undo journal once it is committed. */
  journal?: JournalChange;
  /** A rotation of the marked rows: the marks go once it is committed. */
  clearMarks?: boolean;
}

export type Update = [UiState, Effect[]];
