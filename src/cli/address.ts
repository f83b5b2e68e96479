// Parsing the addresses operators type: APP/ENV/KEY for one secret, APP[/ENV] for a scope.
// Names are checked with the domain's validators, so a typo gets the domain's own hint.
import { quoteName, validateAppName, validateEnvName, validateKeyName } from '../domain/names.js';
import type { SecretAddress } from '../domain/operations.js';
import { UsageError } from './usage.js';

export interface Scope {
  app?: string;
  env?: string;
}

const SECRET_EXAMPLE = 'Write it as APP/ENV/KEY, e.g. api/production/DATABASE_URL (shared/ENV/KEY for the shared scope).';
const SCOPE_EXAMPLE = 'Write it as APP or APP/ENV, e.g. api or api/production.';

function segments(text: string): string[] {
  // One trailing slash is forgiven ("api/" from shell completion).
  return (text.endsWith('/') ? text.slice(0, -1) : text).split('/');
}

export function parseSecretAddress(text: string): SecretAddress {
  const parts = segments(text);
  if (parts.length !== 3 || parts.some((part) => part === '')) {
    throw new UsageError(`${quoteName(text)} is not a secret address.`, SECRET_EXAMPLE);
  }
  const [app, env, key] = parts as [string, string, string];
  return {
    app: validateAppName(app, { allowShared: true }),
    env: validateEnvName(env),
    key: validateKeyName(key),
  };
}

export function parseScope(text: string | undefined): Scope {
  if (text === undefined || text === '') return {};
  const parts = segments(text);
  if (parts.length > 2 || parts.some((part) => part === '')) {
    throw new UsageError(`${quoteName(text)} is not an app or app/environment.`, SCOPE_EXAMPLE);
  }
  const [app, env] = parts as [string, string | undefined];
  const scope: Scope = { app: validateAppName(app, { allowShared: true }) };
  if (env !== undefined) scope.env = validateEnvName(env);
  return scope;
}

/** APP/ENV, both required: an environment to export, import or run with. */
export function parseEnvAddress(text: string): { app: string; env: string } {
  const scope = parseScope(text);
  if (scope.app === undefined || scope.env === undefined) {
    throw new UsageError(`${quoteName(text)} is not an app/environment.`, 'Write it as APP/ENV, e.g. api/production (shared/ENV for the shared scope).');
  }
  return { app: scope.app, env: scope.env };
}

export function formatAddress(address: SecretAddress): string {
  return `${address.app}/${address.env}/${address.key}`;
}

/** Parses a whole, positive version number as typed after --version or as rollback's N. */
export function parseVersionNumber(text: string, what = 'version'): number {
  const trimmed = text.trim().replace(/^v/i, '');
  if (!/^[0-9]{1,9}$/.test(trimmed) || Number(trimmed) < 1) {
    throw new UsageError(`${quoteName(text)} is not a ${what} number.`, 'Use a whole number from 1 up, e.g. 3 (or v3).');
  }
  return Number(trimmed);
}

/** Parses a whole number ≥ min, for options such as --rotate-days and --expect-version. */
export function parseCount(text: string, option: string, min = 0): number {
  const trimmed = text.trim();
  if (!/^[0-9]{1,9}$/.test(trimmed) || Number(trimmed) < min) {
    throw new UsageError(`${option} takes a whole number from ${min} up, not ${quoteName(text)}.`);
  }
  return Number(trimmed);
}

/** "a,b , c" → ["a", "b", "c"]; empty items are dropped. */
export function parseList(text: string): string[] {
  return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
}
