// Changes made by others (a repository that can watch, such as etcd later) reach the screen:
// the session reloads and the new state is dispatched, with a note when someone else wrote.
import { useEffect } from 'react';
import type { Context, VaultSession } from '../../domain/index.js';
import type { Dispatch } from './use-ui-store.js';

export function useSessionEvents(session: VaultSession, context: Context, dispatch: Dispatch): void {
  useEffect(
    () =>
      session.subscribe((event) => {
        if (event.type !== 'reloaded' || !event.external) return;
        const actor = event.external.actor;
        const message = actor && actor !== context.actor ? `Reloaded: ${actor} changed the vault.` : undefined;
        dispatch({ type: 'vault-changed', vault: session.state, ...(message && { message }) });
      }),
    [session, context, dispatch],
  );
}
