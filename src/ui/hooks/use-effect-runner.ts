// Runs the reducer's effects: commits through VaultSession (the one write path), timers through
// the injected clock, quitting through the caller. A ConflictError is never retried or
// overwritten: the session reloads and the operator is told another coffer changed the vault.
import { useCallback, useEffect, useRef } from 'react';
import { CofferError, ConflictError } from '../../domain/index.js';
import type { VaultSession } from '../../domain/index.js';
import type { Clock } from '../clock.js';
import type { Effect, TimerName } from '../state/actions.js';
import { mutationFor } from '../state/write-ops.js';
import type { Dispatch } from './use-ui-store.js';

export function conflictMessage(error: ConflictError): string {
  return `Not saved: another coffer changed the vault meanwhile (${error.stale.join(', ') || 'records'}). Reloaded the newer state: check it and try again.`;
}

export function useEffectRunner(session: VaultSession, clock: Clock, quit: () => void): (effect: Effect, dispatch: Dispatch) => void {
  const timers = useRef(new Map<TimerName, unknown>());
  useEffect(
    () => () => {
      for (const handle of timers.current.values()) clock.clearTimeout(handle);
      timers.current.clear();
    },
    [clock],
  );

  return useCallback(
    (effect, dispatch) => {
      switch (effect.type) {
        case 'schedule': {
          const previous = timers.current.get(effect.timer);
          if (previous !== undefined) clock.clearTimeout(previous);
          timers.current.set(
            effect.timer,
            clock.setTimeout(() => {
              timers.current.delete(effect.timer);
              dispatch(effect.action);
            }, effect.ms),
          );
          return;
        }
        case 'quit':
          quit();
          return;
        case 'commit':
          void session.apply(mutationFor(effect.op)).then(
            () => dispatch({ type: 'committed', vault: session.state, message: effect.message, ...(effect.select && { select: effect.select }) }),
            async (error: unknown) => {
              if (error instanceof ConflictError) {
                await session.reload().catch(() => undefined);
                dispatch({ type: 'commit-failed', vault: session.state, message: conflictMessage(error), tone: 'warning' });
              } else if (error instanceof CofferError) {
                dispatch({ type: 'commit-failed', message: error.hint ? `${error.message} ${error.hint}` : error.message, tone: 'error' });
              } else {
                dispatch({ type: 'commit-failed', message: `Not saved: ${error instanceof Error ? error.message : String(error)}`, tone: 'error' });
              }
            },
          );
          return;
      }
    },
    [session, clock, quit],
  );
}
