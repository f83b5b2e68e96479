// Read-only questions about the vault, including the predicates that say why an action is not
// available. The same predicate greys a key in the TUI footer, explains it in a toast, and
// refuses the operation in the CLI.
import { NotFoundError } from './errors.js';
import { secretId } from './ids.js';
import { secretIds } from './lazy-secrets.js';
import { quoteName } from './names.js';
import type { App, Environment, Secret, VaultState, Version } from './model.js';
import { SHARED_SCOPE } from './model.js';

export type SecretStatus = 'live' | 'deleted' | 'destroyed';

/** The current version is the highest number, whatever its state. */
export function currentVersion(secret: Secret): Version | undefined {
  return secret.versions[secret.versions.length - 1];
}

export function findVersion(secret: Secret, n: number): Version | undefined {
  return secret.versions.find((version) => version.n === n);
}

/** A secret reads as deleted (or destroyed) when its current version is. */
export function secretStatus(secret: Secret): SecretStatus {
  return currentVersion(secret)?.state ?? 'destroyed';
}

/** The value scripts and `run` see: the current version's, if it is live. */
export function currentValue(secret: Secret): string | undefined {
  const current = currentVersion(secret);
  return current?.state === 'live' && current.value !== null ? current.value : undefined;
}

/** Apps in display order: the shared scope first, then by name. */
export function listApps(state: VaultState): App[] {
  return Object.values(state.apps).sort((a, b) => {
    if (a.name === SHARED_SCOPE) return -1;
    if (b.name === SHARED_SCOPE) return 1;
    return a.name.localeCompare(b.name);
  });
}

export function findApp(state: VaultState, name: string): App {
  const app = state.apps[name];
  if (!app) {
    const known = listApps(state).map((a) => a.name);
    throw new NotFoundError(
      `No app named ${quoteName(name)}.`,
      known.length ? `Apps in this vault: ${known.join(', ')}.` : 'The vault has no apps yet: `coffer app add NAME`.',
    );
  }
  return app;
}

export function findEnv(app: App, name: string): Environment {
  const env = app.envs.find((e) => e.name === name);
  if (!env) {
    const known = app.envs.map((e) => e.name);
    throw new NotFoundError(
      `App ${quoteName(app.name)} has no environment ${quoteName(name)}.`,
      known.length ? `Its environments: ${known.join(', ')}.` : `Add one: \`coffer env add ${app.name} NAME\`.`,
    );
  }
  return env;
}

