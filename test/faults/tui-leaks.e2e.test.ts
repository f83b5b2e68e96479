// Leaks from the TUI: the built program in tmux, the real keychain, a real X clipboard (Xvfb +
// xclip). A canary secret revealed on screen is gone from the terminal once coffer quits — the
// whole scrollback (capture-pane -S -) holds none of it — and was never written to temp files,
// the runtime folder, the vault's folder or /dev/shm. A copied value leaves the clipboard after
// the vault's clipboard time; if the operator copied something else meanwhile that stays; and
// quitting takes a value still waiting off the clipboard at once. Commands are pressed by name
// (the keymap table); every wait is for the screen to show something, never a fixed sleep.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TmuxSession } from '../helpers/tmux.js';
import { startXvfb } from '../helpers/xvfb.js';
import type { Xvfb } from '../helpers/xvfb.js';
import { filesUnder, findLeak, requireKeyring, Workspace } from './helpers/cli.js';
import { Command, openSecret, pressCommand, startTui } from './helpers/tui.js';

const CANARY = `canary-tui-${randomBytes(6).toString('hex')}`;
const URL_CANARY = `postgres://app:${CANARY}-url@db.internal:5432/app`;
const PEM_CANARY = `-----BEGIN PRIVATE KEY-----\n${CANARY}-pem-line-1\n${CANARY}-pem-line-2\n-----END PRIVATE KEY-----\n`;

let ws: Workspace;
let vault: Awaited<ReturnType<Workspace['vault']>>;
let x: Xvfb | undefined;

beforeAll(async () => {
  requireKeyring();
  ws = new Workspace('coffer-faults-tui-leaks-');
  vault = await ws.vault();
  for (const [args, input] of [
    [vault.at('set', 'api/production/DATABASE_URL'), URL_CANARY],
    [vault.at('set', 'api/production/TLS_KEY', '--kind', 'file', '--keep-newline'), PEM_CANARY],
  ] as Array<[string[], string]>) {
    const run = await ws.run(args, { input });
    if (run.code !== 0) throw new Error(`setup: ${args.join(' ')}: ${run.stderr}`);
  }
  x = await startXvfb();
}, 60_000);
afterAll(async () => {
  await x?.stop();
  ws?.remove();
});

/** What the X clipboard holds now, as another program would read it. */
function clipboard(): string {
  return spawnSync('xclip', ['-selection', 'clipboard', '-out'], { encoding: 'utf8', env: { ...process.env, DISPLAY: x!.display }, timeout: 5_000 }).stdout;
}

/**
 * Another program copies `text` (the operator copying something else). xclip forks a server that
 * keeps the selection and inherits its output: with pipes there, spawnSync would wait on it.
 */
function copyElsewhere(text: string): void {
  const run = spawnSync('xclip', ['-selection', 'clipboard', '-in'], { input: text, env: { ...process.env, DISPLAY: x!.display }, stdio: ['pipe', 'ignore', 'ignore'], timeout: 5_000 });
  expect(run.status, 'xclip -in failed').toBe(0);
}

/** Every place a run could leave a file: the workspace's TMPDIR and runtime folder, the vault's folder, /dev/shm. */
function leftovers(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const dir of [ws.tmp, ws.runtime, dirname(vault.path), '/dev/shm']) {
    for (const [path, bytes] of filesUnder(dir)) {
      const form = findLeak(bytes, CANARY);
      if (form) found.push([path, form]);
    }
  }
  return found;
}

/**
 * A text field reads keys from a moment after it is drawn: a key sent at once can be lost. Sends
 * `key` again until the screen shows `shows` (each attempt waits for that, up to half a second).
 */
async function pressUntil(t: TmuxSession, bytes: string, shows: RegExp): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await t.type(bytes);
    if (await t.waitFor(shows, { timeout: 500 }).then(() => true, () => false)) return;
  }
  throw new Error(`typing ${JSON.stringify(bytes)} never made the screen show ${shows}`);
}

