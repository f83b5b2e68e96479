// The etcd benchmark's measurements (scripts/bench/etcd.mjs bundles this with esbuild and
// runs each command as its own process). Every cluster is real etcd on loopback, started here
// with test/helpers/etcd.ts; the vault is the real EtcdVaultRepository with AES-GCM records, and
// the local-file rows use the real file store, so the rows compare like with like.
//
//   node driver.mjs save ROUNDS DIR        save one version: 1-member, 3-member, local file
//   node driver.mjs populate SIZE          a 1-member cluster holding a team vault of SIZE secrets
//                                          × 10 versions; prints {endpoints, team, keys}, then
//                                          waits for a line on stdin before stopping the cluster
//   node driver.mjs open                   (stdin: the populate line) a fresh process opening that
//                                          vault into a session: connect, paged range reads,
//                                          decrypt, domain state; prints ms since process start
//   node driver.mjs failover ROUNDS        3 members with etcd's default election timing: kill -9
//                                          of the leader under a write loop → next acknowledged write
//
// Timings are wall-clock milliseconds from performance.now().
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { addApp, applyChanges, appId, newVaultRecords, secretId, setSecret, stateFromRecords, VaultSession } from '../../../src/domain/index.js';
import type { Context, RecordChange, VaultRecord, VaultRepository, VaultState } from '../../../src/domain/index.js';
import { connectEtcd } from '../../../src/store/etcd/client.js';
import { StaticKeyRing } from '../../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../../src/store/etcd/repository.js';
import { FileVaultOpener, MemoryKeychain } from '../../../src/store/index.js';
import { EtcdCluster } from '../../../test/helpers/etcd.js';

const APPS = 50;
const ENVS = ['development', 'staging', 'production'];
const ctx: Context = { actor: 'bench', now: () => new Date() };

function value(): string {
  return randomBytes(24).toString('base64');
}

/** A vault of `count` secrets × `versions` versions over 50 apps × 3 environments. */
function records(count: number, versions: number): RecordChange[] {
  const base = newVaultRecords(ctx, 'bench');
  let state: VaultState = stateFromRecords({ records: new Map(base.flatMap((c) => (c.record ? [[c.id, { record: c.record, revision: '1' }] as const] : []))) }).state;
  const out: RecordChange[] = [...base];
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
        versions: Array.from({ length: versions }, (_, v) => ({ n: v + 1, value: value(), createdAt: at, author: 'bench', origin: { type: 'set' as const }, state: 'live' as const })),
      },
    };
    out.push({ id: secretId(app, env, key), record });
  }
  return out;
}

type RingSpec = Array<[string, string]>; // scope → hex key (generation 1)

function newRing(): { ring: StaticKeyRing; spec: RingSpec } {
  const scopes = ['_team', ...Array.from({ length: APPS }, (_, a) => ENVS.map((env) => `app-${a}/${env}`)).flat()];
  const spec: RingSpec = scopes.map((scope) => [scope, randomBytes(32).toString('hex')]);
  return { ring: ringOf(spec), spec };
}

function ringOf(spec: RingSpec): StaticKeyRing {
  return new StaticKeyRing(spec.map(([scope, hex]) => [scope, [[1, Buffer.from(hex, 'hex')]]]));
}

