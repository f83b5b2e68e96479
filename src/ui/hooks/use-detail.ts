// The detail pane's content for the selection, with the value's fingerprint from the session.
import { useMemo } from 'react';
import { SHARED_SCOPE, secretId } from '../../domain/index.js';
import type { VaultSession, VaultState } from '../../domain/index.js';
import { appSummary, envSummary, lockedSummary, secretDetail } from '../presenters/detail.js';
import type { Detail } from '../presenters/detail.js';
import type { Derived } from '../state/selectors.js';
import { secretsOf } from '../state/selectors.js';
import { grantorsText } from '../state/team.js';
import type { RevealState, TeamState } from '../state/types.js';

export function useDetail(
  session: VaultSession,
  vault: VaultState,
  derived: Derived,
  reveal: RevealState | undefined,
  now: number,
  team?: TeamState,
): Detail | undefined {
  const { app, env, secret, version } = derived;
  const revealed =
    !!secret && !!version && reveal?.secretId === secretId(secret.app, secret.env, secret.key) && reveal.version === version.n;
  const personal = secret ? team?.personal.get(secretId(secret.app, secret.env, secret.key)) : undefined;
  const locked = app && env ? team?.locked.find((l) => l.app === app.name && l.env === env.name) : undefined;
  return useMemo(() => {
    if (secret && version) {
      const isCurrent = secret.versions[secret.versions.length - 1]?.n === version.n;
      const used = personal && isCurrent && version.state === 'live' ? personal.value : version.value;
      const fingerprint = version.state === 'live' && used !== null ? session.fingerprint(used) : undefined;
      return secretDetail({ secret, version, revealed, now: new Date(now), ...(fingerprint && { fingerprint }), ...(personal && { personal }) });
    }
    if (app && env && locked) return lockedSummary(app, env, grantorsText(locked));
    if (app && env) {
      const shared = app.name === SHARED_SCOPE ? 0 : secretsOf(vault, SHARED_SCOPE, env.name).length;
      return envSummary(app, env, secretsOf(vault, app.name, env.name).length, shared);
    }
    if (app) return appSummary(app, app.envs.reduce((n, e) => n + secretsOf(vault, app.name, e.name).length, 0));
    return undefined;
  }, [session, vault, app, env, secret, version, revealed, now, personal, locked]);
}
