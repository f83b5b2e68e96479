// The keychain read bin/coffer.cjs begins before the CLI's bundle loads (src/cli/early.ts) and
// OsKeychain.adopt, which hands it to the unlock: the keychain read started ahead of an unlock (to
// overlap its D-Bus wait with start-up) is the one the unlock then uses — once, for that vault.
// The built program does this on the real keychain in every e2e suite.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeychainUnavailableError } from '../../src/store/errors.js';
import { OsKeychain } from '../../src/store/keychain.js';
import type { KeytarApi } from '../../src/store/keychain.js';
import { keychainAccountOf } from '../../src/store/keychain-account.js';
import { readKeychainAhead } from '../../src/cli/early.js';
import { createVault, fileFixture } from './file-fixture.js';

function countingKeytar(answer: (account: string) => Promise<string | null>) {
  const calls: string[] = [];
  const api: KeytarApi = {
    getPassword: (_service, account) => {
      calls.push(account);
      return answer(account);
    },
    setPassword: async () => undefined,
    deletePassword: async () => false,
  };
  return { calls, keychain: new OsKeychain({ load: async () => api }) };
}

const KEY = Buffer.alloc(32, 5).toString('base64');

describe('a keychain read begun ahead (OsKeychain.adopt)', () => {
  it('the next get of that account takes the answer read ahead; later ones ask again', async () => {
    const { calls, keychain } = countingKeytar(async () => KEY);
    keychain.adopt('vault-a', Promise.resolve(KEY));
    expect((await keychain.get('vault-a'))?.toString('base64')).toBe(KEY);
    expect(calls).toEqual([]);
    await keychain.get('vault-a');
    expect(calls).toEqual(['vault-a']);
  });

  it('a get of another account does not take it', async () => {
    const { calls, keychain } = countingKeytar(async () => KEY);
    keychain.adopt('vault-a', Promise.resolve(Buffer.alloc(32, 9).toString('base64')));
    expect((await keychain.get('vault-b'))?.toString('base64')).toBe(KEY);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['vault-b']);
  });

  it('the native call starts inside the read ahead itself, before anything is awaited', async () => {
    const calls: string[] = [];
    const api: KeytarApi = { getPassword: async (_s, account) => (calls.push(account), KEY), setPassword: async () => undefined, deletePassword: async () => false };
    const fixture = await fileFixture();
    try {
      const { repository } = await createVault(fixture, [], { useKeychain: true });
      readKeychainAhead(['ls', '--vault', fixture.path], {}, () => api);
      expect(calls).toEqual([repository.fileId]);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('a failed read is reported by the get that takes it, classified as usual, and is not an unhandled rejection', async () => {
    const { keychain } = countingKeytar(async () => KEY);
    const failing = () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'));
    keychain.adopt('unused', failing());
    keychain.adopt('vault-a', failing());
    const error = await keychain.get('vault-a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeychainUnavailableError);
    expect((error as KeychainUnavailableError).failure).toBe('no-secret-service');
  });
});

describe('keychainAccountOf', () => {
  it('names the account for a vault with a keychain slot, and none for one without', async () => {
    for (const useKeychain of [true, false]) {
      const fixture = await fileFixture();
      try {
        const { repository } = await createVault(fixture, [], { useKeychain, passphrase: 'prefetch passphrase' });
        expect(keychainAccountOf(fixture.path)).toBe(useKeychain ? repository.fileId : undefined);
      } finally {
        await fixture.dir.remove();
      }
    }
  });

  it('is silent about a missing or damaged file (the unlock reports it)', async () => {
    const fixture = await fileFixture();
    try {
      expect(() => keychainAccountOf(fixture.path)).not.toThrow();
      expect(keychainAccountOf(fixture.path)).toBeUndefined();
    } finally {
      await fixture.dir.remove();
    }
  });
});

describe('OsKeychain.adopt', () => {
  it('a read begun elsewhere answers the next get of that account, once', async () => {
    const { calls, keychain } = countingKeytar(async () => KEY);
    keychain.adopt('vault-a', Promise.resolve(KEY));
    expect((await keychain.get('vault-a'))?.toString('base64')).toBe(KEY);
    expect(calls).toEqual([]);
    await keychain.get('vault-a');
    expect(calls).toEqual(['vault-a']);
  });

  it('gets the bound and the classification of any call, and no unhandled rejection', async () => {
    const { keychain } = countingKeytar(async () => KEY);
    keychain.adopt('vault-a', Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')));
    const error = await keychain.get('vault-a').catch((e: unknown) => e);
    expect((error as KeychainUnavailableError).failure).toBe('no-secret-service');

    const slow = new OsKeychain({ timeoutMs: 50, load: async () => { throw new Error('not used'); } });
    slow.adopt('vault-b', new Promise(() => undefined));
    const timedOut = await slow.get('vault-b').catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(KeychainUnavailableError);
  });
});

describe('the keychain read begun before the bundle loads (early.ts)', () => {
  const fakeKeytar = () => {
    const calls: Array<[string, string]> = [];
    const api: KeytarApi = { getPassword: async (service, account) => (calls.push([service, account]), KEY), setPassword: async () => undefined, deletePassword: async () => false };
    return { calls, load: () => api };
  };

  it('for a command that unlocks a keychain vault: reads service "coffer", account = the vault\'s fileId', async () => {
    const fixture = await fileFixture();
    try {
      const { repository } = await createVault(fixture, [], { useKeychain: true });
      const keytar = fakeKeytar();
      const read = readKeychainAhead(['get', 'api/production/TOKEN', '--vault', fixture.path], {}, keytar.load);
      expect(read?.account).toBe(repository.fileId);
      expect(await read?.answer).toBe(KEY);
      expect(keytar.calls).toEqual([['coffer', repository.fileId]]);
      expect(keychainAccountOf(fixture.path)).toBe(repository.fileId);
      // COFFER_VAULT is where the vault is when --vault is not given.
      expect(readKeychainAhead(['ls'], { COFFER_VAULT: fixture.path }, keytar.load)?.account).toBe(repository.fileId);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('nothing for a team vault, init, --recovery, a passphrase-only vault, a missing one, or a keytar that will not load', async () => {
    const fixture = await fileFixture();
    try {
      const keytar = fakeKeytar();
      expect(readKeychainAhead(['ls', '--vault', fixture.path], {}, keytar.load)).toBeUndefined(); // no file yet
      expect(keychainAccountOf(fixture.path)).toBeUndefined();
      await createVault(fixture, [], { useKeychain: true });
      expect(readKeychainAhead(['ls', '--vault', fixture.path], { COFFER_TEAM: 'ops' }, keytar.load)).toBeUndefined();
      expect(readKeychainAhead(['ls', '--team', 'ops', '--vault', fixture.path], {}, keytar.load)).toBeUndefined();
      expect(readKeychainAhead(['init', '--vault', fixture.path], {}, keytar.load)).toBeUndefined();
      expect(readKeychainAhead(['ls', '--recovery', '--vault', fixture.path], {}, keytar.load)).toBeUndefined();
      expect(keytar.calls).toEqual([]);
      expect(readKeychainAhead(['ls', '--vault', fixture.path], {}, () => { throw new Error('libsecret-1.so.0: cannot open shared object file'); })).toBeUndefined();
      expect(readKeychainAhead(['ls', '--vault', fixture.path], {}, () => ({ notKeytar: true }))).toBeUndefined();
    } finally {
      await fixture.dir.remove();
    }
    const passphraseOnly = await fileFixture();
    try {
      await createVault(passphraseOnly, [], { useKeychain: false, passphrase: 'early passphrase' });
      expect(readKeychainAhead(['ls', '--vault', passphraseOnly.path], {}, fakeKeytar().load)).toBeUndefined();
    } finally {
      await passphraseOnly.dir.remove();
    }
  });

  it('a damaged header is left for the unlock to report', async () => {
    const fixture = await fileFixture();
    try {
      await createVault(fixture, [], { useKeychain: true });
      const bytes = readFileSync(fixture.path);
      bytes[20] = bytes[20]! ^ 0xff;
      writeFileSync(fixture.path, bytes);
      expect(keychainAccountOf(fixture.path)).toBeUndefined();
      expect(readKeychainAhead(['ls', '--vault', fixture.path], {}, fakeKeytar().load)).toBeUndefined();
    } finally {
      await fixture.dir.remove();
    }
  });
});
