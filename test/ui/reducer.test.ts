// The reducer without rendering: keys in, state and effects out.
import { describe, expect, it } from 'vitest';
import { Command } from '../../src/ui/keymap/commands.js';
import { GROUPS, KEYMAP } from '../../src/ui/keymap/keymap.js';
import { layoutFor } from '../../src/ui/state/layout.js';
import { currentPath, derive } from '../../src/ui/state/selectors.js';
import type { UiState } from '../../src/ui/state/types.js';
import { bigVault, commands, commits, dispatch, keys, smallVault, ui } from './fixtures.js';

const token = { app: 'api', env: 'production', key: 'TOKEN' };

/** The TOKEN secret with the Versions column focused on version `n`. */
function onVersion(n: number): UiState {
  const state = ui(smallVault(), { ...token, version: n });
  return { ...state, focus: 'versions' };
}

describe('navigation', () => {
  it('opens on the shared scope with Apps focused', () => {
    const state = ui(smallVault());
    expect(state.focus).toBe('apps');
    expect(currentPath(state)).toMatchObject({ app: 'shared', env: 'development' });
  });

  it('moves with j/k and arrows, keeping the environment by name across apps', () => {
    let state = ui(smallVault(), { app: 'api', env: 'production' });
    state = keys(state, 'j').state; // api → web
    expect(currentPath(state)).toMatchObject({ app: 'web', env: 'production' });
    state = keys(state, 'up').state;
    expect(currentPath(state)).toMatchObject({ app: 'api', env: 'production', key: 'DATABASE_URL' });
  });

  it('switches columns with h/l, tab, 1-4, enter and esc', () => {
    let state = ui(smallVault(), { app: 'api', env: 'production' });
    expect(keys(state, 'l').state.focus).toBe('envs');
    expect(keys(state, 'tab', 'tab').state.focus).toBe('secrets');
    expect(keys(state, '4').state.focus).toBe('versions');
    state = keys(state, 'enter', 'enter', 'esc').state;
    expect(state.focus).toBe('envs');
    expect(keys(state, 'shift-tab').state.focus).toBe('apps');
  });

  it('explains a key that cannot run instead of doing nothing', () => {
    const run = keys(ui(smallVault()), 'esc');
    expect(run.state.toast).toMatchObject({ text: 'Back to the previous column: already in the first column.', tone: 'warning' });
  });

  it('says where a key works when pressed in another column', () => {
    const run = keys({ ...ui(smallVault(), token), focus: 'secrets' }, 'R');
    expect(run.state.toast?.text).toMatch(/works in Versions/);
  });

  it('windows 10,000 secrets: g/G, half pages, and ctrl-d never deletes', () => {
    let state: UiState = { ...ui(bigVault(10_000), { app: 'big', env: 'production' }), focus: 'secrets' };
    const rows = layoutFor(state.viewport).listRows;
    state = keys(state, 'G').state;
    expect(state.lists.secrets).toMatchObject({ cursor: 9_999, top: 10_000 - rows });
    const half = keys(state, 'g', 'ctrl-d');
    expect(half.state.lists.secrets.cursor).toBe(Math.floor(rows / 2));
    expect(half.state.mode.type).toBe('browse');
    expect(commits(half)).toEqual([]);
    expect(keys(half.state, 'ctrl-u').state.lists.secrets.cursor).toBe(0);
    expect(derive(keys(state, 'k').state).secret?.key).toBe('KEY_09998');
  });

  it('re-windows on resize so the cursor stays visible', () => {
    let state: UiState = { ...ui(bigVault(100), { app: 'big', env: 'production', key: 'KEY_00050' }), focus: 'secrets' };
    state = dispatch(state, { type: 'resize', viewport: { columns: 80, rows: 24 } }).state;
    const { cursor, top } = state.lists.secrets;
    expect(cursor).toBe(50);
    expect(cursor - top).toBeLessThan(layoutFor(state.viewport).listRows);
  });
});

