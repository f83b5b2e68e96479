import { describe, expect, it } from 'vitest';
import { MemoryVaultRepository } from '../../src/store/memory-repository.js';
import { describeRepositoryContract } from './repository-contract.js';
import { ids, put, secretRecord } from './fixtures.js';

describeRepositoryContract('MemoryVaultRepository', async (initial) => {
  const repository = new MemoryVaultRepository({ initial, actor: 'tester' });
  return {
    repository,
    snapshot: async () => ({ records: [...(await repository.load()).records.entries()], audit: await repository.readAudit() }),
    cleanup: async () => undefined,
  };
});

describe('MemoryVaultRepository', () => {
  it('tells watchers which records each commit changed', async () => {
    const repository = new MemoryVaultRepository();
    const seen: string[][] = [];
    const stop = repository.watch((change) => seen.push(change.ids));
    const id = ids.secret('api', 'production', 'K');
    await repository.commit({ changes: [put(id, secretRecord('api', 'production', 'K'))], expected: { [id]: null }, audit: [], actor: 'a' });
    stop();
    await repository.commit({ changes: [{ id, record: null }], expected: { [id]: '2' }, audit: [], actor: 'a' });
    expect(seen).toEqual([[id]]);
  });
});
