// Undo (ctrl-z), the clipboard (y, Y) and locking (L, and by itself when idle).
import type { Secret, Version } from '../../../domain/index.js';
import { Command } from '../../keymap/commands.js';
import type { Effect, Update } from '../actions.js';
import { undoOp } from '../journal.js';
import type { UndoEntry } from '../journal.js';
import { currentPath } from '../selectors.js';
import type { UiState } from '../types.js';
import { commit } from './edit.js';
import { valueInView } from '../team.js';
import { setManyMessage } from './messages.js';
import type { CommandHandlers } from './types.js';

export const IDLE_RETRY_MS = 2_000;

export function idleMs(state: UiState): number {
  return state.vault.meta.settings.idleLockMinutes * 60_000;
}

/** Restarts the idle timer: called for every key and on opening. */
export function idleTimer(state: UiState): Effect {
  return { type: 'schedule', timer: 'idle', ms: idleMs(state), action: { type: 'idle-expired' } };
}

export function lock(state: UiState, reason: 'manual' | 'idle'): Update {
  return [state, [{ type: 'lock', reason, resume: { path: currentPath(state), focus: state.focus, journal: state.journal } }]];
}

/** Idle for idleLockMinutes: lock, unless a save is still on its way (then look again shortly). */
export function onIdle(state: UiState): Update {
  if (state.saving) return [state, [{ type: 'schedule', timer: 'idle', ms: IDLE_RETRY_MS, action: { type: 'idle-expired' } }]];
  return lock(state, 'idle');
}

function undo(state: UiState): Update {
  const entry = state.journal[state.journal.length - 1] as UndoEntry;
  const op = undoOp(state.vault, entry);
  if (op.kind !== 'set-many') return [state, []];
  return commit(state, op, setManyMessage(op));
}

export const sessionHandlers: CommandHandlers = {
  [Command.Undo]: undo,
  [Command.CopyValue]: (s, d) => {
    const secret = d.secret as Secret;
    const version = d.version as Version;
    const value = valueInView(s, secret, version);
    const label = `${secret.key} v${version.n}${value !== version.value ? ' (your personal value)' : ''}`;
    return [s, [{ type: 'copy', text: value ?? '', label, secret: true, seconds: s.vault.meta.settings.clipboardSeconds }]];
  },
  [Command.CopyKey]: (s, d) => {
    const key = (d.secret as Secret).key;
    return [s, [{ type: 'copy', text: key, label: `the key name ${key}`, secret: false, seconds: 0 }]];
  },
  [Command.Lock]: (s) => lock(s, 'manual'),
};
