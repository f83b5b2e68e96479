// What can happen to the UI state (actions) and what the reducer asks the outside world to do
// (effects). The reducer is pure: update(state, action) → [state, effects].
import type { AuditChainReport, AuditEntry, AuditReport, EnvironmentDiff, GeneratorSpec, VaultState } from '../../domain/index.js';
import type { Command } from '../keymap/commands.js';
import type { KeyName } from '../keymap/keys.js';
import type { JournalChange } from './journal.js';
import type { ConnectionState, JoinRequestView, TeamMemberView } from '../team/port.js';
import type { TheirSide, YourSide } from './conflict.js';
import type { TeamOp, TeamState } from './team-types.js';
import type { Mode, Path, Resume, Tone, UiState, Viewport } from './types.js';
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
  /**
   * The save was refused: someone else changed what it touched first. The session reloaded
   * (`vault`); both sides come without values, for the conflict dialog.
   */
  | { type: 'conflict'; vault: VaultState; op: WriteOp; theirs: TheirSide[]; yours: YourSide[]; back?: Mode }
  /**
   * The session reloaded the vault after a change it did not make itself: `by` names who did,
   * when it was someone else, and `ids` the records they changed.
   */
  | { type: 'vault-changed'; vault: VaultState; by?: string; ids?: string[] }
  | { type: 'changed-expired'; token: number }
  /** The team console's state as read now (members, access, overrides). */
  | { type: 'team-snapshot'; team: Omit<TeamState, 'connection'> }
  | { type: 'connection'; connection: ConnectionState }
  | { type: 'members-loaded'; token: number; members: TeamMemberView[]; requests: JoinRequestView[] }
  | { type: 'members-failed'; token: number; message: string }
  | { type: 'team-done'; op: TeamOp; message: string }
  | { type: 'team-failed'; op: TeamOp; message: string }
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

export type TimerName = 'reveal' | 'toast' | 'idle' | 'changed';

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
  /** Members and join requests from the team console, answered with 'members-loaded'. */
  | { type: 'load-members'; token: number }
  /** A grant or revocation through the team console, answered with 'team-done' or 'team-failed'. */
  | { type: 'team'; op: TeamOp }
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
  /** Where a conflict's cancel returns to: the editor the value was typed in. */
  back?: Mode;
}

export type Update = [UiState, Effect[]];