describe('filter', () => {
  it('filters the focused column as you type, by key, tag or path', () => {
    let state: UiState = { ...ui(smallVault(), { app: 'api', env: 'production' }), focus: 'secrets' };
    state = keys(state, '/').state;
    expect(state.mode.type).toBe('filter');
    state = dispatch(state, { type: 'draft', text: 'tok' }).state;
    expect(derive(state).secrets.map((s) => s.key)).toEqual(['TOKEN']);
    const kept = keys(state, 'enter').state;
    expect(kept.mode.type).toBe('browse');
    expect(kept.lists.secrets.filter).toBe('tok');
    const cleared = keys(keys(kept, '/').state, 'esc').state;
    expect(derive(cleared).secrets).toHaveLength(4);
  });

  it('drops control characters typed into the filter', () => {
    const state = keys({ ...ui(smallVault(), { app: 'api', env: 'production' }), focus: 'secrets' }, '/').state;
    expect(dispatch(state, { type: 'draft', text: '\u001b[2Jx' }).state.lists.secrets.filter).toBe('[2Jx');
  });
});

describe('reveal', () => {
  it('reveals the version in view and schedules the re-mask', () => {
    const run = keys({ ...ui(smallVault(), token), focus: 'secrets' }, 'x');
    expect(run.state.reveal).toMatchObject({ secretId: 'secret:api/production/TOKEN', version: 3 });
    const timer = run.effects.find((e) => e.type === 'schedule' && e.timer === 'reveal');
    expect(timer).toMatchObject({ ms: 30_000, action: { type: 'reveal-expired', token: run.state.reveal?.token } });
    if (timer?.type !== 'schedule') throw new Error('no reveal timer');
    expect(dispatch(run.state, timer.action).state.reveal).toBeUndefined();
  });

  it('masks again on x, and when the selection moves', () => {
    const shown = keys({ ...ui(smallVault(), token), focus: 'secrets' }, 'x').state;
    expect(keys(shown, 'x').state.reveal).toBeUndefined();
    expect(keys(shown, 'k').state.reveal).toBeUndefined();
  });

  it('ignores an expiry timer from an earlier reveal', () => {
    const first = keys({ ...ui(smallVault(), token), focus: 'secrets' }, 'x', 'x', 'x').state;
    expect(dispatch(first, { type: 'reveal-expired', token: 1 }).state.reveal).toBeDefined();
  });

  it.each([
    ['SEALED_KEY', 'sealed secrets are never shown after saving'],
    ['PORT', 'config values are not secret: they are always shown'],
  ])('refuses %s with the domain’s reason', (key, reason) => {
    const run = keys({ ...ui(smallVault(), { ...token, key }), focus: 'secrets' }, 'x');
    expect(run.state.reveal).toBeUndefined();
    expect(run.state.toast?.text).toContain(reason);
  });
});

describe('rollback', () => {
  it('asks y/N saying what happens; y commits a check-and-set rollback', () => {
    const asked = keys(onVersion(1), 'R').state;
    expect(asked.mode).toMatchObject({ type: 'confirm', title: 'Roll back TOKEN to v1?' });
    expect(asked.mode.type === 'confirm' && asked.mode.lines[0]).toBe("v1's value becomes v4.");
    const yes = keys(asked, 'y');
    expect(commits(yes)).toEqual([
      expect.objectContaining({ op: { kind: 'rollback', address: token, to: 1, expectedVersion: 3 } }),
    ]);
    expect(yes.state.mode.type).toBe('browse');
  });

  it.each(['n', 'N', 'esc', 'enter'])('%s cancels (No is the default)', (key) => {
    const run = keys(onVersion(1), 'R', key);
    expect(run.state.mode.type).toBe('browse');
    expect(commits(run)).toEqual([]);
  });

  it('is greyed for the current, a deleted or a destroyed version, with the reason', () => {
    expect(keys(onVersion(3), 'R').state.toast?.text).toBe('Rollback: v3 is already the current version.');
    expect(keys(onVersion(2), 'R').state.toast?.text).toBe('Rollback: v2 is deleted: undelete it first.');
  });
});

