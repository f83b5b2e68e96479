// Team features in the rendered TUI, over an in-memory TeamConsole: :members with approve, grant
// and revoke (confirmations show the key fingerprint; a protected environment asks for the typed
// name), errors and unanswered calls in the status line, locked environments, personal overrides
// and the connection state. Without a console every team key says why it does nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { CofferError, secretId } from '../../src/domain/index.js';
import { REVOKE_CALL_MS, TEAM_CALL_MS } from '../../src/ui/effects/team.js';
import { Command } from '../../src/ui/keymap/commands.js';
import type { Harness } from '../helpers/ink.js';
import { renderApp, yieldTurns } from '../helpers/ink.js';
import { ctx, smallVault } from './fixtures.js';
import { FakeClipboard } from './operator-fixtures.js';
import { FakeTeamConsole } from './team-fixtures.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

async function open(team?: FakeTeamConsole, clipboard?: FakeClipboard): Promise<Harness> {
  app = await renderApp({ vault: smallVault(), context: { ...ctx, actor: 'alice' }, ...(team && { team }), ...(clipboard && { clipboard }) });
  await app.waitFor('1 Apps');
  return app;
}

async function members(t: Harness): Promise<void> {
  await t.press(Command.Palette);
  await t.type('members');
  await t.press(Command.CommandLineRun);
  await t.waitFor('Members of acme · 2 members · 1 pending request');
}

describe('without a team vault', () => {
  it('says the members view needs one', async () => {
    const t = await open();
    await t.type('M');
    await t.waitFor('Members: this is a local vault (team features need a team vault).');
    await t.press(Command.Palette);
    await t.type('members');
    await t.press(Command.CommandLineRun);
    await t.waitFor('members: this is a local vault (team features need a team vault).');
  });
});

describe(':members', () => {
  it('lists pending requests first, then members with role, fingerprint and environments', async () => {
    const t = await open(new FakeTeamConsole());
    await members(t);
    const frame = t.frame();
    expect(frame).toMatch(/carol\s+request\s+c3c3-c3c3-c3c3\s+asked 2 hours ago/);
    expect(frame).toMatch(/alice \(you\)\s+admin\s+a1a1-a1a1-a1a1\s+api: production staging/);
    expect(frame).toMatch(/bob\s+member\s+b2b2-b2b2-b2b2\s+api: production/);
    expect(frame).toContain('you are alice, an admin');
    expect(frame).toContain('carol asked to join 2 hours ago, key c3c3-c3c3-c3c3: check it with them');
    await t.press(Command.MoveDown, { times: 2 });
    await t.waitFor('bob · member · key b2b2-b2b2-b2b2 · api: production');
  });

  it('approves a request: picks an environment, shows the fingerprint to check, grants it', async () => {
    const team = new FakeTeamConsole();
    const t = await open(team);
    await members(t);
    await t.press(Command.MembersApprove);
    await t.waitFor('Approve carol: which environment?');
    // shared/… first; api/development is the first of api's.
    await t.waitFor('api/development');
    await t.press(Command.PickerMove, { key: 'down', times: 3 });
    await t.waitFor('› api/development');
    await t.press(Command.PickerChoose);
    await t.waitFor('Approve carol with access to api/development?');
    expect(t.frame()).toContain("carol's key fingerprint: c3c3-c3c3-c3c3");
    await t.press(Command.ConfirmYes);
    await t.waitFor('Approved carol (key c3c3-c3c3-c3c3): they can read api/development.');
    await t.waitFor(/carol\s+member\s+c3c3-c3c3-c3c3\s+api: development/);
    expect(team.calls).toContain('grant carol api/development');
  });

  it('makes a member an admin with an environment (A), after a confirmation', async () => {
    const team = new FakeTeamConsole();
    const t = await open(team);
    await members(t);
    await t.press(Command.MoveDown, { times: 2 });
    await t.press(Command.MembersGrantAdmin);
    await t.waitFor('Make admin bob: which environment?');
    await t.waitFor('api/staging');
    await t.press(Command.PickerMove, { key: 'down', times: 4 });
    await t.waitFor('› api/staging');
    await t.press(Command.PickerChoose);
    await t.waitFor('Make bob an admin, with access to api/staging?');
    expect(t.frame()).toContain('As an admin, bob can grant and revoke access for everyone.');
    await t.press(Command.ConfirmYes);
    await t.waitFor('Granted bob api/staging as an admin (key b2b2-b2b2-b2b2).');
    await t.waitFor(/bob\s+admin\s+b2b2-b2b2-b2b2\s+api: production staging/);
    expect(team.calls).toContain('grant bob api/staging as admin');
  });

  it('revoking in a protected environment asks for the member’s typed name', async () => {
    const team = new FakeTeamConsole();
    const t = await open(team);
    await members(t);
    await t.press(Command.MoveDown, { times: 2 }); // carol → alice → bob
    await t.press(Command.MembersRevoke);
    await t.waitFor('Revoke bob: which environment?');
    await t.press(Command.PickerChoose); // api/production, his only one
    await t.waitFor("Revoke bob's access to api/production?");
    expect(t.frame()).toContain('Type bob to confirm');
    await t.press(Command.TypedConfirm, { expectChange: false });
    expect(team.calls.filter((c) => c.startsWith('revoke'))).toEqual([]);
    await t.type('bob');
    await t.press(Command.TypedConfirm);
    await t.waitFor('Revoked bob from api/production: new key; 2 values flagged for rotation.');
    expect(team.calls).toContain('revoke bob api/production');
    await t.waitFor(/bob\s+member\s+b2b2-b2b2-b2b2\s+no environment yet/);
  });

  it('reads the members again when the console reports a change (someone asked to join)', async () => {
    const team = new FakeTeamConsole();
    const t = await open(team);
    await members(t);
    team.requests_.push({ name: 'dave', fingerprint: 'd4d4-d4d4-d4d4', requestedAt: '2026-03-01T11:59:00.000Z' });
    team.emitChange();
    await t.waitFor(/dave\s+request\s+d4d4-d4d4-d4d4\s+asked 1 minute ago/);
    expect(t.frame()).toContain('2 pending requests');
  });

  it('shows the console’s error in the status line', async () => {
    const team = new FakeTeamConsole();
    team.failNext.set('grant bob api/staging', new CofferError('io', 'etcd unreachable at 127.0.0.1:2379 (3 of 3 endpoints down).'));
    const t = await open(team);
    await members(t);
    await t.press(Command.MoveDown, { times: 2 });
    await t.press(Command.MembersGrant);
    await t.waitFor('Grant bob: which environment?');
    await t.waitFor('api/staging');
    await t.press(Command.PickerMove, { key: 'down', times: 4 }); // shared ×3, api/development, api/staging
    await t.waitFor('› api/staging');
    await t.press(Command.PickerChoose);
    await t.press(Command.ConfirmYes);
    await t.waitFor('etcd unreachable at 127.0.0.1:2379 (3 of 3 endpoints down).');
  });

  it('a console that never answers ends in a message, not a wait', async () => {
    const team = new FakeTeamConsole();
    team.failNext.set('members', 'hang');
    const t = await open(team);
    await t.press(Command.Palette);
    await t.type('members');
    await t.press(Command.CommandLineRun);
    await t.waitFor('Reading the members…');
    t.clock.advance(TEAM_CALL_MS);
    await t.waitFor(`Reading the members: no answer within ${TEAM_CALL_MS / 1000} s.`);
  });

  it('gives a revocation (a whole environment re-encrypted) longer before it stops waiting', async () => {
    const team = new FakeTeamConsole();
    team.failNext.set('revoke bob api/production', 'hang');
    const t = await open(team);
    await members(t);
    await t.press(Command.MoveDown, { times: 2 });
    await t.press(Command.MembersRevoke);
    await t.press(Command.PickerChoose);
    await t.type('bob');
    await t.press(Command.TypedConfirm);
    await t.waitFor("Revoking bob's access to api/production…");
    t.clock.advance(TEAM_CALL_MS);
    await yieldTurns(5);
    expect(t.frame()).not.toContain('no answer');
    t.clock.advance(REVOKE_CALL_MS - TEAM_CALL_MS);
    await t.waitFor(`Revoking bob from api/production: no answer within ${REVOKE_CALL_MS / 1000} s.`);
  });

  it('keeps approve, grant and revoke to admins, saying why', async () => {
    const t = await open(new FakeTeamConsole('bob', false));
    await members(t);
    await t.press(Command.MembersApprove);
    await t.waitFor('Approve: only admins change access.');
  });
});

