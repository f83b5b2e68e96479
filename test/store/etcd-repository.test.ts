// The repository contract against a real etcd, plus what only the etcd repository does.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordChange } from '../../src/domain/ports.js';
import { connectEtcd } from '../../src/store/etcd/client.js';
import { StaticKeyRing } from '../../src/store/etcd/keyring.js';
import { TeamLayout } from '../../src/store/etcd/layout.js';
import { EtcdVaultRepository } from '../../src/store/etcd/repository.js';
import { EtcdCluster } from '../helpers/etcd.js';
import { describeRepositoryContract } from './repository-contract.js';
import { ConflictError, RefusedError } from '../../src/domain/errors.js';
import type { Secret } from '../../src/domain/model.js';
import type { ExternalChange, VaultRecord } from '../../src/domain/ports.js';
import { ScopeLockedError, ScopeRotatedError, TamperedRecordError } from '../../src/store/etcd/errors.js';
import { findLeak } from '../faults/helpers/cli.js';
import { appRecord, ids, put, secretRecord } from './fixtures.js';

const execFileAsync = promisify(execFile);
let cluster: EtcdCluster;
beforeAll(async () => {
  cluster = await EtcdCluster.start(1);
});
afterAll(async () => {
  await cluster?.stop();
});

let teams = 0;
const SCOPES = ['_team', 'api/production', 'web/staging'];

function ringFor(scopes = SCOPES): StaticKeyRing {
  return new StaticKeyRing(scopes.map((scope) => [scope, [[1, randomBytes(32)]]]));
}

async function dump(prefix: string): Promise<Array<[string, string]>> {
  const client = await connectEtcd({ endpoints: cluster.endpoints });
  try {
    const { kvs } = await client.rangePrefix(prefix);
    return kvs.map((kv) => [kv.key.toString('utf8'), kv.value.toString('base64')]);
  } finally {
    await client.close();
  }
}

describeRepositoryContract('EtcdVaultRepository', async (initial: RecordChange[]) => {
  const layout = TeamLayout.forTeam(`contract-${process.pid}-${teams++}`);
  const client = await connectEtcd({ endpoints: cluster.endpoints });
  const repository = await EtcdVaultRepository.initialize({ client, layout, keys: ringFor(), initial, actor: 'tester' });
  return {
    repository,
    snapshot: () => dump(layout.prefix),
    cleanup: async () => undefined,
  };
});

interface Team {
  layout: TeamLayout;
  keys: StaticKeyRing;
  open(keys?: StaticKeyRing): Promise<EtcdVaultRepository>;
  raw<T>(fn: (client: Awaited<ReturnType<typeof connectEtcd>>) => Promise<T>): Promise<T>;
}

/** A fresh team vault; `open` gives further clients of it (each its own connection). */
async function team(initial: RecordChange[] = [], keys = ringFor()): Promise<{ team: Team; repository: EtcdVaultRepository }> {
  const layout = TeamLayout.forTeam(`t-${process.pid}-${teams++}`);
  const client = await connectEtcd({ endpoints: cluster.endpoints });
  const repository = await EtcdVaultRepository.initialize({ client, layout, keys, initial, actor: 'alice' });
  opened.push(repository);
  return {
    repository,
    team: {
      layout,
      keys,
      async open(ring = keys) {
        const other = await EtcdVaultRepository.open({ client: await connectEtcd({ endpoints: cluster.endpoints }), layout, keys: ring });
        opened.push(other);
        return other;
      },
      async raw(fn) {
        const raw = await connectEtcd({ endpoints: cluster.endpoints });
        try {
          return await fn(raw);
        } finally {
          await raw.close();
        }
      },
    },
  };
}
const opened: EtcdVaultRepository[] = [];
afterAll(async () => {
  await Promise.all(opened.map((r) => r.close()));
});

function withVersions(record: VaultRecord, values: string[]): VaultRecord {
  const secret = record.value as Secret;
  return { type: 'secret', value: { ...secret, maxVersions: 1000, versions: values.map((value, i) => ({ n: i + 1, value, createdAt: secret.createdAt, author: 'tester', origin: { type: 'set' as const }, state: 'live' as const })) } };
}

