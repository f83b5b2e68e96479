// Real vault files to mutate, made by the real store: a golden file from an earlier coffer, a
// vault with all three kinds of slot across two saves and a rekey, and an unrelated vault (for
// splices across vaults). Small on purpose: an attempt costs about as much as the file is long.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnvelope } from '../../../src/store/envelope.js';
import type { FileVaultRepository } from '../../../src/store/file-repository.js';
import { MemoryKeychain } from '../../../src/store/memory-keychain.js';
import { FileVaultOpener } from '../../../src/store/opener.js';
import { decodeVaultFile } from '../../../src/store/vault-codec.js';
import { appRecord, ids, metaRecord, put, secretRecord, TEST_SCRYPT_COST, tempDir } from '../../store/fixtures.js';
import { repoRoot } from '../helpers/bundle.js';
import type { Sample } from './targets.js';

export const FUZZ_CANARY = 'canary-fuzz-91c2d7';
const PASSPHRASE = 'fuzz passphrase, cheap scrypt';

const VALUES = [
  `${FUZZ_CANARY}-plain`,
  `${FUZZ_CANARY}-\u001b[31mred\u001b[0m-\u202eevil\u200b`,
  `${FUZZ_CANARY}-multi\nline\r\nvalue`,
  `${FUZZ_CANARY}-ünïcødé-🔑`,
  `${FUZZ_CANARY}-${'x'.repeat(3000)}`,
];

function keysOf(repository: FileVaultRepository) {
  const adapter = (repository as unknown as { adapter: { fileId: string; keyId: string; masterKey: Buffer } }).adapter;
  return { fileId: adapter.fileId, keyId: adapter.keyId, masterKey: Buffer.from(adapter.masterKey) };
}

function sampleOf(name: string, bytes: Buffer, keys: ReturnType<typeof keysOf>, secrets: Sample['secrets'], canaries: string[]): Sample {
  const { header } = parseEnvelope(name, bytes);
  const { data } = decodeVaultFile(name, bytes, keys);
  return { name, bytes, fileId: keys.fileId, keyId: keys.keyId, seq: header.seq, slots: header.slots, masterKey: keys.masterKey, plaintext: Buffer.concat(data.encode()), secrets, canaries };
}

export async function buildCorpus(): Promise<Sample[]> {
  const dir = await tempDir('coffer-fuzz-');
  try {
    const samples: Sample[] = [];

    // The golden file of format 1, unlocked by its recovery code.
    const golden = await readFile(join(repoRoot, 'test/fixtures/golden-vault-v1.coffer'));
    const goldenSecrets = JSON.parse(await readFile(join(repoRoot, 'test/fixtures/golden-vault-v1.json'), 'utf8')) as { recoveryCode: string };
    const goldenPath = join(dir.path, 'golden', 'vault.coffer');
    const goldenOpener = new FileVaultOpener({ path: goldenPath, keychain: new MemoryKeychain(), seenSavesPath: join(dir.path, 'golden-seen.json') });
    await mkdir(join(dir.path, 'golden'), { recursive: true });
    await writeFile(goldenPath, golden);
    const goldenRepo = await goldenOpener.unlockWithRecoveryCode(goldenSecrets.recoveryCode);
    samples.push(sampleOf('golden-v1', golden, keysOf(goldenRepo), { recovery: goldenSecrets.recoveryCode }, ['postgres://app:ünïcødé@db/prod']));

    // A vault with every kind of slot, hostile values, deleted and destroyed versions.
    const keychain = new MemoryKeychain();
    const path = join(dir.path, 'rich', 'vault.coffer');
    const opener = new FileVaultOpener({ path, keychain, seenSavesPath: join(dir.path, 'rich-seen.json'), scryptCost: TEST_SCRYPT_COST });
    const initial = [put(ids.meta, metaRecord('fuzz')), put(ids.app('api'), appRecord('api'))];
    VALUES.forEach((value, i) => initial.push(put(ids.secret('api', 'production', `KEY_${i}`), secretRecord('api', 'production', `KEY_${i}`, [value, `${value}-2`]))));
    const { repository, recoveryCode } = await opener.create({ useKeychain: true, passphrase: PASSPHRASE, initial, actor: 'fuzz' });
    const richSecrets = () => keychain.get(repository.fileId).then((kek) => ({ recovery: recoveryCode, keychain: kek!, passphrase: PASSPHRASE }));
    samples.push(sampleOf('rich-save-1', await readFile(path), keysOf(repository), await richSecrets(), VALUES));
    const id = ids.secret('api', 'production', 'KEY_0');
    const loaded = (await repository.load()).records.get(id)!;
    await repository.commit({ changes: [put(id, secretRecord('api', 'production', 'KEY_0', [...VALUES.slice(0, 3)]))], expected: { [id]: loaded.revision }, audit: [{ action: 'secret.set', app: 'api', env: 'production', key: 'KEY_0', version: 3 }], actor: 'fuzz' });
    samples.push(sampleOf('rich-save-2', await readFile(path), keysOf(repository), await richSecrets(), VALUES));
    const { recoveryCode: newCode } = await repository.rekey({ passphrase: PASSPHRASE, actor: 'fuzz' });
    const rekeyed = await opener.unlockWithRecoveryCode(newCode);
    samples.push(sampleOf('rich-rekeyed', await readFile(path), keysOf(rekeyed), { ...(await richSecrets()), recovery: newCode }, VALUES));

    // An unrelated vault, recovery slot only.
    const otherPath = join(dir.path, 'other', 'vault.coffer');
    const other = await new FileVaultOpener({ path: otherPath, keychain: new MemoryKeychain(), seenSavesPath: join(dir.path, 'other-seen.json') }).create({
      useKeychain: false,
      initial: [put(ids.meta, metaRecord('other')), put(ids.app('web'), appRecord('web')), put(ids.secret('web', 'production', 'TOKEN'), secretRecord('web', 'production', 'TOKEN', [`${FUZZ_CANARY}-other`]))],
      actor: 'fuzz',
    });
    samples.push(sampleOf('other', await readFile(otherPath), keysOf(other.repository), { recovery: other.recoveryCode }, [`${FUZZ_CANARY}-other`]));
    return samples;
  } finally {
    await dir.remove();
  }
}
