// Two clients (own connections) racing check-and-set writes on one secret of a team vault on a
// real etcd: every write either lands as the next version or fails with ConflictError — no lost
// update, no silent overwrite, no other error — and the history holds exactly the writes that
// were acknowledged, numbered without gaps, with a verifying audit chain.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/domain/errors.js';
import type { Secret } from '../../src/domain/model.js';
import type { VaultRecord } from '../../src/domain/ports.js';
import { connectEtcd } from '../../src/store/etcd/client.js';
import { StaticKeyRing } from '../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../src/store/etcd/repository.js';
import { EtcdCluster } from '../helpers/etcd.js';
import { ids, put, secretRecord } from '../store/fixtures.js';
import { HEAVY, iterations } from './helpers/heavy.js';

const WRITES = iterations('COFFER_ETCD_RACE_WRITES', 500, 2_000);
const ID = ids.secret('api', 'production', 'RACED');

let cluster: EtcdCluster;
beforeAll(async () => {
  cluster = await EtcdCluster.start(1);
});
afterAll(async () => {
  await cluster?.stop();
});

function nextVersion(record: VaultRecord, value: string, author: string): VaultRecord {
  const secret = record.value as Secret;
  const n = (secret.versions.at(-1)?.n ?? 0) + 1;
  return { type: 'secret', value: { ...secret, versions: [...secret.versions, { n, value, createdAt: secret.createdAt, author, origin: { type: 'set' }, state: 'live' }] } };
}

describe(`two clients racing ${WRITES} check-and-set writes on one secret (real etcd)`, () => {
  it('loses no update: each write is the next version or a ConflictError', async () => {
    const layout = TeamLayout.forTeam(`race-${process.pid}`);
    const keyBytes = [randomBytes(32), randomBytes(32)];
    const ring = () => new StaticKeyRing([['_team', [[1, keyBytes[0]!]]], ['api/production', [[1, keyBytes[1]!]]]]);
    const initial = secretRecord('api', 'production', 'RACED', ['seed']);
    const seeded: VaultRecord = { type: 'secret', value: { ...(initial.value as Secret), maxVersions: 100_000 } };
    const setup = await EtcdVaultRepository.initialize({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys: ring(), initial: [put(ID, seeded)], actor: 'setup' });
    await setup.close();
    const clients = await Promise.all(['alice', 'bob'].map(async (name) => ({ name, repository: await EtcdVaultRepository.open({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys: ring() }) })));
    const acknowledged: string[] = [];
    let conflicts = 0;
    try {
      await Promise.all(
        clients.map(async ({ name, repository }) => {
          let entry = (await repository.load()).records.get(ID)!;
          for (let i = 0; i < WRITES / 2; i++) {
            const value = `${name}-${i}`;
            try {
              const result = await repository.commit({
                changes: [put(ID, nextVersion(entry.record, value, name))],
                expected: { [ID]: entry.revision },
                audit: [{ action: 'secret.set', app: 'api', env: 'production', key: 'RACED', detail: value }],
                actor: name,
              });
              acknowledged.push(value);
              entry = (await repository.load()).records.get(ID)!;
              expect(entry.revision).toBe(result.revisions[ID]);
            } catch (error) {
              if (!(error instanceof ConflictError)) throw error;
              expect(error.stale).toEqual([ID]);
              conflicts += 1;
              entry = (await repository.load()).records.get(ID)!;
            }
          }
        }),
      );
      expect(acknowledged.length + conflicts).toBe(WRITES);
      expect(conflicts, 'the two clients never raced').toBeGreaterThan(0);
      const reader = await EtcdVaultRepository.open({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys: ring() });
      try {
        const versions = ((await reader.load()).records.get(ID)!.record.value as Secret).versions;
        expect(versions.map((v) => v.n)).toEqual(versions.map((_, i) => i + 1));
        expect(versions.slice(1).map((v) => v.value).sort()).toEqual([...acknowledged].sort());
        expect(await reader.verifyAudit()).toEqual({ ok: true, entries: 1 + acknowledged.length });
        const details = (await reader.readAudit()).slice(1).map((e) => e.detail);
        expect(details.sort()).toEqual([...acknowledged].sort());
      } finally {
        await reader.close();
      }
    } finally {
      await Promise.all(clients.map(({ repository }) => repository.close()));
    }
  }, HEAVY ? 300_000 : 120_000);
});
