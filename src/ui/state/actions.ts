// What can happen to the UI state (actions) and what the reducer asks the outside world to do
// (effects). The reducer is pure: update(state, action) → [state, effects].
import type { VaultState } from '../../domain/index.js';
import type { Command } from '../keymap/commands.js';
import type { KeyName } from '../keymap/keys.js';
import type { Path, Tone, UiState, Viewport } from './types.js';
import type { WriteOp } from './write-ops.js';

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
  | { type: 'committed'; vault: VaultState; message: string; select?: Path }
  /** The write failed; after a conflict the session reloaded and `vault` is the newer state. */
  | { type: 'commit-failed'; message: string; tone: Tone; vault?: VaultState }
  /** Someone else changed the vault and the session reloaded it. */
  | { type: 'vault-changed'; vault: VaultState; message?: string }
  | { type: 'reveal-expired'; token: number }
  | { type: 'toast-expired'; id: number };

export type TimerName = 'reveal' | 'toast';

export type Effect =
  | { type: 'commit'; op: WriteOp; select?: Path; message: string }
  /** Dispatch `action` after `ms`, replacing any pending timer of the same name. */
  | { type: 'schedule'; timer: TimerName; ms: number; action: Action }
  | { type: 'quit' };

export type Update = [UiState, Effect[]];
