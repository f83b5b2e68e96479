// A team vault on a real three-member etcd cluster under member failures:
// - kill -9 of the leader while two clients write: writes resume, every acknowledged write is
//   there afterwards (read through every member, the restarted one too), nothing unreadable;
// - one member frozen (SIGSTOP): calls still work, within their bound, and the state says
//   "degraded, 1 of 3 endpoints down";
// - every member frozen, or dead: every call fails within its bound saying etcd is unreachable
//   and how many endpoints are down.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CofferError } from '../../src/domain/errors.js';
import type { Secret } from '../../src/domain/model.js';
import type { VaultRecord } from '../../src/domain/ports.js';
import { connectEtcd } from '../../src/store/etcd/client.js';
import { EtcdUnreachableError, UnknownOutcomeError } from '../../src/store/etcd/errors.js';
import { StaticKeyRing } from '../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../src/store/etcd/repository.js';
import { EtcdCluster } from '../helpers/etcd.js';
import { ids, put, secretRecord } from '../store/fixtures.js';
import { HEAVY, iterations } from './helpers/heavy.js';

const WRITES = iterations('COFFER_ETCD_CLUSTER_WRITES', 300, 1_500);
const CALL_TIMEOUT_MS = 600; // overall bound 2.8 s: room for an election on a busy machine

let cluster: EtcdCluster;
let teams = 0;
const keyBytes = { _team: randomBytes(32), 'api/production': randomBytes(32) };
const ring = () => new StaticKeyRing(Object.entries(keyBytes).map(([scope, key]) => [scope, [[1, key]]]));

beforeAll(async () => {
  cluster = await EtcdCluster.start(3);
});
// Each test starts on all three members, healthy, whatever the test before it left behind.
beforeEach(async () => {
  await cluster.heal();
});
afterAll(async () => {
  await cluster?.stop();
});

async function newVault(initial: Parameters<typeof EtcdVaultRepository.initialize>[0]['initial'] = []) {
  const layout = TeamLayout.forTeam(`cluster-${process.pid}-${teams++}`);
  const setup = await EtcdVaultRepository.initialize({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys: ring(), initial, actor: 'setup' });
  await setup.close();
  const open = async (endpoints = cluster.endpoints) =>
    EtcdVaultRepository.open({ client: await connectEtcd({ endpoints, callTimeoutMs: CALL_TIMEOUT_MS }), layout, keys: ring() });
  return { layout, open };
}

function withValue(record: VaultRecord, value: string): VaultRecord {
  const secret = record.value as Secret;
  const n = (secret.versions.at(-1)?.n ?? 0) + 1;
  return { type: 'secret', value: { ...secret, maxVersions: 100_000, versions: [...secret.versions, { n, value, createdAt: secret.createdAt, author: 'w', origin: { type: 'set' }, state: 'live' }] } };
}

function valuesOf(record: VaultRecord | undefined): string[] {
  return ((record?.value as Secret | undefined)?.versions ?? []).map((v) => v.value ?? '');
}

describe('three-member cluster, kill -9 of the leader during writes', () => {
  it(`two clients, ${WRITES} writes: writes resume and every acknowledged write survives`, async () => {
    // Each client spreads its writes over SPREAD secrets of its own, so histories stay short.
    const SPREAD = 10;
    const names = ['alice', 'bob'];
    const idOf = (name: string, i: number) => ids.secret('api', 'production', `${name.toUpperCase()}_${i % SPREAD}`);
    const initial = names.flatMap((name) => Array.from({ length: SPREAD }, (_, i) => put(idOf(name, i), secretRecord('api', 'production', `${name.toUpperCase()}_${i}`, []))));
    const { open } = await newVault(initial);
    const writers = await Promise.all(names.map(async (name) => ({ name, repository: await open() })));
    const acknowledged = new Map<string, string[]>(initial.map((change) => [change.id, []]));
    let total = 0;
    let killed: number | undefined;
    // "Writes resume": a write is acknowledged again within RESUME_MS of the last one. Counted in
    // time, not in failed attempts: how many attempts fail during an election depends on how
    // busy the machine is, not on whether coffer recovers.
    const RESUME_MS = 30_000;
    let lastAcknowledged = Date.now();
    let failures = 0;
    try {
      await Promise.all(
        writers.map(async ({ name, repository }) => {
          for (let i = 0; i < WRITES / 2; i++) {
            const id = idOf(name, i);
            const value = `${name}-${i}`;
            for (;;) {
              try {
                const entry = (await repository.load()).records.get(id)!;
                // An earlier attempt whose answer was lost may have landed: do not write it twice.
                if (valuesOf(entry.record).includes(value)) break;
                await repository.commit({ changes: [put(id, withValue(entry.record, value))], expected: { [id]: entry.revision }, audit: [{ action: 'secret.set', detail: value }], actor: name });
                acknowledged.get(id)!.push(value);
                lastAcknowledged = Date.now();
                break;
              } catch (error) {
                // While the cluster elects a new leader a call may fail (within its bound); retry.
                if (!(error instanceof EtcdUnreachableError || error instanceof UnknownOutcomeError)) throw error;
                failures += 1;
                expect(Date.now() - lastAcknowledged, `writes did not resume (${failures} failed attempts)`).toBeLessThan(RESUME_MS);
              }
            }
            total += 1;
            if (total === Math.floor(WRITES / 3) && killed === undefined) {
              killed = await cluster.leader();
              await cluster.kill(killed);
            }
          }
        }),
      );
      expect(killed).toBeDefined();
      expect([...acknowledged.values()].reduce((n, values) => n + values.length, 0)).toBe(WRITES);
    } finally {
      await Promise.all(writers.map(({ repository }) => repository.close()));
    }
    await cluster.restart(killed!);
    // Through every member alone, the restarted one included: everything acknowledged, readable.
    for (const endpoint of cluster.endpoints) {
      const reader = await open([endpoint]);
      try {
        const loaded = await reader.load();
        for (const [id, values] of acknowledged) expect(valuesOf(loaded.records.get(id)?.record), `${id} through ${endpoint}`).toEqual(values);
        expect(await reader.verifyAudit()).toMatchObject({ ok: true });
      } finally {
        await reader.close();
      }
    }
  }, HEAVY ? 600_000 : 180_000);
});

