// Runs start-up's effects against the VaultOpener port and opens the VaultSession.
import { randomUUID } from 'node:crypto';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CofferError, newVaultRecords, VaultSession } from '../../domain/index.js';
import type { Context, UnlockMethod, VaultOpener, VaultRepository } from '../../domain/index.js';
import { STARTUP_EFFECTS, STARTUP_INITIAL, startupUpdate } from './startup-state.js';
import type { ErrorInfo, StartupAction, StartupEffect, StartupState } from './startup-state.js';

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof CofferError) {
    const info: ErrorInfo = { code: error.code, message: error.message };
    if (error.hint) info.hint = error.hint;
    return info;
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** Errors that mean "the keychain cannot open this vault", after which a passphrase may. */
function isKeychainProblem(error: unknown): boolean {
  return error instanceof CofferError && !['integrity', 'io', 'locked'].includes(error.code);
}

export interface Startup {
  state: StartupState;
  dispatch: (action: StartupAction) => void;
  session?: VaultSession;
  /** Drops the open session (closing its repository wipes the key) and shows the lock screen. */
  lock: (notice: string) => void;
}

export type StartupQuit = (code: 'ok' | 'cancelled' | 'error', error?: ErrorInfo) => void;

/** `opened`: a session the caller already opened (the CLI unlocks while the UI loads); the UI
 * then starts on the main screen, with no start-up screen drawn first. */
export function useStartup(opener: VaultOpener, context: Context, quit: StartupQuit, opened?: VaultSession): Startup {
  const [state, setState] = useState<StartupState>(opened ? { phase: 'ready' } : STARTUP_INITIAL);
  const [session, setSession] = useState<VaultSession | undefined>(opened);
  const latest = useRef(state);
  const quitRef = useRef(quit);
  quitRef.current = quit;
  const pending = useRef<VaultSession | undefined>(opened);

  const dispatch = useCallback(
    (action: StartupAction) => {
      const [next, effects] = startupUpdate(latest.current, action);
      latest.current = next;
      setState(next);
      for (const effect of effects) run(effect);
    },
    // run is defined below and only closes over stable values
    [],
  );

  const open = async (repository: VaultRepository): Promise<void> => {
    pending.current = await VaultSession.open(repository, context);
  };

  const run = (effect: StartupEffect): void => {
    const fail = (type: 'fatal' | 'unlock-failed' | 'create-failed') => (error: unknown) => dispatch({ type, error: errorInfo(error) });
    switch (effect.type) {
      case 'check':
        opener.exists().then((exists) => dispatch({ type: 'exists', exists }), fail('fatal'));
        return;
      case 'unlock-keychain':
        opener
          .unlockWithKeychain()
          .then(open)
          .then(
            () => dispatch({ type: 'opened' }),
            async (error: unknown) => {
              if (!isKeychainProblem(error)) return fail('fatal')(error);
              const methods = await opener.slots().catch((): UnlockMethod[] => ['recovery']);
              dispatch({ type: 'keychain-failed', error: errorInfo(error), methods });
            },
          );
        return;
      case 'unlock': {
        const unlock = effect.method === 'passphrase' ? opener.unlockWithPassphrase(effect.secret) : opener.unlockWithRecoveryCode(effect.secret);
        unlock.then(open).then(() => dispatch({ type: 'opened' }), fail('unlock-failed'));
        return;
      }
      case 'create':
        opener
          .create({
            useKeychain: effect.useKeychain,
            ...(effect.passphrase !== undefined && { passphrase: effect.passphrase }),
            initial: newVaultRecords(context, randomUUID()),
            actor: context.actor,
          })
          .then(async ({ repository, recoveryCode }) => {
            await open(repository);
            dispatch({ type: 'created', recoveryCode });
          }, fail('create-failed'));
        return;
      case 'finish':
        setSession(pending.current);
        return;
      case 'read-slots':
        opener.slots().then(
          (methods) => dispatch({ type: 'slots', methods }),
          () => dispatch({ type: 'slots', methods: ['keychain', 'passphrase', 'recovery'] }),
        );
        return;
      case 'quit':
        quitRef.current(effect.code, latest.current.phase === 'error' ? latest.current.error : undefined);
        return;
    }
  };

  useEffect(() => {
    if (opened) return;
    for (const effect of STARTUP_EFFECTS) run(effect);
    // once, on mount
  }, []);

  const lock = useCallback((notice: string) => {
    const open = pending.current;
    pending.current = undefined;
    setSession(undefined);
    dispatch({ type: 'lock', notice });
    void open?.close().catch(() => undefined);
  }, [dispatch]);

  return session ? { state, dispatch, session, lock } : { state, dispatch, lock };
}
