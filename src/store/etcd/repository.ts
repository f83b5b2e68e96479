// A team vault on etcd behind the same VaultRepository port as the local file (protocol:
// src/store/etcd/README.md). Records are sealed on this client; the server holds ciphertext
// bound to each key path and key generation. Commits are transactions that compare every
// expected record's mod_revision, the audit head and the absence of a large commit in flight;
// larger ones go through the intent protocol. A watch keeps an in-memory mirror fresh, so a
// reload after someone else's change fetches only the records that changed.
import { randomBytes } from 'node:crypto';
import type { IKeyValue, IRequestOp, ICompare, Watcher } from 'etcd3';
import { chainAudit, verifyAuditChain } from '../../domain/audit.js';
import { CofferError, ConflictError } from '../../domain/errors.js';
import { META_ID, parseRecordId, secretId } from '../../domain/ids.js';
import type { AuditDraft, AuditEntry } from '../../domain/model.js';
import type {
  AuditChainReport,
  AuditQuery,
  CommitRequest,
  CommitResult,
  ExternalChange,
  LoadedVault,
  RecordId,
  Revision,
  VaultRecord,
  VaultRepository,
} from '../../domain/ports.js';
import { checkRequestShape, queryAudit } from '../commit-rules.js';
import { deepFreeze } from '../freeze.js';
import { fingerprintOf, sha256Hex } from '../hashing.js';
import type { EtcdClient } from './client.js';
import {
  assembleSecret,
  decodeApp,
  decodeAuditEntry,
  decodeAuditHead,
  decodeHead,
  decodeMeta,
  decodePersonal,
  decodeVersionValue,
  encodeAuditEntry,
  encodeAuditHead,
  encodeMeta,
  encodePersonal,
  joinChunks,
  newFingerprintKey,
  recordWrites,
} from './codec.js';
import type { KeyWrite, MetaEnvelope, PersonalOverride, SealFor, StoredAuditHead } from './codec.js';
import { ConnectionMonitor } from './connection.js';
import type { ConnectionState } from './connection.js';
import { EtcdUnreachableError, ScopeLockedError, ScopeRotatedError, UnknownOutcomeError } from './errors.js';
import { decodeIntent, encodeIntent, encodePiece, rollForward, splitIntoPieces, writeOps } from './intent.js';
import type { Intent } from './intent.js';
import type { TeamKeyRing } from './keyring.js';
import { TEAM_SCOPE, envScope, parseScope, personalScope, prefixEnd } from './layout.js';
import type { Scope, TeamLayout } from './layout.js';
import { openRecord, recordGeneration, sealRecord } from './record-crypto.js';

export interface EtcdRepositoryOptions {
  client: EtcdClient;
  layout: TeamLayout;
  keys: TeamKeyRing;
  /** Named as the owner of large commits in flight (the member, or the OS user). */
  owner?: string;
  now?: () => Date;
  /** TTL of a large commit's prepare-phase intent. Default 10 s. */
  intentLeaseSeconds?: number;
  /** Test hook: called at each step of a large commit (a test kills the process there). */
  onLargeCommitStep?: (step: LargeCommitStep) => Promise<void> | void;
}

export type LargeCommitStep = 'prepared' | 'pieces-written' | 'committed' | 'applied-piece';

/** A commit larger than this (operations, or bytes) goes through the intent protocol. */
const TXN_MAX_OPS = 100;
const TXN_MAX_COMPARES = 120;
const TXN_MAX_BYTES = 1024 * 1024;
/** Retries after only the audit head moved (another client committed something else). */
const MAX_RECHAINS = 60;
/** Beyond the intent's lease, how long a commit waits for someone else's prepare phase. */
const PREPARE_WAIT_MS = 2_000;
/** Environments whose version values a load reads at once. */
const SCOPE_READS_IN_FLIGHT = 8;
/** Above this many changed records, a reload re-reads everything instead of each record. */
const INCREMENTAL_LIMIT = 2_000;

interface MirrorEntry {
  readonly record: VaultRecord;
  readonly revision: Revision;
}

/** What commit() needs to remember of one attempt to find out later whether it happened. */
interface Attempt {
  writeId: string;
  entries: AuditEntry[];
  /** A key this attempt put, and the bytes it put there (fresh IV: unique). */
  probeKey: string;
  probeValue: Buffer;
  puts: RecordId[];
  /** Its answer was lost: it may land later, so every later refusal looks for it again. */
  doubtful?: boolean;
}

export class EtcdVaultRepository implements VaultRepository {
  readonly kind = 'etcd';
  readonly location: string;
  readonly client: EtcdClient;
  readonly layout: TeamLayout;
  readonly keys: TeamKeyRing;
  private readonly owner: string;
  private readonly now: () => Date;
  private readonly leaseSeconds: number;
  private readonly onStep: EtcdRepositoryOptions['onLargeCommitStep'];
  private readonly monitor: ConnectionMonitor;

  private envelope: MetaEnvelope;
  private metaRevision: string | null;
  private mirror = new Map<RecordId, MirrorEntry>();
  /** Secrets whose environment key this member lacks: never decrypted. */
  private lockedHeads = new Map<RecordId, { scope: Scope; revision: Revision }>();
  private loadedRevision: string | undefined;
  private dirty: Set<RecordId> | 'all' = 'all';
  private readonly ownWriteIds = new Set<string>();
  private readonly ownIntentIds = new Set<string>();
  /** `access/<scope>` rows as last read: who holds which key generation (public rows). */
  private access: Map<Scope, { revision: string; generation: number }> | undefined;
  /** Who made the large commits being applied (from their commit point), for watch events. */
  private readonly intentActors = new Map<string, string>();
  private readonly listeners = new Set<(change: ExternalChange) => void>();
  private readonly teamListeners = new Set<(change: { types: Array<'team' | 'member' | 'request' | 'access' | 'key' | 'personal'> }) => void>();
  private watcher: Watcher | undefined;
  private watchStarting: Promise<void> | undefined;
  private closed = false;
  /** How loads were served: by reading everything, or only what a watch said changed. */
  readonly loadStats = { full: 0, incremental: 0 };
  /**
   * How commits went: `rechained` — retried after only the audit head moved; `lostAnswers` —
   * the answer never came (connection dropped); `foundApplied` — of those and of refused
   * retries, attempts found applied after all (by write id or bytes).
   */
  readonly commitStats = { rechained: 0, lostAnswers: 0, foundApplied: 0 };