describe('delete, undelete, destroy', () => {
  it('soft-deletes a version after y/N, with the domain’s warning', () => {
    const asked = keys(onVersion(1), 'd').state;
    expect(asked.mode.type === 'confirm' && asked.mode.lines).toContain(
      'Warning: rollbacks to v1 become impossible until it is undeleted.',
    );
    expect(commits(keys(asked, 'y'))[0]?.op).toEqual({ kind: 'delete-version', address: token, version: 1 });
  });

  it('undeletes a deleted version directly', () => {
    expect(commits(keys(onVersion(2), 'u'))[0]?.op).toEqual({ kind: 'undelete-version', address: token, version: 2 });
    expect(keys(onVersion(1), 'u').state.toast?.text).toBe('Undelete: v1 is not deleted.');
  });

  it('destroys only once the key name is typed exactly', () => {
    let state = keys(onVersion(1), 'D').state;
    expect(state.mode).toMatchObject({ type: 'confirm-typed', expected: 'TOKEN' });
    const early = keys(state, 'enter');
    expect(commits(early)).toEqual([]);
    expect(early.state.toast?.text).toBe('Confirm: type TOKEN exactly to confirm.');
    state = dispatch(state, { type: 'draft', text: 'TOKEN' }).state;
    expect(commits(keys(state, 'enter'))[0]?.op).toEqual({ kind: 'destroy-version', address: token, version: 1 });
  });

  it('asks for the typed name to delete a secret or environment in a protected environment', () => {
    const secret = keys({ ...ui(smallVault(), token), focus: 'secrets' }, 'd').state;
    expect(secret.mode).toMatchObject({ type: 'confirm-typed', expected: 'TOKEN', op: { kind: 'remove-secret' } });
    const env = keys({ ...ui(smallVault(), { app: 'api', env: 'production' }), focus: 'envs' }, 'd').state;
    expect(env.mode).toMatchObject({ type: 'confirm-typed', expected: 'production', op: { kind: 'remove-env' } });
  });

  it('asks only y/N to delete an empty, unprotected environment', () => {
    const state = keys({ ...ui(smallVault(), { app: 'api', env: 'development' }), focus: 'envs' }, 'd').state;
    expect(state.mode).toMatchObject({ type: 'confirm', op: { kind: 'remove-env', app: 'api', env: 'development' } });
  });

  it('never offers to delete the shared scope', () => {
    expect(keys(ui(smallVault()), 'd').state.toast?.text).toBe('Delete: the shared scope cannot be removed.');
  });
});

describe('create and edit', () => {
  it('creates an app after validating its name with the domain', () => {
    let state = keys(ui(smallVault()), 'n').state;
    expect(state.mode).toMatchObject({ type: 'prompt', purpose: 'app' });
    state = dispatch(state, { type: 'draft', text: 'Bad Name' }, { type: 'key', key: 'enter' }).state;
    expect(state.mode.type === 'prompt' && state.mode.error).toMatch(/not valid/);
    const run = dispatch(state, { type: 'draft', text: 'billing' }, { type: 'key', key: 'enter' });
    expect(commits(run)[0]).toMatchObject({ op: { kind: 'add-app', name: 'billing' }, select: { app: 'billing' } });
  });

  it('creates a secret: key prompt, then the masked value editor, then v1', () => {
    let state: UiState = { ...ui(smallVault(), { app: 'api', env: 'staging' }), focus: 'secrets' };
    state = dispatch(state, { type: 'key', key: 'n' }, { type: 'draft', text: 'NEW_KEY' }, { type: 'key', key: 'enter' }).state;
    expect(state.mode).toMatchObject({ type: 'edit-value', creating: true, showTyping: false, draft: '' });
    const run = dispatch(state, { type: 'draft', text: 's3cret' }, { type: 'key', key: 'enter' });
    expect(commits(run)[0]?.op).toEqual({
      kind: 'set-value',
      address: { app: 'api', env: 'staging', key: 'NEW_KEY' },
      value: 's3cret',
      expectedVersion: 0,
    });
  });

  it('edits a secret from an empty masked field, a config value in place', () => {
    const secret = keys({ ...ui(smallVault(), token), focus: 'secrets' }, 'e').state;
    expect(secret.mode).toMatchObject({ type: 'edit-value', draft: '', showTyping: false, expectedVersion: 3 });
    expect(keys(secret, 'tab').state.mode).toMatchObject({ showTyping: true });
    expect(keys(secret, 'enter').state.toast?.text).toMatch(/Type a value first/);
    const config = keys({ ...ui(smallVault(), { ...token, key: 'PORT' }), focus: 'secrets' }, 'e').state;
    expect(config.mode).toMatchObject({ draft: '8080', showTyping: true });
  });

  it('edits metadata with pickers and text fields; saves only what changed', () => {
    let state = keys({ ...ui(smallVault(), token), focus: 'secrets' }, 'E').state;
    state = keys(state, 'enter').state; // Type is a picker field
    expect(state.mode).toMatchObject({ type: 'edit-meta', picking: true });
    state = dispatch(state, { type: 'pick', value: 'config' }).state;
    state = keys(state, 'down', 'down', 'down', 'down').state; // → Tags
    state = dispatch(state, { type: 'draft', text: 'db, Primary' }, { type: 'key', key: 'enter' }).state;
    expect(state.mode.type === 'edit-meta' && state.mode.error).toMatch(/Tag "Primary" is not valid/);
    const run = dispatch(state, { type: 'draft', text: 'db, primary' }, { type: 'key', key: 'enter' });
    expect(commits(run)[0]?.op).toEqual({ kind: 'update-meta', address: token, patch: { type: 'config', tags: ['db', 'primary'] } });
  });

  it('keeps a sealed secret’s type', () => {
    const state = keys({ ...ui(smallVault(), { ...token, key: 'SEALED_KEY' }), focus: 'secrets' }, 'E', 'enter').state;
    expect(state.mode).toMatchObject({ picking: false });
    expect(state.toast?.text).toBe('SEALED_KEY is sealed: its type can never change');
  });
});

