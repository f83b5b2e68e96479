// Vault operations as pure functions: (state, context, input) → Mutation. A mutation lists the
// records to put or delete, the records it read and relied on, and value-free audit drafts. It
// changes nothing by itself: VaultSession commits it through the repository with
// check-and-set revisions. Rules follow HashiCorp Vault's KV v2, which operators know.
import { AlreadyExistsError, ConflictError, InvalidInputError, RefusedError } from './errors.js';
import { appId, META_ID, secretId } from './ids.js';
import type {
  App,
  AuditDraft,
  Origin,
  Purpose,
  RotationPolicy,
  Secret,
  SecretKind,
  SecretType,
  VaultMeta,
  VaultSettings,
  VaultState,
  Version,
} from './model.js';
import {
  DEFAULT_ENVIRONMENTS,
  DEFAULT_MAX_VERSIONS,
  DEFAULT_PATH,
  DEFAULT_PROTECTED,
  DEFAULT_SETTINGS,
  PURPOSES,
  SECRET_KINDS,
  SECRET_TYPES,
  SHARED_SCOPE,
} from './model.js';
import { quoteName, validateAppName, validateEnvName, validateKeyName, validatePath, validateTag } from './names.js';
import type { Context, RecordChange, RecordId } from './ports.js';
import {
  currentVersion,
  deleteVersionDisabledReason,
  destroyDisabledReason,
  findApp,
  findEnv,
  findSecret,
  findVersion,
  listSecrets,
  rollbackDisabledReason,
  undeleteDisabledReason,
} from './queries.js';

export interface Mutation {
  changes: RecordChange[];
  /** Records the operation relied on without changing them; a concurrent change to one is a conflict. */
  reads: RecordId[];
  audit: AuditDraft[];
}

const MAX_VALUE_BYTES = 4 * 1024 * 1024;
const MAX_VERSIONS_CAP = 100;

function stamp(ctx: Context): string {
  return ctx.now().toISOString();
}

// ---- vault ------------------------------------------------------------------------------

/** The records of a brand-new vault: its metadata and the shared scope. */
export function newVaultRecords(ctx: Context, vaultId: string): RecordChange[] {
  const at = stamp(ctx);
  const meta: VaultMeta = { vaultId, createdAt: at, settings: { ...DEFAULT_SETTINGS } };
  const shared: App = {
    name: SHARED_SCOPE,
    description: 'Secrets every app inherits, per environment',
    envs: DEFAULT_ENVIRONMENTS.map((name) => ({ name, protected: isDefaultProtected(name) })),
    createdAt: at,
  };
  return [
    { id: META_ID, record: { type: 'meta', value: meta } },
    { id: appId(SHARED_SCOPE), record: { type: 'app', value: shared } },
  ];
}

export function updateSettings(state: VaultState, patch: Partial<VaultSettings>): Mutation {
  const settings = { ...state.meta.settings };
  for (const [name, value] of Object.entries(patch) as [keyof VaultSettings, number][]) {
    if (!Number.isInteger(value) || value < 1 || value > 86_400) {
      throw new InvalidInputError(`Setting ${name} must be a whole number from 1 to 86400.`);
    }
    settings[name] = value;
  }
  return {
    changes: [{ id: META_ID, record: { type: 'meta', value: { ...state.meta, settings } } }],
    reads: [],
    audit: [{ action: 'vault.settings', detail: Object.keys(patch).join(', ') }],
  };
}

// ---- apps and environments ------------------------------------------------------------

function isDefaultProtected(env: string): boolean {
  return (DEFAULT_PROTECTED as readonly string[]).includes(env);
}

export interface AddAppInput {
  name: string;
  description?: string;
  /** Defaults to development, staging, production (production protected). */
  envs?: string[];
}