function bigValue(seed: number, bytes = 1_000_000): string {
  return randomBytes(Math.ceil((bytes * 3) / 4)).toString('base64').slice(0, bytes - 8) + String(seed).padStart(8, '0');
}

describe('EtcdVaultRepository', () => {
  const API = ids.secret('api', 'production', 'API_KEY');

  it('keeps ten versions of a 1 MB value, each under the request cap, and reads them back in another client', async () => {
    const { team: t, repository } = await team([put(API, secretRecord('api', 'production', 'API_KEY', []))]);
    const values: string[] = [];
    let revision = (await repository.load()).records.get(API)!.revision;
    for (let i = 0; i < 10; i++) {
      values.push(bigValue(i));
      const result = await repository.commit({ changes: [put(API, withVersions(secretRecord('api', 'production', 'API_KEY'), values))], expected: { [API]: revision }, audit: [{ action: 'secret.set', key: 'API_KEY', version: i + 1 }], actor: 'alice' });
      revision = result.revisions[API]!;
    }
    const other = await t.open();
    const loaded = (await other.load()).records.get(API)!.record.value as Secret;
    expect(loaded.versions.map((v) => v.value)).toEqual(values);
    expect(await other.verifyAudit()).toEqual({ ok: true, entries: 11 });
    // Chunks hold the bytes; each version key is a small pointer.
    const keys = await t.raw((client) => client.rangePrefix(t.layout.chunks(), { keysOnly: true }));
    expect(keys.kvs.length).toBe(20);
  }, 60_000);

  it('refuses a record copied to another key, or relabelled with another generation, naming the key', async () => {
    const DB = ids.secret('api', 'production', 'DB');
    const keys = ringFor();
    keys.add('api/production', 2, randomBytes(32));
    const { team: t } = await team([put(API, secretRecord('api', 'production', 'API_KEY', ['first'])), put(DB, secretRecord('api', 'production', 'DB', ['other']))], keys);
    const versionKey = t.layout.version('api', 'production', 'DB', 1);
    const original = await t.raw(async (client) => {
      const source = await client.get(t.layout.version('api', 'production', 'API_KEY', 1));
      const kept = (await client.get(versionKey))!.value;
      await client.etcd.put(versionKey).value(source!.value);
      return kept;
    });
    // Records open when first read: the others stay readable, the moved one fails by its key.
    const reader = await t.open();
    const loaded = await reader.load();
    expect((loaded.records.get(API)!.record.value as Secret).versions[0]!.value).toBe('first');
    const error = caught(() => loaded.records.get(DB)!.record);
    expect(error).toBeInstanceOf(TamperedRecordError);
    expect((error as Error).message).toContain(versionKey);
    expect((error as Error).message).not.toContain('first');

    const headKey = t.layout.head('api', 'production', 'API_KEY');
    await t.raw(async (client) => {
      await client.etcd.put(versionKey).value(original);
      const head = (await client.get(headKey))!.value;
      const relabelled = Buffer.from(head);
      expect(relabelled.readUInt32BE(1)).toBe(2); // sealed with the current generation
      relabelled.writeUInt32BE(1, 1);
      await client.etcd.put(headKey).value(relabelled);
    });
    const relabelledLoad = await (await t.open()).load();
    const second = caught(() => relabelledLoad.records.get(API)!.record);
    expect(second).toBeInstanceOf(TamperedRecordError);
    expect((second as Error).message).toContain(headKey);
  });

  it('commits 600 records at once through the intent protocol, atomically', async () => {
    const { team: t, repository } = await team([put(ids.app('api'), appRecord('api'))]);
    const many = Array.from({ length: 600 }, (_, i) => put(ids.secret('api', 'production', `K_${i}`), secretRecord('api', 'production', `K_${i}`, [`value-${i}`])));
    // One stale expectation among 601: nothing at all is written.
    const before = await dump(t.layout.prefix);
    const stale = repository.commit({
      changes: many,
      expected: { ...Object.fromEntries(many.map((c) => [c.id, null])), [ids.app('api')]: '1' },
      audit: many.map((c, i) => ({ action: 'secret.import' as const, app: 'api', env: 'production', key: `K_${i}` })),
      actor: 'alice',
    });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ stale: [ids.app('api')] });
    expect(await dump(t.layout.prefix)).toEqual(before);

    const result = await repository.commit({
      changes: many,
      expected: Object.fromEntries(many.map((c) => [c.id, null])),
      audit: many.map((c, i) => ({ action: 'secret.import' as const, app: 'api', env: 'production', key: `K_${i}` })),
      actor: 'alice',
    });
    expect(result.audit).toHaveLength(600);
    const other = await t.open();
    const loaded = await other.load();
    for (const [i, change] of many.entries()) {
      const entry = loaded.records.get(change.id)!;
      expect((entry.record.value as Secret).versions[0]!.value).toBe(`value-${i}`);
      expect(entry.revision).toBe(result.revisions[change.id]);
    }
    expect(await other.verifyAudit()).toEqual({ ok: true, entries: 601 });
    const leftovers = await t.raw((client) => client.rangePrefix(`${t.layout.prefix}intent`, { keysOnly: true }));
    expect(leftovers.kvs).toEqual([]);
  }, 60_000);

  it('loads an environment whose values add up to more than one gRPC response may carry (4 MiB)', async () => {
    const { team: t, repository } = await team([]);
    // 120 values of 60 KiB (just under the chunking threshold): 7 MiB in one environment's range.
    const values = Array.from({ length: 120 }, (_, i) => bigValue(i, 60 * 1024));
    const big = values.map((value, i) => put(ids.secret('api', 'production', `BLOB_${i}`), secretRecord('api', 'production', `BLOB_${i}`, [value])));
    for (let i = 0; i < big.length; i += 20) {
      const slice = big.slice(i, i + 20);
      await repository.commit({ changes: slice, expected: Object.fromEntries(slice.map((c) => [c.id, null])), audit: [], actor: 'alice' });
    }
    const loaded = await (await t.open()).load();
    expect(loaded.records.size).toBe(120);
    expect((loaded.records.get(ids.secret('api', 'production', 'BLOB_119'))!.record.value as Secret).versions[0]!.value).toBe(values[119]);
  }, 60_000);

  it('commits across 150 environments at once, more access rows than one transaction may compare; a re-keyed one still refuses it', async () => {
    const envs = Array.from({ length: 50 }, (_, a) => ['development', 'staging', 'production'].map((env) => [`app${a}`, env] as const)).flat();
    const scopes = ['_team', ...envs.map(([app, env]) => `${app}/${env}`)];
    const { team: t, repository } = await team([], ringFor(scopes));
    const spread = (tag: string) => envs.map(([app, env]) => put(ids.secret(app, env, 'TOKEN'), secretRecord(app, env, 'TOKEN', [`${tag}-${app}-${env}`])));
    const first = spread('one');
    const result = await repository.commit({ changes: first, expected: Object.fromEntries(first.map((c) => [c.id, null])), audit: [], actor: 'alice' });
    const loaded = await (await t.open()).load();
    expect(loaded.records.size).toBe(150);
    expect((loaded.records.get(ids.secret('app49', 'production', 'TOKEN'))!.record.value as Secret).versions[0]!.value).toBe('one-app49-production');

    // bob holds generation 1 of everything; app7/staging is re-keyed after he read the vault.
    const stale = await t.open(new StaticKeyRing(scopes.map((scope) => [scope, [[1, t.keys.key(scope, 1)!]]])));
    await stale.load();
    const g2 = randomBytes(32);
    await repository.reencryptScope('app7/staging', 2, g2, 'alice', { access: { generation: 2, members: ['alice'], createdAt: '2026-01-02T03:04:05.000Z' } });
    const before = await dump(t.layout.prefix);
    const second = spread('two');
    const error = await stale.commit({ changes: second, expected: result.revisions, audit: [], actor: 'bob' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScopeRotatedError);
    expect((error as Error).message).toContain('app7/staging');
    expect(await dump(t.layout.prefix)).toEqual(before);
  }, 60_000);

  it('tells watchers about other clients\' changes with their actor, never about its own, and reloads only those', async () => {
    const { team: t, repository: a } = await team([put(API, secretRecord('api', 'production', 'API_KEY'))]);
    const seen: ExternalChange[] = [];
    a.watch((change) => seen.push(change));
    await a.startWatch();
    await a.load();
    const fullLoads = a.loadStats.full;
    const b = await t.open();
    const rev = (await b.load()).records.get(API)!.revision;
    const DB = ids.secret('api', 'production', 'DB');
    await b.commit({ changes: [put(API, secretRecord('api', 'production', 'API_KEY', ['v1', 'v2'])), put(DB, secretRecord('api', 'production', 'DB'))], expected: { [API]: rev, [DB]: null }, audit: [{ action: 'secret.set' }], actor: 'bob' });
    await waitFor(() => seen.length > 0);
    expect(seen).toEqual([{ ids: [API, DB].sort(), actor: 'bob' }]);
    const reloaded = await a.load();
    expect((reloaded.records.get(API)!.record.value as Secret).versions).toHaveLength(2);
    expect(reloaded.records.has(DB)).toBe(true);
    expect(a.loadStats.full).toBe(fullLoads);
    expect(a.loadStats.incremental).toBeGreaterThan(0);
    // Its own commit is not reported.
    const mine = await a.commit({ changes: [{ id: DB, record: null }], expected: { [DB]: reloaded.records.get(DB)!.revision }, audit: [], actor: 'alice' });
    expect(mine.revisions).toEqual({});
    const marker = ids.secret('api', 'production', 'MARKER');
    await b.commit({ changes: [put(marker, secretRecord('api', 'production', 'MARKER'))], expected: { [marker]: null }, audit: [], actor: 'bob' });
    await waitFor(() => seen.length > 1);
    expect(seen.slice(1)).toEqual([{ ids: [marker], actor: 'bob' }]);
    expect((await a.load()).records.has(DB)).toBe(false);
    // A large commit lands piece by piece: each piece is reported, all with their actor.
    const many = Array.from({ length: 150 }, (_, i) => put(ids.secret('api', 'production', `BULK_${i}`), secretRecord('api', 'production', `BULK_${i}`)));
    await b.commit({ changes: many, expected: Object.fromEntries(many.map((c) => [c.id, null])), audit: [{ action: 'secret.import' }], actor: 'bob' });
    await waitFor(() => new Set(seen.slice(2).flatMap((c) => c.ids)).size === many.length);
    expect(seen.slice(2).every((c) => c.actor === 'bob')).toBe(true);
    expect([...(await a.load()).records.keys()].filter((id) => id.includes('BULK_'))).toHaveLength(many.length);
  });

  it('skips environments it holds no key for, lists them, and refuses commits touching them', async () => {
    const WEB = ids.secret('web', 'staging', 'TOKEN');
    const { team: t } = await team([put(API, secretRecord('api', 'production', 'API_KEY', ['api-value'])), put(WEB, secretRecord('web', 'staging', 'TOKEN', ['web-value'])), put(ids.app('web'), { type: 'app', value: { name: 'web', description: '', envs: [{ name: 'staging', protected: false }], createdAt: '2026-01-02T03:04:05.000Z' } })]);
    const partial = new StaticKeyRing([
      ['_team', [[1, t.keys.key('_team', 1)!]]],
      ['api/production', [[1, t.keys.key('api/production', 1)!]]],
    ]);
    const member = await t.open(partial);
    const loaded = await member.load();
    expect(loaded.records.has(API)).toBe(true);
    expect(loaded.records.has(WEB)).toBe(false);
    expect(member.lockedScopes()).toEqual([{ app: 'web', env: 'staging' }]);
    const error = await member
      .commit({ changes: [put(WEB, secretRecord('web', 'staging', 'TOKEN', ['x']))], expected: { [WEB]: null }, audit: [], actor: 'carol' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScopeLockedError);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toContain('web/staging');
  });

  it('re-encrypts a scope under a new key generation that alone opens it afterwards', async () => {
    const { team: t, repository } = await team([put(API, secretRecord('api', 'production', 'API_KEY', ['one', bigValue(1, 200_000)]))]);
    const g2 = randomBytes(32);
    const { keys } = await repository.reencryptScope('api/production', 2, g2, 'alice');
    expect(keys).toBe(4); // the head, two version keys (one a chunk pointer) and one chunk
    const newOnly = new StaticKeyRing([
      ['_team', [[1, t.keys.key('_team', 1)!]]],
      ['api/production', [[2, g2]]],
    ]);
    const reader = await t.open(newOnly);
    expect(((await reader.load()).records.get(API)!.record.value as Secret).versions[0]!.value).toBe('one');
    const stale = await t.open(new StaticKeyRing([['_team', [[1, t.keys.key('_team', 1)!]]], ['api/production', [[1, randomBytes(32)]]]]));
    expect((await stale.load()).records.has(API)).toBe(false);
    expect(stale.lockedScopes()).toEqual([{ app: 'api', env: 'production' }]);
    // Every key of the scope now names generation 2.
    const generations = await t.raw(async (client) => (await client.rangePrefix(t.layout.prefix)).kvs.filter((kv) => t.layout.scopeOf(kv.key.toString()) === 'api/production').map((kv) => kv.value.readUInt32BE(1)));
    expect(generations).toEqual([2, 2, 2, 2]);
    expect((await reader.readAudit()).at(-1)).toMatchObject({ action: 'vault.rekey', app: 'api', env: 'production' });
  });

  it('refuses a write sealed with a key generation older than the access row names, once a scope is re-keyed', async () => {
    const DB = ids.secret('web', 'staging', 'DB');
    const { team: t, repository: admin } = await team([put(API, secretRecord('api', 'production', 'API_KEY', ['one'])), put(DB, secretRecord('web', 'staging', 'DB'))]);
    // bob's ring: a copy of the keys as they were (generation 1 only).
    const stale = await t.open(new StaticKeyRing(SCOPES.map((scope) => [scope, [[1, t.keys.key(scope, 1)!]]])));
    const loaded = await stale.load();
    // bob writes before the re-key (so he has read the access rows as they were then).
    const dbRevision = (await stale.commit({ changes: [put(DB, secretRecord('web', 'staging', 'DB', ['v1', 'v2']))], expected: { [DB]: loaded.records.get(DB)!.revision }, audit: [], actor: 'bob' })).revisions[DB]!;
    const g2 = randomBytes(32);
    await admin.reencryptScope('api/production', 2, g2, 'alice', { access: { generation: 2, members: ['alice'], createdAt: '2026-01-02T03:04:05.000Z' } });
    t.keys.add('api/production', 2, g2);
    const before = await dump(t.layout.prefix);
    const error = await stale
      .commit({ changes: [put(API, secretRecord('api', 'production', 'API_KEY', ['one', 'two']))], expected: { [API]: loaded.records.get(API)!.revision }, audit: [], actor: 'bob' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScopeRotatedError);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toContain('api/production');
    expect(await dump(t.layout.prefix)).toEqual(before);
    // Other environments are not held up, and the re-keyed admin writes on.
    await stale.commit({ changes: [put(DB, secretRecord('web', 'staging', 'DB', ['v1', 'v2', 'v3']))], expected: { [DB]: dbRevision }, audit: [], actor: 'bob' });
    const fresh = (await admin.load()).records.get(API)!;
    await admin.commit({ changes: [put(API, secretRecord('api', 'production', 'API_KEY', ['one', 'two']))], expected: { [API]: fresh.revision }, audit: [], actor: 'alice' });
  });

  it('re-encrypts the team scope (meta, apps, the audit log and its head) under a new generation', async () => {
    const { team: t, repository } = await team([put(ids.meta, { type: 'meta', value: { vaultId: 'v1', createdAt: '2026-01-02T03:04:05.000Z', settings: { revealSeconds: 30, clipboardSeconds: 45, idleLockMinutes: 5 } } }), put(ids.app('api'), appRecord('api'))]);
    const fingerprint = repository.fingerprint('same value');
    const g2 = randomBytes(32);
    await repository.reencryptScope('_team', 2, g2, 'alice');
    const newTeamKey = new StaticKeyRing([
      ['_team', [[2, g2]]],
      ['api/production', [[1, t.keys.key('api/production', 1)!]]],
    ]);
    const reader = await t.open(newTeamKey);
    const loaded = await reader.load();
    expect(loaded.records.get(ids.app('api'))?.record).toEqual(appRecord('api'));
    expect(loaded.records.has(ids.meta)).toBe(true);
    expect(reader.fingerprint('same value')).toBe(fingerprint);
    expect(await reader.verifyAudit()).toEqual({ ok: true, entries: 2 });
    // Writes go on with the new key.
    await reader.commit({ changes: [put(API, secretRecord('api', 'production', 'API_KEY'))], expected: { [API]: null }, audit: [{ action: 'secret.set' }], actor: 'alice' });
    expect(await reader.verifyAudit()).toEqual({ ok: true, entries: 3 });
  });

  it('keeps personal overrides sealed to their member and reports changes to team rows', async () => {
    const keys = ringFor();
    keys.add('_personal/bob', 1, randomBytes(32));
    const { team: t, repository } = await team([], keys);
    const rows: string[][] = [];
    repository.onTeamRowsChange((change) => rows.push(change.types));
    await repository.startWatch();
    await repository.setPersonal('bob', 'api', 'production', 'API_KEY', 'bob-only-value');
    expect(await repository.readPersonal('bob')).toEqual(new Map([[API, { value: 'bob-only-value', updatedAt: expect.any(String) }]]));
    // Another member, without bob's personal key, cannot read it.
    const carol = await t.open(new StaticKeyRing([['_team', [[1, keys.key('_team', 1)!]]]]));
    await expect(carol.readPersonal('bob')).rejects.toBeInstanceOf(ScopeLockedError);
    await t.raw(async (client) => {
      await client.etcd.put(t.layout.member('dave')).value('{}');
    });
    await waitFor(() => rows.some((types) => types.includes('member')));
    expect(rows[0]).toEqual(['personal']);
    await repository.setPersonal('bob', 'api', 'production', 'API_KEY', null);
    expect((await repository.readPersonal('bob')).size).toBe(0);
  });

  it('stores no value, comment or tag in clear or in any common encoding', async () => {
    const canaries = { value: 'canary-value-91f2c', comment: 'canary-comment-73ab1', tag: 'canary-tag-5d0e' };
    const record = secretRecord('api', 'production', 'API_KEY', [canaries.value, bigValue(2, 100_000) + canaries.value]);
    const secret = record.value as Secret;
    const { team: t } = await team([put(API, { type: 'secret', value: { ...secret, comment: canaries.comment, tags: [canaries.tag] } })]);
    const everything = await t.raw(async (client) => {
      const { kvs } = await client.rangePrefix(t.layout.prefix, { pageSize: 4 });
      return Buffer.concat(kvs.flatMap((kv) => [kv.key, kv.value]));
    });
    for (const [what, canary] of Object.entries(canaries)) expect(findLeak(everything, canary), what).toBeUndefined();
    // And as an operator would look: etcdctl's own dump of the prefix, values as JSON (base64).
    const { stdout } = await execFileAsync('etcdctl', ['--endpoints', cluster.endpoints[0]!, 'get', '--prefix', t.layout.prefix, '-w', 'json'], { env: { ...process.env, ETCDCTL_API: '3' }, maxBuffer: 64 << 20 });
    const dumped = JSON.parse(stdout) as { kvs: Array<{ key: string; value: string }> };
    expect(dumped.kvs.length).toBeGreaterThan(3);
    const raw = Buffer.concat(dumped.kvs.flatMap((kv) => [Buffer.from(kv.key, 'base64'), Buffer.from(kv.value, 'base64')]));
    for (const [what, canary] of Object.entries(canaries)) {
      expect(findLeak(stdout, canary), `${what} in etcdctl output`).toBeUndefined();
      expect(findLeak(raw, canary), `${what} in etcdctl values`).toBeUndefined();
    }
  });

  it('reports its connection state', async () => {
    const { repository } = await team();
    const states: unknown[] = [];
    const stop = repository.onConnectionState((state) => states.push(state));
    await waitFor(() => states.length > 0);
    stop();
    expect(repository.connectionState()).toEqual({ state: 'online', down: 0, endpoints: 1 });
    expect(states[0]).toEqual({ state: 'online', down: 0, endpoints: 1 });
  });

  it('names its location etcd://host:port/<prefix>', async () => {
    const layout = TeamLayout.forTeam(`loc-${process.pid}`);
    const client = await connectEtcd({ endpoints: cluster.endpoints });
    const repository = await EtcdVaultRepository.initialize({ client, layout, keys: ringFor(), initial: [], actor: 'tester' });
    try {
      expect(repository.kind).toBe('etcd');
      expect(repository.location).toBe(`etcd://${cluster.endpoints[0]!.slice('http://'.length)}${layout.prefix}`);
    } finally {
      await repository.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
