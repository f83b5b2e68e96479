// A vault file written by an earlier coffer must keep opening: test/fixtures holds one per
// format version, made by make-golden.ts. If this fails, a change broke reading existing vaults.
import { copyFile, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../src/store/envelope.js';
import { MemoryKeychain } from '../../src/store/memory-keychain.js';
import { FileVaultOpener } from '../../src/store/opener.js';
import { goldenRecords } from './golden-records.js';
import { tempDir } from './fixtures.js';
import type { TempDir } from './fixtures.js';

const fixtures = resolve(fileURLToPath(import.meta.url), '../../fixtures');

describe('golden vault file, format 1', () => {
  let dir: TempDir;
  let opener: FileVaultOpener;
  let secrets: { recoveryCode: string; passphrase: string };
  beforeAll(async () => {
    dir = await tempDir();
    await copyFile(join(fixtures, 'golden-vault-v1.coffer'), join(dir.path, 'vault.coffer'));
    secrets = JSON.parse(await readFile(join(fixtures, 'golden-vault-v1.json'), 'utf8'));
    opener = new FileVaultOpener({ path: join(dir.path, 'vault.coffer'), keychain: new MemoryKeychain(), seenSavesPath: join(dir.path, 'seen.json') });
  });
  afterAll(() => dir.remove());

  it('has the header it was written with', async () => {
    const { header } = parseEnvelope('golden', await readFile(join(fixtures, 'golden-vault-v1.coffer')));
    expect(header).toMatchObject({ formatVersion: 1, seq: 2 });
    expect(header.slots.map((slot) => slot.type)).toEqual(['keychain', 'passphrase', 'recovery']);
    expect(await opener.slots()).toEqual(['keychain', 'passphrase', 'recovery']);
  });

  it('opens with its recovery code and holds exactly its records and audit', async () => {
    const repository = await opener.unlockWithRecoveryCode(secrets.recoveryCode);
    const loaded = await repository.load();
    const expected = goldenRecords();
    expect([...loaded.records.keys()].sort()).toEqual(expected.map((change) => change.id).sort());
    for (const change of expected) expect(loaded.records.get(change.id)?.record).toEqual(change.record);
    expect(loaded.records.get('meta')?.revision).toBe('1');
    expect(loaded.records.get('app:api')?.revision).toBe('2');
    expect((await repository.readAudit()).map((entry) => entry.action)).toEqual(['vault.init', 'secret.set']);
    expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 2 });
  });

  it('opens with its passphrase (scrypt at the default cost)', async () => {
    const repository = await opener.unlockWithPassphrase(secrets.passphrase);
    expect((await repository.load()).records.size).toBe(3);
  });
});
