// A VaultSession is an opened vault: the state as last loaded, the revision of every record, and
// the repository to commit to. It is the one place where an operation's Mutation becomes a
// check-and-set commit, so the CLI and the TUI share exactly the same write path.
import { ConflictError } from './errors.js';
import { parseRecordId } from './ids.js';
import type { Mutation } from './operations.js';
import type { AuditEntry, VaultState } from './model.js';
import type { CommitResult, Context, ExternalChange, LoadedVault, RecordChange, RecordId, Revision, VaultRepository } from './ports.js';
import { applyChanges, stateFromRecords } from './state.js';

export type SessionListener = (event: SessionEvent) => void;

export type SessionEvent =
  | { type: 'committed'; audit: AuditEntry[] }
  | { type: 'reloaded'; external?: ExternalChange };

/** A record that belongs under its id (the full load is the one that reports those that do not). */
function isConsistent({ id, record }: RecordChange): boolean {
  const parsed = parseRecordId(id);
  if (!parsed) return false;
  if (parsed.type === 'meta') return record?.type === 'meta';
  if (!record) return true;
  if (parsed.type === 'app') return record.type === 'app' && record.value.name === parsed.app;
  return record.type === 'secret' && record.value.app === parsed.app && record.value.env === parsed.env && record.value.key === parsed.key;
}

export class VaultSession {
  #state: VaultState;
  #revisions: Map<RecordId, Revision>;
  #listeners = new Set<SessionListener>();
  #unwatch: (() => void) | undefined;
  /** The reload in progress (or done): the next one starts after it. */
  #reloads: Promise<void> = Promise.resolve();
  /** A reload waiting for the one in progress, which later asks join. */
  #next: { changes: (ExternalChange | undefined)[]; done: Promise<void> } | undefined;

  private constructor(
    readonly repository: VaultRepository,
    readonly context: Context,
    state: VaultState,
    revisions: Map<RecordId, Revision>,
  ) {
    this.#state = state;
    this.#revisions = revisions;
  }

  static async open(repository: VaultRepository, context: Context): Promise<VaultSession> {
    const { state, revisions } = stateFromRecords(await repository.load());
    return new VaultSession(repository, context, state, revisions);
  }

  get state(): VaultState {
    return this.#state;
  }

  revision(id: RecordId): Revision | undefined {
    return this.#revisions.get(id);
  }

  /**
   * Builds a mutation from the current state and commits it, expecting every record it touches
   * or read to be unchanged since this session loaded it. On a conflict nothing is written and
   * the ConflictError propagates; call reload() and decide again.
   */
  async apply(build: (state: VaultState, context: Context) => Mutation): Promise<CommitResult> {
    const mutation = build(this.#state, this.context);
    const expected: Record<RecordId, Revision | null> = {};
    for (const id of [...mutation.reads, ...mutation.changes.map((c) => c.id)]) {
      expected[id] = this.#revisions.get(id) ?? null;
    }
    const result = await this.repository.commit({
      changes: mutation.changes,
      expected,
      audit: mutation.audit,
      actor: this.context.actor,
    });
    this.#state = applyChanges(this.#state, mutation.changes);
    for (const change of mutation.changes) {
      if (change.record === null) this.#revisions.delete(change.id);
    }
    for (const [id, revision] of Object.entries(result.revisions)) this.#revisions.set(id, revision);
    this.#emit({ type: 'committed', audit: result.audit });
    return result;
  }

  /** Like apply, but on a conflict reloads first so the caller can show the newer state. */
  async applyOrReload(build: (state: VaultState, context: Context) => Mutation): Promise<CommitResult> {
    try {
      return await this.apply(build);
    } catch (error) {
      if (error instanceof ConflictError) await this.reload();
      throw error;
    }
  }

  /**
   * Loads the vault again. Reloads run one at a time, in order, so an older load never lands
   * after a newer one (a teammate's large commit arrives as a burst of watch events); the ones
   * asked for while a load waits share it, and each is reported once it is in.
   */
  reload(external?: ExternalChange): Promise<void> {
    if (this.#next) {
      this.#next.changes.push(external);
      return this.#next.done;
    }
    const batch: { changes: (ExternalChange | undefined)[]; done: Promise<void> } = { changes: [external], done: Promise.resolve() };
    batch.done = this.#reloads.then(() => {
      this.#next = undefined; // what arrives from now on waits for the next load
      return this.#loadNow(batch.changes);
    });
    this.#next = batch;
    this.#reloads = batch.done.catch(() => undefined);
    return batch.done;
  }

  async #loadNow(changes: (ExternalChange | undefined)[]): Promise<void> {
    const loaded = await this.repository.load();
    if (!this.#applyChangedRecords(loaded)) {
      const { state, revisions } = stateFromRecords(loaded);
      this.#state = state;
      this.#revisions = revisions;
    }
    for (const external of changes) this.#emit(external ? { type: 'reloaded', external } : { type: 'reloaded' });
  }

  /**
   * Brings the state up to `loaded` by the records whose revision moved, keeping everything else
   * — the secrets already read among it — as it was: a teammate's one change to a 10,000-secret
   * vault costs one comparison per record, not a new state whose every row is read again. False
   * (nothing changed here) when most records moved or a changed record cannot be read; the
   * caller then builds the state afresh, which defers a damaged record to its first look.
   */
  #applyChangedRecords(loaded: LoadedVault): boolean {
    const changes: RecordChange[] = [];
    for (const [id, entry] of loaded.records) {
      if (this.#revisions.get(id) !== entry.revision) changes.push({ id, record: null });
    }
    for (const id of this.#revisions.keys()) if (!loaded.records.has(id)) changes.push({ id, record: null });
    if (changes.length > loaded.records.size / 2) return false;
    let state: VaultState;
    try {
      for (const change of changes) change.record = loaded.records.get(change.id)?.record ?? null;
      if (!changes.every(isConsistent)) return false;
      state = applyChanges(this.#state, changes);
    } catch {
      return false;
    }
    this.#state = state;
    for (const { id } of changes) {
      const entry = loaded.records.get(id);
      if (entry) this.#revisions.set(id, entry.revision);
      else this.#revisions.delete(id);
    }
    return true;
  }

  fingerprint(value: string): string {
    return this.repository.fingerprint(value);
  }

  /** Listens to commits and reloads; starts watching the repository for others' changes. */
  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    if (!this.#unwatch && this.repository.watch) {
      this.#unwatch = this.repository.watch((change) => {
        void this.reload(change).catch(() => undefined);
      });
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0 && this.#unwatch) {
        this.#unwatch();
        this.#unwatch = undefined;
      }
    };
  }

  async close(): Promise<void> {
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#listeners.clear();
    await this.repository.close();
  }

  #emit(event: SessionEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
