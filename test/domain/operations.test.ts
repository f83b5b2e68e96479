import { describe, expect, it } from 'vitest';
import {
  addApp,
  addEnv,
  ConflictError,
  currentValue,
  currentVersion,
  deleteVersion,
  destroyVersion,
  findSecret,
  InvalidInputError,
  NotFoundError,
  RefusedError,
  removeApp,
  removeEnv,
  removeSecret,
  rollbackSecret,
  secretId,
  secretStatus,
  setEnvProtected,
  setSecret,
  undeleteVersion,
  updateSecretMeta,
} from '../../src/domain/index.js';
import type { VaultState } from '../../src/domain/index.js';
import { emptyState, fixedContext, run } from './fixtures.js';

const ctx = fixedContext();
const at = { app: 'api', env: 'production', key: 'DATABASE_URL' };

function withApi(): VaultState {
  return run(emptyState(ctx), (s) => addApp(s, ctx, { name: 'api' }));
}

function withVersions(...values: string[]): VaultState {
  return run(withApi(), ...values.map((value) => (s: VaultState) => setSecret(s, ctx, { ...at, value })));
}

describe('apps and environments', () => {
  it('gives a new app development, staging and production, with production protected', () => {
    const state = withApi();
    expect(state.apps.api?.envs).toEqual([
      { name: 'development', protected: false },
      { name: 'staging', protected: false },
      { name: 'production', protected: true },
    ]);
  });

  it.each([
    ['Billing', 'not valid'],
    ['-api', 'not valid'],
    ['shared', 'reserved'],
    ['a'.repeat(41), 'not valid'],
  ])('refuses app name %j', (name, message) => {
    expect(() => addApp(emptyState(ctx), ctx, { name })).toThrow(message);
  });

  it('refuses a duplicate app and a duplicate environment', () => {
    const state = withApi();
    expect(() => addApp(state, ctx, { name: 'api' })).toThrow('already exists');
    expect(() => addEnv(state, 'api', 'staging')).toThrow('already has');
  });

  it('adds custom environments, protected on request', () => {
    const state = run(withApi(), (s) => addEnv(s, 'api', 'qa-2', { protected: true }));
    expect(state.apps.api?.envs.at(-1)).toEqual({ name: 'qa-2', protected: true });
    const unprotected = run(state, (s) => setEnvProtected(s, 'api', 'qa-2', false));
    expect(unprotected.apps.api?.envs.at(-1)?.protected).toBe(false);
  });

  it('removing an environment removes its secrets, and only those', () => {
    let state = withVersions('one');
    state = run(state, (s) => setSecret(s, ctx, { ...at, env: 'staging', value: 'two' }));
    const mutation = removeEnv(state, 'api', 'production');
    expect(mutation.changes.filter((c) => c.record === null).map((c) => c.id)).toEqual([secretId('api', 'production', 'DATABASE_URL')]);
    state = run(state, () => mutation);
    expect(state.secrets[secretId('api', 'staging', 'DATABASE_URL')]).toBeDefined();
    expect(state.apps.api?.envs.map((e) => e.name)).toEqual(['development', 'staging']);
  });

  it('removing an app removes all its secrets; the shared scope cannot be removed', () => {
    const state = run(withVersions('v1'), (s) => removeApp(s, 'api'));
    expect(state.apps.api).toBeUndefined();
    expect(Object.keys(state.secrets)).toEqual([]);
    expect(() => removeApp(state, 'shared')).toThrow(RefusedError);
  });

  it('names what exists when an app or environment is missing', () => {
    const state = withApi();
    expect(() => setSecret(state, ctx, { ...at, app: 'apx', value: 'x' })).toThrow(NotFoundError);
    try {
      setSecret(state, ctx, { ...at, env: 'prod', value: 'x' });
    } catch (error) {
      expect((error as NotFoundError).hint).toContain('development, staging, production');
    }
  });
});

