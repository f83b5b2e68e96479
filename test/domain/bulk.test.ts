import { describe, expect, it } from 'vitest';
import {
  addApp,
  ConflictError,
  currentValue,
  currentVersion,
  deleteVersion,
  findSecret,
  importEnvironment,
  newVaultRecords,
  setMany,
  setSecret,
  VaultSession,
} from '../../src/domain/index.js';
import type { VaultState } from '../../src/domain/index.js';
import { MemoryVaultRepository } from '../../src/store/index.js';
import { emptyState, fixedContext, run } from './fixtures.js';

const ctx = fixedContext();

function seeded(): VaultState {
  return run(
    emptyState(ctx),
    (s) => addApp(s, ctx, { name: 'api' }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'staging', key: 'KEEP', value: 'same' }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'staging', key: 'CHANGE', value: 'old' }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'staging', key: 'GONE', value: 'v1' }),
    (s) => deleteVersion(s, ctx, { app: 'api', env: 'staging', key: 'GONE', version: 1 }),
    (s) => setSecret(s, ctx, { app: 'shared', env: 'staging', key: 'FROM_SHARED', value: 'shared-value' }),
  );
}

describe('setMany', () => {
  it('puts one record per secret and audits each write, in order', () => {
    const state = seeded();
    const mutation = setMany(state, ctx, [
      { app: 'api', env: 'staging', key: 'CHANGE', value: 'new', origin: { type: 'generate' }, expectedVersion: 1 },
      { app: 'api', env: 'production', key: 'CHANGE', value: 'copied' },
    ]);
    expect(mutation.changes.map((c) => c.id)).toEqual(['secret:api/staging/CHANGE', 'secret:api/production/CHANGE']);
    expect(mutation.reads).toEqual(['app:api']);
    expect(mutation.audit).toEqual([
      { action: 'secret.generate', app: 'api', env: 'staging', key: 'CHANGE', version: 2, detail: undefined },
      { action: 'secret.set', app: 'api', env: 'production', key: 'CHANGE', version: 1, detail: 'created' },
    ]);
    const after = run(state, () => mutation);
    expect(currentValue(findSecret(after, 'api', 'staging', 'CHANGE'))).toBe('new');
    expect(currentValue(findSecret(after, 'api', 'production', 'CHANGE'))).toBe('copied');
  });

  it('fails as a whole when any write is refused, naming it', () => {
    const state = seeded();
    expect(() =>
      setMany(state, ctx, [
        { app: 'api', env: 'staging', key: 'CHANGE', value: 'x' },
        { app: 'api', env: 'staging', key: 'KEEP', value: 'x', expectedVersion: 7 },
      ]),
    ).toThrow(ConflictError);
    expect(() => setMany(state, ctx, [{ app: 'api', env: 'nope', key: 'A', value: 'x' }])).toThrow('no environment "nope"');
  });

  it('refuses the same secret twice in one batch', () => {
    expect(() =>
      setMany(seeded(), ctx, [
        { app: 'api', env: 'staging', key: 'CHANGE', value: 'a' },
        { app: 'api', env: 'staging', key: 'CHANGE', value: 'b' },
      ]),
    ).toThrow('api/staging/CHANGE is written twice');
  });

  it('an empty batch is an empty mutation', () => {
    expect(setMany(seeded(), ctx, [])).toEqual({ changes: [], reads: [], audit: [] });
  });

  it('commits atomically: a stale record fails the whole batch and writes nothing', async () => {
    const repository = new MemoryVaultRepository({ initial: newVaultRecords(ctx, 'v'), now: ctx.now });
    const mine = await VaultSession.open(repository, ctx);
    await mine.apply((s, c) => addApp(s, c, { name: 'api' }));
    await mine.apply((s, c) => setSecret(s, c, { app: 'api', env: 'staging', key: 'A', value: 'a1' }));
    const theirs = await VaultSession.open(repository, ctx);
    await theirs.apply((s, c) => setSecret(s, c, { app: 'api', env: 'staging', key: 'A', value: 'theirs' }));

    await expect(
      mine.apply((s, c) =>
        setMany(s, c, [
          { app: 'api', env: 'staging', key: 'B', value: 'b1' },
          { app: 'api', env: 'staging', key: 'A', value: 'a2' },
        ]),
      ),
    ).rejects.toThrow(ConflictError);
    await mine.reload();
    expect(mine.state.secrets['secret:api/staging/B']).toBeUndefined();
    expect(currentValue(findSecret(mine.state, 'api', 'staging', 'A'))).toBe('theirs');
  });
});

describe('importEnvironment', () => {
  const entries = [
    { key: 'KEEP', value: 'same' },
    { key: 'CHANGE', value: 'new' },
    { key: 'GONE', value: 'back' },
    { key: 'FROM_SHARED', value: 'shared-value' },
    { key: 'NEW_ONE', value: '' },
  ];

  it('sorts keys into added, changed and unchanged, and writes versions with origin import', () => {
    const state = seeded();
    const result = importEnvironment(state, ctx, 'api', 'staging', entries);
    expect(result).toMatchObject({
      added: ['FROM_SHARED', 'NEW_ONE'],
      changed: ['CHANGE', 'GONE'],
      unchanged: ['KEEP'],
    });
    expect(result.mutation.audit.map((a) => [a.action, a.key, a.version])).toEqual([
      ['secret.import', 'CHANGE', 2],
      ['secret.import', 'GONE', 2],
      ['secret.import', 'FROM_SHARED', 1],
      ['secret.import', 'NEW_ONE', 1],
    ]);
    const after = run(state, () => result.mutation);
    const changed = findSecret(after, 'api', 'staging', 'CHANGE');
    expect(currentVersion(changed)).toMatchObject({ n: 2, value: 'new', origin: { type: 'import' } });
    expect(currentValue(findSecret(after, 'api', 'staging', 'GONE'))).toBe('back');
    expect(findSecret(after, 'api', 'staging', 'KEEP').versions).toHaveLength(1);
    // Importing the same entries again changes nothing.
    const again = importEnvironment(after, ctx, 'api', 'staging', entries);
    expect(again).toMatchObject({ added: [], changed: [], unchanged: entries.map((e) => e.key) });
    expect(again.mutation.changes).toEqual([]);
  });

  it('a dry run classifies and validates the same way but returns an empty mutation', () => {
    const state = seeded();
    const dry = importEnvironment(state, ctx, 'api', 'staging', entries, { dryRun: true });
    expect(dry).toEqual({ ...importEnvironment(state, ctx, 'api', 'staging', entries), mutation: { changes: [], reads: [], audit: [] } });
    expect(() => importEnvironment(state, ctx, 'api', 'staging', [{ key: 'A', value: 'x'.repeat(5 * 1024 * 1024) }], { dryRun: true })).toThrow('4 MiB');
  });

  it('an unknown app or environment fails naming what exists', () => {
    expect(() => importEnvironment(seeded(), ctx, 'web', 'staging', entries)).toThrow('No app named "web"');
    expect(() => importEnvironment(seeded(), ctx, 'api', 'qa', entries)).toThrow('no environment "qa"');
  });
});
