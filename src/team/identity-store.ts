// Where a member's identity lives on this machine: the OS keychain (service "coffer-team",
// account "<team>/<member>"), as a local vault's key does; on a host without one, a file beside
// the team config, encrypted with the passphrase from COFFER_PASSPHRASE_FILE / COFFER_PASSPHRASE
// (age's scrypt mode). Never the server: a lost key comes back from an export, not from etcd.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CofferError } from '../domain/errors.js';
import { OsKeychain } from '../store/keychain.js';
import { exportIdentity, identityFromSecret, importIdentity } from './identity.js';
import type { MemberIdentity } from './identity.js';

type Env = Record<string, string | undefined>;

export const TEAM_KEYCHAIN_SERVICE = 'coffer-team';

/** What the store needs of a keychain. */
export interface TeamSecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
}

/** The OS keychain through keytar, with the local vault's 2 s bound and failure reasons. */
export function osTeamSecretStore(): TeamSecretStore {
  const keychain = new OsKeychain({ service: TEAM_KEYCHAIN_SERVICE });
  return {
    get: (account) => keychain.getText(account),
    set: (account, secret) => keychain.setText(account, secret),
    delete: async (account) => {
      await keychain.delete(account);
    },
  };
}

/** For unit tests. */
export class MemoryTeamSecretStore implements TeamSecretStore {
  readonly entries = new Map<string, string>();
  async get(account: string): Promise<string | null> {
    return this.entries.get(account) ?? null;
  }
  async set(account: string, secret: string): Promise<void> {
    this.entries.set(account, secret);
  }
  async delete(account: string): Promise<void> {
    this.entries.delete(account);
  }
}

export interface IdentityStore {
  load(team: string, member: string): Promise<MemberIdentity>;
  save(team: string, member: string, identity: MemberIdentity): Promise<{ where: 'keychain' | 'file'; path?: string }>;
  remove(team: string, member: string): Promise<void>;
}

async function passphraseOf(env: Env): Promise<{ value: string; from: string } | undefined> {
  const file = env['COFFER_PASSPHRASE_FILE'];
  if (file) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CofferError('usage', `Could not read COFFER_PASSPHRASE_FILE (${file}): ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`, 'Point it at a readable file holding the passphrase.');
    }
    const value = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
    if (value === '') throw new CofferError('usage', `COFFER_PASSPHRASE_FILE (${file}) is empty.`);
    return { value, from: 'COFFER_PASSPHRASE_FILE' };
  }
  const value = env['COFFER_PASSPHRASE'];
  return value ? { value, from: 'COFFER_PASSPHRASE' } : undefined;
}

export function createIdentityStore(options: { keychain: TeamSecretStore; dir: string; env: Env }): IdentityStore {
  const { keychain, dir, env } = options;
  const account = (team: string, member: string) => `${team}/${member}`;
  const fileOf = (team: string, member: string) => join(dir, `${team}.${member}.identity.age`);

  return {
    async load(team, member) {
      let keychainError: CofferError | undefined;
      try {
        const stored = await keychain.get(account(team, member));
        if (stored !== null) return await identityFromSecret(stored);
      } catch (error) {
        if (!(error instanceof CofferError) || error.code !== 'keychain') throw error;
        keychainError = error;
      }
      const path = fileOf(team, member);
      let text: string | undefined;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (text === undefined) {
        const why = keychainError ? `the keychain could not be used (${keychainError.message})` : 'the keychain has no key for it';
        throw new CofferError('auth', `No member key for ${member} in team ${team} on this machine: ${why}, and there is no key file (${path}).`, 'Restore it with `coffer team import-key FILE`, or join again with `coffer team join`.');
      }
      const passphrase = await passphraseOf(env);
      if (!passphrase) {
        throw new CofferError('auth', `${member}'s key for ${team} is in ${path}, locked with a passphrase, and none was given.`, 'Set COFFER_PASSPHRASE_FILE to a file holding it (or COFFER_PASSPHRASE), or type it at the prompt in a terminal.');
      }
      try {
        return await importIdentity(text, passphrase.value);
      } catch (error) {
        if (error instanceof CofferError && error.code === 'auth') {
          throw new CofferError('auth', `The passphrase from ${passphrase.from} does not open ${path}.`, 'Check the passphrase, or restore the key from your export.');
        }
        throw error;
      }
    },

    async save(team, member, identity) {
      try {
        await keychain.set(account(team, member), identity.identity);
        return { where: 'keychain' };
      } catch (error) {
        if (!(error instanceof CofferError) || error.code !== 'keychain') throw error;
        const passphrase = await passphraseOf(env);
        if (!passphrase) {
          throw new CofferError('auth', `The OS keychain cannot keep your member key (${error.message}), and no passphrase was given for a key file.`, 'Set COFFER_PASSPHRASE_FILE to a file holding a passphrase (or COFFER_PASSPHRASE): the key is then kept in a file it encrypts.');
        }
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const path = fileOf(team, member);
        const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
        try {
          await writeFile(temp, await exportIdentity(identity.identity, passphrase.value), { mode: 0o600, flag: 'wx' });
          await rename(temp, path);
        } catch (writeError) {
          await rm(temp, { force: true });
          throw writeError;
        }
        return { where: 'file', path };
      }
    },

    async remove(team, member) {
      await keychain.delete(account(team, member)).catch(() => undefined);
      await rm(fileOf(team, member), { force: true });
    },
  };
}