describe('set: new versions, check-and-set', () => {
  it('each set adds version n+1 and keeps the old ones', () => {
    const secret = findSecret(withVersions('a', 'b', 'c'), 'api', 'production', 'DATABASE_URL');
    expect(secret.versions.map((v) => [v.n, v.value, v.state, v.origin.type, v.author])).toEqual([
      [1, 'a', 'live', 'set', 'alice'],
      [2, 'b', 'live', 'set', 'alice'],
      [3, 'c', 'live', 'set', 'alice'],
    ]);
    expect(currentValue(secret)).toBe('c');
  });

  it('new secrets default to type secret, kind env, path /, 10 versions kept', () => {
    const secret = findSecret(withVersions('a'), 'api', 'production', 'DATABASE_URL');
    expect(secret).toMatchObject({ type: 'secret', kind: 'env', path: '/', maxVersions: 10, tags: [], comment: '' });
  });

  it.each([
    ['a new secret expecting v0', [], 0, 'ok'],
    ['an existing secret expecting v0', ['a'], 0, 'already exists (now at v1)'],
    ['a secret at v1 expecting v1', ['a'], 1, 'ok'],
    ['a secret at v2 expecting v1', ['a', 'b'], 1, 'is at v2, not v1'],
    ['a secret at v1 with no expectation', ['a'], undefined, 'ok'],
  ] as const)('check-and-set: %s', (_label, values, expectedVersion, outcome) => {
    const state = withVersions(...values);
    const write = () => setSecret(state, ctx, { ...at, value: 'new', expectedVersion });
    if (outcome === 'ok') expect(write).not.toThrow();
    else expect(write).toThrow(outcome);
  });

  it('a stale check-and-set write is a conflict naming the record', () => {
    const state = withVersions('a', 'b');
    try {
      setSecret(state, ctx, { ...at, value: 'c', expectedVersion: 1 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).stale).toEqual([secretId('api', 'production', 'DATABASE_URL')]);
      expect((error as Error).message).toContain('is at v2, not v1');
    }
  });

  it.each(['database_url', '1KEY', 'KEY-NAME', 'KEY NAME', ''])('refuses key name %j', (key) => {
    expect(() => setSecret(withApi(), ctx, { ...at, key, value: 'x' })).toThrow(InvalidInputError);
  });

  it('suggests a valid key name', () => {
    expect(() => setSecret(withApi(), ctx, { ...at, key: 'db-url', value: 'x' })).toThrow();
    try {
      setSecret(withApi(), ctx, { ...at, key: 'db-url', value: 'x' });
    } catch (error) {
      expect((error as InvalidInputError).hint).toContain('DB_URL');
    }
  });

  it('prunes the oldest versions past maxVersions and records it', () => {
    let state = run(withVersions('1'), (s) => updateSecretMeta(s, ctx, at, { maxVersions: 3 }));
    const mutation = setSecret(run(state, ...['2', '3'].map((v) => (s: VaultState) => setSecret(s, ctx, { ...at, value: v }))), ctx, { ...at, value: '4' });
    expect(mutation.audit.map((a) => a.action)).toEqual(['secret.set', 'version.prune']);
    state = run(state, ...['2', '3', '4', '5'].map((v) => (s: VaultState) => setSecret(s, ctx, { ...at, value: v })));
    const secret = findSecret(state, 'api', 'production', 'DATABASE_URL');
    expect(secret.versions.map((v) => v.n)).toEqual([3, 4, 5]);
    // numbers never repeat after pruning
    state = run(state, (s) => setSecret(s, ctx, { ...at, value: '6' }));
    expect(currentVersion(findSecret(state, 'api', 'production', 'DATABASE_URL'))?.n).toBe(6);
  });

  it('audit drafts never carry the value', () => {
    const mutation = setSecret(withApi(), ctx, { ...at, value: 'hunter2-canary' });
    expect(JSON.stringify(mutation.audit)).not.toContain('hunter2-canary');
    expect(mutation.audit[0]).toMatchObject({ action: 'secret.set', version: 1, detail: 'created' });
  });

  it('metadata: validated, sealed can never change type', () => {
    const sealed = run(withApi(), (s) => setSecret(s, ctx, { ...at, value: 'x', meta: { type: 'sealed' } }));
    expect(() => updateSecretMeta(sealed, ctx, at, { type: 'secret' })).toThrow('sealed');
    expect(() => setSecret(sealed, ctx, { ...at, value: 'y', meta: { type: 'config' } })).toThrow(RefusedError);
    // still writable with a new value while staying sealed
    expect(() => setSecret(sealed, ctx, { ...at, value: 'y' })).not.toThrow();
    expect(() => updateSecretMeta(sealed, ctx, at, { tags: ['Bad Tag'] })).toThrow(InvalidInputError);
    expect(() => updateSecretMeta(sealed, ctx, at, { rotation: { everyDays: 0 } })).toThrow(InvalidInputError);
    expect(() => updateSecretMeta(sealed, ctx, at, { path: 'relative' })).toThrow(InvalidInputError);
    const tagged = run(sealed, (s) => updateSecretMeta(s, ctx, at, { tags: ['db', 'db', 'a'], comment: 'primary', rotation: { everyDays: 90 } }));
    expect(findSecret(tagged, 'api', 'production', 'DATABASE_URL')).toMatchObject({ tags: ['a', 'db'], comment: 'primary', rotation: { everyDays: 90 } });
  });
});