export function addApp(state: VaultState, ctx: Context, input: AddAppInput): Mutation {
  const name = validateAppName(input.name);
  if (state.apps[name]) throw new AlreadyExistsError(`App ${quoteName(name)} already exists.`);
  const envNames = input.envs?.length ? input.envs : [...DEFAULT_ENVIRONMENTS];
  const seen = new Set<string>();
  for (const env of envNames) {
    validateEnvName(env);
    if (seen.has(env)) throw new InvalidInputError(`Environment ${quoteName(env)} is listed twice.`);
    seen.add(env);
  }
  const app: App = {
    name,
    description: input.description ?? '',
    envs: envNames.map((env) => ({ name: env, protected: isDefaultProtected(env) })),
    createdAt: stamp(ctx),
  };
  return {
    changes: [{ id: appId(name), record: { type: 'app', value: app } }],
    reads: [],
    audit: [{ action: 'app.add', app: name, detail: `envs ${envNames.join(', ')}` }],
  };
}

export function updateApp(state: VaultState, name: string, patch: { description?: string }): Mutation {
  const app = findApp(state, name);
  return {
    changes: [{ id: appId(name), record: { type: 'app', value: { ...app, ...patch } } }],
    reads: [],
    audit: [{ action: 'app.update', app: name }],
  };
}

/** Removes an app with every environment, secret and version it holds. */
export function removeApp(state: VaultState, name: string): Mutation {
  const app = findApp(state, name);
  if (app.name === SHARED_SCOPE) {
    throw new RefusedError('The shared scope cannot be removed.', 'Remove its environments or secrets instead.');
  }
  const secretChanges = app.envs.flatMap((env) =>
    listSecrets(state, name, env.name).map((s) => ({ id: secretId(name, env.name, s.key), record: null })),
  );
  return {
    changes: [...secretChanges, { id: appId(name), record: null }],
    reads: [],
    audit: [{ action: 'app.remove', app: name, detail: `${secretChanges.length} secrets` }],
  };
}

export function addEnv(
  state: VaultState,
  appName: string,
  envName: string,
  options: { protected?: boolean } = {},
): Mutation {
  const app = findApp(state, appName);
  const name = validateEnvName(envName);
  if (app.envs.some((e) => e.name === name)) {
    throw new AlreadyExistsError(`App ${quoteName(appName)} already has an environment ${quoteName(name)}.`);
  }
  const env = { name, protected: options.protected ?? isDefaultProtected(name) };
  return {
    changes: [{ id: appId(appName), record: { type: 'app', value: { ...app, envs: [...app.envs, env] } } }],
    reads: [],
    audit: [{ action: 'env.add', app: appName, env: name, detail: env.protected ? 'protected' : undefined }],
  };
}

export function setEnvProtected(state: VaultState, appName: string, envName: string, value: boolean): Mutation {
  const app = findApp(state, appName);
  findEnv(app, envName);
  const envs = app.envs.map((e) => (e.name === envName ? { ...e, protected: value } : e));
  return {
    changes: [{ id: appId(appName), record: { type: 'app', value: { ...app, envs } } }],
    reads: [],
    audit: [{ action: 'env.update', app: appName, env: envName, detail: value ? 'protected' : 'unprotected' }],
  };
}

/** Removes an environment with all its secrets. */
export function removeEnv(state: VaultState, appName: string, envName: string): Mutation {
  const app = findApp(state, appName);
  findEnv(app, envName);
  const secretChanges = listSecrets(state, appName, envName).map((s) => ({
    id: secretId(appName, envName, s.key),
    record: null,
  }));
  const envs = app.envs.filter((e) => e.name !== envName);
  return {
    changes: [...secretChanges, { id: appId(appName), record: { type: 'app', value: { ...app, envs } } }],
    reads: [],
    audit: [{ action: 'env.remove', app: appName, env: envName, detail: `${secretChanges.length} secrets` }],
  };
}

// ---- secrets ----------------------------------------------------------------------------

export interface SecretMetaPatch {
  type?: SecretType;
  kind?: SecretKind;
  /** null clears it. */
  purpose?: Purpose | null;
  comment?: string;
  tags?: string[];
  path?: string;
  /** null clears the policy. */
  rotation?: RotationPolicy | null;
  maxVersions?: number;
}