describe('results of writes', () => {
  it('selects what was written and says so', () => {
    const vault = smallVault();
    const state = ui(vault);
    const run = dispatch(state, { type: 'committed', vault, message: 'Saved TOKEN v4', select: token });
    expect(currentPath(run.state)).toMatchObject(token);
    expect(run.state.toast).toMatchObject({ text: 'Saved TOKEN v4', tone: 'success' });
  });

  it('after a conflict shows the reloaded vault and the message, keeping the selection', () => {
    const state = { ...ui(smallVault(), token), saving: true };
    const run = dispatch(state, { type: 'commit-failed', vault: smallVault(), message: 'Another coffer changed it', tone: 'warning' });
    expect(run.state.saving).toBe(false);
    expect(currentPath(run.state)).toMatchObject(token);
    expect(run.state.toast?.text).toBe('Another coffer changed it');
  });

  it('refuses a second write while one is in flight', () => {
    const run = keys({ ...onVersion(2), saving: true }, 'u');
    expect(commits(run)).toEqual([]);
    expect(run.state.toast?.text).toMatch(/Still saving/);
  });
});

describe('palette, help, quit', () => {
  it('jumps to APP/ENV from the palette', () => {
    let state = keys(ui(smallVault()), ':').state;
    expect(state.mode).toMatchObject({ type: 'palette', page: 'root' });
    state = dispatch(state, { type: 'pick', value: 'page:jump' }).state;
    expect(state.mode).toMatchObject({ page: 'jump' });
    state = dispatch(state, { type: 'pick', value: 'jump:api/staging' }).state;
    expect(state.focus).toBe('secrets');
    expect(currentPath(state)).toMatchObject({ app: 'api', env: 'staging', key: 'DATABASE_URL' });
  });

  it('rolls back from the palette through the same confirmation', () => {
    const state = dispatch({ ...ui(smallVault(), token), mode: { type: 'palette', page: 'rollback', query: '', cursor: 0 } }, { type: 'pick', value: 'rollback:1' }).state;
    expect(state.mode).toMatchObject({ type: 'confirm', title: 'Roll back TOKEN to v1?' });
  });

  it('opens and closes help', () => {
    const state = keys(ui(smallVault()), '?').state;
    expect(state.mode.type).toBe('help');
    expect(keys(state, 'q').state.mode.type).toBe('browse');
    expect(commands(state, Command.HelpScrollDown).state.mode).toEqual({ type: 'help', scroll: 1 });
    const far = commands(state, ...Array<Command>(200).fill(Command.HelpScrollDown)).state;
    expect(far.mode.type === 'help' && far.mode.scroll).toBeLessThan(KEYMAP.length + GROUPS.length);
    expect(commands(far, Command.HelpScrollUp).state.mode).not.toEqual(far.mode);
  });

  it('quits on q and ctrl-c', () => {
    expect(keys(ui(smallVault()), 'q').effects).toContainEqual({ type: 'quit' });
    expect(keys({ ...ui(smallVault()), mode: { type: 'help', scroll: 0 } }, 'ctrl-c').effects).toContainEqual({ type: 'quit' });
  });
});
