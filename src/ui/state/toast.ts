// Status-line messages. Each gets an id so its expiry timer clears only itself.
import type { Update } from './actions.js';
import type { Tone, UiState } from './types.js';

const TOAST_MS: Record<Tone, number> = { info: 4000, success: 4000, warning: 6000, error: 10_000 };

export function toast(state: UiState, text: string, tone: Tone = 'info'): Update {
  const id = state.serial + 1;
  return [
    { ...state, serial: id, toast: { text, tone, id } },
    [{ type: 'schedule', timer: 'toast', ms: TOAST_MS[tone], action: { type: 'toast-expired', id } }],
  ];
}

/** Adds a toast to an update that already has a state and effects. */
export function andToast([state, effects]: Update, text: string, tone: Tone = 'info'): Update {
  const [next, more] = toast(state, text, tone);
  return [next, [...effects, ...more]];
}
