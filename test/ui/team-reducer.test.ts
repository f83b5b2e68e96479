// The reducer's side of team vaults and concurrent writers, without rendering: live-update
// messages and marks, the conflict dialog's re-based write, and the members view's actions.
import { describe, expect, it } from 'vitest';
import { removeSecret, secretId, setSecret } from '../../src/domain/index.js';
import { Command } from '../../src/ui/keymap/commands.js';
import { changeMessage } from '../../src/ui/state/commands/live.js';
import { rebase } from '../../src/ui/state/conflict.js';
import type { TeamState, UiState } from '../../src/ui/state/types.js';
import { apply, commands, commits, ctx, dispatch, keys, smallVault, ui } from './fixtures.js';

const address = { app: 'api', env: 'production', key: 'TOKEN' };
const bobs = (vault = smallVault()) => apply(vault, (s) => setSecret(s, { ...ctx, actor: 'bob' }, { ...address, value: 'token-4' }));

const team: TeamState = { team: 'acme', member: 'alice', isAdmin: true, locked: [], personal: new Map() };
const members = {
  members: [
    { name: 'alice', role: 'admin' as const, fingerprint: 'a1a1-a1a1-a1a1', access: ['_team', 'api/production'], you: true },
    { name: 'bob', role: 'member' as const, fingerprint: 'b2b2-b2b2-b2b2', access: ['_team', 'api/production'], you: false },
  ],
  requests: [{ name: 'carol', fingerprint: 'c3c3-c3c3-c3c3', requestedAt: '2026-03-01T10:00:00.000Z' }],
};

function inMembers(state: UiState = { ...ui(smallVault()), team }) {
  const opened = commands(state, Command.Members);
  const token = opened.state.mode.type === 'members' ? opened.state.mode.token : -1;
  return { opened, loaded: dispatch(opened.state, { type: 'members-loaded', token, ...members }).state };
}

describe('live updates', () => {
  it('names the secret, who changed it and the new version; several; a deletion; other records', () => {
    const vault = bobs();
    const token = secretId('api', 'production', 'TOKEN');
    expect(changeMessage(vault, [token], 'bob')).toBe('TOKEN changed by bob (v4).');
    expect(changeMessage(vault, [token, secretId('api', 'production', 'PORT')], 'bob')).toBe('2 secrets changed by bob: TOKEN, PORT.');
    const gone = apply(vault, (s) => removeSecret(s, address));
    expect(changeMessage(gone, [token], 'bob')).toBe('TOKEN deleted by bob.');
    expect(changeMessage(vault, ['app:api'], 'bob')).toBe('Reloaded: bob changed the vault.');
  });

  it('marks changed rows until their own timer, not an older one, expires', () => {
    const start = { ...ui(smallVault(), address), focus: 'secrets' as const };
    const run = dispatch(start, { type: 'vault-changed', vault: bobs(), by: 'bob', ids: [secretId('api', 'production', 'TOKEN')] });
    expect(run.state.changed?.ids).toEqual([secretId('api', 'production', 'TOKEN')]);
    expect(run.effects).toContainEqual(expect.objectContaining({ type: 'schedule', timer: 'changed' }));
    const token = run.state.changed!.token;
    expect(dispatch(run.state, { type: 'changed-expired', token: token - 1 }).state.changed).toBeDefined();
    expect(dispatch(run.state, { type: 'changed-expired', token }).state.changed).toBeUndefined();
  });

  it('adds a teammate’s next piece to the marks still showing, and counts the whole', () => {
    const token = secretId('api', 'production', 'TOKEN');
    const port = secretId('api', 'production', 'PORT');
    const first = dispatch(ui(smallVault()), { type: 'vault-changed', vault: bobs(), by: 'bob', ids: [token] }).state;
    const second = dispatch(first, { type: 'vault-changed', vault: bobs(), by: 'bob', ids: [port] }).state;
    expect(second.changed?.ids).toEqual([token, port]);
    expect(second.toast?.text).toBe('2 secrets changed by bob: TOKEN, PORT.');
    const carols = dispatch(second, { type: 'vault-changed', vault: bobs(), by: 'carol', ids: [port] }).state;
    expect(carols.changed?.ids).toEqual([port]);
    expect(carols.toast?.text).toBe('PORT changed by carol (v1).');
  });

  it('says nothing and marks nothing for a reload without someone else behind it', () => {
    const run = dispatch(ui(smallVault()), { type: 'vault-changed', vault: bobs(), ids: [secretId('api', 'production', 'TOKEN')] });
    expect(run.state.toast).toBeUndefined();
    expect(run.state.changed).toBeUndefined();
  });
});

