// Holds UiState and runs the reducer. The reducer returns effects; they run right after the new
// state is stored, outside React's render, so they can dispatch again safely.
import { useCallback, useRef, useState } from 'react';
import type { Action, Effect } from '../state/actions.js';
import { update } from '../state/reducer.js';
import type { UiState } from '../state/types.js';

export type Dispatch = (action: Action) => void;

export function useUiStore(init: () => UiState, runEffect: (effect: Effect, dispatch: Dispatch) => void): [UiState, Dispatch] {
  const [state, setState] = useState(init);
  // The latest state, so several keys dispatched in one input event build on each other.
  const latest = useRef(state);
  const runner = useRef(runEffect);
  runner.current = runEffect;
  const dispatch: Dispatch = useCallback((action) => {
    const [next, effects] = update(latest.current, action);
    if (next !== latest.current) {
      latest.current = next;
      setState(next);
    }
    for (const effect of effects) runner.current(effect, dispatch);
  }, []);
  return [state, dispatch];
}
