import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEtcd } from '../../../src/store/etcd/client.js';
import { EtcdAuthError, EtcdUnreachableError } from '../../../src/store/etcd/errors.js';
import { StaticKeyRing } from '../../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../../src/store/etcd/repository.js';
import { EtcdCluster, healthy } from '../../helpers/etcd.js';

describe('EtcdClient (real etcd)', () => {
  let cluster: EtcdCluster;
  beforeAll(async () => {
    cluster = await EtcdCluster.start(1);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('reads a prefix page by page at one revision', async () => {
    const client = await connectEtcd({ endpoints: cluster.endpoints });
    try {
      const puts = Array.from({ length: 120 }, (_, i) => ({ request_put: { key: Buffer.from(`/t/page/${String(i).padStart(3, '0')}`), value: Buffer.from(String(i)) } }));
      await client.txn({ success: puts.slice(0, 100) });
      await client.txn({ success: puts.slice(100) });
      const { kvs, revision } = await client.rangePrefix('/t/page/', { pageSize: 7 });
      expect(kvs.map((kv) => kv.value.toString())).toEqual(puts.map((_, i) => String(i)));
      expect(BigInt(revision)).toBeGreaterThan(0n);
      expect(await client.get('/t/page/missing')).toBeUndefined();
    } finally {
      await client.close();
    }
  });

  it('says the cluster is unreachable, with how many endpoints are down, within its bound', async () => {
    const dead = await EtcdCluster.start(1);
    const endpoints = dead.endpoints;
    await dead.stop();
    const client = await connectEtcd({ endpoints, callTimeoutMs: 300 });
    try {
      const started = Date.now();
      const error = await client.get('/t/x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EtcdUnreachableError);
      expect((error as EtcdUnreachableError).code).toBe('io');
      expect((error as Error).message).toContain(`etcd unreachable at ${endpoints[0]}`);
      expect((error as Error).message).toContain('1 of 1 endpoint down');
      expect((error as EtcdUnreachableError).hint).toBeTruthy();
      expect(Date.now() - started).toBeLessThan(client.overallTimeoutMs + 2_000);
    } finally {
      await client.close();
    }
  });

  it('fails within its bound when the only member is frozen, and works once it thaws', async () => {
    const client = await connectEtcd({ endpoints: cluster.endpoints, callTimeoutMs: 300 });
    try {
      await client.get('/t/warm');
      cluster.freeze(0);
      const started = Date.now();
      const error = await client.get('/t/x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EtcdUnreachableError);
      expect(Date.now() - started).toBeLessThan(client.overallTimeoutMs + 2_000);
    } finally {
      cluster.thaw(0);
      await client.close();
    }
    const again = await connectEtcd({ endpoints: cluster.endpoints, callTimeoutMs: 300 });
    try {
      expect(await again.get('/t/x')).toBeUndefined();
    } finally {
      await again.close();
    }
  });

  it('refuses endpoints that are not URLs', async () => {
    await expect(connectEtcd({ endpoints: ['127.0.0.1:2379'] })).rejects.toMatchObject({ code: 'usage' });
  });
});

describe('EtcdCluster helper', () => {
  it('starts three members, finds the leader, and restarts a killed one', async () => {
    const cluster = await EtcdCluster.start(3);
    try {
      const leader = await cluster.leader();
      await cluster.kill(leader);
      const next = await cluster.leader();
      expect(next).not.toBe(leader);
      await cluster.restart(leader);
      expect(await cluster.leader()).toBeGreaterThanOrEqual(0);
      // heal() brings back what a failed test may leave: one member frozen, another dead.
      cluster.freeze(0);
      await cluster.kill(1);
      await cluster.heal();
      for (const endpoint of cluster.endpoints) expect(await healthy(endpoint), endpoint).toBe(true);
    } finally {
      await cluster.stop();
    }
  });
});

describe('etcd with authentication enabled', () => {
  const run = promisify(execFile);
  it('works as a user with access to the prefix; a wrong password or no permission is code auth', async () => {
    const cluster = await EtcdCluster.start(1);
    const ctl = (...args: string[]) => run('etcdctl', ['--endpoints', cluster.endpoints[0]!, ...args], { env: { ...process.env, ETCDCTL_API: '3' } });
    const rootPassword = randomBytes(12).toString('hex');
    const alicePassword = randomBytes(12).toString('hex');
    try {
      await ctl('user', 'add', `root:${rootPassword}`, '--interactive=false');
      await ctl('user', 'grant-role', 'root', 'root');
      await ctl('auth', 'enable');
      const asRoot = ['--user', `root:${rootPassword}`];
      await ctl(...asRoot, 'user', 'add', `alice:${alicePassword}`, '--interactive=false');
      await ctl(...asRoot, 'user', 'add', `bob:${alicePassword}`, '--interactive=false');
      await ctl(...asRoot, 'role', 'add', 'team-acme');
      await ctl(...asRoot, 'role', 'grant-permission', 'team-acme', 'readwrite', '/coffer/acme/', '--prefix=true');
      await ctl(...asRoot, 'user', 'grant-role', 'alice', 'team-acme');

      const keys = new StaticKeyRing([['_team', [[1, randomBytes(32)]]]]);
      const alice = await connectEtcd({ endpoints: cluster.endpoints, auth: { username: 'alice', password: alicePassword } });
      const repository = await EtcdVaultRepository.initialize({ client: alice, layout: TeamLayout.forTeam('acme'), keys, initial: [], actor: 'alice' });
      expect((await repository.load()).records.size).toBe(0);
      await repository.close();

      const wrong = await connectEtcd({ endpoints: cluster.endpoints, auth: { username: 'alice', password: 'not-the-password' }, callTimeoutMs: 500 });
      const refused = await wrong.get('/coffer/acme/meta').catch((e: unknown) => e);
      await wrong.close();
      expect(refused).toBeInstanceOf(EtcdAuthError);
      expect((refused as EtcdAuthError).code).toBe('auth');
      expect((refused as Error).message).toContain('refused the user name or password');
      expect((refused as Error).message).not.toContain('not-the-password');

      const bob = await connectEtcd({ endpoints: cluster.endpoints, auth: { username: 'bob', password: alicePassword }, callTimeoutMs: 500 });
      const denied = await bob.get('/coffer/acme/meta').catch((e: unknown) => e);
      await bob.close();
      expect(denied).toBeInstanceOf(EtcdAuthError);
      expect((denied as Error).message).toContain("denied access to the team's keys");
    } finally {
      await cluster.stop();
    }
  });
});
