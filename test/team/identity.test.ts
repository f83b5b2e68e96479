// Member identities (age X25519), key wrapping and passphrase exports; the identity store over a
// memory keychain, a failing keychain (the file fallback) and the real OS keychain; teams.json.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CofferError } from '../../src/domain/errors.js';
import { KeychainUnavailableError } from '../../src/store/errors.js';
import { chooseTeam, readTeams, teamConfigDir, writeTeam } from '../../src/team/config.js';
import { exportIdentity, fingerprintOf, generateIdentity, identityFromSecret, importIdentity, unwrapKey, wrapKey } from '../../src/team/identity.js';
import { MemoryTeamSecretStore, createIdentityStore, osTeamSecretStore } from '../../src/team/identity-store.js';
import type { TeamSecretStore } from '../../src/team/identity-store.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coffer-team-unit-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CofferError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('member identities', () => {
  it('makes a key pair whose fingerprint is the recipient hash, grouped', async () => {
    const me = await generateIdentity();
    expect(me.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    expect(me.recipient).toMatch(/^age1[0-9a-z]+$/);
    expect(me.fingerprint).toMatch(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
    expect(me.fingerprint).toBe(fingerprintOf(me.recipient));
    expect(await identityFromSecret(me.identity)).toEqual(me);
    expect(await code(identityFromSecret('not a key'))).toBe('invalid');
  });

  it('wraps a data key to several recipients; each opens it, an outsider cannot', async () => {
    const [alice, bob, eve] = await Promise.all([generateIdentity(), generateIdentity(), generateIdentity()]);
    const key = randomBytes(32);
    const wrapped = await wrapKey(key, [alice.recipient, bob.recipient]);
    expect(Buffer.from(wrapped).includes(key)).toBe(false);
    expect(Buffer.from(await unwrapKey(wrapped, alice.identity))).toEqual(key);
    expect(Buffer.from(await unwrapKey(wrapped, bob.identity))).toEqual(key);
    expect(await code(unwrapKey(wrapped, eve.identity))).toBe('auth');
    const damaged = Uint8Array.from(wrapped);
    damaged[damaged.length - 1]! ^= 1;
    expect(await code(unwrapKey(damaged, alice.identity))).toBe('auth');
  });

  it('exports under a passphrase and imports back; wrong passphrase and garbage are told apart', async () => {
    const me = await generateIdentity();
    const text = await exportIdentity(me.identity, 'correct horse battery');
    expect(text).toContain('BEGIN AGE ENCRYPTED FILE');
    expect(text).not.toContain(me.identity);
    expect(await importIdentity(text, 'correct horse battery')).toEqual(me);
    expect(await code(importIdentity(text, 'wrong'))).toBe('auth');
    expect(await code(importIdentity('hello', 'x'))).toBe('invalid');
  }, 30_000);
});

/** A keychain that is not there (no Secret Service), as on a server. */
const noKeychain: TeamSecretStore = {
  get: async () => {
    throw new KeychainUnavailableError('no-secret-service', 'no D-Bus');
  },
  set: async () => {
    throw new KeychainUnavailableError('no-secret-service', 'no D-Bus');
  },
  delete: async () => undefined,
};

describe('the identity store', () => {
  it('keeps the key in the keychain when there is one', async () => {
    const keychain = new MemoryTeamSecretStore();
    const store = createIdentityStore({ keychain, dir: tempDir(), env: {} });
    const me = await generateIdentity();
    expect(await store.save('acme', 'alice', me)).toEqual({ where: 'keychain' });
    expect(keychain.entries.get('acme/alice')).toBe(me.identity);
    expect(await store.load('acme', 'alice')).toEqual(me);
    await store.remove('acme', 'alice');
    expect(await code(store.load('acme', 'alice'))).toBe('auth');
  });

  it('without a keychain, keeps it in a 0600 file encrypted with the passphrase from the environment', async () => {
    const dir = tempDir();
    const passFile = join(dir, 'pass');
    writeFileSync(passFile, 'deploy host passphrase\n');
    const me = await generateIdentity();
    const saved = await createIdentityStore({ keychain: noKeychain, dir, env: { COFFER_PASSPHRASE_FILE: passFile } }).save('acme', 'deploy', me);
    expect(saved.where).toBe('file');
    expect(statSync(saved.path!).mode & 0o777).toBe(0o600);
    expect(readFileSync(saved.path!, 'utf8')).not.toContain(me.identity);
    expect(await createIdentityStore({ keychain: noKeychain, dir, env: { COFFER_PASSPHRASE: 'deploy host passphrase' } }).load('acme', 'deploy')).toEqual(me);
    // No passphrase, a wrong one, no passphrase to save with: each a clear 'auth' refusal.
    expect(await code(createIdentityStore({ keychain: noKeychain, dir, env: {} }).load('acme', 'deploy'))).toBe('auth');
    expect(await code(createIdentityStore({ keychain: noKeychain, dir, env: { COFFER_PASSPHRASE: 'nope' } }).load('acme', 'deploy'))).toBe('auth');
    expect(await code(createIdentityStore({ keychain: noKeychain, dir: tempDir(), env: {} }).save('acme', 'x', me))).toBe('auth');
  }, 30_000);

  it('uses the real OS keychain (throwaway keyring)', async () => {
    expect(process.env.COFFER_TEST_KEYRING, 'run inside test/helpers/with-keyring.sh (npm test does)').toBe('1');
    const store = createIdentityStore({ keychain: osTeamSecretStore(), dir: tempDir(), env: {} });
    const me = await generateIdentity();
    const team = `unit-${randomBytes(3).toString('hex')}`;
    expect(await store.save(team, 'alice', me)).toEqual({ where: 'keychain' });
    expect(await store.load(team, 'alice')).toEqual(me);
    await store.remove(team, 'alice');
    expect(await code(store.load(team, 'alice'))).toBe('auth');
  });
});

describe('teams.json', () => {
  it('adds and replaces teams, 0600, and chooses by flag, COFFER_TEAM or the only one', async () => {
    const env = { XDG_CONFIG_HOME: tempDir() };
    expect(await readTeams(env)).toEqual([]);
    expect(() => chooseTeam([], undefined, env)).toThrow(/No team is configured/);
    await writeTeam(env, { name: 'acme', endpoints: ['http://127.0.0.1:2379'], member: 'alice' });
    expect(statSync(join(teamConfigDir(env), 'teams.json')).mode & 0o777).toBe(0o600);
    expect(chooseTeam(await readTeams(env), undefined, env).name).toBe('acme');
    await writeTeam(env, { name: 'ops', endpoints: ['http://127.0.0.1:2379'], member: 'al' });
    await writeTeam(env, { name: 'acme', endpoints: ['http://10.0.0.1:2379'], member: 'alice' });
    const teams = await readTeams(env);
    expect(teams.map((t) => [t.name, t.endpoints[0]])).toEqual([['acme', 'http://10.0.0.1:2379'], ['ops', 'http://127.0.0.1:2379']]);
    expect(() => chooseTeam(teams, undefined, env)).toThrow(/Several teams/);
    expect(chooseTeam(teams, undefined, { COFFER_TEAM: 'ops' }).member).toBe('al');
    expect(chooseTeam(teams, 'acme', { COFFER_TEAM: 'ops' }).member).toBe('alice');
    expect(() => chooseTeam(teams, 'nope', env)).toThrow(/No team named nope/);
    writeFileSync(join(teamConfigDir(env), 'teams.json'), '{"teams": 3}');
    expect(await code(readTeams(env))).toBe('invalid');
  });
});
