// A VaultRepository held in memory, with the same commit semantics as the file: per-record
// revisions, check-and-set, atomic changes plus chained audit. For UI tests and the demo.
import { applyCommit, queryAudit, toLoadedVault, verifyAudit } from './commit-rules.js';
import { fingerprintOf } from './hashing.js';
import { VaultFileData } from './payload.js';
import type {
  AuditChainReport,
  AuditQuery,
  CommitRequest,
  CommitResult,
  ExternalChange,
  LoadedVault,
  RecordChange,
  VaultRepository,
} from '../domain/ports.js';
import type { AuditEntry } from '../domain/model.js';

export interface MemoryVaultOptions {
  /** Records the vault starts with (revision 1), committed as 'vault.init' by `actor`. */
  initial?: RecordChange[];
  actor?: string;
  now?: () => Date;
}

export class MemoryVaultRepository implements VaultRepository {
  readonly kind = 'memory';
  readonly location = 'memory';
  private state: VaultFileData = VaultFileData.empty();
  private seq = 0;
  private readonly now: () => Date;
  private readonly listeners = new Set<(change: ExternalChange) => void>();

  constructor(options: MemoryVaultOptions = {}) {
    this.now = options.now ?? (() => new Date());
    const initial = options.initial ?? [];
    this.commitNow({
      changes: initial,
      expected: Object.fromEntries(initial.map((change) => [change.id, null])),
      audit: [{ action: 'vault.init' }],
      actor: options.actor ?? 'coffer',
    });
  }

  async load(): Promise<LoadedVault> {
    return toLoadedVault(this.state);
  }

  async commit(request: CommitRequest): Promise<CommitResult> {
    return this.commitNow(request);
  }

  async readAudit(query?: AuditQuery): Promise<AuditEntry[]> {
    return queryAudit(this.state.audit(), query);
  }

  async verifyAudit(): Promise<AuditChainReport> {
    return verifyAudit(this.state);
  }

  fingerprint(value: string): string {
    return fingerprintOf(this.state.fingerprintKey, value);
  }

  /** Reports every commit (there is no "other process" in memory; the demo uses it to refresh). */
  watch(listener: (change: ExternalChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  // Synchronous from check to store, so concurrent commit() calls cannot interleave.
  private commitNow(request: CommitRequest): CommitResult {
    const { state, result } = applyCommit(this.state, request, {
      revision: this.seq + 1,
      at: this.now().toISOString(),
      otherWriter: 'another writer',
    });
    this.state = state;
    this.seq += 1;
    const ids = request.changes.map((change) => change.id);
    for (const listener of this.listeners) listener({ ids, actor: request.actor });
    return result;
  }
}
