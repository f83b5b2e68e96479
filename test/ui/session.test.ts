// Locking (L and idle), the clipboard (y, Y, and the guard that clears it) and the settings form,
// through the reducer, the start-up state machine and the guard with a fake clock.
import { describe, expect, it } from 'vitest';
import { ClipboardGuard } from '../../src/ui/clipboard/guard.js';
import type { ClipboardEvent } from '../../src/ui/clipboard/guard.js';
import { Command } from '../../src/ui/keymap/commands.js';
import { startupUpdate } from '../../src/ui/startup/startup-state.js';
import type { StartupState } from '../../src/ui/startup/startup-state.js';
import type { Effect } from '../../src/ui/state/actions.js';
import type { UiState } from '../../src/ui/state/types.js';
import { FakeClock } from '../helpers/ink.js';
import { commands, commits, dispatch, keys, smallVault, ui } from './fixtures.js';
import { FakeClipboard } from './operator-fixtures.js';

const token = { app: 'api', env: 'production', key: 'TOKEN' };
const onToken = (): UiState => ({ ...ui(smallVault(), token), focus: 'secrets' });
const idle = (effects: Effect[]) => effects.filter((e) => e.type === 'schedule' && e.timer === 'idle');

describe('lock', () => {
  it('L locks now, remembering where the operator was by name only', () => {
    const run = keys(onToken(), 'L');
    expect(run.effects).toContainEqual({ type: 'lock', reason: 'manual', resume: { path: { ...token, version: 3 }, focus: 'secrets', journal: [] } });
    expect(JSON.stringify(run.effects)).not.toContain('token-3');
  });

  it('restarts the idle timer on every key, for idleLockMinutes', () => {
    expect(idle(keys(onToken(), 'j').effects)).toEqual([{ type: 'schedule', timer: 'idle', ms: 5 * 60_000, action: { type: 'idle-expired' } }]);
    expect(idle(dispatch(onToken(), { type: 'opened', resumed: false }).effects)).toHaveLength(1);
    expect(idle(dispatch(onToken(), { type: 'resize', viewport: { columns: 90, rows: 30 } }).effects)).toEqual([]);
  });

  it('locks when the idle timer fires, but waits for a save in flight', () => {
    expect(dispatch(onToken(), { type: 'idle-expired' }).effects).toContainEqual(expect.objectContaining({ type: 'lock', reason: 'idle' }));
    const saving = dispatch({ ...onToken(), saving: true }, { type: 'idle-expired' }).effects;
    expect(saving).toEqual([{ type: 'schedule', timer: 'idle', ms: 2_000, action: { type: 'idle-expired' } }]);
    expect(keys({ ...onToken(), saving: true }, 'L').state.toast?.text).toBe('Lock: a change is still being saved.');
  });
});

describe('lock screen (start-up state)', () => {
  const locked = (): StartupState => startupUpdate({ phase: 'ready' }, { type: 'lock', notice: 'Locked.' })[0];

  it('shows the lock screen and reads the vault’s unlock methods', () => {
    expect(startupUpdate({ phase: 'ready' }, { type: 'lock', notice: 'Locked.' })).toEqual([{ phase: 'locked', notice: 'Locked.' }, [{ type: 'read-slots' }]]);
  });

  it('unlocks with the keychain on enter; falls back to the passphrase keeping the notice', () => {
    const [working, effects] = startupUpdate(locked(), { type: 'key', key: 'enter' });
    expect(effects).toEqual([{ type: 'unlock-keychain' }]);
    const [failed] = startupUpdate(working, { type: 'keychain-failed', error: { message: 'no keychain' }, methods: ['passphrase'] });
    expect(failed).toMatchObject({ phase: 'unlock', method: 'passphrase', notice: 'Locked.' });
    expect(startupUpdate(failed, { type: 'key', key: 'ctrl-c' })[1]).toEqual([{ type: 'quit', code: 'ok' }]);
  });

  it('goes straight to the passphrase when the keychain holds no key, and tab asks for it anyway', () => {
    expect(startupUpdate(locked(), { type: 'slots', methods: ['passphrase', 'recovery'] })[0]).toMatchObject({ phase: 'unlock', method: 'passphrase', notice: 'Locked.' });
    const [withKeychain] = startupUpdate(locked(), { type: 'slots', methods: ['keychain', 'recovery'] });
    expect(startupUpdate(withKeychain, { type: 'key', key: 'tab' })[0]).toMatchObject({ phase: 'unlock', method: 'recovery', methods: ['recovery'] });
    expect(startupUpdate(withKeychain, { type: 'key', key: 'q' })[1]).toEqual([{ type: 'quit', code: 'ok' }]);
  });
});

