// Run from the repository root. Writes test/fixtures/golden-vault-v1.coffer and its sidecar golden-vault-v1.json (the unlock
// secrets and the expected contents). Run once per format version, never to "fix" a failing
// golden test — that test exists to catch a change that makes old vault files unreadable.
//   npx esbuild test/store/make-golden.ts --bundle --platform=node --format=esm --packages=external \
//     --outfile=node_modules/.cache/make-golden.mjs && node node_modules/.cache/make-golden.mjs
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FORMAT_VERSION } from '../../src/store/header.js';
import { MemoryKeychain } from '../../src/store/memory-keychain.js';
import { FileVaultOpener } from '../../src/store/opener.js';
import { GOLDEN_PASSPHRASE, goldenRecords } from './golden-records.js';

// The bundle runs from node_modules/.cache, so paths are taken from the repository root (cwd).
const fixtures = resolve('test/fixtures');
const dir = await mkdtemp(join(tmpdir(), 'coffer-golden-'));
try {
  const path = join(dir, 'vault.coffer');
  const opener = new FileVaultOpener({ path, keychain: new MemoryKeychain(), seenSavesPath: join(dir, 'seen.json'), now: () => new Date('2026-01-02T03:04:05.000Z') });
  const [first, ...rest] = goldenRecords();
  const { repository, recoveryCode } = await opener.create({ useKeychain: true, passphrase: GOLDEN_PASSPHRASE, initial: [first!], actor: 'golden' });
  // A second save, so the file has seq 2, a changed record and a chained audit entry.
  await repository.commit({
    changes: rest,
    expected: Object.fromEntries(rest.map((change) => [change.id, null])),
    audit: [{ action: 'secret.set', app: 'api', env: 'production', key: 'DATABASE_URL', version: 2 }],
    actor: 'golden',
  });
  await copyFile(path, join(fixtures, `golden-vault-v${FORMAT_VERSION}.coffer`));
  await writeFile(join(fixtures, `golden-vault-v${FORMAT_VERSION}.json`), `${JSON.stringify({ formatVersion: FORMAT_VERSION, recoveryCode, passphrase: GOLDEN_PASSPHRASE }, null, 2)}\n`);
  console.log(`wrote golden-vault-v${FORMAT_VERSION}.coffer`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
