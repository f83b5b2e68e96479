// VaultState.secrets for a loaded vault: a read-only Record<RecordId, Secret> whose values are
// read from the repository's records on first access.
//
// Why: opening a 10,000-secret vault to draw one environment (or to `coffer get` one key) used
// to parse, validate and freeze all 100,000 versions first. Here the keys are the record ids
// (listing, counting and `in` read nothing), and a secret's record is read — parsed, validated
// and frozen by the store — the first time its value is read. Spreads, Object.values/entries
// and JSON read every value, and so materialise everything, as a plain object would.
//
// Why a Proxy and not one getter per property: defining 10,000 accessors costs ~10–25 ms and
// copying them on every commit more; here opening costs one pass over the ids, and a commit
// layers its changes over the loaded records (O(changes), not O(secrets)).
//
// It is read-only: assigning, defining or deleting a property throws (ES modules are strict),
// so the state cannot be edited in place; applyChanges makes the next one.
import { CofferError } from './errors.js';
import { parseRecordId } from './ids.js';
import type { Secret } from './model.js';
import type { LoadedVault, RecordId } from './ports.js';

type Secrets = Record<RecordId, Secret>;

export const SECRET_ID_PREFIX = 'secret:';

interface Table {
  has(id: string): boolean;
  /** Reads (and keeps) the secret; throws the repository's error for a bad record. */
  get(id: string): Secret | undefined;
  /** Ids in the order a plain object would list them. */
  keys(): readonly string[];
}

/** The secret records of a loaded vault, each read on first access. */
class LoadedTable implements Table {
  private readonly read = new Map<RecordId, Secret>();

  #keys: string[] | undefined;

  constructor(private readonly records: ReadonlyMap<RecordId, LoadedEntry>) {}

  has(id: string): boolean {
    return this.records.has(id);
  }

  get(id: string): Secret | undefined {
    const known = this.read.get(id);
    if (known) return known;
    const entry = this.records.get(id);
    if (!entry) return undefined;
    const secret = checkedSecret(id, entry.record); // the repository parses and validates here, or throws
    this.read.set(id, secret);
    return secret;
  }

  keys(): readonly string[] {
    this.#keys ??= [...this.records.keys()];
    return this.#keys;
  }
}

/** A loaded table with the changes committed since the load (null: deleted). */
class ChangedTable implements Table {
  #keys: string[] | undefined;

  constructor(
    readonly base: LoadedTable,
    readonly changes: ReadonlyMap<RecordId, Secret | null>,
  ) {}

  has(id: string): boolean {
    const changed = this.changes.get(id);
    return changed === undefined ? this.base.has(id) : changed !== null;
  }

  get(id: string): Secret | undefined {
    const changed = this.changes.get(id);
    return changed === undefined ? this.base.get(id) : (changed ?? undefined);
  }

  keys(): readonly string[] {
    // Like a plain object: kept ids stay where they were, new ones come last in order of arrival.
    this.#keys ??= [
      ...this.base.keys().filter((id) => this.changes.get(id) !== null),
      ...[...this.changes].filter(([id, secret]) => secret !== null && !this.base.has(id)).map(([id]) => id),
    ];
    return this.#keys;
  }
}

const tables = new WeakMap<object, LoadedTable | ChangedTable>();

type LoadedEntry = LoadedVault['records'] extends Map<RecordId, infer E> ? E : never;

/** Secrets read on first access from `records` (secret ids only; the map becomes the state's). */
export function lazySecrets(records: ReadonlyMap<RecordId, LoadedEntry>): Secrets {
  return asRecord(new LoadedTable(records));
}

/**
 * `secrets` with `changes` applied (null deletes), keeping unread secrets unread; undefined when
 * `secrets` is not a lazy record (a plain object is copied by the caller as before).
 */
export function withSecretChanges(secrets: Secrets, changes: ReadonlyMap<RecordId, Secret | null>): Secrets | undefined {
  const table = tables.get(secrets);
  if (!table) return undefined;
  if (table instanceof LoadedTable) return asRecord(new ChangedTable(table, changes));
  // One layer over the loaded records, whatever the number of commits since.
  return asRecord(new ChangedTable(table.base, new Map([...table.changes, ...changes])));
}

/**
 * The ids in `secrets`, reading nothing. Prefer it to Object.keys on a large state: on the lazy
 * record, Object.keys asks for each property's descriptor (one trap call per secret).
 */
export function secretIds(secrets: Secrets): readonly RecordId[] {
  return tables.get(secrets)?.keys() ?? Object.keys(secrets);
}

function asRecord(table: LoadedTable | ChangedTable): Secrets {
  const own = (key: string | symbol): key is string => typeof key === 'string' && table.has(key);
  const secrets = new Proxy<Secrets>(
    {},
    {
      get: (target, key, receiver) => (own(key) ? table.get(key) : Reflect.get(target, key, receiver)),
      has: (target, key) => own(key) || Reflect.has(target, key),
      ownKeys: () => [...table.keys()],
      // An accessor, so that for…in and hasOwnProperty do not read the record; spreads and
      // Object.entries then read it through get, as they read a plain object's values.
      getOwnPropertyDescriptor: (_target, key) => (own(key) ? { get: () => table.get(key), enumerable: true, configurable: true } : undefined),
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
      setPrototypeOf: () => false,
      preventExtensions: () => false,
    },
  );
  tables.set(secrets, table);
  return secrets;
}

/** The secret a record under `id` holds; an integrity error when it holds anything else. */
function checkedSecret(id: RecordId, record: LoadedEntry['record']): Secret {
  const parsed = parseRecordId(id);
  if (parsed?.type !== 'secret') throw new CofferError('integrity', `The vault's record ${JSON.stringify(id)} has the id of no secret.`);
  if (record.type !== 'secret') {
    throw new CofferError('integrity', `The vault's record ${id} holds ${record.type === 'app' ? 'an' : 'a'} ${record.type} record, not a secret.`);
  }
  const { app, env, key } = record.value;
  if (app !== parsed.app || env !== parsed.env || key !== parsed.key) {
    throw new CofferError('integrity', `The vault's record ${id} holds the secret of another address.`);
  }
  return record.value;
}
