import { chmod, stat, unlink, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/domain/errors.js';
import { KeychainUnavailableError, NoSuchSlotError, VaultRekeyedError, WrongKeyError } from '../../src/store/errors.js';
import { describeRepositoryContract } from './repository-contract.js';
import { createVault, fileFixture } from './file-fixture.js';
import { ids, put, secretRecord } from './fixtures.js';

describeRepositoryContract('FileVaultRepository', async (initial) => {
  const fixture = await fileFixture();
  const { repository } = await createVault(fixture, initial);
  return { repository, snapshot: () => fixture.bytes(), cleanup: () => fixture.dir.remove() };
});

const KEY = ids.secret('api', 'production', 'API_KEY');
const CANARY = 'canary-3f9a1c-plaintext-must-never-hit-disk';

describe('FileVaultRepository on disk', () => {
  it('creates the folder 0700 and the file 0600, and warns when they are opened up', async () => {
    const fixture = await fileFixture();
    try {
      const { repository } = await createVault(fixture);
      expect((await stat(fixture.path)).mode & 0o777).toBe(0o600);
      expect((await stat(fixture.dir.path + '/vaults')).mode & 0o777).toBe(0o700);
      expect(await repository.warnings()).toEqual([]);
      await chmod(fixture.path, 0o644);
      await chmod(fixture.dir.path + '/vaults', 0o755);
      const warnings = await repository.warnings();
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/can be read by other users.*chmod 600/);
      expect(warnings[1]).toMatch(/open to other users.*chmod 700/);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('never writes a value in clear: not in the vault, its .bak or any temp file', async () => {
    const fixture = await fileFixture();
    try {
      const { repository } = await createVault(fixture, [put(KEY, secretRecord('api', 'production', 'API_KEY', [CANARY]))]);
      const rev = (await repository.load()).records.get(KEY)!.revision;
      await repository.commit({ changes: [put(KEY, secretRecord('api', 'production', 'API_KEY', [CANARY, CANARY + '2']))], expected: { [KEY]: rev }, audit: [], actor: 't' });
      const files = await fixture.folderFiles();
      expect([...files.keys()].sort()).toEqual(['vault.coffer', 'vault.coffer.bak']);
      for (const [name, bytes] of files) {
        expect(bytes.includes(CANARY), name).toBe(false);
        expect(bytes.includes(Buffer.from(CANARY, 'utf16le')), name).toBe(false);
        expect(bytes.includes(Buffer.from(CANARY).toString('base64').slice(0, 20)), name).toBe(false);
      }
    } finally {
      await fixture.dir.remove();
    }
  });

  it('keeps the previous save as .bak, which opens as the older state', async () => {
    const fixture = await fileFixture();
    try {
      const { repository, recoveryCode } = await createVault(fixture);
      const first = await fixture.bytes();
      await repository.commit({ changes: [put(KEY, secretRecord('api', 'production', 'API_KEY'))], expected: { [KEY]: null }, audit: [], actor: 't' });
      const files = await fixture.folderFiles();
      expect(files.get('vault.coffer.bak')).toEqual(first);
      // Restoring the backup is a rollback: refused unless accepted on purpose.
      await writeFile(fixture.path, first);
      await expect(fixture.opener().unlockWithRecoveryCode(recoveryCode)).rejects.toMatchObject({ name: 'RollbackDetectedError' });
      const restored = await fixture.opener({ acceptRollback: true }).unlockWithRecoveryCode(recoveryCode);
      expect((await restored.load()).records.has(KEY)).toBe(false);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('sees commits made through another handle to the same file', async () => {
    const fixture = await fileFixture();
    try {
      const { repository: a, recoveryCode } = await createVault(fixture);
      const b = await fixture.opener().unlockWithRecoveryCode(recoveryCode);
      const other = ids.secret('api', 'production', 'OTHER');
      await a.commit({ changes: [put(KEY, secretRecord('api', 'production', 'API_KEY'))], expected: { [KEY]: null }, audit: [], actor: 'a' });
      // b loaded before a's commit, writes a different record: both survive.
      await b.commit({ changes: [put(other, secretRecord('api', 'production', 'OTHER'))], expected: { [other]: null }, audit: [], actor: 'b' });
      const loaded = await a.load();
      expect([...loaded.records.keys()].sort()).toEqual([KEY, other].sort());
      // Same record: the second writer is told, naming it, and that another coffer wrote it.
      const rev = loaded.records.get(KEY)!.revision;
      await a.commit({ changes: [put(KEY, secretRecord('api', 'production', 'API_KEY', ['x', 'y']))], expected: { [KEY]: rev }, audit: [], actor: 'a' });
      await expect(b.commit({ changes: [put(KEY, secretRecord('api', 'production', 'API_KEY', ['x', 'z']))], expected: { [KEY]: rev }, audit: [], actor: 'b' })).rejects.toThrow(
        new RegExp(`${KEY.replace(/[/]/g, '\\/')}.*another coffer`),
      );
      expect(await a.verifyAudit()).toMatchObject({ ok: true });
    } finally {
      await fixture.dir.remove();
    }
  });
});

describe('key slots', () => {
  it('creates keychain + passphrase + recovery slots; each one unlocks', async () => {
    const fixture = await fileFixture();
    try {
      const { recoveryCode } = await createVault(fixture, [], { passphrase: 'pass phrase' });
      expect(recoveryCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$/);
      const opener = fixture.opener();
      expect(await opener.slots()).toEqual(['keychain', 'passphrase', 'recovery']);
      await opener.unlockWithKeychain();
      await opener.unlockWithPassphrase('pass phrase');
      await opener.unlockWithRecoveryCode(recoveryCode.toLowerCase().replace(/-/g, ' '));
      await expect(opener.unlockWithPassphrase('pass phrasE')).rejects.toBeInstanceOf(WrongKeyError);
      await expect(opener.unlockWithRecoveryCode('0000-0000-0000-0000-0000-0000-0000')).rejects.toBeInstanceOf(WrongKeyError);
      await expect(opener.unlockWithRecoveryCode('not a code')).rejects.toMatchObject({ code: 'invalid' });
    } finally {
      await fixture.dir.remove();
    }
  });

  it('says which slots exist when asked for a missing one', async () => {
    const fixture = await fileFixture();
    try {
      await createVault(fixture);
      const error = await fixture.opener().unlockWithPassphrase('x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoSuchSlotError);
      expect((error as NoSuchSlotError).hint).toMatch(/OS keychain or a recovery code/);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('keychain entry deleted behind our back: entry-missing, and the recovery code still opens', async () => {
    const fixture = await fileFixture();
    try {
      const { repository, recoveryCode } = await createVault(fixture);
      await fixture.keychain.delete(repository.fileId);
      await expect(fixture.opener().unlockWithKeychain()).rejects.toMatchObject({ failure: 'entry-missing', code: 'keychain' });
      const reopened = await fixture.opener().unlockWithRecoveryCode(recoveryCode);
      // ...and the keychain can be put back without a rekey.
      await reopened.addKeychainSlot('t');
      await fixture.opener().unlockWithKeychain();
      expect((await reopened.slots()).filter((s) => s.type === 'keychain')).toHaveLength(1);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('fails closed when the keychain is unavailable at init: nothing is created', async () => {
    const fixture = await fileFixture();
    try {
      fixture.keychain.failure = 'no-secret-service';
      await expect(createVault(fixture)).rejects.toBeInstanceOf(KeychainUnavailableError);
      expect(await fixture.opener().exists()).toBe(false);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('changes the passphrase by rewrapping only', async () => {
    const fixture = await fileFixture();
    try {
      const { repository } = await createVault(fixture, [put(KEY, secretRecord('api', 'production', 'API_KEY'))], { passphrase: 'old' });
      await repository.changePassphrase('new', 't');
      await expect(fixture.opener().unlockWithPassphrase('old')).rejects.toBeInstanceOf(WrongKeyError);
      const reopened = await fixture.opener().unlockWithPassphrase('new');
      expect((await reopened.load()).records.has(KEY)).toBe(true);
      // The other handle keeps working: same master key.
      await repository.commit({ changes: [{ id: KEY, record: null }], expected: { [KEY]: '1' }, audit: [], actor: 't' });
      expect((await reopened.readAudit()).map((e) => e.detail ?? e.action)).toEqual(['vault.init', 'passphrase set']);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('removes slots but never the last one', async () => {
    const fixture = await fileFixture();
    try {
      const { repository } = await createVault(fixture, [], { passphrase: 'p' });
      await repository.removeSlot('keychain', 't');
      expect(await fixture.keychain.get(repository.fileId)).toBeNull();
      await repository.removeSlot('recovery', 't');
      const before = await fixture.bytes();
      await expect(repository.removeSlot('passphrase', 't')).rejects.toBeInstanceOf(RefusedError);
      expect(await fixture.bytes()).toEqual(before);
      expect((await repository.slots()).map((s) => s.type)).toEqual(['passphrase']);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('rekey: new master key, every slot rewrapped, a new recovery code, old ones dead', async () => {
    const fixture = await fileFixture();
    try {
      const { repository, recoveryCode } = await createVault(fixture, [put(KEY, secretRecord('api', 'production', 'API_KEY'))], { passphrase: 'p' });
      const other = await fixture.opener().unlockWithPassphrase('p');
      await expect(repository.rekey({ actor: 't' })).rejects.toMatchObject({ code: 'invalid' });
      const result = await repository.rekey({ passphrase: 'p2', actor: 't' });
      expect(result.warnings).toEqual([]);
      expect(result.recoveryCode).not.toBe(recoveryCode);
      const opener = fixture.opener();
      await expect(opener.unlockWithRecoveryCode(recoveryCode)).rejects.toBeInstanceOf(WrongKeyError);
      await expect(opener.unlockWithPassphrase('p')).rejects.toBeInstanceOf(WrongKeyError);
      for (const unlock of [() => opener.unlockWithKeychain(), () => opener.unlockWithPassphrase('p2'), () => opener.unlockWithRecoveryCode(result.recoveryCode)]) {
        expect((await (await unlock()).load()).records.has(KEY)).toBe(true);
      }
      // A handle unlocked before the rekey is told to unlock again, and writes nothing.
      const before = await fixture.bytes();
      await expect(other.load()).rejects.toBeInstanceOf(VaultRekeyedError);
      await expect(other.commit({ changes: [], expected: {}, audit: [], actor: 'x' })).rejects.toBeInstanceOf(VaultRekeyedError);
      expect(await fixture.bytes()).toEqual(before);
      // The rekeying handle carries on with the new keys.
      await repository.commit({ changes: [{ id: KEY, record: null }], expected: { [KEY]: '1' }, audit: [], actor: 't' });
      expect((await repository.readAudit()).map((e) => e.action)).toEqual(['vault.init', 'vault.rekey']);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('rekey stores a new keychain key when the entry went missing', async () => {
    const fixture = await fileFixture();
    try {
      const { repository } = await createVault(fixture);
      await fixture.keychain.delete(repository.fileId);
      await repository.rekey({ actor: 't' });
      await fixture.opener().unlockWithKeychain();
    } finally {
      await fixture.dir.remove();
    }
  });

  it('replaces the recovery code', async () => {
    const fixture = await fileFixture();
    try {
      const { repository, recoveryCode } = await createVault(fixture);
      const code = await repository.replaceRecoveryCode('t');
      await expect(fixture.opener().unlockWithRecoveryCode(recoveryCode)).rejects.toBeInstanceOf(WrongKeyError);
      await fixture.opener().unlockWithRecoveryCode(code);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('refuses to create over an existing vault', async () => {
    const fixture = await fileFixture();
    try {
      await createVault(fixture);
      const before = await fixture.bytes();
      await expect(createVault(fixture)).rejects.toMatchObject({ code: 'exists' });
      expect(await fixture.bytes()).toEqual(before);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('reports a missing vault as not-found', async () => {
    const fixture = await fileFixture();
    try {
      expect(await fixture.opener().exists()).toBe(false);
      await expect(fixture.opener().unlockWithRecoveryCode('x')).rejects.toMatchObject({ name: 'VaultNotFoundError', code: 'not-found' });
    } finally {
      await fixture.dir.remove();
    }
  });
});

describe('file system failures', () => {
  it('a vault whose folder vanished: a typed io error, not a crash', async () => {
    const fixture = await fileFixture();
    try {
      const { repository } = await createVault(fixture);
      await fixture.dir.remove();
      const error = await repository.commit({ changes: [], expected: {}, audit: [], actor: 't' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'io', name: 'VaultIoError' });
      expect((error as Error).message).toMatch(/Could not lock/);
    } finally {
      await fixture.dir.remove();
    }
  });

  it('a vault deleted after unlock: not-found, and nothing is recreated', async () => {
    const fixture = await fileFixture();
    try {
      const { repository } = await createVault(fixture);
      await unlink(fixture.path);
      await expect(repository.load()).rejects.toMatchObject({ name: 'VaultNotFoundError' });
      await expect(repository.commit({ changes: [], expected: {}, audit: [], actor: 't' })).rejects.toMatchObject({ name: 'VaultNotFoundError' });
      expect(await fixture.opener().exists()).toBe(false);
    } finally {
      await fixture.dir.remove();
    }
  });
});
