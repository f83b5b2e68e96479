// A save refused because someone else changed the same secret first (a teammate through etcd, or
// a `coffer set` on the same file). Never resolved by overwriting: the operator sees both sides
// — versions, authors, times, fingerprints, never a value — and chooses to keep theirs, to save
// theirs over again as a newer version on top of the fresh state, or to go back to editing.
import { currentVersion, secretId } from '../../domain/index.js';
import type { SecretAddress, VaultState, VersionState } from '../../domain/index.js';
import type { Mode } from './types.js';
import type { WriteOp } from './write-ops.js';

/** What the other writer left: the secret's current version now, by number and fingerprint. */
export interface TheirSide {
  address: SecretAddress;
  /** Absent when the secret no longer exists. */
  version?: { n: number; author: string; at: string; state: VersionState; size?: string; fingerprint?: string };
}

/** What this operator tried to write, without the value: its fingerprint and size, or the change in words. */
export interface YourSide {
  address: SecretAddress;
  what: string;
  size?: string;
  fingerprint?: string;
}

export interface ConflictMode {
  type: 'conflict';
  op: WriteOp;
  theirs: TheirSide[];
  yours: YourSide[];
  /** The same write re-based on the fresh state (new expected versions), or why it cannot be. */
  retry: WriteOp | { problem: string };
  /** Where cancelling returns (the editor, its draft kept); the columns when absent. */
  back?: Mode;
}

/** The secrets a write touches, for showing what the other writer did to them. */
export function addressesOf(op: WriteOp): SecretAddress[] {
  switch (op.kind) {
    case 'set-value':
    case 'update-meta':
    case 'rollback':
    case 'delete-version':
    case 'undelete-version':
    case 'destroy-version':
    case 'remove-secret':
      return [op.address];
    case 'set-many':
      return op.writes.map(({ app, env, key }) => ({ app, env, key }));
    default:
      return [];
  }
}

/**
 * The secrets of the write that someone else changed: those whose current version is not the one
 * the write expected (a rotation of ten conflicts on the one a teammate saved, not on all ten).
 * When none can be told apart that way, every secret the write touches.
 */
export function conflictedAddresses(op: WriteOp, vault: VaultState): SecretAddress[] {
  const all = addressesOf(op);
  const expected: (number | undefined)[] =
    op.kind === 'set-value' || op.kind === 'rollback' ? [op.expectedVersion] : op.kind === 'set-many' ? op.writes.map((w) => w.expectedVersion) : [];
  const moved = all.filter((address, i) => expected[i] !== undefined && (currentN(vault, address) ?? 0) !== expected[i]);
  return moved.length ? moved : all;
}

function currentN(vault: VaultState, address: SecretAddress): number | undefined {
  const secret = vault.secrets[secretId(address.app, address.env, address.key)];
  return secret ? (currentVersion(secret)?.n ?? 0) : undefined;
}

/**
 * The write again, expecting what the vault holds now: saving it makes a newer version on top of
 * theirs. Writes whose target vanished are not re-created silently.
 */
export function rebase(op: WriteOp, vault: VaultState): WriteOp | { problem: string } {
  const gone = (address: SecretAddress) => ({ problem: `${address.key} was deleted meanwhile` });
  switch (op.kind) {
    case 'set-value': {
      const n = currentN(vault, op.address);
      if (n === undefined && op.expectedVersion > 0) return gone(op.address);
      return { ...op, expectedVersion: n ?? 0 };
    }
    case 'rollback': {
      const n = currentN(vault, op.address);
      return n === undefined ? gone(op.address) : { ...op, expectedVersion: n };
    }
    case 'set-many': {
      const writes = [];
      for (const write of op.writes) {
        const n = currentN(vault, write);
        if (n === undefined && (write.expectedVersion ?? 0) > 0) return gone(write);
        writes.push({ ...write, expectedVersion: n ?? 0 });
      }
      return { ...op, writes };
    }
    default: {
      const missing = addressesOf(op).find((address) => currentN(vault, address) === undefined);
      return missing ? gone(missing) : op;
    }
  }
}

/** "v5" for a set, the next number for others' writes too: what saving yours again would make. */
export function retryVersion(retry: ConflictMode['retry']): number | undefined {
  if ('problem' in retry) return undefined;
  if (retry.kind === 'set-value' || retry.kind === 'rollback') return retry.expectedVersion + 1;
  return undefined;
}
