// Derived data: the four lists (filtered) and what is selected in each, from UiState. Memoised
// on references (the vault's records are replaced, never mutated), so a keystroke in a 10,000
// secret environment does not re-sort or re-filter anything.
import { listApps, secretId, secretIds } from '../../domain/index.js';
import type { App, Environment, Secret, VaultState, Version } from '../../domain/index.js';
import type { ColumnId, Path, UiState } from './types.js';

// ---- indexes over the vault, rebuilt only when its records change -----------------------------

const appLists = new WeakMap<VaultState['apps'], App[]>();
const secretIndexes = new WeakMap<VaultState['secrets'], Map<string, Secret[]>>();
/**
 * The ids behind each group's list; `exact` when every id is secretId(app, env, key) of its own
 * secret, so a key can be found among the ids without reading any secret.
 */
const groupIds = new WeakMap<Secret[], { ids: readonly string[]; exact: boolean }>();
const newestFirst = new WeakMap<Secret, Version[]>();

const SECRET_PREFIX = secretId('', '', '').slice(0, -2);

/** The key of an environment's group: its secrets' ids without the key. */
function scope(app: string, env: string): string {
  return secretId(app, env, '');
}

export function allApps(vault: VaultState): App[] {
  let list = appLists.get(vault.apps);
  if (!list) {
    list = listApps(vault);
    appLists.set(vault.apps, list);
  }
  return list;
}

/**
 * Every secret grouped by app and environment, each group sorted by key. One pass per vault, over
 * record ids only: a group is a list whose items are read from the vault when first looked at,
 * so a 10,000-secret environment costs its visible rows (see domain/lazy-secrets.ts).
 */
function secretIndex(vault: VaultState): Map<string, Secret[]> {
  let index = secretIndexes.get(vault.secrets);
  if (!index) {
    const groups = new Map<string, string[]>();
    const odd: string[] = [];
    for (const id of secretIds(vault.secrets)) {
      const name = scopeOfId(id);
      if (name === undefined) {
        odd.push(id);
        continue;
      }
      const group = groups.get(name);
      if (group) group.push(id);
      else groups.set(name, [id]);
    }
    // Ids of one group differ only in their key, so sorting ids sorts by key.
    for (const group of groups.values()) group.sort();
    // An id that names no secret is placed by what its record says: reading it reports it.
    const oddGroups = new Set<string>();
    for (const id of odd) {
      const secret = vault.secrets[id]!;
      const name = scope(secret.app, secret.env);
      oddGroups.add(name);
      const group = [...(groups.get(name) ?? []), id];
      groups.set(name, group.sort((a, b) => compareKeys(vault.secrets[a]!.key, vault.secrets[b]!.key)));
    }
    index = new Map(
      [...groups].map(([name, ids]) => {
        const list = readOnFirstLook(vault.secrets, ids);
        groupIds.set(list, { ids, exact: !oddGroups.has(name) });
        return [name, list];
      }),
    );
    secretIndexes.set(vault.secrets, index);
  }
  return index;
}

