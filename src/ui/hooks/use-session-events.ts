// Changes made by others (a repository that can watch: etcd, or memory in the demo) reach the
// screen: the session reloads and the new state is dispatched, naming who changed which records
// when it was someone else.
import { useEffect } from 'react';
import type { Context, VaultSession } from '../../domain/index.js';
import type { Dispatch } from './use-ui-store.js';

export function useSessionEvents(session: VaultSession, context: Context, dispatch: Dispatch): void {
  useEffect(
    () =>
      session.subscribe((event) => {
        if (event.type !== 'reloaded' || !event.external) return;
        const { actor, ids } = event.external;
        const by = actor && actor !== context.actor ? actor : undefined;
        dispatch({ type: 'vault-changed', vault: session.state, ids, ...(by && { by }) });
      }),
    [session, context, dispatch],
  );
}
