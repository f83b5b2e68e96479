// Measures the team store on a real etcd (one member on loopback): a vault of SECRETS secrets ×
// VERSIONS versions, then
//   - a cold load (a new client reads everything: heads and version values, paged), and the
//     same load followed by opening every record,
//   - a reload after a teammate's change, with the watch keeping the mirror fresh,
//   - one check-and-set commit (a new version of one secret),
//   - an import of 600 secrets in one large commit (intent, pieces, roll-forward).
// Prints one JSON line of samples (milliseconds) for scripts/bench/team-store.mjs.
import { randomBytes } from 'node:crypto';
import { secretId } from '../../../src/domain/ids.js';
import type { Secret } from '../../../src/domain/model.js';
import type { RecordChange, VaultRecord } from '../../../src/domain/ports.js';
import { connectEtcd } from '../../../src/store/etcd/client.js';
import { StaticKeyRing } from '../../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../../src/store/etcd/repository.js';
import { EtcdCluster } from '../../../test/helpers/etcd.js';

const SECRETS = Number(process.argv[2] ?? 10_000);
const VERSIONS = Number(process.argv[3] ?? 10);
const RUNS = Number(process.argv[4] ?? 10);
const ENVS = ['development', 'staging', 'production'];
const AT = '2026-01-01T00:00:00.000Z';

function secret(app: string, env: string, key: string, versions: number): VaultRecord {
  return {
    type: 'secret',
    value: {
      app, env, key, type: 'secret', kind: 'env', comment: 'bench', tags: [], path: '/', maxVersions: 100, createdAt: AT, updatedAt: AT,
      versions: Array.from({ length: versions }, (_, i) => ({ n: i + 1, value: randomBytes(24).toString('base64'), createdAt: AT, author: 'bench', origin: { type: 'set' as const }, state: 'live' as const })),
    },
  };
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

const cluster = await EtcdCluster.start(1);
try {
  const scopes = ['_team', ...Array.from({ length: 20 }, (_, a) => ENVS.map((env) => `app${a}/${env}`)).flat(), 'import/production'];
  const keys = new StaticKeyRing(scopes.map((scope) => [scope, [[1, randomBytes(32)]]]));
  const layout = TeamLayout.forTeam('bench-store');
  const initial: RecordChange[] = Array.from({ length: SECRETS }, (_, i) => {
    const app = `app${i % 20}`;
    const env = ENVS[i % 3]!;
    const key = `KEY_${i}`;
    return { id: secretId(app, env, key), record: secret(app, env, key, VERSIONS) };
  });
  let started = process.hrtime.bigint();
  const writer = await EtcdVaultRepository.initialize({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys, initial, actor: 'bench' });
  const seedMs = ms(started);

  // Records are opened when first read: time the load, and the load plus reading every record.
  const cold: number[] = [];
  const coldAll: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 5); i++) {
    started = process.hrtime.bigint();
    const reader = await EtcdVaultRepository.open({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys });
    const loaded = await reader.load();
    cold.push(ms(started));
    let versions = 0;
    for (const entry of loaded.records.values()) versions += (entry.record.value as Secret).versions.length;
    coldAll.push(ms(started));
    if (loaded.records.size !== SECRETS || versions !== SECRETS * VERSIONS) throw new Error(`loaded ${loaded.records.size} records, ${versions} versions`);
    await reader.close();
  }

  // A watching reader; the writer changes one secret; the reader reloads once the event is in.
  const reader = await EtcdVaultRepository.open({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys });
  await reader.load();
  await reader.startWatch();
  let seen = 0;
  reader.watch(() => (seen += 1));
  const target = initial[0]!.id;
  let entry = (await writer.load()).records.get(target)!;
  const reload: number[] = [];
  const commit: number[] = [];
  for (let i = 0; i < RUNS * 3; i++) {
    const value = entry.record.value as Secret;
    const next: VaultRecord = { type: 'secret', value: { ...value, versions: [...value.versions.slice(-20), { n: value.versions.at(-1)!.n + 1, value: randomBytes(24).toString('base64'), createdAt: AT, author: 'bench', origin: { type: 'set' }, state: 'live' }] } };
    const before = seen;
    started = process.hrtime.bigint();
    const result = await writer.commit({ changes: [{ id: target, record: next }], expected: { [target]: entry.revision }, audit: [{ action: 'secret.set' }], actor: 'bench' });
    commit.push(ms(started));
    entry = { record: next, revision: result.revisions[target]! };
    while (seen === before) await new Promise((r) => setImmediate(r));
    started = process.hrtime.bigint();
    const loaded = await reader.load();
    reload.push(ms(started));
    if (loaded.records.get(target)!.revision !== entry.revision) throw new Error('reload missed the change');
  }
  if (reader.loadStats.full !== 1) throw new Error(`reader re-read everything ${reader.loadStats.full - 1} times`);

  const imports: number[] = [];
  for (let run = 0; run < 3; run++) {
    const changes: RecordChange[] = Array.from({ length: 600 }, (_, i) => ({ id: secretId('import', 'production', `IMP_${run}_${i}`), record: secret('import', 'production', `IMP_${run}_${i}`, 1) }));
    started = process.hrtime.bigint();
    await writer.commit({ changes, expected: Object.fromEntries(changes.map((c) => [c.id, null])), audit: changes.map(() => ({ action: 'secret.import' as const })), actor: 'bench' });
    imports.push(ms(started));
  }
  await reader.close();
  await writer.close();
  process.stdout.write(`${JSON.stringify({ secrets: SECRETS, versions: VERSIONS, seedMs, cold, coldAll, reload, commit, imports })}\n`);
} finally {
  await cluster.stop();
}
