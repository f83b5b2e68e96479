// Holds UiState and runs the reducer. The reducer returns effects; they run right after the new
// state is stored, outside React's render, so they can dispatch again safely.
import { useCallback, useRef, useState } from 'react';
import { CofferError } from '../../domain/index.js';
import type { Action, Effect } from '../state/actions.js';
import { update } from '../state/reducer.js';
import type { UiState } from '../state/types.js';

export type Dispatch = (action: Action) => void;

export function useUiStore(init: () => UiState, runEffect: (effect: Effect, dispatch: Dispatch) => void): [UiState, Dispatch] {
  const [state, setState] = useState(init);
  // A damaged record met while handling a key (records are read on first look): rethrown during
  // render, where VaultErrorBoundary turns it into the error screen instead of a crash.
  const [failure, setFailure] = useState<CofferError>();
  // The latest state, so several keys dispatched in one input event build on each other.
  const latest = useRef(state);
  const runner = useRef(runEffect);
  runner.current = runEffect;
  const dispatch: Dispatch = useCallback((action) => {
    let next: UiState;
    let effects: Effect[];
    try {
      [next, effects] = update(latest.current, action);
    } catch (error) {
      if (!(error instanceof CofferError && error.code === 'integrity')) throw error;
      setFailure(error);
      return;
    }
    if (next !== latest.current) {
      latest.current = next;
      setState(next);
    }
    for (const effect of effects) runner.current(effect, dispatch);
  }, []);
  if (failure) throw failure;
  return [state, dispatch];
}