  private constructor(options: EtcdRepositoryOptions, envelope: MetaEnvelope, metaRevision: string) {
    this.client = options.client;
    this.layout = options.layout;
    this.keys = options.keys;
    this.owner = options.owner ?? 'coffer';
    this.now = options.now ?? (() => new Date());
    this.leaseSeconds = options.intentLeaseSeconds ?? 10;
    this.onStep = options.onLargeCommitStep;
    this.envelope = envelope;
    this.metaRevision = metaRevision;
    this.monitor = new ConnectionMonitor(this.client);
    const first = this.client.endpoints[0]!.replace(/^https?:\/\//, '').replace(/\/$/, '');
    this.location = `etcd://${first}${this.layout.prefix}`;
  }

  /** Location for messages before a repository exists. */
  static locationOf(client: EtcdClient, layout: TeamLayout): string {
    return `etcd://${client.endpoints[0]!.replace(/^https?:\/\//, '').replace(/\/$/, '')}${layout.prefix}`;
  }

  /**
   * Opens the team vault under `layout.prefix`: reads the meta envelope (for the fingerprint
   * key). Throws a CofferError 'not-found' when there is none, ScopeLockedError without the
   * `_team` key.
   */
  static async open(options: EtcdRepositoryOptions): Promise<EtcdVaultRepository> {
    const location = EtcdVaultRepository.locationOf(options.client, options.layout);
    if (!options.keys.current(TEAM_SCOPE)) throw new ScopeLockedError([TEAM_SCOPE]);
    const kv = await options.client.get(options.layout.meta());
    if (!kv) throw new CofferError('not-found', `No team vault at ${location}.`, 'Check the team name and the etcd endpoints, or create the team vault first.');
    const { envelope } = decodeMeta(openRecord(options.keys, TEAM_SCOPE, options.layout.meta(), kv.value, location), location, options.layout.meta());
    return new EtcdVaultRepository(options, envelope, kv.mod_revision);
  }

  /**
   * Creates the vault: the meta envelope with a new fingerprint key, `initial` records and the
   * 'vault.init' audit entry, in one transaction that fails if a vault is already there.
   */
  static async initialize(options: EtcdRepositoryOptions & { initial: CommitRequest['changes']; actor: string }): Promise<EtcdVaultRepository> {
    const { client, layout, keys } = options;
    const location = EtcdVaultRepository.locationOf(client, layout);
    if (!keys.current(TEAM_SCOPE)) throw new ScopeLockedError([TEAM_SCOPE]);
    const envelope: MetaEnvelope = { meta: null, fingerprintKey: newFingerprintKey() };
    const seal: SealFor = (key, plaintext) => {
      const current = keys.current(TEAM_SCOPE)!;
      return sealRecord(current.key, current.generation, key, plaintext);
    };
    const response = await client.txn({
      compare: [{ key: Buffer.from(layout.meta(), 'utf8'), target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key: Buffer.from(layout.meta(), 'utf8'), value: seal(layout.meta(), encodeMeta(envelope)) } }],
    });
    if (!response.succeeded) throw new CofferError('exists', `A team vault already exists at ${location}.`, 'Open it instead, or pick another team name.');
    const repository = new EtcdVaultRepository(options, envelope, response.header.revision);
    repository.loadedRevision = undefined;
    await repository.commit({
      changes: options.initial,
      expected: Object.fromEntries(options.initial.map((change) => [change.id, null])),
      audit: [{ action: 'vault.init' }],
      actor: options.actor,
    });
    return repository;
  }

  // ── reading ───────────────────────────────────────────────────────────────────────────────

  async load(): Promise<LoadedVault> {
    await this.settleIntent();
    const dirty = this.dirty;
    if (!this.watcher || dirty === 'all' || this.loadedRevision === undefined || dirty.size > INCREMENTAL_LIMIT) await this.fullLoad();
    else if (dirty.size > 0) {
      this.dirty = new Set();
      this.loadStats.incremental += 1;
      await this.refreshRecords([...dirty]);
    }
    return { records: new Map(this.mirror) };
  }

  /** Environments whose key this member does not hold: their secrets were not decrypted. */
  lockedScopes(): Array<{ app: string; env: string }> {
    const scopes = new Set<Scope>();
    for (const { scope } of this.lockedHeads.values()) scopes.add(scope);
    for (const { record } of this.mirror.values()) {
      if (record.type !== 'app') continue;
      for (const env of record.value.envs) {
        const scope = envScope(record.value.name, env.name);
        if (!this.keys.current(scope)) scopes.add(scope);
      }
    }
    return [...scopes]
      .sort()
      .map((scope) => parseScope(scope))
      .flatMap((parsed) => (parsed?.type === 'env' ? [{ app: parsed.app, env: parsed.env }] : []));
  }

  async readAudit(query?: AuditQuery): Promise<AuditEntry[]> {
    if (query?.limit !== undefined && query.app === undefined && query.env === undefined) {
      // The newest `limit` entries only: one range from the end of the log.
      await this.settleIntent();
      if (query.limit <= 0) return [];
      const end = prefixEnd(this.layout.auditLog());
      const page = await this.client.range({ key: key(this.layout.auditLog()), range_end: end, sort_order: 'Descend', sort_target: 'Key', limit: Math.min(query.limit, 500) });
      const newest = page.kvs.map((kv) => this.decodeAuditKv(kv)).reverse();
      if (query.limit <= 500 || !page.more) return newest;
    }
    return queryAudit(await this.readAuditLog(), query);
  }

  async verifyAudit(): Promise<AuditChainReport> {
    const entries = await this.readAuditLog();
    const report = verifyAuditChain(entries, sha256Hex);
    const head = await this.readAuditHead();
    const last = entries.at(-1);
    if (report.ok && ((head?.stored.seq ?? 0) !== (last?.seq ?? 0) || (head?.stored.hash ?? '') !== (last?.hash ?? '') || (entries[0] !== undefined && entries[0].seq !== 1))) {
      return { ok: false, entries: report.entries, reason: 'the log does not end where the vault says it does' };
    }
    return report;
  }

  fingerprint(value: string): string {
    return fingerprintOf(this.envelope.fingerprintKey, value);
  }

  // ── writing ───────────────────────────────────────────────────────────────────────────────

  async commit(request: CommitRequest): Promise<CommitResult> {
    checkRequestShape(request);
    this.refuseLocked(request);
    // Later changes to the same id win, as if applied one after another.
    const final = new Map<RecordId, VaultRecord | null>();
    for (const change of request.changes) {
      final.delete(change.id);
      final.set(change.id, change.record);
    }
    const prevs = await this.previousRecords(final, request.expected);
    const writes: KeyWrite[] = [];
    for (const [id, record] of final) {
      writes.push(...recordWrites(this.layout, this.sealFor, id, record, prevs.get(id), this.envelope.fingerprintKey));
    }
    const bytes = writes.reduce((sum, w) => sum + w.key.length + (w.value?.length ?? 0), 0);
    const scopes = this.scopesOf(writes);
    const compares = Object.keys(request.expected).length + 2 + scopes.length;
    if (writes.length + request.audit.length + 1 > TXN_MAX_OPS || compares > TXN_MAX_COMPARES || bytes > TXN_MAX_BYTES) {
      return this.largeCommit(request, final, writes, scopes);
    }
    return this.smallCommit(request, final, writes, scopes);
  }