export interface SecretAddress {
  app: string;
  env: string;
  key: string;
}

export interface SetSecretInput extends SecretAddress {
  value: string;
  /**
   * Check-and-set: the current version number the writer saw (0 = the secret must not exist
   * yet). Omitted = write whatever is current, as `coffer set` does by default.
   */
  expectedVersion?: number;
  origin?: Origin;
  /** Applied to a new secret, or changes an existing one's metadata in the same write. */
  meta?: SecretMetaPatch;
}

function validateMetaPatch(patch: SecretMetaPatch): void {
  if (patch.type !== undefined && !SECRET_TYPES.includes(patch.type)) {
    throw new InvalidInputError(`Type ${quoteName(patch.type)} is not one of ${SECRET_TYPES.join(', ')}.`);
  }
  if (patch.kind !== undefined && !SECRET_KINDS.includes(patch.kind)) {
    throw new InvalidInputError(`Kind ${quoteName(patch.kind)} is not one of ${SECRET_KINDS.join(', ')}.`);
  }
  if (patch.purpose != null && !PURPOSES.includes(patch.purpose)) {
    throw new InvalidInputError(`Purpose ${quoteName(patch.purpose)} is not one of ${PURPOSES.join(', ')}.`);
  }
  patch.tags?.forEach(validateTag);
  if (patch.path !== undefined) validatePath(patch.path);
  if (patch.rotation != null) {
    const days = patch.rotation.everyDays;
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      throw new InvalidInputError('Rotation period must be a whole number of days from 1 to 3650.');
    }
  }
  if (patch.maxVersions !== undefined) {
    if (!Number.isInteger(patch.maxVersions) || patch.maxVersions < 1 || patch.maxVersions > MAX_VERSIONS_CAP) {
      throw new InvalidInputError(`maxVersions must be a whole number from 1 to ${MAX_VERSIONS_CAP}.`);
    }
  }
  if (patch.comment !== undefined && patch.comment.length > 2000) {
    throw new InvalidInputError('Comments are limited to 2000 characters.');
  }
}

function validateValue(value: string): void {
  // UTF-16 length is a cheap upper bound on what the check needs; compute bytes only when close.
  if (value.length * 3 > MAX_VALUE_BYTES && new TextEncoder().encode(value).length > MAX_VALUE_BYTES) {
    throw new InvalidInputError('Values are limited to 4 MiB.', 'Store large files elsewhere and keep their key here.');
  }
}

/** Applies a metadata patch, enforcing that a sealed secret never changes type. */
function patchedSecret(secret: Secret, patch: SecretMetaPatch, at: string): Secret {
  if (patch.type !== undefined && patch.type !== secret.type && secret.type === 'sealed') {
    throw new RefusedError(
      `${secret.key} is sealed: its type can never change.`,
      'Create a new secret if the value must become readable.',
    );
  }
  const next: Secret = { ...secret, updatedAt: at };
  if (patch.type !== undefined) next.type = patch.type;
  if (patch.kind !== undefined) next.kind = patch.kind;
  if (patch.purpose === null) delete next.purpose;
  else if (patch.purpose !== undefined) next.purpose = patch.purpose;
  if (patch.comment !== undefined) next.comment = patch.comment;
  if (patch.tags !== undefined) next.tags = [...new Set(patch.tags)].sort();
  if (patch.path !== undefined) next.path = patch.path;
  if (patch.rotation === null) delete next.rotation;
  else if (patch.rotation !== undefined) next.rotation = { everyDays: patch.rotation.everyDays };
  if (patch.maxVersions !== undefined) next.maxVersions = patch.maxVersions;
  return next;
}

