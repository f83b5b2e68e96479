// A write through VaultSession, the one write path the CLI shares. A ConflictError is never
// retried or overwritten: the session reloads and the operator is told another coffer changed
// the vault.
import { CofferError, ConflictError } from '../../domain/index.js';
import type { VaultSession } from '../../domain/index.js';
import type { Dispatch } from '../hooks/use-ui-store.js';
import type { CommitEffect } from '../state/actions.js';
import { mutationFor } from '../state/write-ops.js';

export function conflictMessage(error: ConflictError): string {
  return `Not saved: another coffer changed the vault meanwhile (${error.stale.join(', ') || 'records'}). Reloaded the newer state: check it and try again.`;
}

export function runCommit(effect: CommitEffect, session: VaultSession, dispatch: Dispatch): void {
  void session.apply(mutationFor(effect.op)).then(
    () =>
      dispatch({
        type: 'committed',
        vault: session.state,
        message: effect.message,
        ...(effect.select && { select: effect.select }),
        ...(effect.journal && { journal: effect.journal }),
        ...(effect.clearMarks && { clearMarks: true }),
      }),
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
}