/** Secrets of one app (or the shared scope) and environment, sorted by key. */
export function listSecrets(state: VaultState, app: string, env: string): Secret[] {
  const prefix = secretId(app, env, '');
  const found: Secret[] = [];
  // By id first: only this environment's records are read (see state.ts on laziness).
  for (const id of secretIds(state.secrets)) {
    if (id.startsWith(prefix)) found.push(state.secrets[id]!);
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function findSecret(state: VaultState, app: string, env: string, key: string): Secret {
  findEnv(findApp(state, app), env);
  const secret = state.secrets[secretId(app, env, key)];
  if (!secret) {
    const keys = listSecrets(state, app, env).map((s) => s.key);
    const shown = keys.slice(0, 12).join(', ') + (keys.length > 12 ? `, … (${keys.length} in all)` : '');
    throw new NotFoundError(
      `No secret ${quoteName(key)} in ${app}/${env}.`,
      keys.length ? `Secrets there: ${shown}.` : `${app}/${env} has no secrets yet.`,
    );
  }
  return secret;
}

/** Whether the environment asks for typed confirmation before destructive changes. */
export function isProtected(state: VaultState, app: string, env: string): boolean {
  return state.apps[app]?.envs.find((e) => e.name === env)?.protected ?? false;
}

// ---- disabled reasons -------------------------------------------------------------------

export function rollbackDisabledReason(secret: Secret, n: number): string | undefined {
  const target = findVersion(secret, n);
  if (!target) return `v${n} does not exist`;
  if (target.n === currentVersion(secret)?.n) return `v${n} is already the current version`;
  if (target.state === 'deleted') return `v${n} is deleted: undelete it first`;
  if (target.state === 'destroyed') return `v${n} was destroyed: its value is gone`;
  return undefined;
}

export function deleteVersionDisabledReason(secret: Secret, n: number): string | undefined {
  const target = findVersion(secret, n);
  if (!target) return `v${n} does not exist`;
  if (target.state === 'deleted') return `v${n} is already deleted`;
  if (target.state === 'destroyed') return `v${n} was destroyed`;
  return undefined;
}

export function undeleteDisabledReason(secret: Secret, n: number): string | undefined {
  const target = findVersion(secret, n);
  if (!target) return `v${n} does not exist`;
  if (target.state === 'live') return `v${n} is not deleted`;
  if (target.state === 'destroyed') return `v${n} was destroyed: it cannot come back`;
  return undefined;
}

export function destroyDisabledReason(secret: Secret, n: number): string | undefined {
  const target = findVersion(secret, n);
  if (!target) return `v${n} does not exist`;
  if (target.state === 'destroyed') return `v${n} is already destroyed`;
  return undefined;
}

/** A warning (not a refusal) shown before soft-deleting a version that is not current. */
export function deleteVersionWarning(secret: Secret, n: number): string | undefined {
  if (n === currentVersion(secret)?.n) return `${secret.key} will read as deleted until v${n} is undeleted or a new version is set`;
  return `rollbacks to v${n} become impossible until it is undeleted`;
}

/** Sealed values are never shown again after saving; they can still be injected. */
export function revealDisabledReason(secret: Secret): string | undefined {
  if (secret.type === 'sealed') return 'sealed secrets are never shown after saving';
  if (currentValue(secret) === undefined) return `${secret.key} has no live value`;
  return undefined;
}

// ---- rotation ---------------------------------------------------------------------------

export type RotationState = 'none' | 'ok' | 'due' | 'overdue';

export interface RotationStatus {
  state: RotationState;
  /** When the current value should be replaced. */
  dueAt?: Date;
  /** Whole days until due (negative when overdue). */
  daysLeft?: number;
}

const DAY_MS = 86_400_000;

/**
 * 'due' in the last seventh of the period (at least one day, at most 14), 'overdue' after it.
 * Measured from the current version's creation, the last time the value changed.
 */
export function rotationStatus(secret: Secret, now: Date): RotationStatus {
  const current = currentVersion(secret);
  if (!secret.rotation || !current) return { state: 'none' };
  const dueAt = new Date(Date.parse(current.createdAt) + secret.rotation.everyDays * DAY_MS);
  const msLeft = dueAt.getTime() - now.getTime();
  const daysLeft = Math.floor(msLeft / DAY_MS);
  const warnDays = Math.min(14, Math.max(1, Math.round(secret.rotation.everyDays / 7)));
  const state: RotationState = msLeft < 0 ? 'overdue' : msLeft <= warnDays * DAY_MS ? 'due' : 'ok';
  return { state, dueAt, daysLeft };
}

// ---- predicates the TUI greys keys with (and the CLI may refuse with) --------------------

/** Revealing one version's value: never for sealed secrets, nor for a value that is not live. */
export function revealVersionDisabledReason(secret: Secret, n: number): string | undefined {
  const target = findVersion(secret, n);
  if (!target) return `v${n} does not exist`;
  if (secret.type === 'sealed') return 'sealed secrets are never shown after saving';
  if (secret.type === 'config') return 'config values are not secret: they are always shown';
  if (target.state === 'deleted') return `v${n} is deleted: undelete it first`;
  if (target.state === 'destroyed' || target.value === null) return `v${n} was destroyed: its value is gone`;
  return undefined;
}

/** Sealed secrets keep their type for good (see patchedSecret in operations). */
export function typeChangeDisabledReason(secret: Secret): string | undefined {
  return secret.type === 'sealed' ? `${secret.key} is sealed: its type can never change` : undefined;
}

export function removeAppDisabledReason(app: App): string | undefined {
  return app.name === SHARED_SCOPE ? 'the shared scope cannot be removed' : undefined;
}

/** What a removal asks for, mildest to strongest. */
export type RemovalConfirmation = 'yes-no' | 'type-name';

export interface RemovalTarget {
  app: string;
  env?: string;
  key?: string;
}

/**
 * Removing a secret, environment or app cannot be undone. A y/N question is enough when nothing
 * readable would be lost (no live or soft-deleted value) and no protected environment is touched;
 * otherwise the operator types the name.
 */
export function removalConfirmation(state: VaultState, target: RemovalTarget): RemovalConfirmation {
  const app = state.apps[target.app];
  if (!app) return 'type-name';
  const envs = target.env === undefined ? app.envs : app.envs.filter((e) => e.name === target.env);
  if (envs.some((e) => e.protected)) return 'type-name';
  const secrets = envs.flatMap((e) =>
    listSecrets(state, target.app, e.name).filter((s) => target.key === undefined || s.key === target.key),
  );
  const holdsValues = secrets.some((s) => s.versions.some((v) => v.state !== 'destroyed' && v.value !== null));
  return holdsValues ? 'type-name' : 'yes-no';
}
