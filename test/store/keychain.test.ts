// OsKeychain's failure classification, with keytar replaced by fakes. The real keychain is
// exercised by keychain.os.test.ts.
import { describe, expect, it } from 'vitest';
import { KeychainUnavailableError } from '../../src/store/errors.js';
import { OsKeychain, classifyKeychainError } from '../../src/store/keychain.js';
import type { KeytarApi } from '../../src/store/keychain.js';
import { MemoryKeychain } from '../../src/store/memory-keychain.js';

function fakeKeytar(overrides: Partial<KeytarApi> = {}): KeytarApi & { store: Map<string, string> } {
  const store = new Map<string, string>();
  return {
    store,
    getPassword: async (service, account) => store.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => void store.set(`${service}/${account}`, password),
    deletePassword: async (service, account) => store.delete(`${service}/${account}`),
    ...overrides,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KeychainUnavailableError);
  return (error as KeychainUnavailableError).failure;
}

describe('OsKeychain', () => {
  it('stores 32-byte keys base64 under service coffer, account = fileId', async () => {
    const keytar = fakeKeytar();
    const keychain = new OsKeychain({ load: async () => ({ default: keytar }) });
    const key = Buffer.alloc(32, 7);
    await keychain.set('file-1', key);
    expect(keytar.store.get('coffer/file-1')).toBe(key.toString('base64'));
    expect(await keychain.get('file-1')).toEqual(key);
    expect(await keychain.get('file-2')).toBeNull();
    expect(await keychain.delete('file-1')).toBe(true);
    expect(await keychain.get('file-1')).toBeNull();
  });

  it("library-missing when loading keytar fails (libsecret absent: ERR_DLOPEN_FAILED)", async () => {
    const dlopen = Object.assign(new Error('libsecret-1.so.0: cannot open shared object file'), { code: 'ERR_DLOPEN_FAILED' });
    const keychain = new OsKeychain({ load: async () => Promise.reject(new Error('Failed to load keytar native addon', { cause: dlopen })) });
    expect(await failureOf(keychain.probe())).toBe('library-missing');
    expect(await failureOf(keychain.get('x'))).toBe('library-missing');
  });

  it('library-missing when the module does not look like keytar', async () => {
    const keychain = new OsKeychain({ load: async () => ({ default: { getPassword: 'nope' } }) });
    expect(await failureOf(keychain.probe())).toBe('library-missing');
  });

  it('no-secret-service for the D-Bus and Secret Service errors libsecret reports', async () => {
    for (const text of [
      'Cannot autolaunch D-Bus without X11 $DISPLAY',
      'Could not connect: No such file or directory',
      'The name org.freedesktop.secrets was not provided by any .service files',
    ]) {
      const keychain = new OsKeychain({ load: async () => fakeKeytar({ getPassword: async () => Promise.reject(new Error(text)) }) });
      expect(await failureOf(keychain.get('x')), text).toBe('no-secret-service');
    }
  });

  it('locked-or-denied for other refusals', async () => {
    const keychain = new OsKeychain({ load: async () => fakeKeytar({ setPassword: async () => Promise.reject(new Error('Cannot create an item in a locked collection')) }) });
    expect(await failureOf(keychain.set('x', Buffer.alloc(32)))).toBe('locked-or-denied');
  });

  it('timeout when a call hangs (an unlock prompt nobody answers)', async () => {
    const keychain = new OsKeychain({ timeoutMs: 50, load: async () => fakeKeytar({ getPassword: () => new Promise(() => undefined) }) });
    const started = performance.now();
    expect(await failureOf(keychain.get('x'))).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses an entry that is not a 32-byte key instead of using it', async () => {
    const keytar = fakeKeytar();
    keytar.store.set('coffer/x', 'hunter2');
    expect(await failureOf(new OsKeychain({ load: async () => keytar }).get('x'))).toBe('entry-missing');
  });

  it('messages say what to do and carry no key material', async () => {
    const error = new KeychainUnavailableError('no-secret-service', 'Cannot autolaunch D-Bus without X11 $DISPLAY');
    expect(error.code).toBe('keychain');
    expect(error.message).toMatch(/D-Bus/);
    expect(error.hint).toMatch(/passphrase or recovery code/);
  });

  it('classifies unknown errors as locked-or-denied, never as success', () => {
    expect(classifyKeychainError(new Error('something odd'))).toBe('locked-or-denied');
    expect(classifyKeychainError('Failed to load keytar native addon')).toBe('library-missing');
  });
});

describe('MemoryKeychain', () => {
  it('round-trips keys and can be told to fail', async () => {
    const keychain = new MemoryKeychain();
    await keychain.set('a', Buffer.alloc(32, 1));
    expect(await keychain.get('a')).toEqual(Buffer.alloc(32, 1));
    keychain.failure = 'locked-or-denied';
    expect(await failureOf(keychain.get('a'))).toBe('locked-or-denied');
  });
});
