// A commit whose answer is lost: a TCP proxy between the client and a real etcd cuts the
// connection at the first bytes etcd sends back after the commit's transaction went out. etcd
// may or may not have applied it; either way the commit must end as one write — acknowledged,
// stored exactly once (one new version, one audit entry), never applied twice, never reported
// as a conflict with itself.
import { createConnection, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Secret } from '../../src/domain/model.js';
import type { VaultRecord } from '../../src/domain/ports.js';
import { connectEtcd } from '../../src/store/etcd/client.js';
import { StaticKeyRing } from '../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../src/store/etcd/repository.js';
import { EtcdCluster } from '../helpers/etcd.js';
import { ids, put, secretRecord } from '../store/fixtures.js';
import { iterations } from './helpers/heavy.js';

const ROUNDS = iterations('COFFER_ETCD_LOST_ANSWERS', 12, 100);

/** Forwards loopback TCP to etcd; `cutNextAnswer()` drops the connection at etcd's next bytes. */
class CuttingProxy {
  private armed = false;
  cuts = 0;
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(target: URL): Promise<CuttingProxy> {
    let proxy: CuttingProxy | undefined;
    const server = createServer((client) => {
      const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
      proxy!.track(client, upstream);
      client.on('data', (chunk) => upstream.write(chunk));
      upstream.on('data', (chunk) => {
        if (proxy!.armed) {
          proxy!.armed = false;
          proxy!.cuts += 1;
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(chunk);
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    proxy = new CuttingProxy(server, `http://127.0.0.1:${address.port}`);
    return proxy;
  }

  private track(...sockets: Socket[]): void {
    for (const socket of sockets) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    }
  }

  cutNextAnswer(): void {
    this.armed = true;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let cluster: EtcdCluster;
let proxy: CuttingProxy;
beforeAll(async () => {
  cluster = await EtcdCluster.start(1);
  proxy = await CuttingProxy.start(new URL(cluster.endpoints[0]!));
});
afterAll(async () => {
  await proxy?.stop();
  await cluster?.stop();
});

function withValue(record: VaultRecord, value: string): VaultRecord {
  const secret = record.value as Secret;
  const n = (secret.versions.at(-1)?.n ?? 0) + 1;
  return { type: 'secret', value: { ...secret, maxVersions: 10_000, versions: [...secret.versions, { n, value, createdAt: secret.createdAt, author: 'w', origin: { type: 'set' }, state: 'live' }] } };
}

describe('a commit whose answer is lost (real etcd behind a proxy that cuts the connection)', () => {
  it(`ends as exactly one write, ${ROUNDS} times`, async () => {
    const id = ids.secret('api', 'production', 'K');
    const keyBytes = [randomBytes(32), randomBytes(32)];
    const ring = () => new StaticKeyRing([['_team', [[1, keyBytes[0]!]]], ['api/production', [[1, keyBytes[1]!]]]]);
    const layout = TeamLayout.forTeam(`lost-${process.pid}`);
    const setup = await EtcdVaultRepository.initialize({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys: ring(), initial: [put(id, secretRecord('api', 'production', 'K', ['v0']))], actor: 'setup' });
    await setup.close();
    const repository = await EtcdVaultRepository.open({ client: await connectEtcd({ endpoints: [proxy.url], callTimeoutMs: 1_000 }), layout, keys: ring() });
    try {
      let entry = (await repository.load()).records.get(id)!;
      // One plain commit first: later ones then start with their transaction (no reads before it).
      let result = await repository.commit({ changes: [put(id, withValue(entry.record, 'warm'))], expected: { [id]: entry.revision }, audit: [{ action: 'secret.set', detail: 'warm' }], actor: 'alice' });
      entry = { record: withValue(entry.record, 'warm'), revision: result.revisions[id]! };
      const written = ['v0', 'warm'];
      for (let round = 0; round < ROUNDS; round++) {
        const value = `round-${round}`;
        const next = withValue(entry.record, value);
        proxy.cutNextAnswer();
        result = await repository.commit({ changes: [put(id, next)], expected: { [id]: entry.revision }, audit: [{ action: 'secret.set', detail: value }], actor: 'alice' });
        written.push(value);
        entry = { record: next, revision: result.revisions[id]! };
      }
      expect(proxy.cuts).toBe(ROUNDS);
      // Some cuts came after etcd had applied the transaction: etcd3 retried it on a new
      // connection, the retry's own compares refused it, and the write was found applied.
      expect(repository.commitStats.foundApplied, JSON.stringify(repository.commitStats)).toBeGreaterThan(0);
      const reader = await EtcdVaultRepository.open({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys: ring() });
      try {
        const stored = (await reader.load()).records.get(id)!;
        expect(stored.revision).toBe(entry.revision);
        expect((stored.record.value as Secret).versions.map((v) => v.value)).toEqual(written);
        const audit = await reader.readAudit();
        expect(audit.map((e) => e.detail ?? e.action)).toEqual(['vault.init', ...written.slice(1)]);
        expect(await reader.verifyAudit()).toMatchObject({ ok: true });
      } finally {
        await reader.close();
      }
    } finally {
      await repository.close();
    }
  }, 120_000);
});
