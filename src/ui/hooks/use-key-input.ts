// Keys from the terminal into the reducer, through the keymap (in the reducer). Multi-character
// input outside text fields is split into keys; inside them the keymap ignores it (a paste).
import { useInput } from 'ink';
import { keyPresses } from '../keymap/keys.js';
import type { KeyPress } from '../keymap/keys.js';

/**
 * Sends an input event's key presses to `dispatch`. Several keys in one event are sent after
 * the current event has reached every listener: a text field that mounted after this hook hears
 * the event later, and "shop⏎" must reach the field before the Enter submits it.
 */
export function useKeyPresses(dispatch: (press: KeyPress) => void, isActive = true): void {
  useInput(
    (input, key) => {
      const presses = keyPresses(input, key);
      if (presses.length === 1) dispatch(presses[0] as KeyPress);
      else if (presses.length > 1) queueMicrotask(() => presses.forEach(dispatch));
    },
    { isActive },
  );
}