  private async smallCommit(request: CommitRequest, final: Map<RecordId, VaultRecord | null>, writes: KeyWrite[], scopes: Scope[]): Promise<CommitResult> {
    const attempts: Attempt[] = [];
    let head = await this.auditHeadForWrite();
    if (!this.access) await this.readAccess();
    for (let round = 0; round < MAX_RECHAINS; round++) {
      this.refuseRotated(scopes);
      const at = this.now().toISOString();
      const entries = chainAudit(head ? { seq: head.stored.seq, hash: head.stored.hash } : null, request.audit, { actor: request.actor, at }, sha256Hex);
      const writeId = this.newWriteId();
      const headValue = this.sealFor(this.layout.auditHead(), encodeAuditHead(this.nextHead(head, entries, writeId, request.actor)));
      const firstPut = writes.find((w) => w.value !== null);
      const attempt: Attempt = {
        writeId,
        entries,
        probeKey: firstPut?.key ?? this.layout.auditHead(),
        probeValue: firstPut?.value ?? headValue,
        puts: [...final].filter(([, r]) => r !== null).map(([id]) => id),
      };
      attempts.push(attempt);
      const compare: ICompare[] = [
        ...this.recordCompares(request.expected),
        this.revisionCompare(this.layout.auditHead(), head?.modRevision ?? null),
        { key: key(this.layout.intent()), target: 'Create', result: 'Equal', create_revision: 0 },
        ...this.accessCompares(scopes),
      ];
      const success: IRequestOp[] = [
        ...writeOps(writes),
        ...entries.map((entry) => put(this.layout.audit(entry.seq), this.sealFor(this.layout.audit(entry.seq), encodeAuditEntry(entry)))),
        put(this.layout.auditHead(), headValue),
      ];
      let succeeded: boolean;
      let revision: string;
      try {
        const response = await this.client.txn({ compare, success });
        succeeded = response.succeeded;
        revision = response.header.revision;
      } catch (error) {
        if (!(error instanceof EtcdUnreachableError)) throw error;
        // The write may have been applied before the connection dropped: find out. If etcd
        // answers and it is not there, go round again: the check-and-set keeps a late landing
        // of this attempt from being applied twice, and the next refusal looks for it again.
        this.commitStats.lostAnswers += 1;
        attempt.doubtful = true;
        const outcome = await this.resolveUnknownOutcome(attempts);
        this.auditHeadCache = undefined;
        if (outcome === 'unreachable') throw new UnknownOutcomeError(this.location, error);
        if (outcome) {
          this.commitStats.foundApplied += 1;
          return this.afterCommit(final, outcome.attempt, outcome.revision, head);
        }
        head = await this.readAuditHead();
        continue;
      }
      if (succeeded) {
        this.auditHeadCache = { stored: this.nextHead(head, entries, writeId, request.actor), modRevision: revision };
        return this.afterCommit(final, attempt, revision, head);
      }

      // Refused: find out why. One of our earlier attempts may have landed after all.
      const state = await this.readCompared(Object.keys(request.expected));
      const landed = await this.findApplied(attempts);
      if (landed) {
        this.commitStats.foundApplied += 1;
        this.auditHeadCache = undefined;
        return this.afterCommit(final, landed.attempt, landed.revision, head);
      }
      // A key replaced meanwhile comes first: reloading would not help a ring that is behind.
      await this.readAccess(scopes);
      this.refuseRotated(scopes);
      const stale = this.staleIds(request.expected, state.revisions);
      if (stale.length > 0) {
        throw new ConflictError(
          `The vault changed since it was loaded: ${stale.join(', ')} ${stale.length === 1 ? 'was' : 'were'} changed by another team member. Nothing was saved.`,
          stale,
        );
      }
      if (state.intent) await this.waitForIntent(state.intent);
      this.commitStats.rechained += 1;
      head = await this.readAuditHead();
      if (round > 3) await sleep(Math.random() * Math.min(50, round * 5));
    }
    throw new ConflictError('The team vault was too busy to save this change (other writers kept committing first). Nothing was saved.', [], 'Try again in a moment.');
  }

  /** Updates the mirror with a commit that happened and builds its result. */
  private afterCommit(final: Map<RecordId, VaultRecord | null>, attempt: Attempt, revision: string, _head: unknown): CommitResult {
    const revisions: Record<RecordId, Revision> = {};
    for (const [id, record] of final) {
      if (record === null) {
        this.mirror.delete(id);
        if (id === META_ID) {
          this.envelope = { ...this.envelope, meta: null };
          this.metaRevision = revision;
        }
        continue;
      }
      const frozen = deepFreeze(structuredClone(record));
      this.mirror.set(id, Object.freeze({ record: frozen, revision }));
      if (id === META_ID) {
        this.envelope = { ...this.envelope, meta: frozen.value as MetaEnvelope['meta'] };
        this.metaRevision = revision;
      }
      revisions[id] = revision;
    }
    void attempt;
    return { revisions, audit: attempt.entries };
  }

  // ── large commits (README "Large commits") ────────────────────────────────────────────────

  private async largeCommit(request: CommitRequest, final: Map<RecordId, VaultRecord | null>, writes: KeyWrite[], scopes: Scope[]): Promise<CommitResult> {
    const { intent, intentRevision, lease } = await this.acquireIntent();
    let committed = false;
    try {
      await this.onStep?.('prepared');
      await this.readAccess(scopes);
      this.refuseRotated(scopes);
      // With the intent in place no other commit can land: check the expectations once.
      const state = await this.readCompared(Object.keys(request.expected));
      const stale = this.staleIds(request.expected, state.revisions);
      if (stale.length > 0) {
        throw new ConflictError(
          `The vault changed since it was loaded: ${stale.join(', ')} ${stale.length === 1 ? 'was' : 'were'} changed by another team member. Nothing was saved.`,
          stale,
        );
      }
      const head = await this.readAuditHead();
      const entries = chainAudit(head ? { seq: head.stored.seq, hash: head.stored.hash } : null, request.audit, { actor: request.actor, at: this.now().toISOString() }, sha256Hex);
      const auditWrites = entries.map((entry) => ({ key: this.layout.audit(entry.seq), value: this.sealFor(this.layout.audit(entry.seq), encodeAuditEntry(entry)) }));
      const pieces = splitIntoPieces([...writes, ...auditWrites]);
      await this.writePieces(intent.id, intentRevision, pieces.map(encodePiece));
      await this.onStep?.('pieces-written');
      const writeId = this.newWriteId();
      // The access rows were checked above, with the intent held: a key rotation is a large commit
      // itself, so none can land until this one is through. The commit point checks them again
      // when they fit its transaction (etcd allows 128 compares); a push of a vault with more
      // environments than that relies on the check above alone.
      const compare = scopes.length + 2 <= TXN_MAX_COMPARES ? this.accessCompares(scopes) : [];
      const applyRevision = await this.commitPoint(intent, intentRevision, pieces.length, head, this.sealFor(this.layout.auditHead(), encodeAuditHead(this.nextHead(head, entries, writeId, request.actor))), writeId, { compare, scopes });
      committed = true;
      this.auditHeadCache = undefined;
      await lease.revoke().catch(() => undefined);
      await this.onStep?.('committed');
      const { written } = await rollForward(this.client, this.layout, intent.id, applyRevision, () => this.onStep?.('applied-piece'));
      const result = this.afterCommit(final, { writeId, entries, probeKey: '', probeValue: Buffer.alloc(0), puts: [] }, applyRevision, head);
      // Each record's revision is that of the piece that wrote its head.
      for (const id of Object.keys(result.revisions)) {
        const revision = written.get(this.layout.recordKey(id));
        if (revision) {
          result.revisions[id] = revision;
          this.mirror.set(id, Object.freeze({ record: this.mirror.get(id)!.record, revision }));
          if (id === META_ID) this.metaRevision = revision;
        }
      }
      return result;
    } finally {
      if (!committed) await this.abandonIntent(intent.id, intentRevision, lease);
    }
  }

