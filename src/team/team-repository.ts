// The repository the CLI and the TUI get for a team vault: the etcd repository, plus one duty of
// the team's — an environment that appears (an app added with its environments, a secret in a
// new one) gets its first data key before the write that needs it, when an admin writes. Every
// other call goes straight through.
import { parseRecordId } from '../domain/ids.js';
import type { AuditChainReport, AuditQuery, CommitRequest, CommitResult, ExternalChange, LoadedVault, VaultRepository } from '../domain/ports.js';
import type { AuditEntry } from '../domain/model.js';
import { envScope } from '../store/etcd/index.js';
import type { EtcdVaultRepository, Scope } from '../store/etcd/index.js';
import { ensureScopes } from './membership.js';
import type { TeamHandle } from './membership.js';

export class TeamVaultRepository implements VaultRepository {
  readonly kind = 'etcd';

  constructor(
    readonly inner: EtcdVaultRepository,
    readonly handle: TeamHandle,
    private readonly isAdmin: () => boolean,
  ) {}

  get location(): string {
    return this.inner.location;
  }

  load(): Promise<LoadedVault> {
    return this.inner.load();
  }

  async commit(request: CommitRequest): Promise<CommitResult> {
    if (this.isAdmin()) {
      const scopes = new Set<Scope>();
      for (const change of request.changes) {
        const record = change.record;
        if (record?.type === 'app') for (const env of record.value.envs) scopes.add(envScope(record.value.name, env.name));
        const parsed = parseRecordId(change.id);
        if (parsed?.type === 'secret') scopes.add(envScope(parsed.app, parsed.env));
      }
      const missing = [...scopes].filter((scope) => !this.handle.ring.current(scope));
      if (missing.length > 0) await ensureScopes(this.handle, missing);
    }
    return this.inner.commit(request);
  }

  readAudit(query?: AuditQuery): Promise<AuditEntry[]> {
    return this.inner.readAudit(query);
  }

  verifyAudit(): Promise<AuditChainReport> {
    return this.inner.verifyAudit();
  }

  fingerprint(value: string): string {
    return this.inner.fingerprint(value);
  }

  watch(listener: (change: ExternalChange) => void): () => void {
    return this.inner.watch(listener);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