function describePatch(before: Secret, after: Secret): string {
  const parts: string[] = [];
  if (before.type !== after.type) parts.push(`type ${before.type}→${after.type}`);
  if (before.kind !== after.kind) parts.push(`kind ${before.kind}→${after.kind}`);
  if (before.purpose !== after.purpose) parts.push('purpose');
  if (before.comment !== after.comment) parts.push('comment');
  if (before.tags.join() !== after.tags.join()) parts.push('tags');
  if (before.path !== after.path) parts.push('path');
  if (before.rotation?.everyDays !== after.rotation?.everyDays) parts.push('rotation');
  if (before.maxVersions !== after.maxVersions) parts.push('maxVersions');
  return parts.join(', ');
}

function checkExpected(secret: Secret | undefined, expected: number | undefined, address: SecretAddress): void {
  if (expected === undefined) return;
  const actual = secret ? (currentVersion(secret)?.n ?? 0) : 0;
  if (actual !== expected) {
    const where = `${address.app}/${address.env}/${address.key}`;
    throw new ConflictError(
      expected === 0
        ? `${where} already exists (now at v${actual}).`
        : `${where} is at v${actual}, not v${expected} as this write expected: someone changed it meanwhile.`,
      [secretId(address.app, address.env, address.key)],
    );
  }
}

/** Drops the oldest versions beyond maxVersions; the current one always stays. */
function prune(secret: Secret): { secret: Secret; pruned: number[] } {
  const excess = secret.versions.length - secret.maxVersions;
  if (excess <= 0) return { secret, pruned: [] };
  const pruned = secret.versions.slice(0, excess).map((v) => v.n);
  return { secret: { ...secret, versions: secret.versions.slice(excess) }, pruned };
}

function auditActionFor(origin: Origin): AuditDraft['action'] {
  switch (origin.type) {
    case 'generate':
      return 'secret.generate';
    case 'import':
      return 'secret.import';
    case 'rollback':
      return 'secret.rollback';
    default:
      return 'secret.set';
  }
}

/** Writes a new version (creating the secret if needed). Old versions are kept. */
export function setSecret(state: VaultState, ctx: Context, input: SetSecretInput): Mutation {
  const { app: appName, env, key } = input;
  const app = findApp(state, appName);
  findEnv(app, env);
  validateKeyName(key);
  validateValue(input.value);
  if (input.meta) validateMetaPatch(input.meta);
  const id = secretId(appName, env, key);
  const existing = state.secrets[id];
  checkExpected(existing, input.expectedVersion, input);
  const at = stamp(ctx);
  const origin = input.origin ?? { type: 'set' };

  const base: Secret = existing ?? {
    app: appName,
    env,
    key,
    type: 'secret',
    kind: 'env',
    comment: '',
    tags: [],
    path: DEFAULT_PATH,
    maxVersions: DEFAULT_MAX_VERSIONS,
    createdAt: at,
    updatedAt: at,
    versions: [],
  };
  const withMeta = input.meta ? patchedSecret(base, input.meta, at) : { ...base, updatedAt: at };
  const n = (currentVersion(base)?.n ?? 0) + 1;
  const version: Version = { n, value: input.value, createdAt: at, author: ctx.actor, origin, state: 'live' };
  const { secret, pruned } = prune({ ...withMeta, versions: [...withMeta.versions, version] });

  const audit: AuditDraft[] = [
    {
      action: auditActionFor(origin),
      app: appName,
      env,
      key,
      version: n,
      detail: origin.type === 'rollback' ? `rollback of v${origin.of}` : existing ? undefined : 'created',
    },
  ];
  const metaChange = existing && input.meta ? describePatch(existing, secret) : '';
  if (metaChange) audit.push({ action: 'secret.meta', app: appName, env, key, detail: metaChange });
  if (pruned.length) {
    audit.push({ action: 'version.prune', app: appName, env, key, detail: `v${pruned.join(', v')} past maxVersions` });
  }
  return { changes: [{ id, record: { type: 'secret', value: secret } }], reads: [appId(appName)], audit };
}

