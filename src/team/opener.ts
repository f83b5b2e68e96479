// Opening a team vault the way every command and the TUI open a vault (the VaultOpener port):
// the member's identity from the keychain (or its passphrase-protected file), a client of the
// team's etcd, the data keys wrapped to the member, then the repository. After an unlock,
// `handle` and `repository` are there for the team commands and the TUI's team console.
import { readFileSync } from 'node:fs';
import { CofferError, RefusedError } from '../domain/errors.js';
import type { RecordChange, UnlockMethod, VaultOpener, VaultRepository } from '../domain/ports.js';
import type { EtcdClient, EtcdTls, EtcdVaultRepository } from '../store/etcd/index.js';
import { EtcdVaultRepository as Repository, TeamLayout, connectEtcd } from '../store/etcd/index.js';
import type { TeamEntry } from './config.js';
import type { IdentityStore } from './identity-store.js';
import type { MemberIdentity } from './identity.js';
import { loadKeyRing, readMembership, teamExists } from './membership.js';
import type { TeamHandle } from './membership.js';
import { TeamVaultRepository } from './team-repository.js';

export interface TeamConnection {
  endpoints: string[];
  auth?: { username: string; password: string };
  tls?: EtcdTls;
  callTimeoutMs?: number;
}

/**
 * etcd credentials, TLS files and the call bound from the environment: COFFER_ETCD_USER and
 * COFFER_ETCD_PASSWORD, COFFER_ETCD_CA / _CERT / _KEY (PEM files), COFFER_ETCD_TIMEOUT_MS.
 */
export function connectionFromEnv(entry: TeamEntry, env: Record<string, string | undefined>): TeamConnection {
  const user = env['COFFER_ETCD_USER'];
  const password = env['COFFER_ETCD_PASSWORD'];
  const timeout = Number(env['COFFER_ETCD_TIMEOUT_MS']);
  const tls: EtcdTls = {};
  for (const [name, field] of [['COFFER_ETCD_CA', 'ca'], ['COFFER_ETCD_CERT', 'cert'], ['COFFER_ETCD_KEY', 'key']] as const) {
    const path = env[name];
    if (path) tls[field] = readPem(name, path);
  }
  return {
    endpoints: entry.endpoints,
    ...(user && { auth: { username: user, password: password ?? '' } }),
    ...(Object.keys(tls).length > 0 && { tls }),
    ...(Number.isFinite(timeout) && timeout > 0 && { callTimeoutMs: timeout }),
  };
}

function readPem(variable: string, path: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CofferError('usage', `${variable}=${path} cannot be read (${code}).`, `Point ${variable} at a PEM file.`);
  }
  // The contents are never quoted back: a key file is a secret.
  if (!pem.includes('-----BEGIN ')) throw new CofferError('usage', `${variable}=${path} is not a PEM file.`, `Point ${variable} at a PEM file (-----BEGIN …).`);
  return pem;
}

export class TeamVaultOpener implements VaultOpener {
  readonly location: string;
  handle: TeamHandle | undefined;
  repository: EtcdVaultRepository | undefined;
  admin = false;
  /** Runs once the vault is open (the TUI's console reads membership then). */
  afterOpen: (() => Promise<void>) | undefined;
  #client: EtcdClient | undefined;

  constructor(
    readonly entry: TeamEntry,
    private readonly options: {
      /** The identity store, reading passphrases from `env` (COFFER_PASSPHRASE_FILE, COFFER_PASSPHRASE). */
      storeFor: (env: Record<string, string | undefined>) => IdentityStore;
      env: Record<string, string | undefined>;
      connection: TeamConnection;
      now: () => Date;
    },
  ) {
    const first = entry.endpoints[0]?.replace(/^https?:\/\//, '').replace(/\/$/, '') ?? '?';
    this.location = `team ${entry.name} (etcd://${first})`;
  }

  private async client(): Promise<EtcdClient> {
    this.#client ??= await connectEtcd(this.options.connection);
    return this.#client;
  }

  async exists(): Promise<boolean> {
    const client = await this.client();
    const exists = await teamExists(client, TeamLayout.forTeam(this.entry.name));
    if (!exists) {
      throw new CofferError('not-found', `No team vault named ${this.entry.name} on ${this.entry.endpoints.join(',')}.`, 'Check the endpoints in the team config, or create it with `coffer team init`.');
    }
    return true;
  }

  async slots(): Promise<UnlockMethod[]> {
    return ['keychain', 'passphrase'];
  }

  async unlockWithKeychain(): Promise<VaultRepository> {
    return this.open(await this.options.storeFor(this.options.env).load(this.entry.name, this.entry.member));
  }

  async unlockWithPassphrase(passphrase: string): Promise<VaultRepository> {
    // The identity file, unlocked by the passphrase given (typed at a prompt, or from the env).
    const env = { ...this.options.env, COFFER_PASSPHRASE: passphrase, COFFER_PASSPHRASE_FILE: undefined };
    return this.open(await this.options.storeFor(env).load(this.entry.name, this.entry.member));
  }

  async unlockWithRecoveryCode(): Promise<VaultRepository> {
    throw new RefusedError('A team vault has no recovery code: your key is your member identity.', 'Restore it from your backup with `coffer team import-key FILE`.');
  }

  async create(_options: { useKeychain: boolean; passphrase?: string; initial: RecordChange[]; actor: string }): Promise<{ repository: VaultRepository; recoveryCode: string }> {
    throw new RefusedError('A team vault is created with `coffer team init`, not here.', 'Run `coffer team init TEAM --etcd URL`.');
  }

  /** Opens with a known identity (team init, join tests, the TUI after a prompt). */
  async open(identity: MemberIdentity): Promise<TeamVaultRepository> {
    const client = await this.client();
    const layout = TeamLayout.forTeam(this.entry.name);
    const member = this.entry.member;
    const membership = await readMembership(client, layout);
    const row = membership.members.find((m) => m.name === member);
    if (!row) {
      const pending = membership.requests.some((r) => r.name === member);
      throw new RefusedError(
        pending ? `${member}'s request to join ${this.entry.name} is not approved yet.` : `${member} is not a member of ${this.entry.name}.`,
        pending ? `Ask an admin to run \`coffer team grant ${member} APP/ENV\` (your key's fingerprint: ${identity.fingerprint}).` : `Ask to join with \`coffer team join ${this.entry.name} --etcd …\`.`,
      );
    }
    if (row.recipient !== identity.recipient) {
      throw new CofferError('auth', `The key on this machine is not ${member}'s key in ${this.entry.name} (${identity.fingerprint}, the team has ${row.fingerprint}).`, 'Restore the right key with `coffer team import-key FILE`.');
    }
    const ring = await loadKeyRing(client, layout, member, identity);
    const handle: TeamHandle = { team: this.entry.name, client, layout, member, identity, ring, now: this.options.now };
    const inner = await Repository.open({ client, layout, keys: ring, owner: member });
    this.handle = handle;
    this.repository = inner;
    this.admin = row.role === 'admin';
    await this.afterOpen?.();
    return new TeamVaultRepository(inner, handle, () => this.admin);
  }

  /** Closes the client when no repository took it over (a failed unlock, exists() alone). */
  async close(): Promise<void> {
    if (!this.repository) await this.#client?.close();
  }
}
