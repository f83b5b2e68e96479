// Runs the reducer's effects: commits through VaultSession (the one write path), timers through
// the injected clock, generated values, audit data and the clipboard through the injected
// services, and quitting or locking through the caller.
import { useCallback, useEffect, useRef } from 'react';
import type { VaultSession } from '../../domain/index.js';
import type { ClipboardGuard } from '../clipboard/guard.js';
import type { Clock } from '../clock.js';
import { runCommit } from '../effects/commit.js';
import { runCopy } from '../effects/copy.js';
import { runAnalyse, runGenerate, runLoadLog } from '../effects/views.js';
import { runLoadMembers, runTeamOp } from '../effects/team.js';
import { teamSnapshot } from '../team/snapshot.js';
import type { TeamConsole } from '../team/port.js';
import type { UiServices } from '../services.js';
import type { Effect, TimerName } from '../state/actions.js';
import type { Resume } from '../state/types.js';
import type { Dispatch } from './use-ui-store.js';

export interface EffectDeps {
  session: VaultSession;
  clock: Clock;
  services: UiServices;
  clipboard: ClipboardGuard;
  quit: () => void;
  lock: (reason: 'manual' | 'idle', resume: Resume) => void;
  /** A team vault's console; absent for a local vault. */
  team?: TeamConsole | undefined;
}

export function useEffectRunner({ session, clock, services, clipboard, quit, lock, team }: EffectDeps): (effect: Effect, dispatch: Dispatch) => void {
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
        case 'lock':
          lock(effect.reason, effect.resume);
          return;
        case 'commit':
          runCommit(effect, session, dispatch, clock);
          return;
        case 'generate':
          runGenerate(effect, services, dispatch);
          return;
        case 'analyse':
          runAnalyse(effect, session, clock, dispatch);
          return;
        case 'load-log':
          runLoadLog(effect, session, clock, dispatch);
          return;
        case 'copy':
          runCopy(effect, clipboard, dispatch);
          return;
        case 'load-members':
          if (team) runLoadMembers(effect.token, team, clock, dispatch);
          return;
        case 'team':
          if (team) runTeamOp(effect.op, team, clock, dispatch, () => dispatch({ type: 'team-snapshot', team: teamSnapshot(team) }));
          return;
      }
    },
    [session, clock, services, clipboard, quit, lock, team],
  );
}
