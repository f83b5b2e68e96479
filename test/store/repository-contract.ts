// One behaviour suite for every VaultRepository (memory, file, and later etcd): each
// implementation's test file calls describeRepositoryContract with a factory and adds only its
// own cases.
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/domain/errors.js';
import type { RecordChange, VaultRepository } from '../../src/domain/ports.js';
import { appRecord, ids, metaRecord, put, secretRecord } from './fixtures.js';

export interface ContractSubject {
  repository: VaultRepository;
  /** Reads the stored form (file bytes, etcd keys) so tests can check a failure wrote nothing. */
  snapshot(): Promise<unknown>;
  cleanup(): Promise<void>;
}

/** `make` returns a fresh repository holding exactly `initial` (plus its 'vault.init' audit). */
export function describeRepositoryContract(name: string, make: (initial: RecordChange[]) => Promise<ContractSubject>): void {
  describe(`VaultRepository contract: ${name}`, () => {
    async function withSubject(initial: RecordChange[], test: (subject: ContractSubject) => Promise<void>): Promise<void> {
      const subject = await make(initial);
      try {
        await test(subject);
      } finally {
        await subject.repository.close();
        await subject.cleanup();
      }
    }

    const API = ids.secret('api', 'production', 'API_KEY');
    const DB = ids.secret('api', 'production', 'DATABASE_URL');

    it('loads what was committed, with a revision per record', async () => {
      await withSubject([put(ids.meta, metaRecord())], async ({ repository }) => {
        const before = await repository.load();
        expect([...before.records.keys()]).toEqual([ids.meta]);
        const result = await repository.commit({
          changes: [put(ids.app('api'), appRecord('api')), put(API, secretRecord('api', 'production', 'API_KEY', ['k1']))],
          expected: { [ids.app('api')]: null, [API]: null },
          audit: [{ action: 'app.add', app: 'api' }],
          actor: 'alice',
        });
        const after = await repository.load();
        expect(after.records.get(API)?.record).toEqual(secretRecord('api', 'production', 'API_KEY', ['k1']));
        expect(after.records.get(API)?.revision).toBe(result.revisions[API]);
        expect(after.records.get(ids.app('api'))?.revision).toBe(result.revisions[ids.app('api')]);
        expect(after.records.get(ids.meta)?.revision).toBe(before.records.get(ids.meta)?.revision);
      });
    });

    it('gives a record a new revision each time it is put', async () => {
      await withSubject([put(API, secretRecord('api', 'production', 'API_KEY'))], async ({ repository }) => {
        const r0 = (await repository.load()).records.get(API)!.revision;
        const r1 = (await repository.commit({ changes: [put(API, secretRecord('api', 'production', 'API_KEY', ['a', 'b']))], expected: { [API]: r0 }, audit: [], actor: 'a' })).revisions[API]!;
        const r2 = (await repository.commit({ changes: [put(API, secretRecord('api', 'production', 'API_KEY', ['a', 'b', 'c']))], expected: { [API]: r1 }, audit: [], actor: 'a' })).revisions[API]!;
        expect(new Set([r0, r1, r2]).size).toBe(3);
        expect((await repository.load()).records.get(API)?.revision).toBe(r2);
      });
    });

    it('refuses to create a record that already exists (expected null)', async () => {
      await withSubject([put(API, secretRecord('api', 'production', 'API_KEY'))], async ({ repository, snapshot }) => {
        const before = await snapshot();
        const attempt = repository.commit({ changes: [put(API, secretRecord('api', 'production', 'API_KEY', ['x']))], expected: { [API]: null }, audit: [{ action: 'secret.set' }], actor: 'a' });
        await expect(attempt).rejects.toBeInstanceOf(ConflictError);
        await expect(attempt).rejects.toMatchObject({ stale: [API], code: 'conflict' });
        expect(await snapshot()).toEqual(before);
      });
    });

    it('refuses a stale write, names every stale record, and writes nothing at all', async () => {
      await withSubject([put(API, secretRecord('api', 'production', 'API_KEY')), put(DB, secretRecord('api', 'production', 'DATABASE_URL'))], async ({ repository, snapshot }) => {
        const loaded = await repository.load();
        const apiRev = loaded.records.get(API)!.revision;
        const dbRev = loaded.records.get(DB)!.revision;
        await repository.commit({ changes: [put(API, secretRecord('api', 'production', 'API_KEY', ['a', 'b']))], expected: { [API]: apiRev }, audit: [], actor: 'bob' });
        await repository.commit({ changes: [put(DB, secretRecord('api', 'production', 'DATABASE_URL', ['a', 'b']))], expected: { [DB]: dbRev }, audit: [], actor: 'bob' });
        const before = await snapshot();
        const auditBefore = await repository.readAudit();
        const NEW = ids.secret('api', 'production', 'NEW');
        const error = await repository
          .commit({
            changes: [put(API, secretRecord('api', 'production', 'API_KEY', ['z'])), put(DB, secretRecord('api', 'production', 'DATABASE_URL', ['z'])), put(NEW, secretRecord('api', 'production', 'NEW'))],
            expected: { [API]: apiRev, [DB]: dbRev, [NEW]: null },
            audit: [{ action: 'secret.set', key: 'API_KEY' }],
            actor: 'alice',
          })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).stale).toEqual([API, DB].sort());
        expect((error as ConflictError).message).toContain(API);
        expect((error as ConflictError).message).toContain(DB);
        expect(await snapshot()).toEqual(before);
        expect(await repository.readAudit()).toEqual(auditBefore);
        expect((await repository.load()).records.has(NEW)).toBe(false);
      });
    });

    it('deletes a record, and a stale delete is refused', async () => {
      await withSubject([put(API, secretRecord('api', 'production', 'API_KEY'))], async ({ repository }) => {
        const rev = (await repository.load()).records.get(API)!.revision;
        await expect(repository.commit({ changes: [{ id: API, record: null }], expected: { [API]: 'not-a-revision' }, audit: [], actor: 'a' })).rejects.toBeInstanceOf(ConflictError);
        const result = await repository.commit({ changes: [{ id: API, record: null }], expected: { [API]: rev }, audit: [{ action: 'secret.remove' }], actor: 'a' });
        expect(result.revisions).toEqual({});
        expect((await repository.load()).records.has(API)).toBe(false);
        // Once gone, "must not exist" holds again.
        await repository.commit({ changes: [put(API, secretRecord('api', 'production', 'API_KEY'))], expected: { [API]: null }, audit: [], actor: 'a' });
        expect((await repository.load()).records.has(API)).toBe(true);
      });
    });

    it('applies several changes atomically: all or none', async () => {
      await withSubject([put(API, secretRecord('api', 'production', 'API_KEY'))], async ({ repository }) => {
        const a = ids.secret('api', 'production', 'A');
        const b = ids.secret('api', 'production', 'B');
        await expect(
          repository.commit({ changes: [put(a, secretRecord('api', 'production', 'A')), put(API, secretRecord('api', 'production', 'API_KEY'))], expected: { [a]: null, [API]: null }, audit: [], actor: 'x' }),
        ).rejects.toBeInstanceOf(ConflictError);
        expect((await repository.load()).records.has(a)).toBe(false);
        const result = await repository.commit({ changes: [put(a, secretRecord('api', 'production', 'A')), put(b, secretRecord('api', 'production', 'B'))], expected: { [a]: null, [b]: null }, audit: [], actor: 'x' });
        const loaded = await repository.load();
        expect(loaded.records.get(a)?.revision).toBe(result.revisions[a]);
        expect(loaded.records.get(b)?.revision).toBe(result.revisions[b]);
      });
    });

    it('chains audit entries across commits, filters them, and verifies the chain', async () => {
      await withSubject([], async ({ repository }) => {
        const api = ids.secret('api', 'production', 'K');
        const web = ids.secret('web', 'staging', 'K');
        const first = await repository.commit({ changes: [put(api, secretRecord('api', 'production', 'K'))], expected: { [api]: null }, audit: [{ action: 'secret.set', app: 'api', env: 'production', key: 'K', version: 1 }], actor: 'alice' });
        await repository.commit({ changes: [put(web, secretRecord('web', 'staging', 'K'))], expected: { [web]: null }, audit: [{ action: 'secret.set', app: 'web', env: 'staging', key: 'K', version: 1 }, { action: 'secret.meta', app: 'web', env: 'staging', key: 'K' }], actor: 'bob' });
        const all = await repository.readAudit();
        expect(all.map((e) => e.action)).toEqual(['vault.init', 'secret.set', 'secret.set', 'secret.meta']);
        expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
        expect(all[1]).toEqual(first.audit[0]);
        expect(all[2]!.prev).toBe(all[1]!.hash);
        expect(all[3]!.actor).toBe('bob');
        expect((await repository.readAudit({ app: 'web' })).map((e) => e.seq)).toEqual([3, 4]);
        expect((await repository.readAudit({ app: 'web', env: 'production' }))).toEqual([]);
        expect((await repository.readAudit({ limit: 2 })).map((e) => e.seq)).toEqual([3, 4]);
        expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 4 });
      });
    });

    it('gives a stable, short fingerprint that tells values apart and reveals nothing', async () => {
      await withSubject([], async ({ repository }) => {
        const a = repository.fingerprint('correct horse');
        expect(a).toMatch(/^[0-9a-f]{12}$/);
        expect(repository.fingerprint('correct horse')).toBe(a);
        expect(repository.fingerprint('correct horse ')).not.toBe(a);
        expect(repository.fingerprint('')).not.toBe(a);
      });
    });

    it('hands out entries that spread and clone like plain { record, revision } objects', async () => {
      await withSubject([put(API, secretRecord('api', 'production', 'API_KEY'))], async ({ repository }) => {
        const entry = (await repository.load()).records.get(API)!;
        const copy = { ...entry };
        expect(copy).toEqual({ record: secretRecord('api', 'production', 'API_KEY'), revision: entry.revision });
        expect(structuredClone(entry)).toEqual(copy);
        expect(JSON.parse(JSON.stringify(entry))).toEqual(copy);
      });
    });

    it('hands out records that cannot be edited in place', async () => {
      await withSubject([put(API, secretRecord('api', 'production', 'API_KEY'))], async ({ repository }) => {
        const record = (await repository.load()).records.get(API)!.record;
        expect(() => {
          (record.value as { comment: string }).comment = 'edited behind the repository';
        }).toThrow(TypeError);
      });
    });

    it('rejects a change that says nothing about the revision it expects', async () => {
      await withSubject([], async ({ repository }) => {
        await expect(repository.commit({ changes: [put(API, secretRecord('api', 'production', 'API_KEY'))], expected: {}, audit: [], actor: 'a' })).rejects.toThrow(/no expected revision/);
      });
    });
  });
}
