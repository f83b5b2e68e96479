// Predicates added for the TUI: which versions can be revealed, whether a type may change, and
// how strongly a removal must be confirmed.
import { describe, expect, it } from 'vitest';
import {
  addApp,
  addEnv,
  deleteVersion,
  destroyVersion,
  findSecret,
  removalConfirmation,
  removeAppDisabledReason,
  revealVersionDisabledReason,
  setSecret,
  typeChangeDisabledReason,
} from '../../src/domain/index.js';
import type { VaultState } from '../../src/domain/index.js';
import { emptyState, fixedContext, run } from './fixtures.js';

const ctx = fixedContext();
const at = { app: 'api', env: 'staging' };

function vault(): VaultState {
  return run(
    emptyState(ctx),
    (s) => addApp(s, ctx, { name: 'api' }),
    (s) => addEnv(s, 'api', 'scratch'),
    (s) => setSecret(s, ctx, { ...at, key: 'TOKEN', value: 'one' }),
    (s) => setSecret(s, ctx, { ...at, key: 'TOKEN', value: 'two' }),
    (s) => setSecret(s, ctx, { ...at, key: 'TOKEN', value: 'three' }),
    (s) => deleteVersion(s, ctx, { ...at, key: 'TOKEN', version: 2 }),
    (s) => destroyVersion(s, ctx, { ...at, key: 'TOKEN', version: 1 }),
    (s) => setSecret(s, ctx, { ...at, key: 'SEALED', value: 's', meta: { type: 'sealed' } }),
    (s) => setSecret(s, ctx, { ...at, key: 'PORT', value: '8080', meta: { type: 'config' } }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'scratch', key: 'WIPED', value: 'x' }),
    (s) => destroyVersion(s, ctx, { app: 'api', env: 'scratch', key: 'WIPED', version: 1 }),
  );
}

describe('revealVersionDisabledReason', () => {
  const state = vault();
  it.each([
    ['TOKEN', 3, undefined],
    ['TOKEN', 2, 'v2 is deleted: undelete it first'],
    ['TOKEN', 1, 'v1 was destroyed: its value is gone'],
    ['TOKEN', 9, 'v9 does not exist'],
    ['SEALED', 1, 'sealed secrets are never shown after saving'],
    ['PORT', 1, 'config values are not secret: they are always shown'],
  ])('%s v%i → %s', (key, n, reason) => {
    expect(revealVersionDisabledReason(findSecret(state, 'api', 'staging', key), n)).toBe(reason);
  });
});

describe('typeChangeDisabledReason and removeAppDisabledReason', () => {
  it('refuses a type change only for sealed secrets', () => {
    const state = vault();
    expect(typeChangeDisabledReason(findSecret(state, 'api', 'staging', 'SEALED'))).toBe(
      'SEALED is sealed: its type can never change',
    );
    expect(typeChangeDisabledReason(findSecret(state, 'api', 'staging', 'TOKEN'))).toBeUndefined();
  });

  it('refuses removing the shared scope only', () => {
    const state = vault();
    expect(removeAppDisabledReason(state.apps.shared!)).toBe('the shared scope cannot be removed');
    expect(removeAppDisabledReason(state.apps.api!)).toBeUndefined();
  });
});

describe('removalConfirmation', () => {
  const state = vault();
  it.each([
    ['a secret holding a readable value', { ...at, key: 'TOKEN' }, 'type-name'],
    ['a secret whose every version was destroyed', { app: 'api', env: 'scratch', key: 'WIPED' }, 'yes-no'],
    ['an environment with only destroyed values', { app: 'api', env: 'scratch' }, 'yes-no'],
    ['an empty environment', { app: 'api', env: 'development' }, 'yes-no'],
    ['an empty protected environment', { app: 'api', env: 'production' }, 'type-name'],
    ['an environment with values', at, 'type-name'],
    ['an app with a protected environment', { app: 'api' }, 'type-name'],
  ] as const)('%s → %s', (_what, target, expected) => {
    expect(removalConfirmation(state, target)).toBe(expected);
  });

  it('asks for the typed name for anything in a protected environment, even an empty one', () => {
    const state = run(vault(), (s) => setSecret(s, ctx, { app: 'api', env: 'production', key: 'X', value: 'v' }));
    expect(removalConfirmation(state, { app: 'api', env: 'production', key: 'X' })).toBe('type-name');
  });
});
