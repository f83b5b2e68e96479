// The store benchmark's measurements (scripts/bench/store.mjs bundles this with esbuild and runs
// it as its own process, so each measurement starts from a clean heap). Vaults are made with the
// real store and domain, spread over 50 apps × 3 environments, each secret with 10 versions of
// a 32-character value, a comment and a tag — and are unlocked through the OS keychain of a
// throwaway keyring (test/helpers/with-keyring.sh; the bench runner re-executes itself in one),
// as `coffer` does.
//
//   node driver.mjs measure SIZE ROUNDS DIR   → one JSON line: timings in ms (see Measurement)
//   node driver.mjs rss VAULT                 → one JSON line: memory of a process that opened
//                                               VAULT, read every record and saved a version
//
// What is timed:
//   open       unlock (keychain slot) + read, authenticate and decrypt the file + parse its index
//   open-all   open, then parse every record into the domain state (what a session does)
//   save       one new version of one secret: load + commit (lock, re-read: unchanged file so a
//              cache hit, encrypt, temp file + fsync + .bak link + rename + folder fsync, unlock)
//   save-after-other   the same when another process saved in between (the file is re-read)
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { addApp, applyChanges, appId, newVaultRecords, secretId, stateFromRecords } from '../../../src/domain/index.js';
import type { Context, RecordChange, VaultRecord, VaultState } from '../../../src/domain/index.js';
import { FileVaultOpener, OsKeychain } from '../../../src/store/index.js';
import type { FileVaultRepository } from '../../../src/store/index.js';

const VERSIONS = 10;
const APPS = 50;
const ENVS = ['development', 'staging', 'production'];
const ctx: Context = { actor: 'bench', now: () => new Date() };

export interface Measurement {
  size: number;
  versions: number;
  fileBytes: number;
  keychain: string;
  createMs: number;
  open: number[];
  openAll: number[];
  save: number[];
  saveAfterOther: number[];
  /** For the CLI rows: where the vault is and a secret in it. */
  vault: string;
  address: string;
}

function keychain(): OsKeychain {
  if (process.env.COFFER_TEST_KEYRING !== '1') throw new Error('driver: run inside test/helpers/with-keyring.sh (the bench runner does)');
  return new OsKeychain();
}

function value(): string {
  return randomBytes(24).toString('base64');
}

/** The records of a vault of `count` secrets × 10 versions, valid for the domain and the CLI. */
function records(count: number): RecordChange[] {
  let state: VaultState = stateFromRecords({ records: new Map(newVaultRecords(ctx, 'bench').flatMap((c) => (c.record ? [[c.id, { record: c.record, revision: '1' }] as const] : []))) }).state;
  const out: RecordChange[] = newVaultRecords(ctx, 'bench');
  for (let a = 0; a < APPS; a++) {
    const mutation = addApp(state, ctx, { name: `app-${a}` });
    state = applyChanges(state, mutation.changes);
    out.push({ id: appId(`app-${a}`), record: { type: 'app', value: state.apps[`app-${a}`]! } });
  }
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
  for (let i = 0; i < count; i++) {
    const app = `app-${i % APPS}`;
    const env = ENVS[Math.floor(i / APPS) % ENVS.length]!;
    const key = `SECRET_${i}`;
    const record: VaultRecord = {
      type: 'secret',
      value: {
        app, env, key, type: 'secret', kind: 'env', comment: 'rotated by the deploy pipeline', tags: ['team-core'], path: '/', maxVersions: 10, createdAt: at, updatedAt: at,
        versions: Array.from({ length: VERSIONS }, (_, v) => ({ n: v + 1, value: value(), createdAt: at, author: 'bench', origin: { type: 'set' as const }, state: 'live' as const })),
      },
    };
    out.push({ id: secretId(app, env, key), record });
  }
  return out;
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

/** What a `set` does once its session is open: load, then commit one new version. */
async function saveOneVersion(repository: FileVaultRepository, id: string): Promise<void> {
  const entry = (await repository.load()).records.get(id)!;
  if (entry.record.type !== 'secret') throw new Error(`${id} is not a secret`);
  const current = entry.record.value;
  const n = current.versions.at(-1)!.n + 1;
  const next: VaultRecord = {
    type: 'secret',
    value: { ...current, updatedAt: new Date().toISOString(), versions: [...current.versions.slice(1), { n, value: value(), createdAt: new Date().toISOString(), author: 'bench', origin: { type: 'set' }, state: 'live' }] },
  };
  await repository.commit({ changes: [{ id, record: next }], expected: { [id]: entry.revision }, audit: [{ action: 'secret.set', app: current.app, env: current.env, key: current.key, version: n }], actor: 'bench' });
}

async function measure(size: number, rounds: number, dir: string): Promise<Measurement> {
  const path = join(dir, `vault-${size}.coffer`);
  const opener = new FileVaultOpener({ path, keychain: keychain(), seenSavesPath: join(dir, 'seen.json') });
  const initial = records(size);
  const [createMs, { repository }] = await time(() => opener.create({ useKeychain: true, initial, actor: 'bench' }));
  const ids = initial.filter((c) => c.id.startsWith('secret:')).map((c) => c.id);

  const open: number[] = [];
  const openAll: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const [ms, opened] = await time(() => opener.unlockWithKeychain());
    open.push(ms);
    await opened.close();
    const [allMs, all] = await time(async () => {
      const repo = await opener.unlockWithKeychain();
      stateFromRecords(await repo.load());
      return repo;
    });
    openAll.push(allMs);
    await all.close();
  }

  const save: number[] = [];
  for (let i = 0; i < rounds * 2; i++) {
    const [ms] = await time(() => saveOneVersion(repository, ids[(i * 7919) % ids.length]!));
    save.push(ms);
  }

  const other = await opener.unlockWithKeychain();
  const saveAfterOther: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await saveOneVersion(other, ids[(i * 31) % ids.length]!);
    const [ms] = await time(() => saveOneVersion(repository, ids[(i * 104_729) % ids.length]!));
    saveAfterOther.push(ms);
  }
  await other.close();
  await repository.close();
  const first = ids[0]!.slice('secret:'.length);
  return { size, versions: VERSIONS, fileBytes: statSync(path).size, keychain: keychain().name, createMs, open, openAll, save, saveAfterOther, vault: path, address: first };
}

/** Memory of a process that does what the TUI does at start and on a save. */
async function rss(path: string): Promise<{ rssMiB: number; maxRssMiB: number; heapMiB: number }> {
  const opener = new FileVaultOpener({ path, keychain: keychain(), seenSavesPath: join(path, '..', 'seen.json') });
  const repository = await opener.unlockWithKeychain();
  const { state } = stateFromRecords(await repository.load());
  const id = Object.keys(state.secrets)[0]!;
  await saveOneVersion(repository, id);
  const mib = (bytes: number) => bytes / 2 ** 20;
  return { rssMiB: mib(process.memoryUsage().rss), maxRssMiB: process.resourceUsage().maxRSS / 1024, heapMiB: mib(process.memoryUsage().heapUsed) };
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'measure') console.log(JSON.stringify(await measure(Number(args[0]), Number(args[1]), args[2]!)));
else if (mode === 'rss') console.log(JSON.stringify(await rss(args[0]!)));
else throw new Error(`driver: unknown mode ${mode}; see the comment at the top`);