describe('conflicts', () => {
  it('re-bases a value on the version now current, and refuses to re-create a deleted secret', () => {
    const op = { kind: 'set-value' as const, address, value: 'mine', expectedVersion: 3 };
    expect(rebase(op, bobs())).toEqual({ ...op, expectedVersion: 4 });
    const gone = apply(bobs(), (s) => removeSecret(s, address));
    expect(rebase(op, gone)).toEqual({ problem: 'TOKEN was deleted meanwhile' });
    const many = { kind: 'set-many' as const, purpose: 'rotate' as const, writes: [{ ...address, value: 'x', expectedVersion: 3 }] };
    expect(rebase(many, bobs())).toEqual({ ...many, writes: [{ ...address, value: 'x', expectedVersion: 4 }] });
  });

  it('opens the dialog on the reloaded vault; m commits the re-based write, t commits nothing', () => {
    const op = { kind: 'set-value' as const, address, value: 'mine', expectedVersion: 3 };
    const theirs = [{ address, version: { n: 4, author: 'bob', at: ctx.now().toISOString(), state: 'live' as const, fingerprint: 'ffff' } }];
    const yours = [{ address, what: 'new value', fingerprint: 'eeee' }];
    const start = { ...ui(smallVault(), address), focus: 'secrets' as const, saving: true };
    const { state } = dispatch(start, { type: 'conflict', vault: bobs(), op, theirs, yours });
    expect(state.mode.type).toBe('conflict');
    expect(state.saving).toBe(false);
    const saved = keys(state, 'm');
    expect(commits(saved).map((c) => c.op)).toEqual([{ ...op, expectedVersion: 4 }]);
    expect(commits(saved)[0]?.message).toBe("Saved yours as TOKEN v5, over bob's v4.");
    const kept = keys(state, 't');
    expect(commits(kept)).toEqual([]);
    expect(kept.state.mode.type).toBe('browse');
  });
});

describe('members view', () => {
  it('opens with a load, ignores a late answer for an older one, and keeps the cursor on a name', () => {
    const { opened, loaded } = inMembers();
    expect(opened.effects).toContainEqual(expect.objectContaining({ type: 'load-members' }));
    const stale = dispatch(opened.state, { type: 'members-loaded', token: -5, ...members }).state;
    expect(stale.mode).toEqual(opened.state.mode);
    const onBob = keys(loaded, 'j', 'j').state; // carol, alice, bob
    const mode = onBob.mode.type === 'members' ? onBob.mode : undefined;
    const reordered = { members: [...members.members].reverse(), requests: [] };
    const after = dispatch(onBob, { type: 'members-loaded', token: mode!.token, ...reordered }).state;
    expect(after.mode.type === 'members' && after.mode.list.cursor).toBe(0);
  });

  it('approves only a request and grants only a member, saying why', () => {
    const { loaded } = inMembers();
    expect(keys(loaded, '+').state.toast?.text).toBe('Grant: select a member.');
    expect(keys(loaded, 'j', 'a').state.toast?.text).toBe('Approve: select a join request.');
    expect(keys(loaded, 'j', '-').state.toast?.text).toBe('Revoke: you cannot revoke your own access.');
  });

  it('asks y/N with the fingerprint in an ordinary environment and the typed name in a protected one; yes runs the console, not a commit', () => {
    const { loaded } = inMembers();
    const choosing = keys(loaded, 'a').state;
    const ordinary = dispatch(choosing, { type: 'pick', value: 'api/staging' }).state;
    expect(ordinary.mode).toMatchObject({ type: 'confirm', title: 'Approve carol with access to api/staging?' });
    expect(ordinary.mode.type === 'confirm' && ordinary.mode.lines[0]).toBe("carol's key fingerprint: c3c3-c3c3-c3c3");
    const yes = keys(ordinary, 'y');
    expect(commits(yes)).toEqual([]);
    expect(yes.effects).toContainEqual({ type: 'team', op: { kind: 'grant', member: 'carol', app: 'api', env: 'staging', fingerprint: 'c3c3-c3c3-c3c3', approve: true, admin: false } });
    expect(yes.state.mode.type).toBe('members');
    const protectedOne = dispatch(choosing, { type: 'pick', value: 'api/production' }).state;
    expect(protectedOne.mode).toMatchObject({ type: 'confirm-typed', expected: 'carol' });
  });

  it('A makes a member an admin with an environment, asking once; never an admin again', () => {
    const { loaded } = inMembers();
    const onBob = keys(loaded, 'j', 'j').state;
    const chosen = dispatch(keys(onBob, 'A').state, { type: 'pick', value: 'api/staging' }).state;
    expect(chosen.mode).toMatchObject({ type: 'confirm', title: 'Make bob an admin, with access to api/staging?', danger: true });
    expect(keys(chosen, 'y').effects).toContainEqual({ type: 'team', op: { kind: 'grant', member: 'bob', app: 'api', env: 'staging', fingerprint: 'b2b2-b2b2-b2b2', approve: false, admin: true } });
    expect(keys(loaded, 'j', 'A').state.toast?.text).toBe('Make admin: alice is already an admin (+ grants an environment).');
  });

  it('keeps the connection when members or access are read again', () => {
    const online = dispatch({ ...ui(smallVault()), team }, { type: 'connection', connection: { state: 'degraded', down: 1, endpoints: 3 } }).state;
    const again = dispatch(online, { type: 'team-snapshot', team: { ...team, isAdmin: false } }).state;
    expect(again.team).toMatchObject({ isAdmin: false, connection: { state: 'degraded', down: 1, endpoints: 3 } });
  });
});