  /** Re-seals every record of `scope` under a new key generation (a large commit). */
  async reencryptScope(scope: Scope, newGeneration: number, newKey: Uint8Array, actor = this.owner, options: { access?: unknown } = {}): Promise<{ keys: number }> {
    const parsed = parseScope(scope);
    if (!parsed) throw new Error(`not a scope: ${scope}`);
    const { intent, intentRevision, lease } = await this.acquireIntent();
    let committed = false;
    try {
      await this.onStep?.('prepared');
      const prefixes =
        parsed.type === 'env'
          ? [this.layout.heads(parsed.app, parsed.env), this.layout.versions(parsed.app, parsed.env), this.layout.chunks(parsed.app, parsed.env)]
          : parsed.type === 'team'
            ? [this.layout.meta(), this.layout.apps(), this.layout.auditLog()]
            : [this.layout.personalOf(parsed.member)];
      const writes: KeyWrite[] = [];
      for (const prefix of prefixes) {
        // Page small: chunks are up to 512 KiB each and a response is capped (64 MiB, client.ts).
        const { kvs } = await this.client.rangePrefix(prefix, { pageSize: prefix.includes('/c/') ? 4 : 200 });
        for (const kv of kvs) {
          const etcdKey = kv.key.toString('utf8');
          if (this.layout.scopeOf(etcdKey) !== scope) continue;
          const plaintext = openRecord(this.keys, scope, etcdKey, kv.value, this.location);
          writes.push({ key: etcdKey, value: sealRecord(newKey, newGeneration, etcdKey, plaintext) });
          plaintext.fill(0);
        }
      }
      const resealed = writes.length;
      const head = await this.readAuditHead();
      const drafts: AuditDraft[] = [
        { action: 'vault.rekey', ...(parsed.type === 'env' && { app: parsed.app, env: parsed.env }), detail: `${scope} re-encrypted with key generation ${newGeneration}` },
      ];
      const entries = chainAudit(head ? { seq: head.stored.seq, hash: head.stored.hash } : null, drafts, { actor, at: this.now().toISOString() }, sha256Hex);
      const sealTeam = (etcdKey: string, plaintext: Buffer): Buffer =>
        scope === TEAM_SCOPE ? sealRecord(newKey, newGeneration, etcdKey, plaintext) : this.sealFor(etcdKey, plaintext);
      for (const entry of entries) writes.push({ key: this.layout.audit(entry.seq), value: sealTeam(this.layout.audit(entry.seq), encodeAuditEntry(entry)) });
      const pieces = splitIntoPieces(writes);
      await this.writePieces(intent.id, intentRevision, pieces.map(encodePiece));
      await this.onStep?.('pieces-written');
      const writeId = this.newWriteId();
      // The new access row lands with the commit point: from then on, writers still holding the
      // old generation are refused (ScopeRotatedError) instead of sealing with a revoked key.
      const accessPut = options.access === undefined ? [] : [put(this.layout.access(scope), Buffer.from(JSON.stringify(options.access), 'utf8'))];
      const applyRevision = await this.commitPoint(intent, intentRevision, pieces.length, head, sealTeam(this.layout.auditHead(), encodeAuditHead(this.nextHead(head, entries, writeId, actor))), writeId, { success: accessPut, scopes: [] });
      if (options.access !== undefined) this.access?.set(scope, { revision: applyRevision, generation: newGeneration });
      committed = true;
      this.auditHeadCache = undefined;
      await lease.revoke().catch(() => undefined);
      await this.onStep?.('committed');
      await rollForward(this.client, this.layout, intent.id, applyRevision, () => this.onStep?.('applied-piece'));
      this.dirty = 'all';
      return { keys: resealed };
    } finally {
      if (!committed) await this.abandonIntent(intent.id, intentRevision, lease);
    }
  }

  /** Step 1: put the intent on a lease, clearing pieces a dead prepare left behind. */
  private async acquireIntent(): Promise<{ intent: Intent; intentRevision: string; lease: { revoke(): Promise<void> } }> {
    const deadline = Date.now() + PREPARE_WAIT_MS + this.leaseSeconds * 1_000;
    for (;;) {
      await this.settleIntent();
      const lease = this.client.etcd.lease(this.leaseSeconds, { autoKeepAlive: true });
      lease.on('lost', () => undefined);
      const leaseId = await this.client.call('lease grant', () => lease.grant());
      const intent: Intent = { id: randomBytes(8).toString('hex'), state: 'prepare', owner: this.owner };
      this.ownIntentIds.add(intent.id);
      const response = await this.client
        .txn({
          compare: [{ key: key(this.layout.intent()), target: 'Create', result: 'Equal', create_revision: 0 }],
          success: [
            { request_put: { key: key(this.layout.intent()), value: encodeIntent(intent), lease: leaseId } },
            { request_delete_range: { key: key(this.layout.intentsAll()), range_end: prefixEnd(this.layout.intentsAll()) } },
          ],
        })
        .catch(async (error: unknown) => {
          await lease.revoke().catch(() => undefined);
          throw error;
        });
      if (response.succeeded) return { intent, intentRevision: response.header.revision, lease };
      await lease.revoke().catch(() => undefined);
      if (Date.now() > deadline) throw this.busyError();
      await sleep(50);
    }
  }

