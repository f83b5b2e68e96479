// The real OS keychain: a private D-Bus session with a throwaway, unlocked gnome-keyring, made by
// test/helpers/with-keyring.sh (which `npm test` uses). Never the user's own keyring.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OsKeychain } from '../../src/store/keychain.js';
import { FileVaultOpener } from '../../src/store/opener.js';
import { bundleChild, removeChildBundle, runChild } from './child-process.js';
import { TEST_SCRYPT_COST, tempDir } from './fixtures.js';
import type { TempDir } from './fixtures.js';
import { join } from 'node:path';

const HAVE_KEYRING = process.env.COFFER_TEST_KEYRING === '1';

describe('OS keychain (gnome-keyring over a private D-Bus)', () => {
  it('runs inside the throwaway keyring', () => {
    // Failing, not skipping: a silently skipped keychain suite would hide a broken unlock path.
    expect(
      HAVE_KEYRING,
      'These tests need a private, unlocked keyring. Run them with `npm test`, or: test/helpers/with-keyring.sh npx vitest run test/store/keychain.os.test.ts',
    ).toBe(true);
  });

  // A service name of its own, so a run can never touch a real "coffer" entry.
  const service = `coffer-test-${randomBytes(4).toString('hex')}`;
  let dir: TempDir;
  let script: string;
  beforeAll(async () => {
    dir = await tempDir();
    script = await bundleChild();
  });
  afterAll(async () => {
    await dir.remove();
    await removeChildBundle(script);
  });

  it.runIf(HAVE_KEYRING)('sets, gets and deletes a 32-byte key', async () => {
    const keychain = new OsKeychain({ service });
    await keychain.probe();
    const key = randomBytes(32);
    await keychain.set('file-a', key);
    expect(await keychain.get('file-a')).toEqual(key);
    expect(await keychain.delete('file-a')).toBe(true);
    expect(await keychain.get('file-a')).toBeNull();
    expect(await keychain.delete('file-a')).toBe(false);
  });

  it.runIf(HAVE_KEYRING)('unlocks a vault by keychain; entry deleted behind our back → entry-missing, recovery still opens', async () => {
    const keychain = new OsKeychain({ service });
    const opener = new FileVaultOpener({ path: join(dir.path, 'vault.coffer'), keychain, seenSavesPath: join(dir.path, 'seen.json'), scryptCost: TEST_SCRYPT_COST });
    const { repository, recoveryCode } = await opener.create({ useKeychain: true, initial: [], actor: 't' });
    const unlocked = await opener.unlockWithKeychain();
    expect(unlocked.fileId).toBe(repository.fileId);

    await keychain.delete(repository.fileId);
    await expect(opener.unlockWithKeychain()).rejects.toMatchObject({ name: 'KeychainUnavailableError', failure: 'entry-missing', code: 'keychain' });
    const recovered = await opener.unlockWithRecoveryCode(recoveryCode);
    await recovered.addKeychainSlot('t');
    await opener.unlockWithKeychain();
    await keychain.delete(repository.fileId);
  });

  it.runIf(HAVE_KEYRING)('with no D-Bus session: no-secret-service, a clear message, within 2 s', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir.path, 'no-such-bus')}` };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const started = Date.now();
    const child = runChild(script, ['probe-keychain'], env);
    await child.exited;
    const elapsed = Date.now() - started;
    const result = JSON.parse(child.lines.at(-1) ?? '{}') as { failure?: string; message?: string; ms?: number };
    expect(result.failure, child.stderr()).toBe('no-secret-service');
    expect(result.message).toMatch(/No OS keychain is reachable/);
    expect(result.ms).toBeLessThan(2000);
    expect(elapsed).toBeLessThan(2000 + 1500); // plus node start-up
  });
});
