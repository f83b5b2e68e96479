// Ports: what the domain needs from the outside world, as interfaces. The store implements them
// (a local encrypted file today, etcd for team vaults later); the UI and CLI receive them through
// the composition root and never see a concrete class.
import type { App, AuditDraft, AuditEntry, Secret, VaultMeta } from './model.js';

/** 'meta', 'app:<name>' or 'secret:<app>/<env>/<key>' (see ids.ts). */
export type RecordId = string;

/**
 * An opaque, comparable-for-equality revision of one record. The file repository uses the save
 * counter at which the record last changed; etcd uses the key's mod_revision (a 64-bit decimal
 * string). Never do arithmetic on it.
 */
export type Revision = string;

export type VaultRecord =
  | { type: 'meta'; value: VaultMeta }
  | { type: 'app'; value: App }
  | { type: 'secret'; value: Secret };

export interface LoadedVault {
  records: Map<RecordId, { record: VaultRecord; revision: Revision }>;
}

/** Put a record (create or replace), or delete it with `record: null`. */
export interface RecordChange {
  id: RecordId;
  record: VaultRecord | null;
}

export interface CommitRequest {
  changes: RecordChange[];
  /**
   * The revision each touched record had when read: a revision means "must still be this",
   * null means "must not exist yet". A mismatch on any of them fails the whole commit with a
   * ConflictError naming the stale records; nothing is written.
   */
  expected: Record<RecordId, Revision | null>;
  /** Appended to the hash-chained audit log in the same atomic step as the changes. */
  audit: AuditDraft[];
  /** Who is writing (OS user or team member). */
  actor: string;
}

export interface CommitResult {
  /** New revision of every put record. */
  revisions: Record<RecordId, Revision>;
  /** The audit entries as chained and stored. */
  audit: AuditEntry[];
}

export interface ExternalChange {
  /** Records changed or deleted by someone else. */
  ids: RecordId[];
  actor?: string;
}

export interface AuditQuery {
  app?: string;
  env?: string;
  /** Newest last; at most this many. */
  limit?: number;
}

export interface AuditChainReport {
  ok: boolean;
  entries: number;
  /** seq of the first entry whose hash or link does not verify. */
  brokenAt?: number;
  reason?: string;
}

/**
 * Where a vault lives. Speaks in records, not files, so a transactional store (etcd) fits
 * behind the same interface as the local encrypted file.
 */
export interface VaultRepository {
  readonly kind: 'file' | 'etcd' | 'memory';
  /** Human-readable location for messages (a path, an etcd prefix). */
  readonly location: string;
  load(): Promise<LoadedVault>;
  /** Atomic: all changes and audit entries, or none. */
  commit(request: CommitRequest): Promise<CommitResult>;
  readAudit(query?: AuditQuery): Promise<AuditEntry[]>;
  verifyAudit(): Promise<AuditChainReport>;
  /** Keyed hash of a value, shortened for display ("same value as staging"). */
  fingerprint(value: string): string;
  /** Optional: report changes made by others. Returns an unsubscribe function. */
  watch?(listener: (change: ExternalChange) => void): () => void;
  close(): Promise<void>;
}

/** The clock and identity the domain works with, injected so tests are deterministic. */
export interface Context {
  now(): Date;
  actor: string;
}

/** Ways a vault's data key can be unwrapped (LUKS-style key slots). */
export type UnlockMethod = 'keychain' | 'passphrase' | 'recovery';

/** Why the OS keychain could not be used; each has its own sentence for the user. */
export type KeychainFailure =
  | 'library-missing'
  | 'no-secret-service'
  | 'locked-or-denied'
  | 'entry-missing'
  | 'timeout';

/**
 * Opens a vault: finds it, unlocks it by keychain, passphrase or recovery code, or creates it.
 * The UI's start-up screens and the CLI's unlock sequence are written against this.
 */
export interface VaultOpener {
  readonly location: string;
  exists(): Promise<boolean>;
  /** The slots the vault has, read from its header without unlocking. */
  slots(): Promise<UnlockMethod[]>;
  /** Throws a KeychainUnavailableError (code 'keychain') saying which failure it was. */
  unlockWithKeychain(): Promise<VaultRepository>;
  /** Throws a WrongKeyError (code 'auth') for a wrong passphrase. */
  unlockWithPassphrase(passphrase: string): Promise<VaultRepository>;
  unlockWithRecoveryCode(code: string): Promise<VaultRepository>;
  /**
   * Creates a new vault holding `initial` records. Adds a keychain slot when useKeychain, a
   * passphrase slot when a passphrase is given, and always a recovery slot, whose code is
   * returned here once and never stored in clear.
   */
  create(options: {
    useKeychain: boolean;
    passphrase?: string;
    initial: RecordChange[];
    actor: string;
  }): Promise<{ repository: VaultRepository; recoveryCode: string }>;
}