describe('watching through a member failure', () => {
  it('keeps reporting a teammate\'s changes after the leader is killed, and reloads only those', async () => {
    const id = ids.secret('api', 'production', 'WATCHED');
    const { open } = await newVault([put(id, secretRecord('api', 'production', 'WATCHED', ['v0']))]);
    const [alice, bob] = [await open(), await open()];
    const seen: string[][] = [];
    try {
      alice.watch((change) => seen.push(change.ids));
      await alice.load();
      await alice.startWatch();
      const write = async (value: string) => {
        for (;;) {
          try {
            const entry = (await bob.load()).records.get(id)!;
            await bob.commit({ changes: [put(id, withValue(entry.record, value))], expected: { [id]: entry.revision }, audit: [], actor: 'bob' });
            return;
          } catch (error) {
            if (!(error instanceof EtcdUnreachableError || error instanceof UnknownOutcomeError)) throw error;
          }
        }
      };
      await write('before');
      await waitFor(() => seen.length === 1);
      // Three rounds, each killing the member that leads then: the watch's own member among them
      // more often than not. etcd3 reconnects a watch to a survivor and resumes where it was.
      const written = ['v0', 'before'];
      for (let round = 0; round < 3; round++) {
        const killed = await cluster.leader();
        await cluster.kill(killed);
        await write(`after-${round}`);
        written.push(`after-${round}`);
        await waitFor(() => seen.length === round + 2, 20_000);
        await cluster.restart(killed);
      }
      expect(seen).toEqual(Array.from({ length: 4 }, () => [id]));
      const fulls = alice.loadStats.full;
      expect(valuesOf((await alice.load()).records.get(id)!.record)).toEqual(written);
      expect(alice.loadStats.full).toBe(fulls);
    } finally {
      await Promise.all([alice.close(), bob.close()]);
    }
  }, 60_000);
});

describe('frozen and dead members', () => {
  it('with one member frozen, calls still work within their bound and the state is degraded', async () => {
    const id = ids.secret('api', 'production', 'K');
    const { open } = await newVault([put(id, secretRecord('api', 'production', 'K', ['v1']))]);
    const repository = await open();
    const frozen = await cluster.leader();
    cluster.freeze(frozen);
    try {
      const started = Date.now();
      const entry = (await repository.load()).records.get(id)!;
      await repository.commit({ changes: [put(id, withValue(entry.record, 'v2'))], expected: { [id]: entry.revision }, audit: [], actor: 'alice' });
      expect(valuesOf((await repository.load()).records.get(id)!.record)).toEqual(['v1', 'v2']);
      // A few calls, each bounded (an attempt on the frozen member costs one call deadline).
      expect(Date.now() - started).toBeLessThan(6 * repository.client.overallTimeoutMs);
      const states: unknown[] = [];
      const stop = repository.onConnectionState((state) => states.push(state));
      await waitFor(() => states.some((s) => (s as { state: string }).state === 'degraded'));
      stop();
      expect(repository.connectionState()).toEqual({ state: 'degraded', down: 1, endpoints: 3 });
    } finally {
      cluster.thaw(frozen);
      await repository.close();
    }
  }, 60_000);

  it('with every member frozen, and then dead, every call fails within its bound saying so', async () => {
    const id = ids.secret('api', 'production', 'K');
    const { open } = await newVault([put(id, secretRecord('api', 'production', 'K', ['v1']))]);
    const repository = await open();
    const entry = (await repository.load()).records.get(id)!;
    await repository.startWatch(); // an open watch must not hold close() up either
    // The call's own bound, plus the /health probe behind "N of M down" and slack for a loaded machine.
    const bound = repository.client.overallTimeoutMs + 3_000;
    async function expectUnreachable(call: () => Promise<unknown>, allowed: number): Promise<CofferError> {
      const started = Date.now();
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(allowed);
      expect(error).toBeInstanceOf(CofferError);
      expect((error as CofferError).code).toBe('io');
      expect((error as Error).message).toContain(`etcd unreachable at ${cluster.endpoints.join(', ')}`);
      expect((error as Error).message).toContain('3 of 3 endpoints down');
      return error as CofferError;
    }
    try {
      for (let i = 0; i < 3; i++) cluster.freeze(i);
      await expectUnreachable(() => repository.load(), bound);
      expect(repository.connectionState()).toEqual({ state: 'offline', down: 3, endpoints: 3 });
      await expectUnreachable(() => repository.readAudit(), bound);
      const commit = await expectUnreachable(
        () => repository.commit({ changes: [put(id, withValue(entry.record, 'v2'))], expected: { [id]: entry.revision }, audit: [], actor: 'alice' }),
        2 * bound,
      );
      // Unreachable before anything was sent, or (had the request gone out) outcome unknown.
      expect(commit instanceof EtcdUnreachableError || commit instanceof UnknownOutcomeError).toBe(true);
      for (let i = 0; i < 3; i++) await cluster.kill(i);
      await expectUnreachable(() => repository.load(), bound);
      await expectUnreachable(() => open(), bound);
    } finally {
      const started = Date.now();
      await repository.close();
      expect(Date.now() - started).toBeLessThan(3 * repository.client.callTimeoutMs + 1_500);
    }
  }, 60_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