  /** Step 3: pieces in transactions of ≤ ~1 MiB, each checking the intent is still ours. */
  private async writePieces(id: string, intentRevision: string, pieces: Buffer[]): Promise<void> {
    let batch: IRequestOp[] = [];
    let bytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const response = await this.client.txn({ compare: [this.revisionCompare(this.layout.intent(), intentRevision)], success: batch });
      if (!response.succeeded) throw this.intentLostError();
      batch = [];
      bytes = 0;
    };
    for (const [index, piece] of pieces.entries()) {
      if (batch.length > 0 && (batch.length >= TXN_MAX_OPS || bytes + piece.length > TXN_MAX_BYTES)) await flush();
      batch.push(put(this.layout.intentPiece(id, index), piece));
      bytes += piece.length;
    }
    await flush();
  }

  /** Step 4: the intent says "apply" (no lease), with the new audit head. Returns its revision. */
  private async commitPoint(
    intent: Intent,
    intentRevision: string,
    pieces: number,
    head: AuditHeadState | null,
    headValue: Buffer,
    writeId: string,
    extra: { compare?: ICompare[]; success?: IRequestOp[]; scopes: Scope[] },
  ): Promise<string> {
    const apply: Intent = { ...intent, state: 'apply', pieces, writeId };
    const txn = {
      compare: [this.revisionCompare(this.layout.intent(), intentRevision), this.revisionCompare(this.layout.auditHead(), head?.modRevision ?? null), ...(extra.compare ?? [])],
      success: [{ request_put: { key: key(this.layout.intent()), value: encodeIntent(apply) } }, put(this.layout.auditHead(), headValue), ...(extra.success ?? [])],
    };
    try {
      const response = await this.client.txn(txn);
      if (!response.succeeded) {
        // A key replaced while this was prepared says so; anything else lost the intent.
        await this.readAccess(extra.scopes);
        this.refuseRotated(extra.scopes);
        throw this.intentLostError();
      }
      return response.header.revision;
    } catch (error) {
      if (!(error instanceof EtcdUnreachableError)) throw error;
      // Unknown outcome: the intent says whether the commit point was passed.
      const kv = await this.client.get(this.layout.intent()).catch(() => undefined);
      const now = kv && decodeIntent(kv.value);
      if (now?.id === intent.id && now.state === 'apply') return kv!.mod_revision;
      throw error;
    }
  }

  /** A prepare that did not reach its commit point: remove the intent and its pieces. */
  private async abandonIntent(id: string, intentRevision: string, lease: { revoke(): Promise<void> }): Promise<void> {
    await this.client
      .txn({
        compare: [this.revisionCompare(this.layout.intent(), intentRevision)],
        success: [
          { request_delete_range: { key: key(this.layout.intent()) } },
          { request_delete_range: { key: key(this.layout.intentPieces(id)), range_end: prefixEnd(this.layout.intentPieces(id)) } },
        ],
      })
      .catch(() => undefined);
    await lease.revoke().catch(() => undefined);
  }

  /** Finishes a large commit someone left in state apply (needs no keys). */
  private async settleIntent(): Promise<Intent | undefined> {
    const response = await this.client.txn({
      success: [
        { request_range: { key: key(this.layout.intent()) } },
        { request_range: { key: key(this.layout.intentsAll()), range_end: prefixEnd(this.layout.intentsAll()), keys_only: true, limit: 1 } },
      ],
    });
    const kv = response.responses[0]?.response_range.kvs[0];
    if (!kv) {
      // Pieces without an intent: a prepare whose writer died and whose lease expired. Nothing
      // of it was applied; remove them (only while there is still no intent).
      if ((response.responses[1]?.response_range.kvs.length ?? 0) > 0) {
        await this.client.txn({
          compare: [{ key: key(this.layout.intent()), target: 'Create', result: 'Equal', create_revision: 0 }],
          success: [{ request_delete_range: { key: key(this.layout.intentsAll()), range_end: prefixEnd(this.layout.intentsAll()) } }],
        });
      }
      return undefined;
    }
    const intent = decodeIntent(kv.value);
    if (intent?.state === 'apply') {
      await rollForward(this.client, this.layout, intent.id, kv.mod_revision);
      this.dirty = 'all';
      return undefined;
    }
    return intent;
  }

  /** Someone else's intent blocks a commit: roll it forward, or wait out its prepare phase. */
  private async waitForIntent(intent: Intent): Promise<void> {
    // A writer that died in its prepare phase is gone once its lease expires.
    const deadline = Date.now() + this.leaseSeconds * 1_000 + PREPARE_WAIT_MS;
    for (;;) {
      const pending = await this.settleIntent();
      if (!pending || pending.id !== intent.id) return;
      if (Date.now() > deadline) throw this.busyError(pending.owner);
      await sleep(50);
    }
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────

  /** The scopes whose keys seal `writes`, plus `_team` (every commit writes the audit head). */
  private scopesOf(writes: KeyWrite[]): Scope[] {
    const scopes = new Set<Scope>([TEAM_SCOPE]);
    for (const write of writes) {
      const scope = this.layout.scopeOf(write.key);
      if (scope) scopes.add(scope);
    }
    return [...scopes].sort();
  }

  /** Reads `access/` rows: all of them, or those of `scopes`. A row it cannot parse counts as generation 0. */
  private async readAccess(scopes?: Scope[]): Promise<void> {
    const rows = new Map(this.access ?? []);
    const kvs =
      scopes === undefined
        ? (await this.client.rangePrefix(this.layout.accessAll())).kvs
        : (await Promise.all(scopes.map((scope) => this.client.get(this.layout.access(scope))))).filter((kv): kv is IKeyValue => kv !== undefined);
    if (scopes === undefined) rows.clear();
    else for (const scope of scopes) rows.delete(scope);
    for (const kv of kvs) {
      const parsed = this.layout.parse(kv.key.toString('utf8'));
      if (parsed?.type !== 'access') continue;
      rows.set(parsed.scope, { revision: kv.mod_revision, generation: accessGeneration(kv.value) });
    }
    this.access = rows;
  }

  /** Refuses to seal with a generation older than the scope's access row names. */
  private refuseRotated(scopes: Scope[]): void {
    for (const scope of scopes) {
      const row = this.access?.get(scope);
      const current = this.keys.current(scope);
      if (row && current && row.generation > current.generation) throw new ScopeRotatedError(scope, row.generation);
    }
  }

  /** Each scope's access row must be as last read (absent rows must stay absent). */
  private accessCompares(scopes: Scope[]): ICompare[] {
    return scopes.map((scope) => this.revisionCompare(this.layout.access(scope), this.access?.get(scope)?.revision ?? null));
  }

  /** Seals a value for its key with the current key of the key's scope. */
  private readonly sealFor: SealFor = (etcdKey, plaintext) => {
    const scope = this.layout.scopeOf(etcdKey);
    const current = scope === undefined ? undefined : this.keys.current(scope);
    if (!scope || !current) throw new ScopeLockedError([scope ?? etcdKey]);
    return sealRecord(current.key, current.generation, etcdKey, plaintext);
  };

  private refuseLocked(request: CommitRequest): void {
    const ids = new Set([...request.changes.map((c) => c.id), ...Object.keys(request.expected)]);
    const locked = new Set<Scope>();
    for (const id of ids) {
      const scope = scopeOfRecord(id);
      if (!this.keys.current(scope) || this.lockedHeads.has(id)) locked.add(scope);
    }
    if (locked.size > 0) throw new ScopeLockedError([...locked].sort());
  }

  /** The stored form of each record a commit replaces, for writing only what changed. */
  private async previousRecords(final: Map<RecordId, VaultRecord | null>, expected: CommitRequest['expected']): Promise<Map<RecordId, VaultRecord>> {
    const prevs = new Map<RecordId, VaultRecord>();
    const missing: RecordId[] = [];
    for (const id of final.keys()) {
      const mirrored = this.mirror.get(id);
      if (mirrored && mirrored.revision === expected[id]) prevs.set(id, mirrored.record);
      else if (expected[id] !== null && parseRecordId(id)?.type === 'secret') missing.push(id);
      else if (expected[id] === null && mirrored) prevs.set(id, mirrored.record);
    }
    for (const id of missing) {
      const fetched = await this.fetchSecret(id);
      if (fetched && 'record' in fetched) prevs.set(id, fetched.record);
    }
    return prevs;
  }

  private recordCompares(expected: CommitRequest['expected']): ICompare[] {
    return Object.entries(expected).map(([id, revision]) => {
      if (id === META_ID && revision === null) {
        // The meta key always exists (it holds the fingerprint key): "no meta record" is the
        // envelope as last read.
        return this.revisionCompare(this.layout.meta(), this.envelope.meta === null ? this.metaRevision : '0');
      }
      if (revision !== null && !/^[1-9][0-9]*$/.test(revision)) return { key: key(this.layout.recordKey(id)), target: 'Mod', result: 'Equal', mod_revision: '0' };
      return this.revisionCompare(this.layout.recordKey(id), revision);
    });
  }

  private revisionCompare(etcdKey: string, revision: string | null): ICompare {
    return revision === null
      ? { key: key(etcdKey), target: 'Create', result: 'Equal', create_revision: 0 }
      : { key: key(etcdKey), target: 'Mod', result: 'Equal', mod_revision: revision };
  }

  /** Current revision of each record (null: absent), the intent, in one consistent read. */
  private async readCompared(ids: RecordId[]): Promise<{ revisions: Map<RecordId, string | null>; intent: Intent | undefined }> {
    const revisions = new Map<RecordId, string | null>();
    const etcdKeys = ids.map((id) => this.layout.recordKey(id));
    let intent: Intent | undefined;
    let revision: string | undefined;
    for (let start = 0; start === 0 || start < etcdKeys.length; start += TXN_MAX_OPS) {
      const slice = etcdKeys.slice(start, start + TXN_MAX_OPS);
      const response = await this.client.txn({
        success: [...slice.map((k) => ({ request_range: { key: key(k), ...(revision && { revision }) } })), { request_range: { key: key(this.layout.intent()) } }],
      });
      revision ??= response.header.revision;
      slice.forEach((k, i) => {
        const kv = response.responses[i]?.response_range.kvs[0];
        const id = ids[start + i]!;
        if (id === META_ID && kv) {
          const { record } = decodeMeta(openRecord(this.keys, TEAM_SCOPE, k, kv.value, this.location), this.location, k);
          revisions.set(id, record ? kv.mod_revision : null);
          if (!record) this.metaRevision = kv.mod_revision;
        } else revisions.set(id, kv ? kv.mod_revision : null);
      });
      const intentKv = response.responses[slice.length]?.response_range.kvs[0];
      intent = intentKv ? decodeIntent(intentKv.value) : undefined;
      if (etcdKeys.length === 0) break;
    }
    return { revisions, intent };
  }

  private staleIds(expected: CommitRequest['expected'], current: Map<RecordId, string | null>): RecordId[] {
    return Object.entries(expected)
      .filter(([id, revision]) => (current.get(id) ?? null) !== revision)
      .map(([id]) => id)
      .sort();
  }

  /** After a dropped connection: wait (bounded) until etcd answers, then look for our write. */
  private async resolveUnknownOutcome(attempts: Attempt[]): Promise<{ attempt: Attempt; revision: string } | undefined | 'unreachable'> {
    const deadline = Date.now() + this.client.overallTimeoutMs;
    for (;;) {
      try {
        return await this.findApplied(attempts);
      } catch (error) {
        if (!(error instanceof EtcdUnreachableError)) throw error;
        if (Date.now() > deadline) return 'unreachable';
        await sleep(100);
      }
    }
  }

  /**
   * An attempt of this commit that was applied after all: the audit head carries its write id,
   * or the unique bytes it put are still there.
   */
  private async findApplied(attempts: Attempt[]): Promise<{ attempt: Attempt; revision: string } | undefined> {
    const head = await this.readAuditHead();
    const byHead = head && attempts.find((a) => a.writeId === head.stored.writeId);
    if (byHead) return { attempt: byHead, revision: head.modRevision };
    // The latest attempt (etcd3 retries a call whose connection dropped, and a retry of a
    // transaction that had committed is refused by its own compares), and any whose answer was
    // lost. An earlier attempt refused and not found then cannot have landed since.
    for (const attempt of attempts.filter((a, i) => a.doubtful || i === attempts.length - 1)) {
      const kv = await this.client.get(attempt.probeKey);
      if (kv?.value.equals(attempt.probeValue)) return { attempt, revision: kv.mod_revision };
    }
    return undefined;
  }

  /** A fresh write id, remembered (the last 10,000) so the watch can tell our own writes. */
  private newWriteId(): string {
    const writeId = randomBytes(12).toString('hex');
    this.ownWriteIds.add(writeId);
    if (this.ownWriteIds.size > 10_000) this.ownWriteIds.delete(this.ownWriteIds.values().next().value!);
    return writeId;
  }

  private nextHead(head: AuditHeadState | null, entries: AuditEntry[], writeId: string, actor: string): StoredAuditHead {
    const last = entries.at(-1);
    return { seq: last?.seq ?? head?.stored.seq ?? 0, hash: last?.hash ?? head?.stored.hash ?? '', writeId, actor };
  }

  private auditHeadCache: AuditHeadState | null | undefined;

  private async auditHeadForWrite(): Promise<AuditHeadState | null> {
    return this.auditHeadCache !== undefined ? this.auditHeadCache : this.readAuditHead();
  }

  private async readAuditHead(): Promise<AuditHeadState | null> {
    const kv = await this.client.get(this.layout.auditHead());
    const head = kv ? { stored: this.decodeHeadKv(kv), modRevision: kv.mod_revision } : null;
    this.auditHeadCache = head;
    return head;
  }

  private decodeHeadKv(kv: IKeyValue): StoredAuditHead {
    const etcdKey = this.layout.auditHead();
    return decodeAuditHead(openRecord(this.keys, TEAM_SCOPE, etcdKey, kv.value, this.location), this.location, etcdKey);
  }

  private async readAuditLog(): Promise<AuditEntry[]> {
    await this.settleIntent();
    const { kvs } = await this.client.rangePrefix(this.layout.auditLog());
    return kvs.map((kv) => this.decodeAuditKv(kv));
  }

  private decodeAuditKv(kv: IKeyValue): AuditEntry {
    const etcdKey = kv.key.toString('utf8');
    return decodeAuditEntry(openRecord(this.keys, TEAM_SCOPE, etcdKey, kv.value, this.location), this.location, etcdKey);
  }

  private busyError(owner?: string): CofferError {
    return new CofferError(
      'locked',
      `${this.location} is in the middle of a large change${owner ? ` by ${owner}` : ''} and stayed busy.`,
      'Wait a few seconds and try again; a change left by a writer that died is cleared once its lease expires (10 s).',
    );
  }

  private intentLostError(): CofferError {
    return new CofferError('io', `${this.location}: a large change took too long and lost its place; nothing was saved.`, 'Try again; if it keeps happening, the connection to etcd is too slow for changes this large.');
  }

  // ── loading ───────────────────────────────────────────────────────────────────────────────

  /** Reads every record at one revision, page by page; chunks are fetched per large value. */
  private async fullLoad(): Promise<void> {
    this.loadStats.full += 1;
    const metaKv = await this.client.range({ key: key(this.layout.meta()) });
    const revision = metaKv.revision;
    const mirror = new Map<RecordId, MirrorEntry>();
    const locked = new Map<RecordId, { scope: Scope; revision: Revision }>();
    this.dirty = new Set();
    const meta = metaKv.kvs[0];
    if (meta) {
      const { envelope, record } = decodeMeta(openRecord(this.keys, TEAM_SCOPE, this.layout.meta(), meta.value, this.location), this.location, this.layout.meta());
      this.envelope = envelope;
      this.metaRevision = meta.mod_revision;
      if (record) mirror.set(META_ID, Object.freeze({ record, revision: meta.mod_revision }));
    }
    // Version values are read per environment, a few at a time, and only for environments this
    // member holds a key for. One range over every version key would be slower: etcd counts the
    // whole remaining range for each page, so paging through 100,000 keys costs O(n²).
    const readScope = async ({ app, env }: { app: string; env: string }) => {
      const [values, chunks] = await Promise.all([this.client.rangePrefix(this.layout.versions(app, env), { revision }), this.fetchChunks(this.layout.chunks(app, env), revision)]);
      return { app, env, values: values.kvs, chunks };
    };
    // The apps name the environments: their versions are read while the heads are paged through,
    // rather than after (on 10,000 secrets the heads alone are 20 pages, one after another).
    const apps = await this.client.rangePrefix(this.layout.apps(), { revision });
    const appRecords: Array<{ id: RecordId; record: VaultRecord; revision: Revision }> = [];
    const scopes = new Map<Scope, { app: string; env: string }>();
    for (const kv of apps.kvs) {
      const etcdKey = kv.key.toString('utf8');
      const id = this.layout.recordIdOf(etcdKey);
      if (!id) continue;
      const record = decodeApp(openRecord(this.keys, TEAM_SCOPE, etcdKey, kv.value, this.location), this.location, etcdKey);
      appRecords.push({ id, record, revision: kv.mod_revision });
      if (record.type !== 'app') continue;
      for (const { name: env } of record.value.envs) {
        const scope = envScope(record.value.name, env);
        if (this.keys.current(scope)) scopes.set(scope, { app: record.value.name, env });
      }
    }
    const [heads, perScope] = await Promise.all([this.client.rangePrefix(this.layout.heads(), { revision }), mapLimit([...scopes.values()], SCOPE_READS_IN_FLIGHT, readScope)]);
    // Heads of an environment no app names (yet) whose key this member holds: read those too.
    const more = new Map<Scope, { app: string; env: string }>();
    for (const kv of heads.kvs) {
      const parsed = this.layout.parse(kv.key.toString('utf8'));
      if (parsed?.type !== 'head') continue;
      const scope = envScope(parsed.app, parsed.env);
      const generation = recordGeneration(kv.value);
      if (!scopes.has(scope) && generation !== undefined && this.keys.key(scope, generation)) more.set(scope, { app: parsed.app, env: parsed.env });
    }
    if (more.size > 0) perScope.push(...(await mapLimit([...more.values()], SCOPE_READS_IN_FLIGHT, readScope)));
    for (const { id, record, revision: appRevision } of appRecords) mirror.set(id, Object.freeze({ record, revision: appRevision }));
    const versionsById = new Map<RecordId, VersionKv[]>();
    const chunks = new Map<string, Buffer>();
    for (const part of perScope) {
      // Every key here is v/<app>/<env>/<key>/<n> of one known environment: split the tail only.
      const prefix = this.layout.versions(part.app, part.env);
      for (const kv of part.values) {
        const etcdKey = kv.key.toString('utf8');
        const tail = etcdKey.slice(prefix.length);
        const slash = tail.indexOf('/');
        const nText = tail.slice(slash + 1);
        if (slash <= 0 || !/^[1-9][0-9]*$/.test(nText)) continue;
        const id = secretId(part.app, part.env, tail.slice(0, slash));
        let list = versionsById.get(id);
        if (!list) versionsById.set(id, (list = []));
        list.push({ key: etcdKey, n: Number(nText), value: kv.value });
      }
      for (const [chunkKey, value] of part.chunks) chunks.set(chunkKey, value);
    }
    for (const kv of heads.kvs) {
      const id = this.layout.recordIdOf(kv.key.toString('utf8'));
      if (!id) continue;
      const entry = this.lazyEntry(id, kv, versionsById.get(id) ?? [], chunks);
      if ('locked' in entry) locked.set(id, { scope: entry.locked, revision: kv.mod_revision });
      else mirror.set(id, entry);
    }
    this.mirror = mirror;
    this.lockedHeads = locked;
    this.loadedRevision = revision;
  }

  /** Re-reads only the records a watch said changed. */
  private async refreshRecords(ids: RecordId[]): Promise<void> {
    for (const id of ids) {
      if (id === META_ID) {
        const kv = await this.client.get(this.layout.meta());
        if (!kv) continue;
        const { envelope, record } = decodeMeta(openRecord(this.keys, TEAM_SCOPE, this.layout.meta(), kv.value, this.location), this.location, this.layout.meta());
        this.envelope = envelope;
        this.metaRevision = kv.mod_revision;
        if (record) this.mirror.set(META_ID, Object.freeze({ record, revision: kv.mod_revision }));
        else this.mirror.delete(META_ID);
        continue;
      }
      const parsed = parseRecordId(id);
      if (parsed?.type === 'app') {
        const etcdKey = this.layout.app(parsed.app);
        const kv = await this.client.get(etcdKey);
        if (kv) this.mirror.set(id, Object.freeze({ record: decodeApp(openRecord(this.keys, TEAM_SCOPE, etcdKey, kv.value, this.location), this.location, etcdKey), revision: kv.mod_revision }));
        else this.mirror.delete(id);
        continue;
      }
      const fetched = await this.fetchSecret(id);
      this.lockedHeads.delete(id);
      this.mirror.delete(id);
      if (fetched && 'locked' in fetched) this.lockedHeads.set(id, { scope: fetched.locked, revision: fetched.revision });
      else if (fetched) this.mirror.set(id, fetched);
    }
  }

  /** One secret as stored now: head, versions and chunks at one revision, opened at once. */
  private async fetchSecret(id: RecordId): Promise<MirrorEntry | { locked: Scope; revision: Revision } | undefined> {
    const parsed = parseRecordId(id);
    if (parsed?.type !== 'secret') return undefined;
    const headKey = this.layout.head(parsed.app, parsed.env, parsed.key);
    const head = await this.client.range({ key: key(headKey) });
    const kv = head.kvs[0];
    if (!kv) return undefined;
    const [versions, chunks] = await Promise.all([
      this.client.rangePrefix(this.layout.versionsOf(parsed.app, parsed.env, parsed.key), { revision: head.revision }),
      this.fetchChunks(this.layout.chunksOf(parsed.app, parsed.env, parsed.key), head.revision),
    ]);
    const versionKvs = versions.kvs.flatMap((version): VersionKv[] => {
      const etcdKey = version.key.toString('utf8');
      const parsedKey = this.layout.parse(etcdKey);
      return parsedKey?.type === 'version' ? [{ key: etcdKey, n: parsedKey.n, value: version.value }] : [];
    });
    const entry = this.lazyEntry(id, kv, versionKvs, chunks);
    if ('locked' in entry) return { locked: entry.locked, revision: kv.mod_revision };
    void entry.record; // a single record: report damage now rather than on first use
    return entry;
  }

  /**
   * The sealed chunks under `prefix` (usually none): names first, then each value on its own,
   * as a response is capped (64 MiB, client.ts) and a chunk is up to 512 KiB.
   */
  private async fetchChunks(prefix: string, revision: string): Promise<Map<string, Buffer>> {
    const chunks = new Map<string, Buffer>();
    const { kvs } = await this.client.rangePrefix(prefix, { revision, keysOnly: true });
    for (const name of kvs) {
      const chunk = (await this.client.range({ key: name.key, revision })).kvs[0];
      if (chunk) chunks.set(chunk.key.toString('utf8'), chunk.value);
    }
    return chunks;
  }

  /**
   * A mirror entry whose record is decrypted, assembled and checked the first time it is read
   * (as the local file's records are parsed): a cold load of 10,000 secrets then costs the
   * ranges, not 110,000 decryptions. A damaged record throws TamperedRecordError (or
   * CorruptVaultError) naming its key when read. A scope without its key is never opened.
   */
  private lazyEntry(id: RecordId, headKv: IKeyValue, versionKvs: VersionKv[], chunks: ReadonlyMap<string, Buffer>): LazyEntry | { locked: Scope } {
    const headKey = headKv.key.toString('utf8');
    const scope = this.layout.scopeOf(headKey)!;
    const generation = recordGeneration(headKv.value);
    if (generation !== undefined && !this.keys.key(scope, generation)) return { locked: scope };
    const { app, env, key: name } = parseRecordIdParts(id);
    const open = (etcdKey: string, value: Buffer) => openRecord(this.keys, scope, etcdKey, value, this.location);
    const location = this.location;
    const layout = this.layout;
    const own = new Map<string, Buffer>();
    for (const [chunkKey, value] of chunks) if (chunkKey.startsWith(layout.chunksOf(app, env, name))) own.set(chunkKey, value);
    return new LazyEntry(headKv.mod_revision, () => {
      const head = decodeHead(open(headKey, headKv.value), location, headKey);
      const wanted = new Set(head.versions.filter((v) => v.state !== 'destroyed').map((v) => v.n));
      const values = new Map<number, string>();
      for (const version of versionKvs) {
        const etcdKey = version.key;
        if (!wanted.has(version.n)) continue;
        const parsed = version;
        const stored = decodeVersionValue(open(etcdKey, version.value), location, etcdKey);
        if ('value' in stored) values.set(parsed.n, stored.value);
        else {
          const parts: Buffer[] = [];
          for (let i = 0; i < stored.chunks; i++) {
            const chunkKey = layout.chunk(app, env, name, parsed.n, i);
            const sealed = own.get(chunkKey);
            if (!sealed) break;
            parts.push(open(chunkKey, sealed));
          }
          values.set(parsed.n, joinChunks(stored, parts, location, etcdKey));
        }
      }
      return assembleSecret(head, values, location, headKey, (n) => layout.version(app, env, name, n));
    });
  }

  // ── watching ──────────────────────────────────────────────────────────────────────────────

  /** Reports changes by other clients (never this one's own writes). */
  watch(listener: (change: ExternalChange) => void): () => void {
    this.listeners.add(listener);
    void this.startWatch().catch(() => undefined);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Starts the watch that keeps the mirror fresh; resolves once it is connected. */
  startWatch(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.watchStarting ??= (async () => {
      const builder = this.client.etcd.watch().prefix(this.layout.prefix);
      if (this.loadedRevision !== undefined) builder.startRevision(String(BigInt(this.loadedRevision) + 1n));
      else this.dirty = 'all';
      const watcher = await this.client.call('watch', () => builder.create());
      if (this.closed) {
        await watcher.cancel().catch(() => undefined);
        return;
      }
      this.watcher = watcher;
      watcher.on('data', (response) => this.onWatchEvents(response.events));
      watcher.on('error', () => {
        // Compacted past our revision, or cancelled: the next load reads everything again.
        this.dirty = 'all';
      });
    })();
    return this.watchStarting;
  }

  private onWatchEvents(events: Array<{ type: string; kv: IKeyValue }>): void {
    const byRevision = new Map<string, IKeyValue[]>();
    for (const event of events) {
      let group = byRevision.get(event.kv.mod_revision);
      if (!group) byRevision.set(event.kv.mod_revision, (group = []));
      group.push(event.kv);
    }
    const teamTypes = new Set<'team' | 'member' | 'request' | 'access' | 'key' | 'personal'>();
    for (const event of events) {
      const type = this.layout.parse(event.kv.key.toString('utf8'))?.type;
      if (type === 'team' || type === 'member' || type === 'request' || type === 'access' || type === 'key' || type === 'personal') teamTypes.add(type);
    }
    if (teamTypes.size > 0) for (const listener of this.teamListeners) listener({ types: [...teamTypes].sort() });
    for (const kvs of byRevision.values()) {
      let own = false;
      let actor: string | undefined;
      let applyingIntent: Intent | undefined;
      const ids = new Set<RecordId>();
      for (const kv of kvs) {
        const etcdKey = kv.key.toString('utf8');
        const parsed = this.layout.parse(etcdKey);
        if (parsed?.type === 'audit-head' && kv.value.length > 0) {
          try {
            const head = this.decodeHeadKv(kv);
            if (this.ownWriteIds.has(head.writeId)) own = true;
            actor = head.actor;
          } catch {
            // Not ours to judge here: the next read reports it.
          }
        }
        if (parsed?.type === 'intent' && kv.value.length > 0) applyingIntent = decodeIntent(kv.value);
        if (parsed?.type === 'intent-piece') {
          if (this.ownIntentIds.has(parsed.id)) own = true;
          // A large commit's records land piece by piece, after the audit head named its actor.
          actor ??= this.intentActors.get(parsed.id);
        }
        if (parsed?.type === 'meta') ids.add(META_ID);
        const id = this.layout.recordIdOf(etcdKey);
        if (id) ids.add(id);
      }
      if (applyingIntent?.state === 'apply' && actor !== undefined) {
        this.intentActors.set(applyingIntent.id, actor);
        if (this.intentActors.size > 100) this.intentActors.delete(this.intentActors.keys().next().value!);
      }
      if (own || ids.size === 0) continue;
      if (this.dirty !== 'all') for (const id of ids) this.dirty.add(id);
      const change: ExternalChange = { ids: [...ids].sort(), ...(actor !== undefined && { actor }) };
      for (const listener of this.listeners) listener(change);
    }
  }

  // ── personal overrides and team rows ───────────────────────────────────────────────────────

  /**
   * `member`'s personal overrides (README: `personal/<member>/<app>/<env>/<key>`), by
   * secretId(app, env, key). Needs the `_personal/<member>` key in the ring.
   */
  async readPersonal(member: string): Promise<Map<RecordId, PersonalOverride>> {
    const scope = personalScope(member);
    const { kvs } = await this.client.rangePrefix(this.layout.personalOf(member));
    const overrides = new Map<RecordId, PersonalOverride>();
    for (const kv of kvs) {
      const etcdKey = kv.key.toString('utf8');
      const parsed = this.layout.parse(etcdKey);
      if (parsed?.type !== 'personal') continue;
      overrides.set(secretId(parsed.app, parsed.env, parsed.key), decodePersonal(openRecord(this.keys, scope, etcdKey, kv.value, this.location), this.location, etcdKey));
    }
    return overrides;
  }

  /** Sets (or, with null, removes) `member`'s personal value for app/env/key. */
  async setPersonal(member: string, app: string, env: string, key: string, value: string | null): Promise<void> {
    const etcdKey = this.layout.personal(member, app, env, key);
    if (value === null) {
      await this.client.txn({ success: [{ request_delete_range: { key: Buffer.from(etcdKey, 'utf8') } }] });
      return;
    }
    const sealed = this.sealFor(etcdKey, encodePersonal({ value, updatedAt: this.now().toISOString() }));
    await this.client.txn({ success: [put(etcdKey, sealed)] });
  }

  /**
   * Reports that team rows changed — `team`, `members/`, `requests/`, `access/`, `keys/` or
   * `personal/` — as the watch sees them (this client's own changes included), so membership
   * views can re-read them. Starts the watch.
   */
  onTeamRowsChange(listener: (change: { types: Array<'team' | 'member' | 'request' | 'access' | 'key' | 'personal'> }) => void): () => void {
    this.teamListeners.add(listener);
    void this.startWatch().catch(() => undefined);
    return () => {
      this.teamListeners.delete(listener);
    };
  }

  // ── connection ────────────────────────────────────────────────────────────────────────────

  /** online / degraded / offline, with how many endpoints are down. */
  connectionState(): ConnectionState {
    return this.monitor.state;
  }

  /** Reports connection changes (and the current state once, soon after subscribing). */
  onConnectionState(listener: (state: ConnectionState) => void): () => void {
    return this.monitor.subscribe(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.teamListeners.clear();
    this.monitor.close();
    // Bounded: with the cluster frozen, cancelling a watch waits for an answer that never comes.
    const bound = this.client.callTimeoutMs;
    await withinMs((this.watchStarting ?? Promise.resolve()).catch(() => undefined), bound);
    await withinMs(this.watcher?.cancel().catch(() => undefined) ?? Promise.resolve(), bound);
    await this.client.close();
  }
}

/**
 * A loaded record opened on first read. `record` is an own, enumerable getter, so spreading,
 * cloning or comparing an entry behaves like a plain `{ record, revision }`; the sealed bytes are
 * dropped once it has been opened.
 */
class LazyEntry {
  #open: (() => VaultRecord) | undefined;
  #record: VaultRecord | undefined;
  declare readonly record: VaultRecord;
  readonly revision: Revision;

  constructor(revision: Revision, open: () => VaultRecord) {
    this.#open = open;
    Object.defineProperty(this, 'record', LAZY_RECORD);
    this.revision = revision;
    Object.freeze(this);
  }

  static recordOf(entry: LazyEntry): VaultRecord {
    if (entry.#record === undefined) {
      entry.#record = entry.#open!();
      entry.#open = undefined;
    }
    return entry.#record;
  }
}

const LAZY_RECORD: PropertyDescriptor = {
  enumerable: true,
  get(this: LazyEntry) {
    return LazyEntry.recordOf(this);
  },
};

/** A version value key as read: its key, version number and sealed bytes. */
interface VersionKv {
  key: string;
  n: number;
  value: Buffer;
}

interface AuditHeadState {
  stored: StoredAuditHead;
  modRevision: string;
}

function accessGeneration(bytes: Buffer): number {
  try {
    const generation = (JSON.parse(bytes.toString('utf8')) as { generation?: unknown }).generation;
    return Number.isSafeInteger(generation) && (generation as number) >= 1 ? (generation as number) : 0;
  } catch {
    return 0;
  }
}

function scopeOfRecord(id: RecordId): Scope {
  const parsed = parseRecordId(id);
  return parsed?.type === 'secret' ? envScope(parsed.app, parsed.env) : TEAM_SCOPE;
}

function parseRecordIdParts(id: RecordId): { app: string; env: string; key: string } {
  const parsed = parseRecordId(id);
  if (parsed?.type !== 'secret') throw new Error(`not a secret id: ${id}`);
  return parsed;
}

function key(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

function put(etcdKey: string, value: Buffer): IRequestOp {
  return { request_put: { key: key(etcdKey), value } };
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Waits for `promise`, or `ms`, whichever comes first. */
async function withinMs(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