let teams = 0;
async function teamVault(cluster: EtcdCluster, initial: RecordChange[], ring: StaticKeyRing, team = `bench-${process.pid}-${teams++}`): Promise<{ team: string; open: () => Promise<EtcdVaultRepository>; repository: EtcdVaultRepository }> {
  const layout = TeamLayout.forTeam(team);
  const repository = await EtcdVaultRepository.initialize({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys: ring, initial, actor: 'bench' });
  const open = async () => EtcdVaultRepository.open({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys: ring });
  return { team, open, repository };
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** What `coffer set` does once its session is open: one new version through VaultSession. */
async function saveOne(session: VaultSession, i: number, count: number): Promise<void> {
  const n = (i * 7919) % count;
  await session.apply((state, context) => setSecret(state, context, { app: `app-${n % APPS}`, env: ENVS[Math.floor(n / APPS) % ENVS.length]!, key: `SECRET_${n}`, value: value() }));
}

const SAVE_SIZE = 1_500;

async function saveRows(rounds: number, dir: string): Promise<Record<string, number[]>> {
  const initial = records(SAVE_SIZE, 10);
  const out: Record<string, number[]> = {};
  for (const size of [1, 3] as const) {
    const cluster = await EtcdCluster.start(size, { elections: 'default' });
    try {
      const { ring } = newRing();
      const { repository } = await teamVault(cluster, initial, ring);
      const session = await VaultSession.open(repository, ctx);
      for (let i = 0; i < 20; i++) await saveOne(session, i, SAVE_SIZE); // warm-up: connections, JIT
      out[`etcd${size}`] = [];
      for (let i = 0; i < rounds; i++) out[`etcd${size}`]!.push(await time(() => saveOne(session, i + 20, SAVE_SIZE)));
      await session.close();
    } finally {
      await cluster.stop();
    }
  }
  const opener = new FileVaultOpener({ path: join(dir, 'team-bench-file.coffer'), keychain: new MemoryKeychain(), seenSavesPath: join(dir, 'team-bench-seen.json') });
  const { repository } = await opener.create({ useKeychain: true, initial, actor: 'bench' });
  const session = await VaultSession.open(repository, ctx);
  for (let i = 0; i < 20; i++) await saveOne(session, i, SAVE_SIZE);
  out.file = [];
  for (let i = 0; i < rounds; i++) out.file.push(await time(() => saveOne(session, i + 20, SAVE_SIZE)));
  await session.close();
  return out;
}

async function populate(size: number): Promise<void> {
  const cluster = await EtcdCluster.start(1);
  try {
    const { ring, spec } = newRing();
    const { team, repository } = await teamVault(cluster, records(size, 10), ring);
    await repository.close();
    console.log(JSON.stringify({ endpoints: cluster.endpoints, team, keys: spec }));
    // Keep the cluster until the caller says it is done.
    const lines = createInterface({ input: process.stdin });
    await new Promise<void>((resolve) => lines.once('line', () => resolve()).once('close', () => resolve()));
    lines.close();
  } finally {
    await cluster.stop();
  }
}

async function openOnce(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  const line = await new Promise<string>((resolve) => lines.once('line', resolve));
  lines.close();
  const { endpoints, team, keys } = JSON.parse(line) as { endpoints: string[]; team: string; keys: RingSpec };
  const started = performance.now(); // the process's own start-up is counted by the caller
  const repository = await EtcdVaultRepository.open({ client: await connectEtcd({ endpoints }), layout: TeamLayout.forTeam(team), keys: ringOf(keys) });
  const session = await VaultSession.open(repository, ctx);
  const secrets = Object.keys(session.state.secrets).length;
  const openMs = performance.now() - started;
  await session.close();
  console.log(JSON.stringify({ openMs, sinceProcessStart: performance.now(), secrets }));
}


async function failover(rounds: number): Promise<{ stalls: number[]; acknowledged: number; lost: number }> {
  const cluster = await EtcdCluster.start(3, { elections: 'default' });
  const stalls: number[] = [];
  let acknowledged = 0;
  let lost = 0;
  try {
    const { ring } = newRing();
    const count = 60;
    const { repository, team } = await teamVault(cluster, records(count, 1), ring);
    await repository.close();
    const session = await VaultSession.open(await EtcdVaultRepository.open({ client: await connectEtcd({ endpoints: cluster.endpoints, callTimeoutMs: 300 }), layout: TeamLayout.forTeam(team), keys: ring }), ctx);
    for (let round = 0; round < rounds; round++) {
      const leader = await cluster.leader();
      let killedAt = 0;
      let firstAfter = 0;
      let i = 0;
      const writes = (async () => {
        while (!firstAfter) {
          const started = performance.now();
          try {
            await saveOne(session, i++, count);
            acknowledged++;
            // Only a write sent after the leader is gone counts: one the old leader committed
            // just before the signal landed says nothing about the election.
            if (killedAt && started >= killedAt) firstAfter = performance.now();
          } catch (error) {
            // A conflict after an unknown outcome is re-read by the session; other failures are
            // what a stalled cluster returns — keep writing, as a deploy loop would.
            await session.reload().catch(() => undefined);
            void error;
          }
        }
      })();
      await new Promise((r) => setTimeout(r, 300));
      await cluster.kill(leader); // returns once the process has exited
      killedAt = performance.now();
      await writes;
      stalls.push(firstAfter - killedAt);
      await cluster.restart(leader);
    }
    // Every acknowledged write must be there: the last version of each secret is what we wrote last.
    const check = await VaultSession.open(await EtcdVaultRepository.open({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout: TeamLayout.forTeam(team), keys: ring }), ctx);
    for (const id of Object.keys(session.state.secrets)) {
      const mine = session.state.secrets[id]!.versions.at(-1)!;
      const there = check.state.secrets[id]!.versions.at(-1)!;
      if (mine.n !== there.n || mine.value !== there.value) lost++;
    }
    await check.close();
    await session.close();
  } finally {
    await cluster.stop();
  }
  return { stalls, acknowledged, lost };
}

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case 'save':
    console.log(JSON.stringify(await saveRows(Number(args[0]), args[1]!)));
    break;
  case 'populate':
    await populate(Number(args[0]));
    break;
  case 'open':
    await openOnce();
    break;
  case 'failover':
    console.log(JSON.stringify(await failover(Number(args[0]))));
    break;
  default:
    console.error('usage: driver.mjs save|populate|open|failover ARGS');
    process.exit(2);
}
