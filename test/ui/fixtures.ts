// Vaults and UI states for the TUI's tests, built with the domain's own operations.
import {
  addApp,
  applyChanges,
  deleteVersion,
  newVaultRecords,
  setSecret,
  stateFromRecords,
} from '../../src/domain/index.js';
import type { Context, Mutation, VaultRecord, VaultState } from '../../src/domain/index.js';
import type { Command } from '../../src/ui/keymap/commands.js';
import type { KeyName } from '../../src/ui/keymap/keys.js';
import type { Action, Effect } from '../../src/ui/state/actions.js';
import { initialState } from '../../src/ui/state/initial.js';
import { update } from '../../src/ui/state/reducer.js';
import type { Path, UiState, Viewport } from '../../src/ui/state/types.js';

export const NOW = new Date('2026-03-01T12:00:00.000Z');
export const ctx: Context = { actor: 'tester', now: () => NOW };

export function emptyVault(context: Context = ctx): VaultState {
  const records = new Map<string, { record: VaultRecord; revision: string }>();
  for (const change of newVaultRecords(context, 'vault-ui-test')) {
    if (change.record) records.set(change.id, { record: change.record, revision: '1' });
  }
  return stateFromRecords({ records }).state;
}

export function apply(state: VaultState, ...steps: ((state: VaultState) => Mutation)[]): VaultState {
  return steps.reduce((current, step) => applyChanges(current, step(current).changes), state);
}

const api = { app: 'api', env: 'production' };

/** api (development, staging, production) with a few secrets; TOKEN has three versions, v2 deleted. */
export function smallVault(): VaultState {
  return apply(
    emptyVault(),
    (s) => addApp(s, ctx, { name: 'api' }),
    (s) => addApp(s, ctx, { name: 'web' }),
    (s) => setSecret(s, ctx, { ...api, key: 'DATABASE_URL', value: 'postgres://one' }),
    (s) => setSecret(s, ctx, { ...api, key: 'TOKEN', value: 'token-1' }),
    (s) => setSecret(s, ctx, { ...api, key: 'TOKEN', value: 'token-2' }),
    (s) => setSecret(s, ctx, { ...api, key: 'TOKEN', value: 'token-3' }),
    (s) => deleteVersion(s, ctx, { ...api, key: 'TOKEN', version: 2 }),
    (s) => setSecret(s, ctx, { ...api, key: 'PORT', value: '8080', meta: { type: 'config' } }),
    (s) => setSecret(s, ctx, { ...api, key: 'SEALED_KEY', value: 'never-shown', meta: { type: 'sealed' } }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'staging', key: 'DATABASE_URL', value: 'postgres://staging' }),
  );
}

/** One app whose production holds `count` secrets (KEY_00000 …), for windowing and speed. */
export function bigVault(count: number): VaultState {
  let state = apply(emptyVault(), (s) => addApp(s, ctx, { name: 'big' }));
  const changes = [];
  for (let i = 0; i < count; i++) {
    const key = `KEY_${String(i).padStart(5, '0')}`;
    changes.push(...setSecret(state, ctx, { app: 'big', env: 'production', key, value: `value-${i}` }).changes);
  }
  state = applyChanges(state, changes);
  return state;
}

export const VIEWPORT: Viewport = { columns: 100, rows: 30 };

export function ui(vault: VaultState, path: Path = {}, viewport: Viewport = VIEWPORT): UiState {
  return initialState(vault, viewport, path);
}

export interface Run {
  state: UiState;
  effects: Effect[];
}

export function dispatch(state: UiState, ...actions: Action[]): Run {
  const effects: Effect[] = [];
  let current = state;
  for (const action of actions) {
    const [next, more] = update(current, action);
    current = next;
    effects.push(...more);
  }
  return { state: current, effects };
}

export function keys(state: UiState, ...names: KeyName[]): Run {
  return dispatch(state, ...names.map((key): Action => ({ type: 'key', key })));
}

export function commands(state: UiState, ...names: Command[]): Run {
  return dispatch(state, ...names.map((command): Action => ({ type: 'command', command })));
}

/** The commit effects of a run (timers left out). */
export function commits(run: Run): Extract<Effect, { type: 'commit' }>[] {
  return run.effects.filter((e): e is Extract<Effect, { type: 'commit' }> => e.type === 'commit');
}
