// resolve(app, env): the environment a program receives. Shared secrets of that environment
// name come first and the app's own override them; every key knows where it came from.
import { MissingSecretsError } from './errors.js';
import type { Secret, VaultState } from './model.js';
import { SHARED_SCOPE } from './model.js';
import { currentValue, currentVersion, findApp, findEnv, listSecrets } from './queries.js';

export interface ResolvedSecret {
  key: string;
  value: string;
  source: 'app' | 'shared';
  secret: Secret;
  version: number;
  /** Set when an app secret hides a shared one of the same key. */
  overridesShared?: boolean;
}

export interface ResolveOptions {
  /** Only these keys; any that cannot be resolved fails the whole call, listing all of them. */
  only?: string[];
}

export function resolveEnvironment(
  state: VaultState,
  appName: string,
  envName: string,
  options: ResolveOptions = {},
): ResolvedSecret[] {
  findEnv(findApp(state, appName), envName);
  const byKey = new Map<string, ResolvedSecret>();
  const add = (secret: Secret, source: ResolvedSecret['source']) => {
    const value = currentValue(secret);
    if (value === undefined) return; // deleted or destroyed: as good as absent
    const previous = byKey.get(secret.key);
    const entry: ResolvedSecret = { key: secret.key, value, source, secret, version: currentVersion(secret)!.n };
    if (previous) entry.overridesShared = true;
    byKey.set(secret.key, entry);
  };
  const shared = state.apps[SHARED_SCOPE];
  if (appName !== SHARED_SCOPE && shared?.envs.some((e) => e.name === envName)) {
    for (const secret of listSecrets(state, SHARED_SCOPE, envName)) add(secret, 'shared');
  }
  for (const secret of listSecrets(state, appName, envName)) add(secret, appName === SHARED_SCOPE ? 'shared' : 'app');

  if (!options.only) return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  const missing = options.only.filter((key) => !byKey.has(key));
  if (missing.length) throw new MissingSecretsError(`${appName}/${envName}`, missing);
  return options.only.map((key) => byKey.get(key)!);
}