describe('rollback', () => {
  it('rollback to k writes n+1 holding k’s value; history is not rewritten', () => {
    const state = run(withVersions('a', 'b', 'c'), (s) => rollbackSecret(s, ctx, { ...at, to: 1 }));
    const secret = findSecret(state, 'api', 'production', 'DATABASE_URL');
    expect(secret.versions.map((v) => v.value)).toEqual(['a', 'b', 'c', 'a']);
    expect(currentVersion(secret)?.origin).toEqual({ type: 'rollback', of: 1 });
  });

  it.each([
    ['the current version', 3, 'already the current version', (s: VaultState) => s],
    ['a deleted version', 1, 'is deleted', (s: VaultState) => run(s, (x) => deleteVersion(x, ctx, { ...at, version: 1 }))],
    ['a destroyed version', 1, 'destroyed', (s: VaultState) => run(s, (x) => destroyVersion(x, ctx, { ...at, version: 1 }))],
    ['a missing version', 9, 'does not exist', (s: VaultState) => s],
  ])('refuses %s with a reason', (_label, to, reason, prepare) => {
    const state = prepare(withVersions('a', 'b', 'c'));
    expect(() => rollbackSecret(state, ctx, { ...at, to })).toThrow(reason);
  });
});

describe('delete, undelete, destroy', () => {
  it('soft delete keeps the value and undelete restores it', () => {
    let state = run(withVersions('a', 'b'), (s) => deleteVersion(s, ctx, { ...at, version: 2 }));
    let secret = findSecret(state, 'api', 'production', 'DATABASE_URL');
    expect(secretStatus(secret)).toBe('deleted');
    expect(currentValue(secret)).toBeUndefined();
    expect(secret.versions[1]).toMatchObject({ state: 'deleted', value: 'b' });
    state = run(state, (s) => undeleteVersion(s, ctx, { ...at, version: 2 }));
    secret = findSecret(state, 'api', 'production', 'DATABASE_URL');
    expect(currentValue(secret)).toBe('b');
    expect(secret.versions[1]?.deletedAt).toBeUndefined();
  });

  it('destroy wipes the value for good and cannot be undone', () => {
    const state = run(withVersions('a', 'b'), (s) => destroyVersion(s, ctx, { ...at, version: 1 }));
    const secret = findSecret(state, 'api', 'production', 'DATABASE_URL');
    expect(secret.versions[0]).toMatchObject({ state: 'destroyed', value: null });
    expect(() => undeleteVersion(state, ctx, { ...at, version: 1 })).toThrow('cannot come back');
    expect(() => destroyVersion(state, ctx, { ...at, version: 1 })).toThrow('already destroyed');
    expect(() => deleteVersion(state, ctx, { ...at, version: 1 })).toThrow('destroyed');
  });

  it('deleting the secret removes all versions and metadata', () => {
    const mutation = removeSecret(withVersions('a', 'b'), at);
    expect(mutation.changes).toEqual([{ id: secretId('api', 'production', 'DATABASE_URL'), record: null }]);
    expect(mutation.audit[0]).toMatchObject({ action: 'secret.remove', detail: '2 versions' });
  });
});
