// Keys from the terminal into the reducer, through the keymap (in the reducer). Multi-character
// input outside text fields is split into keys; inside them the keymap ignores it (a paste).
import { useInput } from 'ink';
import { keysFromInk } from '../keymap/keys.js';
import type { Dispatch } from './use-ui-store.js';

export function useKeyInput(dispatch: Dispatch, isActive = true): void {
  useInput(
    (input, key) => {
      const names = keysFromInk(input, key);
      const pasted = names.length > 1;
      for (const name of names) dispatch({ type: 'key', key: name, pasted });
    },
    { isActive },
  );
}
