// A write through VaultSession, the one write path the CLI shares. A ConflictError is never
// retried or overwritten: the session reloads, and the conflict dialog shows both sides — the
// version someone else saved and what this operator tried to save — by number, author, time and
// fingerprint, never by value.
import { CofferError, ConflictError, currentVersion, secretId } from '../../domain/index.js';
import type { SecretAddress, VaultSession } from '../../domain/index.js';
import type { Dispatch } from '../hooks/use-ui-store.js';
import { sizeText } from '../presenters/value.js';
import type { CommitEffect } from '../state/actions.js';
import { addressesOf, conflictedAddresses } from '../state/conflict.js';
import type { TheirSide, YourSide } from '../state/conflict.js';
import { mutationFor } from '../state/write-ops.js';
import type { Clock } from '../clock.js';
import { DeadlineError, withDeadline } from './deadline.js';
import type { WriteOp } from '../state/write-ops.js';

export function conflictMessage(error: ConflictError): string {
  return `Not saved: another coffer changed the vault meanwhile (${error.stale.join(', ') || 'records'}). Reloaded the newer state: check it and try again.`;
}

/** The current version of each secret someone else changed under the write, as the reloaded session has it. */
export function theirSides(addresses: readonly SecretAddress[], session: VaultSession): TheirSide[] {
  return addresses.map((address) => {
    const secret = session.state.secrets[secretId(address.app, address.env, address.key)];
    const version = secret ? currentVersion(secret) : undefined;
    if (!version) return { address };
    const live = version.state === 'live' && version.value !== null;
    return {
      address,
      version: {
        n: version.n,
        author: version.author,
        at: version.createdAt,
        state: version.state,
        ...(version.value !== null && { size: sizeText(version.value) }),
        ...(live && { fingerprint: session.fingerprint(version.value as string) }),
      },
    };
  });
}

/** What the write would have done to those secrets, fingerprinted instead of shown. */
export function yourSides(op: WriteOp, addresses: readonly SecretAddress[], session: VaultSession): YourSide[] {
  const wanted = new Set(addresses.map((a) => secretId(a.app, a.env, a.key)));
  return allYourSides(op, session).filter((side) => wanted.has(secretId(side.address.app, side.address.env, side.address.key)));
}

function allYourSides(op: WriteOp, session: VaultSession): YourSide[] {
  const value = (address: YourSide['address'], text: string): YourSide => ({ address, what: 'new value', size: sizeText(text), fingerprint: session.fingerprint(text) });
  switch (op.kind) {
    case 'set-value':
      return [value(op.address, op.value)];
    case 'set-many':
      return op.writes.map((w) => value({ app: w.app, env: w.env, key: w.key }, w.value));
    case 'rollback':
      return [{ address: op.address, what: `roll back to v${op.to}` }];
    case 'update-meta':
      return [{ address: op.address, what: `metadata: ${Object.keys(op.patch).join(', ')}` }];
    case 'delete-version':
    case 'undelete-version':
    case 'destroy-version':
      return [{ address: op.address, what: `${op.kind.replace('-version', '')} v${op.version}` }];
    case 'remove-secret':
      return [{ address: op.address, what: 'delete the secret' }];
    default:
      return [];
  }
}

/**
 * How long a save may take before the UI stops waiting for it. The repository bounds its own
 * calls (etcd's per-call deadline and retries); this bounds the whole save, whatever is behind it.
 */
export const COMMIT_DEADLINE_MS = 30_000;

export function runCommit(effect: CommitEffect, session: VaultSession, dispatch: Dispatch, clock: Clock): void {
  const what = `Saving ${describe(effect.op)}`;
  const saving = session.apply(mutationFor(effect.op));
  void withDeadline(saving, COMMIT_DEADLINE_MS, clock, what).then(
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
        await withDeadline(session.reload(), COMMIT_DEADLINE_MS, clock, 'Reloading').catch(() => undefined);
        if (addressesOf(effect.op).length === 0) {
          dispatch({ type: 'commit-failed', vault: session.state, message: conflictMessage(error), tone: 'warning' });
          return;
        }
        const moved = conflictedAddresses(effect.op, session.state);
        dispatch({
          type: 'conflict',
          vault: session.state,
          op: effect.op,
          theirs: theirSides(moved, session),
          yours: yourSides(effect.op, moved, session),
          ...(effect.back && { back: effect.back }),
        });
      } else if (error instanceof DeadlineError) {
        // The outcome is unknown: the save may still land, and the screen then shows it.
        dispatch({ type: 'commit-failed', message: `${error.message} It may still be saved: the screen updates if it is.`, tone: 'error' });
        saving.then(
          () => dispatch({ type: 'vault-changed', vault: session.state }),
          () => undefined,
        );
      } else if (error instanceof CofferError) {
        dispatch({ type: 'commit-failed', message: error.hint ? `${error.message} ${error.hint}` : error.message, tone: 'error' });
      } else {
        dispatch({ type: 'commit-failed', message: `Not saved: ${error instanceof Error ? error.message : String(error)}`, tone: 'error' });
      }
    },
  );
}

function describe(op: WriteOp): string {
  const address = addressesOf(op)[0];
  return address ? address.key : 'the change';
}
