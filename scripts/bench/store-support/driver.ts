// Store latency benchmark (not part of the test suite). Measures, for vaults of 1,500 and
// 10,000 secrets × 10 versions:
//   open  — unlock (recovery slot: no scrypt) + read and decrypt the file, parse the payload's
//           index (records themselves parse on first access; measured separately)
//   save  — commit one new version of one secret: lock, re-read (unchanged file: cache hit),
//           encrypt, durable write (temp + fsync + .bak + rename + folder fsync), unlock
//   save after another writer — the same when the file changed since this process last read it
// Run:
//   npx esbuild test/store/bench-store.ts --bundle --platform=node --format=esm --packages=external \
//     --outfile=node_modules/.cache/bench-store.mjs && node node_modules/.cache/bench-store.mjs
// Optional args: sizes (default "1500,10000") and rounds (default 25).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secretId } from '../../src/domain/ids.js';
import type { RecordChange, VaultRecord } from '../../src/domain/ports.js';
import { MemoryKeychain } from '../../src/store/memory-keychain.js';
import { FileVaultOpener } from '../../src/store/opener.js';
import type { FileVaultRepository } from '../../src/store/file-repository.js';

const sizes = (process.argv[2] ?? '1500,10000').split(',').map(Number);
const rounds = Number(process.argv[3] ?? 25);
const VERSIONS = 10;

function secret(app: string, env: string, key: string, versions: number): VaultRecord {
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
  return {
    type: 'secret',
    value: {
      app, env, key, type: 'secret', kind: 'env', comment: 'rotated by the deploy pipeline', tags: ['team:core'], path: '/',
      maxVersions: 10, createdAt: at, updatedAt: at,
      versions: Array.from({ length: versions }, (_, i) => ({
        n: i + 1, value: randomBytes(24).toString('base64'), createdAt: at, author: 'bench', origin: { type: 'set' as const }, state: 'live' as const,
      })),
    },
  };
}

function initialRecords(count: number): RecordChange[] {
  const changes: RecordChange[] = [];
  for (let i = 0; i < count; i++) {
    const app = `app-${i % 50}`;
    const env = ['development', 'staging', 'production'][i % 3]!;
    const key = `SECRET_${i}`;
    changes.push({ id: secretId(app, env, key), record: secret(app, env, key, VERSIONS) });
  }
  return changes;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return `median ${at(0.5).toFixed(1)} ms · p95 ${at(0.95).toFixed(1)} ms (n=${samples.length})`;
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await work();
  return [performance.now() - started, value];
}

async function saveOneVersion(repository: FileVaultRepository, id: string): Promise<void> {
  const entry = (await repository.load()).records.get(id)!;
  if (entry.record.type !== 'secret') throw new Error('not a secret');
  const current = entry.record.value;
  const n = current.versions.at(-1)!.n + 1;
  const next: VaultRecord = {
    type: 'secret',
    value: { ...current, versions: [...current.versions.slice(1), { n, value: randomBytes(24).toString('base64'), createdAt: new Date().toISOString(), author: 'bench', origin: { type: 'set' }, state: 'live' }] },
  };
  await repository.commit({ changes: [{ id, record: next }], expected: { [id]: entry.revision }, audit: [{ action: 'secret.set', key: id, version: n }], actor: 'bench' });
}

for (const size of sizes) {
  const dir = await mkdtemp(join(tmpdir(), 'coffer-bench-'));
  try {
    const opener = new FileVaultOpener({ path: join(dir, 'vault.coffer'), keychain: new MemoryKeychain(), seenSavesPath: join(dir, 'seen.json') });
    const initial = initialRecords(size);
    const [createMs, { repository, recoveryCode }] = await time(() => opener.create({ useKeychain: false, initial, actor: 'bench' }));
    const bytes = (await stat(join(dir, 'vault.coffer'))).size;
    console.log(`\n${size} secrets × ${VERSIONS} versions — file ${(bytes / 2 ** 20).toFixed(1)} MiB, created in ${createMs.toFixed(0)} ms`);

    const opens: number[] = [];
    for (let i = 0; i < Math.min(rounds, 15); i++) {
      const [ms, opened] = await time(() => opener.unlockWithRecoveryCode(recoveryCode));
      opens.push(ms);
      await opened.close();
    }
    console.log(`  open                        ${summary(opens)}`);

    // Records parse (and validate) on first access: the cost a screen that shows them all pays.
    const touchAll: number[] = [];
    for (let i = 0; i < Math.min(rounds, 5); i++) {
      const [ms, opened] = await time(async () => {
        const repo = await opener.unlockWithRecoveryCode(recoveryCode);
        for (const entry of (await repo.load()).records.values()) void entry.record;
        return repo;
      });
      touchAll.push(ms);
      await opened.close();
    }
    console.log(`  open + read every record    ${summary(touchAll)}`);

    const ids = initial.map((change) => change.id);
    const saves: number[] = [];
    const loadThenSave: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const id = ids[(i * 7919) % ids.length]!;
      const [ms] = await time(() => repository.commit({ changes: [], expected: {}, audit: [], actor: 'bench' }).then(() => saveOneVersion(repository, id)));
      loadThenSave.push(ms);
      const [saveMs] = await time(() => saveOneVersion(repository, id));
      saves.push(saveMs);
    }
    // saveOneVersion = load() + commit(); time the commit alone as well.
    const commits: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const id = ids[(i * 104729) % ids.length]!;
      const entry = (await repository.load()).records.get(id)!;
      const [ms] = await time(() => repository.commit({ changes: [{ id, record: entry.record }], expected: { [id]: entry.revision }, audit: [{ action: 'secret.set' }], actor: 'bench' }));
      commits.push(ms);
    }
    console.log(`  save one version (commit)   ${summary(commits)}`);
    console.log(`  load + save one version     ${summary(saves)}`);

    const other = await opener.unlockWithRecoveryCode(recoveryCode);
    const afterOther: number[] = [];
    for (let i = 0; i < Math.min(rounds, 10); i++) {
      await other.commit({ changes: [], expected: {}, audit: [], actor: 'other' });
      const id = ids[(i * 31) % ids.length]!;
      const entry = (await other.load()).records.get(id)!;
      const [ms] = await time(() => repository.commit({ changes: [{ id, record: entry.record }], expected: { [id]: entry.revision }, audit: [], actor: 'bench' }));
      afterOther.push(ms);
    }
    console.log(`  save after another writer   ${summary(afterOther)}`);
    await repository.close();
    await other.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