/** `secret:APP/ENV/` of a well-formed `secret:APP/ENV/KEY` id (as scope() makes it), else undefined. */
function scopeOfId(id: string): string | undefined {
  if (!id.startsWith(SECRET_PREFIX)) return undefined;
  const envStart = id.indexOf('/', SECRET_PREFIX.length) + 1;
  const keyStart = envStart > 0 ? id.indexOf('/', envStart) + 1 : 0;
  const wellFormed = envStart > SECRET_PREFIX.length + 1 && keyStart > envStart + 1 && keyStart < id.length && !id.includes('/', keyStart);
  return wellFormed ? id.slice(0, keyStart) : undefined;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `secrets[ids[i]]` for each i, as an array whose items are read only when accessed: slicing the
 * visible rows reads those rows, `length` reads nothing, filter and findIndex read what they scan.
 */
function readOnFirstLook(secrets: VaultState['secrets'], ids: readonly string[]): Secret[] {
  const item = (key: string | symbol): string | undefined => (typeof key === 'string' && Object.hasOwn(ids, key) && key !== 'length' ? ids[Number(key)] : undefined);
  return new Proxy(ids as unknown as Secret[], {
    get(target, key, receiver) {
      const id = item(key);
      return id === undefined ? Reflect.get(target, key, receiver) : secrets[id];
    },
    getOwnPropertyDescriptor(target, key) {
      const id = item(key);
      return id === undefined ? Reflect.getOwnPropertyDescriptor(target, key) : { value: secrets[id], writable: false, enumerable: true, configurable: true };
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

export function secretsOf(vault: VaultState, app: string, env: string): Secret[] {
  return secretIndex(vault).get(scope(app, env)) ?? [];
}

export function versionsNewestFirst(secret: Secret): Version[] {
  let list = newestFirst.get(secret);
  if (!list) {
    list = [...secret.versions].reverse();
    newestFirst.set(secret, list);
  }
  return list;
}

// ---- filters ----------------------------------------------------------------------------------

function includes(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle);
}

export const matchers = {
  apps: (app: App, q: string) => includes(app.name, q) || includes(app.description, q),
  envs: (env: Environment, q: string) => includes(env.name, q),
  /** Key, tag or path, as the operator is likely to remember a secret. */
  secrets: (secret: Secret, q: string) =>
    includes(secret.key, q) || secret.tags.some((tag) => includes(tag, q)) || includes(secret.path, q),
  versions: (version: Version, q: string) =>
    includes(`v${version.n}`, q) || includes(version.state, q) || includes(version.author, q) || includes(version.origin.type, q),
};

/** One-slot memo per column: typing a filter re-filters once per character, not per frame. */
function memoFilter<T>(match: (item: T, q: string) => boolean): (list: T[], filter: string) => T[] {
  let last: { list: T[]; filter: string; result: T[] } | undefined;
  return (list, filter) => {
    const q = filter.trim().toLowerCase();
    if (!q) return list;
    if (last && last.list === list && last.filter === q) return last.result;
    const result = list.filter((item) => match(item, q));
    last = { list, filter: q, result };
    return result;
  };
}

const filterApps = memoFilter(matchers.apps);
const filterEnvs = memoFilter(matchers.envs);
const filterSecrets = memoFilter(matchers.secrets);
const filterVersions = memoFilter(matchers.versions);

// ---- the selection chain ----------------------------------------------------------------------

export interface Derived {
  apps: App[];
  app?: App;
  envs: Environment[];
  env?: Environment;
  secrets: Secret[];
  secret?: Secret;
  versions: Version[];
  version?: Version;
}

const derivedCache = new WeakMap<UiState, Derived>();

/** The lists as shown (filters applied) and the item under each cursor. */
export function derive(state: UiState): Derived {
  const cached = derivedCache.get(state);
  if (cached) return cached;
  const { lists, vault } = state;
  const apps = filterApps(allApps(vault), lists.apps.filter);
  const app = apps[lists.apps.cursor];
  const envs = app ? filterEnvs(app.envs, lists.envs.filter) : [];
  const env = envs[lists.envs.cursor];
  const secrets = app && env ? filterSecrets(secretsOf(vault, app.name, env.name), lists.secrets.filter) : [];
  const secret = secrets[lists.secrets.cursor];
  const versions = secret ? filterVersions(versionsNewestFirst(secret), lists.versions.filter) : [];
  const version = versions[lists.versions.cursor];
  const derived: Derived = { apps, envs, secrets, versions };
  if (app) derived.app = app;
  if (env) derived.env = env;
  if (secret) derived.secret = secret;
  if (version) derived.version = version;
  derivedCache.set(state, derived);
  return derived;
}

export function columnLength(state: UiState, column: ColumnId): number {
  const d = derive(state);
  return { apps: d.apps, envs: d.envs, secrets: d.secrets, versions: d.versions }[column].length;
}

/** The selection by name. */
export function currentPath(state: UiState): Path {
  const d = derive(state);
  const path: Path = {};
  if (d.app) path.app = d.app.name;
  if (d.env) path.env = d.env.name;
  if (d.secret) path.key = d.secret.key;
  if (d.version) path.version = d.version.n;
  return path;
}

/** Index of the row matching a name in one column's list as shown, or -1. */
export function indexIn(state: UiState, column: ColumnId, name: string | number | undefined): number {
  if (name === undefined) return -1;
  const d = derive(state);
  switch (column) {
    case 'apps':
      return d.apps.findIndex((a) => a.name === name);
    case 'envs':
      return d.envs.findIndex((e) => e.name === name);
    case 'secrets': {
      // Unfiltered, the list is an environment's group: look the key up among its ids, reading no
      // secret (after a reload none is read yet, and findIndex would read every row before it).
      const group = groupIds.get(d.secrets);
      if (group?.exact && d.app && d.env) return group.ids.indexOf(secretId(d.app.name, d.env.name, String(name)));
      return d.secrets.findIndex((s) => s.key === name);
    }
    case 'versions':
      return d.versions.findIndex((v) => v.n === name);
  }
}
