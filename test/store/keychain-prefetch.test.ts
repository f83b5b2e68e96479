// OsKeychain.prefetch and prefetchKeychainKey: the keychain read started ahead of an unlock (to
// overlap its D-Bus wait with start-up) is the one the unlock then uses — once, for that vault.
import { describe, expect, it } from 'vitest';
import { KeychainUnavailableError } from '../../src/store/errors.js';
import { OsKeychain } from '../../src/store/keychain.js';
import type { KeytarApi } from '../../src/store/keychain.js';
import { prefetchKeychainKey } from '../../src/store/opener.js';
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

describe('OsKeychain.prefetch', () => {
  it('the next get of that account takes the prefetched answer; later ones ask again', async () => {
    const { calls, keychain } = countingKeytar(async () => KEY);
    keychain.prefetch('vault-a');
    expect((await keychain.get('vault-a'))?.toString('base64')).toBe(KEY);
    expect(calls).toEqual(['vault-a']);
    await keychain.get('vault-a');
    expect(calls).toEqual(['vault-a', 'vault-a']);
  });

  it('a get of another account does not take it', async () => {
    const { calls, keychain } = countingKeytar(async () => KEY);
    keychain.prefetch('vault-a');
    await keychain.get('vault-b');
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.sort()).toEqual(['vault-a', 'vault-b']);
  });

  it('with a synchronous loader, the native call starts inside prefetch() itself', () => {
    const calls: string[] = [];
    const api: KeytarApi = { getPassword: async (_s, account) => (calls.push(account), KEY), setPassword: async () => undefined, deletePassword: async () => false };
    const keychain = new OsKeychain({ loadSync: () => api, load: async () => api });
    keychain.prefetch('vault-a');
    expect(calls).toEqual(['vault-a']);
  });

  it('a failed prefetch is reported by the get that takes it, classified as usual, and is not an unhandled rejection', async () => {
    const { keychain } = countingKeytar(async () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')));
    keychain.prefetch('unused');
    keychain.prefetch('vault-a');
    const error = await keychain.get('vault-a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeychainUnavailableError);
    expect((error as KeychainUnavailableError).failure).toBe('no-secret-service');
  });
});

describe('prefetchKeychainKey', () => {
  it('prefetches for a vault with a keychain slot, and not for one without', async () => {
    for (const useKeychain of [true, false]) {
      const fixture = await fileFixture();
      try {
        const { repository } = await createVault(fixture, [], { useKeychain, passphrase: 'prefetch passphrase' });
        const accounts: string[] = [];
        prefetchKeychainKey(fixture.path, { name: 'spy', probe: async () => undefined, get: async () => null, set: async () => undefined, delete: async () => false, prefetch: (account) => accounts.push(account) });
        expect(accounts).toEqual(useKeychain ? [repository.fileId] : []);
      } finally {
        await fixture.dir.remove();
      }
    }
  });

  it('is silent about a missing or damaged file (the unlock reports it)', async () => {
    const fixture = await fileFixture();
    try {
      const keychain = { name: 'spy', probe: async () => undefined, get: async () => null, set: async () => undefined, delete: async () => false, prefetch: () => { throw new Error('must not be called'); } };
      expect(() => prefetchKeychainKey(fixture.path, keychain)).not.toThrow();
    } finally {
      await fixture.dir.remove();
    }
  });
});
