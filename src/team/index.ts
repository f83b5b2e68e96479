// Team vaults: what the CLI's team commands and composition root use. The CLI imports this
// module dynamically, only when a run names a team, so local-vault runs never load it (nor
// etcd3 or age, which its parts load on first use).
import type { Context } from '../domain/ports.js';
import { chooseTeam, readTeams, teamConfigDir } from './config.js';
import type { TeamEntry } from './config.js';
import { createIdentityStore, osTeamSecretStore } from './identity-store.js';
import type { IdentityStore, TeamSecretStore } from './identity-store.js';
import { OpenedTeamConsole } from './console.js';
import { TeamVaultOpener, connectionFromEnv } from './opener.js';

export { chooseTeam, readTeams, writeTeam, teamConfigDir } from './config.js';
export type { TeamEntry } from './config.js';
export { generateIdentity, exportIdentity, importIdentity, fingerprintOf } from './identity.js';
export type { MemberIdentity } from './identity.js';
export { createIdentityStore, osTeamSecretStore } from './identity-store.js';
export { initTeam, joinTeam, readMembership, grant, revoke, grantorsOf, ensurePersonalScope } from './membership.js';
export type { MemberRow, RequestRow, AccessRow, Membership } from './membership.js';
export { TeamVaultOpener, connectionFromEnv } from './opener.js';
export { OpenedTeamConsole } from './console.js';
export { TeamVaultRepository } from './team-repository.js';
export { connectEtcd, TeamLayout } from '../store/etcd/index.js';

type Env = Record<string, string | undefined>;

/** The identity store of this machine: the OS keychain, else the passphrase file in the config dir. */
export function identityStoreFor(env: Env, keychain: TeamSecretStore = osTeamSecretStore()): IdentityStore {
  return createIdentityStore({ keychain, dir: teamConfigDir(env), env });
}

/** The configured team `flag` (or COFFER_TEAM, or the only one) as an opener, with its console. */
export async function openTeamVault(flag: string | undefined, env: Env, context: Context): Promise<{ entry: TeamEntry; opener: TeamVaultOpener; console: OpenedTeamConsole }> {
  const entry = chooseTeam(await readTeams(env), flag, env);
  const keychain = osTeamSecretStore();
  const opener = new TeamVaultOpener(entry, {
    storeFor: (storeEnv) => createIdentityStore({ keychain, dir: teamConfigDir(env), env: storeEnv }),
    env,
    connection: connectionFromEnv(entry, env),
    now: context.now,
  });
  const console = new OpenedTeamConsole(opener, { ...context, actor: entry.member });
  opener.afterOpen = () => console.refresh();
  return { entry, opener, console };
}

/** A team's personal overrides for its member, by secret id, once the vault is open. */
export async function personalOverrides(opener: TeamVaultOpener): Promise<ReadonlyMap<string, { value: string; updatedAt: string }>> {
  const { repository, handle } = opener;
  if (!repository || !handle) return new Map();
  return repository.readPersonal(handle.member);
}
