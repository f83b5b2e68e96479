// stateFromRecords reads a secret's record only when the secret is first looked at: opening a
// large vault to show one environment must not parse all of it. These tests count the reads and
// check that laziness changes nothing else — what is listed, what a spread or a commit sees,
// and that a bad record still ends in a typed error rather than reaching the caller.
import { describe, expect, it } from 'vitest';
import {
  addApp,
  appId,
  applyChanges,
  CofferError,
  listSecrets,
  META_ID,
  removeSecret,
  secretId,
  setSecret,
  stateFromRecords,
} from '../../src/domain/index.js';
import type { LoadedVault, RecordId, VaultRecord, VaultState } from '../../src/domain/index.js';
import { emptyState, fixedContext, run } from './fixtures.js';

const ctx = fixedContext();

function source(): VaultState {
  return run(
    emptyState(ctx),
    (s) => addApp(s, ctx, { name: 'api' }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'production', key: 'B_TOKEN', value: 'b' }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'production', key: 'A_URL', value: 'a' }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'staging', key: 'A_URL', value: 's' }),
    (s) => setSecret(s, ctx, { app: 'shared', env: 'production', key: 'DSN', value: 'd' }),
  );
}

/** The state's records as a repository hands them out, counting every read of a record. */
function loaded(state: VaultState, override: Record<RecordId, () => VaultRecord> = {}): { vault: LoadedVault; reads: RecordId[] } {
  const reads: RecordId[] = [];
  const records: [RecordId, VaultRecord][] = [
    [META_ID, { type: 'meta', value: state.meta }],
    ...Object.values(state.apps).map((app): [RecordId, VaultRecord] => [appId(app.name), { type: 'app', value: app }]),
    ...Object.entries(state.secrets).map(([id, secret]): [RecordId, VaultRecord] => [id, { type: 'secret', value: secret }]),
  ];
  const vault: LoadedVault = { records: new Map() };
  for (const [id, record] of records) {
    vault.records.set(id, {
      get record() {
        reads.push(id);
        return override[id]?.() ?? record;
      },
      revision: '1',
    });
  }
  return { vault, reads };
}

const secretReads = (reads: RecordId[]) => reads.filter((id) => id.startsWith('secret:'));

