// The session's journal of value changes, for ctrl-z. It keeps names and version numbers only —
// never a value: undoing reads the earlier version's value from the vault and writes it as a new
// version (a rollback: history is never rewritten), expecting each secret to be exactly where
// this session left it.
import { currentVersion, rollbackDisabledReason, secretId } from '../../domain/index.js';
import type { SecretAddress, SetSecretInput, VaultState } from '../../domain/index.js';
import type { WriteOp } from './write-ops.js';

export interface UndoWrite {
  address: SecretAddress;
  /** The current version before the change (0: the change created the secret). */
  before: number;
  /** The version the change made. */
  after: number;
}

export interface UndoEntry {
  writes: UndoWrite[];
}

/** What a committed write does to the journal. */
export type JournalChange = { push: UndoEntry } | { pop: true };

export function journalChangeFor(op: WriteOp): JournalChange | undefined {
  const write = (address: SecretAddress, before: number): UndoWrite => ({ address, before, after: before + 1 });
  switch (op.kind) {
    case 'set-value':
    case 'rollback':
      return { push: { writes: [write(op.address, op.expectedVersion)] } };
    case 'set-many':
      if (op.purpose === 'undo') return { pop: true };
      return { push: { writes: op.writes.map((w) => write({ app: w.app, env: w.env, key: w.key }, w.expectedVersion ?? 0)) } };
    default:
      return undefined;
  }
}

export function applyJournal(journal: UndoEntry[], change: JournalChange | undefined): UndoEntry[] {
  if (!change) return journal;
  return 'pop' in change ? journal.slice(0, -1) : [...journal, change.push];
}

/** "TOKEN", or "3 secrets". */
export function entryLabel(entry: UndoEntry): string {
  const [first] = entry.writes;
  return entry.writes.length === 1 && first ? first.address.key : `${entry.writes.length} secrets`;
}

/** Why ctrl-z cannot undo the last change, or undefined when it can. */
export function undoDisabledReason(vault: VaultState, journal: readonly UndoEntry[]): string | undefined {
  const entry = journal[journal.length - 1];
  if (!entry) return 'nothing to undo: no value changed in this session';
  for (const { address, before, after } of entry.writes) {
    const secret = vault.secrets[secretId(address.app, address.env, address.key)];
    if (!secret) return `${address.key} no longer exists`;
    if (before === 0) return `${address.key} was created by that change: d deletes it`;
    const now = currentVersion(secret)?.n;
    if (now !== after) return `${address.key} changed since (now v${now})`;
    const reason = rollbackDisabledReason(secret, before);
    if (reason) return `${address.key}: ${reason}`;
  }
  return undefined;
}

/** The write that undoes the last change: each secret's earlier value as a new version. */
export function undoOp(vault: VaultState, entry: UndoEntry): WriteOp {
  const writes: SetSecretInput[] = entry.writes.map(({ address, before, after }) => {
    const secret = vault.secrets[secretId(address.app, address.env, address.key)];
    const value = secret?.versions.find((v) => v.n === before)?.value ?? '';
    return { ...address, value, expectedVersion: after, origin: { type: 'rollback', of: before } };
  });
  return { kind: 'set-many', purpose: 'undo', writes };
}
