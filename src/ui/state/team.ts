// Reading the team state for the selection: whether an environment is locked to this member (and
// who can grant it), and this member's personal override of a secret. Pure; absent for a local
// vault, where nothing is ever locked or personal.
import { secretId } from '../../domain/index.js';
import type { Secret, Version } from '../../domain/index.js';
import type { LockedEnvironment, PersonalOverride } from '../team/port.js';
import type { UiState } from './types.js';

export function lockedEnv(state: UiState, app: string | undefined, env: string | undefined): LockedEnvironment | undefined {
  if (!state.team || app === undefined || env === undefined) return undefined;
  return state.team.locked.find((l) => l.app === app && l.env === env);
}

export function personalOf(state: UiState, secret: Secret | undefined): PersonalOverride | undefined {
  if (!state.team || !secret) return undefined;
  return state.team.personal.get(secretId(secret.app, secret.env, secret.key));
}

/** "ask alice or carol to grant it", or who to ask when nobody can. */
export function grantorsText(locked: LockedEnvironment): string {
  const names = locked.grantors;
  if (names.length === 0) return 'no admin holds its key';
  if (names.length === 1) return `${names[0]} can grant it`;
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]} can grant it`;
}

export function lockedReason(locked: LockedEnvironment): string {
  return `${locked.app}/${locked.env} is locked: you hold no key (${grantorsText(locked)})`;
}

/**
 * The value of the version in view as this member uses it: their personal override for the
 * current version when they have one, else the version's own value.
 */
export function valueInView(state: UiState, secret: Secret, version: Version): string | null {
  const personal = personalOf(state, secret);
  const current = secret.versions[secret.versions.length - 1];
  return personal && current?.n === version.n && version.state === 'live' ? personal.value : version.value;
}