describe('stateFromRecords reads secrets lazily', () => {
  it('reads no secret to open, yet lists them all', () => {
    const { vault, reads } = loaded(source());
    const { state, revisions } = stateFromRecords(vault);
    expect(secretReads(reads)).toEqual([]);
    expect(Object.keys(state.secrets).sort()).toEqual(Object.keys(source().secrets).sort());
    expect(secretId('api', 'production', 'A_URL') in state.secrets).toBe(true);
    expect(revisions.size).toBe(vault.records.size);
  });

  it('reads a secret once, when first looked at', () => {
    const { vault, reads } = loaded(source());
    const { state } = stateFromRecords(vault);
    const id = secretId('api', 'production', 'B_TOKEN');
    const first = state.secrets[id];
    expect(first).toEqual(source().secrets[id]);
    expect(state.secrets[id]).toBe(first);
    expect(secretReads(reads)).toEqual([id]);
  });

  it('listSecrets reads only the environment it lists', () => {
    const { vault, reads } = loaded(source());
    const { state } = stateFromRecords(vault);
    expect(listSecrets(state, 'api', 'production').map((s) => s.key)).toEqual(['A_URL', 'B_TOKEN']);
    expect(secretReads(reads).sort()).toEqual([secretId('api', 'production', 'A_URL'), secretId('api', 'production', 'B_TOKEN')]);
  });

  it('a spread, Object.values and equality see exactly what an eager read gave', () => {
    const { vault } = loaded(source());
    const { state } = stateFromRecords(vault);
    expect({ ...state.secrets }).toEqual(source().secrets);
    expect(Object.values(state.secrets)).toHaveLength(4);
    expect(state).toEqual(source());
  });

  it('applyChanges keeps unread secrets unread and replaces or removes the changed ones', () => {
    const { vault, reads } = loaded(source());
    const { state } = stateFromRecords(vault);
    const token = secretId('api', 'production', 'B_TOKEN');
    const next = applyChanges(state, setSecret(state, ctx, { app: 'api', env: 'production', key: 'B_TOKEN', value: 'b2' }).changes);
    expect(secretReads(reads)).toEqual([token]); // setSecret read the one it changes
    expect(next.secrets[token]?.versions.map((v) => v.value)).toEqual(['b', 'b2']);
    expect(state.secrets[token]?.versions).toHaveLength(1); // the old state is untouched
    const removed = applyChanges(next, removeSecret(next, { app: 'shared', env: 'production', key: 'DSN' }).changes);
    expect(Object.keys(removed.secrets)).not.toContain(secretId('shared', 'production', 'DSN'));
    expect(secretReads(reads)).toEqual([token, secretId('shared', 'production', 'DSN')]);
    expect(removed).toEqual(applyChanges(applyChanges(source(), setSecret(source(), ctx, { app: 'api', env: 'production', key: 'B_TOKEN', value: 'b2' }).changes), [
      { id: secretId('shared', 'production', 'DSN'), record: null },
    ]));
  });

  it('keeps unread secrets unread over several commits, and ends where an eager state ends', () => {
    const { vault, reads } = loaded(source());
    const steps = [
      (s: VaultState) => setSecret(s, ctx, { app: 'api', env: 'production', key: 'C_NEW', value: 'c' }),
      (s: VaultState) => removeSecret(s, { app: 'api', env: 'staging', key: 'A_URL' }),
      (s: VaultState) => setSecret(s, ctx, { app: 'api', env: 'production', key: 'C_NEW', value: 'c2' }),
      (s: VaultState) => setSecret(s, ctx, { app: 'api', env: 'staging', key: 'A_URL', value: 'back' }),
    ];
    const lazy = run(stateFromRecords(vault).state, ...steps);
    const eager = run(source(), ...steps);
    expect(secretReads(reads)).toEqual([secretId('api', 'staging', 'A_URL')]);
    expect(Object.keys(lazy.secrets).sort()).toEqual(Object.keys(eager.secrets).sort());
    expect(lazy).toEqual(eager);
  });

  it('for…in, hasOwnProperty and property descriptors read nothing', () => {
    const { vault, reads } = loaded(source());
    const { state } = stateFromRecords(vault);
    const seen: string[] = [];
    for (const id in state.secrets) seen.push(id);
    expect(seen).toHaveLength(4);
    expect(Object.hasOwn(state.secrets, secretId('api', 'production', 'A_URL'))).toBe(true);
    expect(Object.hasOwn(state.secrets, secretId('api', 'production', 'NOPE'))).toBe(false);
    expect(Object.keys(Object.getOwnPropertyDescriptors(state.secrets))).toHaveLength(4);
    expect(secretReads(reads)).toEqual([]);
  });

  it('cannot be edited in place: the next state comes from applyChanges', () => {
    const { vault } = loaded(source());
    const { state } = stateFromRecords(vault);
    const id = secretId('api', 'production', 'A_URL');
    const other = state.secrets[secretId('api', 'staging', 'A_URL')]!;
    expect(() => {
      state.secrets[id] = other;
    }).toThrow(TypeError);
    expect(() => {
      delete state.secrets[id];
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(state.secrets, 'x', { value: other })).toThrow(TypeError);
    expect(state.secrets[id]?.env).toBe('production');
  });

  it('a copy made by applyChanges can be changed even when the original cannot', () => {
    const state = source();
    const frozen = { ...state, secrets: Object.freeze({ ...state.secrets }) };
    const next = applyChanges(frozen, setSecret(frozen, ctx, { app: 'api', env: 'production', key: 'A_URL', value: 'a2' }).changes);
    expect(next.secrets[secretId('api', 'production', 'A_URL')]?.versions).toHaveLength(2);
  });
});

describe('a bad secret record is a typed error when read, never data', () => {
  it('passes on the repository’s own error (a record that failed its schema)', () => {
    const id = secretId('api', 'production', 'A_URL');
    const damaged = new CofferError('integrity', `vault.coffer is damaged: its record ${id} is not valid.`);
    const { vault } = loaded(source(), {
      [id]: () => {
        throw damaged;
      },
    });
    const { state } = stateFromRecords(vault);
    expect(() => state.secrets[id]).toThrow(damaged);
    expect(() => listSecrets(state, 'api', 'production')).toThrow(damaged);
    expect(listSecrets(state, 'api', 'staging')).toHaveLength(1);
  });

  it('refuses to open a secret record stored under an id that names no secret', () => {
    const state = source();
    const records = new Map(loaded(state).vault.records);
    const secret = state.secrets[secretId('api', 'production', 'A_URL')]!;
    records.set('app:ghost', { record: { type: 'secret', value: secret }, revision: '1' });
    expect(() => stateFromRecords({ records })).toThrow(/app:ghost.*names no secret/);
  });

  it.each([
    ['another type', (s: VaultState): VaultRecord => ({ type: 'app', value: s.apps.api! }), /holds an app record, not a secret/],
    ['another address', (s: VaultState): VaultRecord => ({ type: 'secret', value: s.secrets[secretId('api', 'staging', 'A_URL')]! }), /secret of another address/],
  ])('names a secret id holding %s', (_what, wrong, message) => {
    const id = secretId('api', 'production', 'A_URL');
    const { vault } = loaded(source(), { [id]: () => wrong(source()) });
    const { state } = stateFromRecords(vault);
    let error: unknown;
    try {
      void state.secrets[id];
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CofferError);
    expect((error as CofferError).code).toBe('integrity');
    expect((error as CofferError).message).toMatch(message);
    expect((error as CofferError).message).toContain(id);
  });
});
