// A writer SIGKILLed at each step of a large commit (600 records through the intent protocol):
// before its commit point nothing of it ever shows and the next writer goes ahead once its lease
// is gone; after it, the next client to read rolls it forward, so all 600 records and their
// audit entries appear. Never a partial import, never an unreadable record.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretId } from '../../src/domain/ids.js';
import type { Secret } from '../../src/domain/model.js';
import { connectEtcd } from '../../src/store/etcd/client.js';
import { StaticKeyRing } from '../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../src/store/etcd/repository.js';
import type { LargeCommitStep } from '../../src/store/etcd/repository.js';
import { EtcdCluster } from '../helpers/etcd.js';
import { put, secretRecord } from '../store/fixtures.js';
import { importValue } from './children/etcd-records.js';
import { bundleEntry, removeBundle } from './helpers/bundle.js';
import { HEAVY, iterations } from './helpers/heavy.js';

const COUNT = 600;
const RANDOM_KILLS = iterations('COFFER_ETCD_LARGE_KILLS', 3, 40);
const LEASE_SECONDS = 2;
let cluster: EtcdCluster;
let writer: string;

beforeAll(async () => {
  [cluster, writer] = await Promise.all([EtcdCluster.start(1), bundleEntry('test/faults/children/etcd-large-writer.ts')]);
});
afterAll(async () => {
  await cluster?.stop();
  if (writer) await removeBundle(writer);
});

let teams = 0;

async function vault() {
  const layout = TeamLayout.forTeam(`crash-${process.pid}-${teams++}`);
  const hex = { _team: randomBytes(32).toString('hex'), 'imp/production': randomBytes(32).toString('hex') };
  const keys = () => new StaticKeyRing(Object.entries(hex).map(([scope, k]) => [scope, [[1, Buffer.from(k, 'hex')]]]));
  const repository = await EtcdVaultRepository.initialize({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys: keys(), initial: [], actor: 'alice' });
  await repository.close();
  const open = async () => EtcdVaultRepository.open({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys: keys(), intentLeaseSeconds: LEASE_SECONDS });
  return { layout, hex, open };
}

/** Runs the writer until it prints `at <step>` and dies of SIGKILL (or finishes, for 'none'). */
async function runWriter(settings: object, step: LargeCommitStep | 'none'): Promise<string> {
  const child = spawn(process.execPath, [writer], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(`${JSON.stringify({ ...settings, step, count: COUNT, leaseSeconds: LEASE_SECONDS })}\n`);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (c, s) => done({ code: c, signal: s })));
  if (step === 'none') expect(code, stderr).toBe(0);
  else expect({ signal, stdout: stdout.trim() }, stderr).toEqual({ signal: 'SIGKILL', stdout: `at ${step}` });
  return stdout;
}

describe('large commit killed mid-way (real etcd, writer SIGKILLed)', () => {
  for (const step of ['prepared', 'pieces-written'] as const) {
    it(`killed at ${step}: nothing shows, the next writer goes ahead once the lease is gone, pieces are cleared`, async () => {
      const { layout, hex, open } = await vault();
      await runWriter({ endpoints: cluster.endpoints, prefix: layout.prefix, keys: hex }, step);
      const next = await open();
      try {
        const loaded = await next.load();
        expect([...loaded.records.keys()].filter((id) => id.startsWith('secret:imp/'))).toEqual([]);
        // A normal commit waits out the dead writer's prepare (its lease), then lands.
        const id = secretId('imp', 'production', 'AFTER');
        await next.commit({ changes: [put(id, secretRecord('imp', 'production', 'AFTER'))], expected: { [id]: null }, audit: [{ action: 'secret.set' }], actor: 'bob' });
        await next.load();
        const raw = await connectEtcd({ endpoints: cluster.endpoints });
        try {
          expect((await raw.rangePrefix(layout.intentsAll(), { keysOnly: true })).kvs).toEqual([]);
          expect(await raw.get(layout.intent())).toBeUndefined();
        } finally {
          await raw.close();
        }
        expect(await next.verifyAudit()).toEqual({ ok: true, entries: 2 });
      } finally {
        await next.close();
      }
    }, 30_000);
  }

  for (const step of ['committed', 'applied-piece'] as const) {
    it(`killed at ${step}: the next reader rolls it forward — all ${COUNT} records and their audit entries`, async () => {
      const { layout, hex, open } = await vault();
      await runWriter({ endpoints: cluster.endpoints, prefix: layout.prefix, keys: hex }, step);
      const next = await open();
      try {
        const loaded = await next.load();
        for (let i = 0; i < COUNT; i++) {
          const entry = loaded.records.get(secretId('imp', 'production', `K_${i}`));
          expect((entry?.record.value as Secret | undefined)?.versions[0]?.value, `K_${i}`).toBe(importValue(i));
        }
        expect(await next.verifyAudit()).toEqual({ ok: true, entries: COUNT + 1 });
        const raw = await connectEtcd({ endpoints: cluster.endpoints });
        try {
          expect((await raw.rangePrefix(layout.intentsAll(), { keysOnly: true })).kvs).toEqual([]);
          expect(await raw.get(layout.intent())).toBeUndefined();
        } finally {
          await raw.close();
        }
      } finally {
        await next.close();
      }
    }, 30_000);
  }

  it(`killed at a random moment, ${RANDOM_KILLS} times: all ${COUNT} records or none, and the log verifies`, async () => {
    const seed = Number(process.env.COFFER_ETCD_KILL_SEED ?? Date.now() % 1_000_000);
    let state = seed;
    const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const outcomes = { none: 0, all: 0 };
    for (let round = 0; round < RANDOM_KILLS; round++) {
      const { layout, hex, open } = await vault();
      const child = spawn(process.execPath, [writer], { stdio: ['pipe', 'pipe', 'pipe'] });
      child.stdin.end(`${JSON.stringify({ endpoints: cluster.endpoints, prefix: layout.prefix, keys: hex, step: 'none', count: COUNT, leaseSeconds: LEASE_SECONDS })}\n`);
      const exited = new Promise((done) => child.on('exit', done));
      await new Promise((r) => setTimeout(r, Math.floor(random() * 1_200)));
      child.kill('SIGKILL');
      await exited;
      const next = await open();
      try {
        const imported = [...(await next.load()).records.keys()].filter((id) => id.startsWith('secret:imp/')).length;
        expect([0, COUNT], `seed ${seed}, round ${round}: ${imported} records`).toContain(imported);
        outcomes[imported === 0 ? 'none' : 'all'] += 1;
        const report = await next.verifyAudit();
        expect(report, `seed ${seed}, round ${round}`).toEqual({ ok: true, entries: imported === 0 ? 1 : COUNT + 1 });
        // The vault takes writes again (waiting out a dead prepare's lease if need be).
        const id = secretId('imp', 'production', 'AFTER');
        await next.commit({ changes: [put(id, secretRecord('imp', 'production', 'AFTER'))], expected: { [id]: null }, audit: [], actor: 'bob' });
      } finally {
        await next.close();
      }
    }
    expect(outcomes.none + outcomes.all, JSON.stringify(outcomes)).toBe(RANDOM_KILLS);
  }, HEAVY ? 600_000 : 60_000);

  it('completes when not killed', async () => {
    const { layout, hex, open } = await vault();
    expect(await runWriter({ endpoints: cluster.endpoints, prefix: layout.prefix, keys: hex }, 'none')).toBe('done\n');
    const next = await open();
    try {
      expect([...(await next.load()).records.keys()].filter((id) => id.startsWith('secret:imp/'))).toHaveLength(COUNT);
    } finally {
      await next.close();
    }
  }, 30_000);
});
