// The TUI's lists over a vault loaded from records: an environment of thousands of secrets costs
// the rows it shows. These tests count record reads through the selectors and the reducer.
import { describe, expect, it } from 'vitest';
import { appId, META_ID, stateFromRecords } from '../../src/domain/index.js';
import type { LoadedVault, RecordId, VaultRecord, VaultState } from '../../src/domain/index.js';
import { derive, secretsOf } from '../../src/ui/state/selectors.js';
import { bigVault, ui } from './fixtures.js';

/** `state` as a repository would load it, counting the secret records read. */
function loaded(state: VaultState): { vault: VaultState; reads: RecordId[] } {
  const reads: RecordId[] = [];
  const records: LoadedVault['records'] = new Map();
  const add = (id: RecordId, record: VaultRecord) =>
    records.set(id, {
      get record() {
        if (record.type === 'secret') reads.push(id);
        return record;
      },
      revision: '1',
    });
  add(META_ID, { type: 'meta', value: state.meta });
  for (const app of Object.values(state.apps)) add(appId(app.name), { type: 'app', value: app });
  for (const [id, secret] of Object.entries(state.secrets)) add(id, { type: 'secret', value: secret });
  return { vault: stateFromRecords({ records }).state, reads };
}

const BIG = 2000;

describe('lists over a lazily read vault', () => {
  it('opens an environment of 2,000 secrets by reading the rows on screen', () => {
    const { vault, reads } = loaded(bigVault(BIG));
    const state = ui(vault, { app: 'big', env: 'production' }, { columns: 120, rows: 40 });
    const derived = derive(state);
    expect(derived.secrets).toHaveLength(BIG);
    expect(derived.secret?.key).toBe('KEY_00000');
    expect(derived.secrets.slice(0, 35).map((s) => s.key)).toEqual(Array.from({ length: 35 }, (_, i) => `KEY_${String(i).padStart(5, '0')}`));
    expect(new Set(reads).size).toBeLessThanOrEqual(40);
  });

  it('selects a key near the end of 2,000 by name (a reload keeps the selection) reading only the rows on screen', () => {
    const { vault, reads } = loaded(bigVault(BIG));
    const state = ui(vault, { app: 'big', env: 'production', key: 'KEY_01990' }, { columns: 120, rows: 40 });
    expect(derive(state).secret?.key).toBe('KEY_01990');
    expect(state.lists.secrets.cursor).toBe(1990);
    expect(new Set(reads).size).toBeLessThanOrEqual(40);
  });

  it('lists each environment sorted by key, as an eager read does', () => {
    const eager = bigVault(30);
    const { vault } = loaded(eager);
    expect(secretsOf(vault, 'big', 'production').map((s) => s.key)).toEqual(secretsOf(eager, 'big', 'production').map((s) => s.key));
    expect(secretsOf(vault, 'big', 'production')).toEqual(secretsOf(eager, 'big', 'production'));
    expect(secretsOf(vault, 'big', 'staging')).toEqual([]);
  });

  it('a list cannot be changed in place', () => {
    const { vault } = loaded(bigVault(3));
    const list = secretsOf(vault, 'big', 'production');
    expect(() => list.pop()).toThrow(TypeError);
    expect(() => {
      list[0] = list[1]!;
    }).toThrow(TypeError);
    expect(list.map((s) => s.key)).toEqual(['KEY_00000', 'KEY_00001', 'KEY_00002']);
  });

  it('filtering reads what it scans', () => {
    const { vault, reads } = loaded(bigVault(50));
    const state = ui(vault, { app: 'big', env: 'production' });
    const filtered = derive({ ...state, lists: { ...state.lists, secrets: { ...state.lists.secrets, filter: '0004' } } });
    expect(filtered.secrets.map((s) => s.key)).toEqual(['KEY_00004', 'KEY_00040', 'KEY_00041', 'KEY_00042', 'KEY_00043', 'KEY_00044', 'KEY_00045', 'KEY_00046', 'KEY_00047', 'KEY_00048', 'KEY_00049']);
    expect(new Set(reads).size).toBe(50);
  });
});