export function updateSecretMeta(state: VaultState, ctx: Context, address: SecretAddress, patch: SecretMetaPatch): Mutation {
  const secret = findSecret(state, address.app, address.env, address.key);
  validateMetaPatch(patch);
  const next = patchedSecret(secret, patch, stamp(ctx));
  const pruned = prune(next);
  const detail = describePatch(secret, pruned.secret);
  const audit: AuditDraft[] = [{ ...address, action: 'secret.meta', detail: detail || 'no change' }];
  if (pruned.pruned.length) {
    audit.push({ ...address, action: 'version.prune', detail: `v${pruned.pruned.join(', v')} past maxVersions` });
  }
  return {
    changes: [{ id: secretId(address.app, address.env, address.key), record: { type: 'secret', value: pruned.secret } }],
    reads: [],
    audit,
  };
}

export interface RollbackInput extends SecretAddress {
  to: number;
  expectedVersion?: number;
}

/** Rollback to k = a new version holding k's value; history is never rewritten. */
export function rollbackSecret(state: VaultState, ctx: Context, input: RollbackInput): Mutation {
  const secret = findSecret(state, input.app, input.env, input.key);
  const reason = rollbackDisabledReason(secret, input.to);
  if (reason) throw new RefusedError(`Cannot roll back ${input.key} to v${input.to}: ${reason}.`);
  const target = findVersion(secret, input.to) as Version;
  return setSecret(state, ctx, {
    app: input.app,
    env: input.env,
    key: input.key,
    value: target.value as string,
    expectedVersion: input.expectedVersion ?? currentVersion(secret)?.n,
    origin: { type: 'rollback', of: input.to },
  });
}

export interface VersionInput extends SecretAddress {
  version: number;
}

function changeVersion(
  state: VaultState,
  ctx: Context,
  input: VersionInput,
  disabledReason: (secret: Secret, n: number) => string | undefined,
  verb: string,
  apply: (version: Version, at: string) => Version,
  action: AuditDraft['action'],
): Mutation {
  const secret = findSecret(state, input.app, input.env, input.key);
  const reason = disabledReason(secret, input.version);
  if (reason) throw new RefusedError(`Cannot ${verb} ${input.key} v${input.version}: ${reason}.`);
  const at = stamp(ctx);
  const versions = secret.versions.map((v) => (v.n === input.version ? apply(v, at) : v));
  return {
    changes: [
      {
        id: secretId(input.app, input.env, input.key),
        record: { type: 'secret', value: { ...secret, versions, updatedAt: at } },
      },
    ],
    reads: [],
    audit: [{ action, app: input.app, env: input.env, key: input.key, version: input.version }],
  };
}

/** Soft delete: the value stays and undelete brings it back. */
export function deleteVersion(state: VaultState, ctx: Context, input: VersionInput): Mutation {
  return changeVersion(state, ctx, input, deleteVersionDisabledReason, 'delete', (v, at) => ({
    ...v,
    state: 'deleted',
    deletedAt: at,
  }), 'version.delete');
}

export function undeleteVersion(state: VaultState, ctx: Context, input: VersionInput): Mutation {
  return changeVersion(state, ctx, input, undeleteDisabledReason, 'undelete', (v) => {
    const { deletedAt: _deletedAt, ...rest } = v;
    return { ...rest, state: 'live' };
  }, 'version.undelete');
}

/** Destroy: the value is wiped for good; the version's metadata stays in the history. */
export function destroyVersion(state: VaultState, ctx: Context, input: VersionInput): Mutation {
  return changeVersion(state, ctx, input, destroyDisabledReason, 'destroy', (v, at) => ({
    ...v,
    value: null,
    state: 'destroyed',
    destroyedAt: at,
  }), 'version.destroy');
}

/** Deletes the secret with all its versions and metadata. */
export function removeSecret(state: VaultState, address: SecretAddress): Mutation {
  const secret = findSecret(state, address.app, address.env, address.key);
  return {
    changes: [{ id: secretId(address.app, address.env, address.key), record: null }],
    reads: [],
    audit: [{ ...address, action: 'secret.remove', detail: `${secret.versions.length} versions` }],
  };
}

