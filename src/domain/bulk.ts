// Writes to several secrets as one Mutation, so they commit atomically with check-and-set on
// every record: importing a .env file, rotating several marked secrets together, copying a value
// from one environment to another. Either all the new versions land or none does.
import { InvalidInputError } from './errors.js';
import { secretId } from './ids.js';
import type { Mutation, SetSecretInput } from './operations.js';
import { setSecret } from './operations.js';
import type { VaultState } from './model.js';
import type { Context } from './ports.js';
import { currentValue, currentVersion, findApp, findEnv } from './queries.js';

/**
 * One new version per write, all in one mutation. Each write follows setSecret's rules (names,
 * value limits, sealed types, expectedVersion); any refusal fails the whole batch. A secret may
 * appear only once: two writes to it in one batch would make the second one's check-and-set
 * meaningless.
 */
export function setMany(state: VaultState, ctx: Context, writes: readonly SetSecretInput[]): Mutation {
  const seen = new Set<string>();
  const mutation: Mutation = { changes: [], reads: [], audit: [] };
  for (const write of writes) {
    const id = secretId(write.app, write.env, write.key);
    if (seen.has(id)) throw new InvalidInputError(`${write.app}/${write.env}/${write.key} is written twice in one batch.`);
    seen.add(id);
    const one = setSecret(state, ctx, write);
    mutation.changes.push(...one.changes);
    for (const read of one.reads) if (!mutation.reads.includes(read)) mutation.reads.push(read);
    mutation.audit.push(...one.audit);
  }
  return mutation;
}

export interface ImportEntry {
  key: string;
  value: string;
}

export interface ImportOptions {
  /**
   * Validate and classify exactly as a real import would, but return an empty mutation, so a
   * dry run that passes means the real one will (barring concurrent writers).
   */
  dryRun?: boolean;
}

export interface ImportResult {
  mutation: Mutation;
  /** Keys with no secret in the environment yet. */
  added: string[];
  /** Keys whose current value differs (or whose current version is deleted/destroyed). */
  changed: string[];
  /** Keys whose live current value is already exactly this: no new version. */
  unchanged: string[];
}

/**
 * Imports key/value pairs into one app environment (the app's own secrets; shared ones are not
 * consulted). Each added or changed key becomes a new version with origin "import", expecting the
 * version it was compared against; unchanged keys are left alone. Lists keep the entries' order.
 */
export function importEnvironment(
  state: VaultState,
  ctx: Context,
  app: string,
  env: string,
  entries: readonly ImportEntry[],
  options: ImportOptions = {},
): ImportResult {
  findEnv(findApp(state, app), env);
  const result: ImportResult = { mutation: { changes: [], reads: [], audit: [] }, added: [], changed: [], unchanged: [] };
  const writes: SetSecretInput[] = [];
  for (const { key, value } of entries) {
    const existing = state.secrets[secretId(app, env, key)];
    const current = existing ? currentVersion(existing) : undefined;
    if (existing && currentValue(existing) === value) {
      result.unchanged.push(key);
      continue;
    }
    (current ? result.changed : result.added).push(key);
    writes.push({ app, env, key, value, expectedVersion: current?.n ?? 0, origin: { type: 'import' } });
  }
  const mutation = setMany(state, ctx, writes);
  if (!options.dryRun) result.mutation = mutation;
  return result;
}