describe('locked environments, personal overrides, connection', () => {
  it('shows an environment without a key as locked, with who can grant it', async () => {
    const team = new FakeTeamConsole('bob', false);
    team.lockedEnvs = [{ app: 'api', env: 'development', grantors: ['alice', 'dave'] }];
    const t = await open(team);
    await t.press(Command.MoveDown); // api
    await t.press(Command.FocusEnvs); // development
    const frame = await t.waitFor(/development\s+locked/);
    expect(frame).toContain('you hold no key for this environment: its values are never fetched');
    expect(frame).toContain('alice or dave can grant it');
    await t.press(Command.FocusSecrets);
    await t.waitFor('locked: ask alice, dave');
    await t.press(Command.New);
    await t.waitFor('New: api/development is locked: you hold no key (alice or dave can grant it).');
  });

  it('uses and marks a personal override over the shared value', async () => {
    const team = new FakeTeamConsole();
    team.personalValues.set(secretId('api', 'production', 'TOKEN'), { value: 'my-own-token', updatedAt: '2026-02-28T12:00:00.000Z' });
    const clipboard = new FakeClipboard();
    const t = await open(team, clipboard);
    await t.press(Command.MoveDown);
    await t.press(Command.FocusEnvs);
    await t.press(Command.Bottom);
    await t.press(Command.FocusSecrets);
    await t.press(Command.Bottom); // TOKEN
    const frame = await t.waitFor('personal — overrides shared v3 · set 1 day ago');
    expect(frame).toMatch(/TOKEN\s+P v3/);
    expect(frame).toContain('12 chars');
    await t.press(Command.Reveal);
    expect(t.frame()).toContain('my-own-token');
    expect(t.frame()).not.toContain('token-3');
    await t.press(Command.CopyValue);
    await t.waitFor('TOKEN v3 (your personal value)');
    expect(clipboard.text).toBe('my-own-token');
    await t.press(Command.EditValue);
    await t.waitFor('This edits the shared value; your personal value still overrides it for you.');
  });

  it('shows the connection in the status line as the console reports it', async () => {
    const team = new FakeTeamConsole();
    const t = await open(team);
    team.setConnection({ state: 'online', down: 0, endpoints: 3 });
    await t.waitFor('● online');
    team.setConnection({ state: 'degraded', down: 1, endpoints: 3 });
    await t.waitFor('◐ degraded — 1 of 3 endpoints down');
    team.setConnection({ state: 'offline', down: 3, endpoints: 3 });
    await t.waitFor('○ offline — 3 of 3 endpoints down');
  });
});