describe('a revealed canary in the TUI', () => {
  it('is on screen while revealed, and nowhere in the scrollback or in any file once coffer quits', async () => {
    // Wide enough for the detail pane to sit beside the columns, with room for the whole PEM.
    const t = await startTui(ws, vault.path, {}, { cols: 150, rows: 40 });
    await openSecret(t, 'api', 'production', 'DATABASE_URL');
    await pressCommand(t, Command.Reveal);
    await t.waitFor(CANARY);

    // A multi-line value too, revealed, then the version history with it still revealed.
    await openSecret(t, 'api', 'production', 'TLS_KEY');
    await pressCommand(t, Command.Reveal);
    await t.waitFor(`${CANARY}-pem-line-2`);
    await pressCommand(t, Command.FocusVersions);
    await t.waitFor('coffer › api › production › TLS_KEY › v1');

    await pressCommand(t, Command.Quit);
    expect(await t.waitExit()).toBe(0);
    const scrollback = await t.scrollback();
    expect(findLeak(scrollback, CANARY), 'the revealed value stayed in the terminal’s scrollback').toBeUndefined();
    expect(findLeak(await t.screen(), CANARY)).toBeUndefined();
    expect(scrollback).not.toContain('DATABASE_URL');
    expect(leftovers(), 'the value was written to a file').toEqual([]);
  });
});

describe('the clipboard', () => {
  async function copyValue(t: TmuxSession, key: string): Promise<void> {
    await openSecret(t, 'api', 'production', key);
    await pressCommand(t, Command.CopyValue);
    await t.waitFor(`Copied ${key} v1 — clears in 5 s`);
  }

  it('set to 5 s in :settings, a copied value is taken off the clipboard after that', async () => {
    const t = await startTui(ws, vault.path, { DISPLAY: x!.display });
    await t.waitFor('1 Apps');
    await pressCommand(t, Command.Palette);
    await t.waitFor('Command palette');
    await t.type('settings');
    await t.waitFor('Settings: clipboard');
    await pressCommand(t, Command.CommandLineRun);
    await t.waitFor(/Clear the clipboard after\s+45\s+seconds/);
    const erase = '\u007f'; // the keymap's backspace, as the terminal sends it
    await pressUntil(t, erase, /Clear the clipboard after\s+4\s+seconds/);
    await pressUntil(t, erase, /Clear the clipboard after\s+seconds/);
    await pressUntil(t, '5', /Clear the clipboard after\s+5\s+seconds/);
    await pressCommand(t, Command.SettingsSave);
    await t.waitFor('Settings saved: clipboard clears after 5 s.');

    await copyValue(t, 'DATABASE_URL');
    expect(clipboard()).toBe(URL_CANARY);
    expect(findLeak(await t.screen(), CANARY)).toBeUndefined();
    // The countdown runs on the status line, then the value is gone.
    await t.waitFor(/clipboard clears in [1-4] s/);
    await t.waitFor('Clipboard cleared (DATABASE_URL v1).', { timeout: 15_000 });
    expect(clipboard()).toBe('');

    await pressCommand(t, Command.Quit);
    expect(await t.waitExit()).toBe(0);
    expect(findLeak(await t.scrollback(), CANARY)).toBeUndefined();
    expect(leftovers()).toEqual([]);
  });

  it('something else copied meanwhile is left alone when the time is up', async () => {
    const t = await startTui(ws, vault.path, { DISPLAY: x!.display });
    await copyValue(t, 'DATABASE_URL');
    expect(clipboard()).toBe(URL_CANARY);
    const other = `the operator's own text ${randomBytes(4).toString('hex')}`;
    copyElsewhere(other);
    await t.waitFor('Clipboard left alone: it no longer holds DATABASE_URL v1.', { timeout: 15_000 });
    expect(clipboard()).toBe(other);
    await pressCommand(t, Command.Quit);
    expect(await t.waitExit()).toBe(0);
    expect(clipboard(), 'quitting cleared text that was not coffer’s').toBe(other);
  });

  it('quitting before the time is up takes a copied value off the clipboard at once', async () => {
    const t = await startTui(ws, vault.path, { DISPLAY: x!.display });
    await copyValue(t, 'TLS_KEY');
    expect(clipboard()).toBe(PEM_CANARY);
    await pressCommand(t, Command.Quit);
    expect(await t.waitExit()).toBe(0);
    expect(clipboard()).toBe('');
    expect(leftovers()).toEqual([]);
  });
});
