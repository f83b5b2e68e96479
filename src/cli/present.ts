// Pure presenters: domain objects → table rows and JSON objects. No value ever passes through
// here; listings show names, versions, types, states and times only.
import type { App, AuditEntry, Secret, VaultState, Version } from '../domain/model.js';
import { currentVersion, listSecrets, rotationStatus, secretStatus } from '../domain/queries.js';
import { formatAge, formatTime } from './output.js';
import type { Row, Style } from './output.js';

export function describeOrigin(version: Version): string {
  switch (version.origin.type) {
    case 'rollback':
      return `rollback of v${version.origin.of}`;
    default:
      return version.origin.type;
  }
}

function stateCell(state: string, style: Style) {
  const paint = state === 'destroyed' ? style.red : state === 'deleted' ? style.yellow : undefined;
  return paint ? { text: state, paint } : { text: state };
}

function rotationCell(secret: Secret, now: Date, style: Style) {
  const status = rotationStatus(secret, now);
  switch (status.state) {
    case 'none':
      return { text: '-' };
    case 'ok':
      return { text: `in ${status.daysLeft}d` };
    case 'due':
      return { text: `due in ${status.daysLeft}d`, paint: style.yellow };
    case 'overdue':
      return { text: `overdue ${-(status.daysLeft ?? 0)}d`, paint: style.red };
  }
}

// ---- ls -----------------------------------------------------------------------------------

export interface SecretListing {
  app: string;
  env: string;
  secret: Secret;
}

/** Every secret in the scope, apps in display order and environments in the app's order. */
export function secretsInScope(state: VaultState, apps: App[], env?: string): SecretListing[] {
  const listings: SecretListing[] = [];
  for (const app of apps) {
    for (const e of app.envs) {
      if (env !== undefined && e.name !== env) continue;
      for (const secret of listSecrets(state, app.name, e.name)) listings.push({ app: app.name, env: e.name, secret });
    }
  }
  return listings;
}

export const SECRET_COLUMNS = ['KEY', 'VERSION', 'TYPE', 'KIND', 'STATE', 'AGE', 'ROTATION'];

/** `show` chooses the leading columns: all of app and env, env only, or neither. */
export function secretRow(listing: SecretListing, show: { app: boolean; env: boolean }, now: Date, style: Style): Row {
  const { secret } = listing;
  const current = currentVersion(secret);
  const lead: Row = [];
  if (show.app) lead.push(listing.app);
  if (show.env) lead.push(listing.env);
  return [
    ...lead,
    secret.key,
    current ? `v${current.n}` : '-',
    secret.type,
    secret.kind,
    stateCell(secretStatus(secret), style),
    current ? formatAge(current.createdAt, now) : '-',
    rotationCell(secret, now, style),
  ];
}

export function secretJson(listing: SecretListing, now: Date) {
  const { secret } = listing;
  const current = currentVersion(secret);
  const rotation = rotationStatus(secret, now);
  return {
    app: listing.app,
    env: listing.env,
    key: secret.key,
    version: current?.n ?? null,
    state: secretStatus(secret),
    type: secret.type,
    kind: secret.kind,
    purpose: secret.purpose ?? null,
    comment: secret.comment,
    tags: secret.tags,
    path: secret.path,
    maxVersions: secret.maxVersions,
    rotation: secret.rotation
      ? { everyDays: secret.rotation.everyDays, state: rotation.state, dueAt: rotation.dueAt?.toISOString() ?? null }
      : null,
    createdAt: secret.createdAt,
    updatedAt: secret.updatedAt,
    valueChangedAt: current?.createdAt ?? null,
  };
}

// ---- app ls -------------------------------------------------------------------------------

export const APP_COLUMNS = ['APP', 'ENVIRONMENTS', 'SECRETS', 'DESCRIPTION'];

function secretCount(state: VaultState, app: string, env: string): number {
  return listSecrets(state, app, env).length;
}

/** Protected environments carry a trailing '*', explained under the table. */
export function appRow(state: VaultState, app: App): Row {
  const total = app.envs.reduce((sum, env) => sum + secretCount(state, app.name, env.name), 0);
  return [app.name, app.envs.map((e) => (e.protected ? `${e.name}*` : e.name)).join(', '), String(total), app.description];
}

export function appJson(state: VaultState, app: App) {
  return {
    name: app.name,
    description: app.description,
    shared: app.name === 'shared',
    createdAt: app.createdAt,
    envs: app.envs.map((env) => ({ name: env.name, protected: env.protected, secrets: secretCount(state, app.name, env.name) })),
  };
}

// ---- versions -----------------------------------------------------------------------------

export const VERSION_COLUMNS = ['VERSION', 'STATE', 'CREATED', 'AGE', 'AUTHOR', 'ORIGIN'];

export function versionRow(secret: Secret, version: Version, now: Date, style: Style): Row {
  const isCurrent = version.n === currentVersion(secret)?.n;
  return [
    isCurrent ? { text: `v${version.n} (current)`, paint: style.bold } : `v${version.n}`,
    stateCell(version.state, style),
    formatTime(version.createdAt),
    formatAge(version.createdAt, now),
    version.author,
    describeOrigin(version),
  ];
}

export function versionsJson(listing: SecretListing) {
  const { secret } = listing;
  const current = currentVersion(secret);
  return {
    app: listing.app,
    env: listing.env,
    key: secret.key,
    type: secret.type,
    kind: secret.kind,
    current: current?.n ?? null,
    state: secretStatus(secret),
    versions: [...secret.versions].reverse().map((v) => ({
      version: v.n,
      state: v.state,
      createdAt: v.createdAt,
      author: v.author,
      origin: describeOrigin(v),
      deletedAt: v.deletedAt ?? null,
      destroyedAt: v.destroyedAt ?? null,
    })),
  };
}

// ---- log ----------------------------------------------------------------------------------

export const LOG_COLUMNS = ['SEQ', 'TIME', 'ACTOR', 'ACTION', 'TARGET', 'DETAIL'];

export function auditTarget(entry: AuditEntry): string {
  const path = [entry.app, entry.env, entry.key].filter((part) => part !== undefined).join('/');
  const version = entry.version !== undefined ? ` v${entry.version}` : '';
  return (path || '-') + version;
}

export function auditRow(entry: AuditEntry): Row {
  return [String(entry.seq), formatTime(entry.at), entry.actor, entry.action, auditTarget(entry), entry.detail ?? ''];
}