describe('clipboard keys', () => {
  it('y copies the value in view, to be cleared after clipboardSeconds; Y the key name', () => {
    expect(keys(onToken(), 'y').effects).toContainEqual({ type: 'copy', text: 'token-3', label: 'TOKEN v3', secret: true, seconds: 45 });
    expect(keys(onToken(), 'Y').effects).toContainEqual({ type: 'copy', text: 'TOKEN', label: 'the key name TOKEN', secret: false, seconds: 0 });
  });

  it('never copies a sealed value, nor a deleted one, and says why', () => {
    const sealed = keys({ ...ui(smallVault(), { ...token, key: 'SEALED_KEY' }), focus: 'secrets' }, 'y');
    expect(sealed.effects.some((e) => e.type === 'copy')).toBe(false);
    expect(sealed.state.toast?.text).toBe('Copy: sealed values cannot be copied.');
    const deleted = keys({ ...ui(smallVault(), { ...token, version: 2 }), focus: 'versions' }, 'y');
    expect(deleted.state.toast?.text).toBe('Copy: v2 is deleted: undelete it first.');
  });
});

describe('clipboard guard', () => {
  function guarded() {
    const clock = new FakeClock();
    const port = new FakeClipboard();
    const guard = new ClipboardGuard(port, clock);
    const events: ClipboardEvent[] = [];
    guard.subscribe((e) => events.push(e));
    return { clock, port, guard, events };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('clears a copied value after its time, counting down meanwhile', async () => {
    const { clock, port, guard, events } = guarded();
    await guard.copy('s3cret', { label: 'TOKEN v3', clearAfterMs: 45_000 });
    expect(port.text).toBe('s3cret');
    expect(guard.status()).toEqual({ label: 'TOKEN v3', clearsAt: clock.now() + 45_000 });
    clock.advance(44_999);
    expect(port.text).toBe('s3cret');
    clock.advance(1);
    await settle();
    expect(port.text).toBe('');
    expect(guard.status()).toBeUndefined();
    expect(events.at(-1)).toEqual({ type: 'cleared', label: 'TOKEN v3', cleared: true });
  });

  it('leaves the clipboard alone when it no longer holds the value', async () => {
    const { clock, port, guard, events } = guarded();
    await guard.copy('s3cret', { label: 'TOKEN v3', clearAfterMs: 45_000 });
    port.text = 'something the operator copied since';
    clock.advance(45_000);
    await settle();
    expect(port.text).toBe('something the operator copied since');
    expect(events.at(-1)).toEqual({ type: 'cleared', label: 'TOKEN v3', cleared: false });
  });

  it('stops counting when a key name replaces the value, and clears a waiting value on the way out', async () => {
    const { port, guard } = guarded();
    await guard.copy('s3cret', { label: 'TOKEN v3', clearAfterMs: 45_000 });
    await guard.copy('TOKEN', { label: 'the key name TOKEN' });
    expect(guard.status()).toBeUndefined();
    await guard.copy('again', { label: 'TOKEN v3', clearAfterMs: 45_000 });
    await guard.clearNow();
    expect(port.text).toBe('');
  });

  it('says there is no clipboard when none was given', async () => {
    await expect(new ClipboardGuard(undefined, new FakeClock()).copy('x', { label: 'x' })).rejects.toThrow(/no clipboard/);
  });
});

describe('settings form', () => {
  const open = () => dispatch(keys(onToken(), ':').state, { type: 'draft', text: 'settings' }, { type: 'key', key: 'enter' }).state;

  it('edits the clipboard, idle and reveal times and saves only what changed', () => {
    let state = dispatch(open(), { type: 'draft', text: '60' }).state;
    state = commands(state, Command.FormNext).state;
    state = dispatch(state, { type: 'draft', text: '10' }).state;
    const run = keys(state, 'enter');
    expect(commits(run)[0]).toMatchObject({
      op: { kind: 'update-settings', patch: { clipboardSeconds: 60, idleLockMinutes: 10 } },
      message: 'Settings saved: clipboard clears after 60 s, idle lock after 10 min.',
    });
  });

  it('refuses a number out of range, naming the field', () => {
    const state = dispatch(open(), { type: 'draft', text: '1' }, { type: 'key', key: 'enter' }).state;
    expect(state.mode).toMatchObject({ type: 'settings', error: 'Clear the clipboard after: a whole number of seconds from 5 to 3600.' });
    expect(keys(open(), 'esc').state.toast?.text).toBe('Settings unchanged.');
  });
});
