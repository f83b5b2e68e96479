// End-to-end: the BUILT program in a real terminal (tmux, CI=0 in the pane) against the real OS
// keychain (the throwaway gnome-keyring test/run-all.sh provides). A first run creates the vault,
// then an app and a secret are created, edited twice, rolled back and a version deleted; after
// quitting, the terminal's scrollback holds none of the values that were on screen.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cofferBin, startCoffer } from '../helpers/tmux.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function newVault(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coffer-tui-e2e-'));
  dirs.push(dir);
  return join(dir, 'vault.coffer');
}

const VALUES = ['tui-e2e-SECRET-one-7f3a', 'tui-e2e-SECRET-two-91bc', 'tui-e2e-SECRET-three-5d20'] as const;

describe.runIf(process.env['COFFER_TEST_KEYRING'] === '1')('coffer TUI, built, in tmux, real keychain', () => {
  it('first run → app → secret → edit twice → roll back → delete → quit, leaving no value in scrollback', async () => {
    const vault = newVault();
    const t = await startCoffer(['--vault', vault], { cols: 100, rows: 30 });

    await t.waitFor('Create one?');
    await t.press('Enter'); // keychain on, no passphrase
    await t.waitFor('Your recovery code');
    await t.press('Enter');
    await t.waitFor('1 Apps');

    await t.press('n');
    await t.waitFor('New app');
    await t.type('shop');
    await t.waitFor('name shop');
    await t.press('Enter');
    await t.waitFor('Created app shop');
    await t.press('l', 'l'); // Environments (development), then Secrets
    await t.press('n');
    await t.waitFor('New secret in shop/development');
    await t.type('API_TOKEN');
    await t.waitFor('name API_TOKEN');
    await t.press('Enter');
    await t.waitFor('its value');
    await t.type(VALUES[0]);
    await t.waitFor(`masked · ${VALUES[0].length} chars`);
    expect(await t.screen()).not.toContain(VALUES[0]);
    await t.press('Enter');
    await t.waitFor('Created API_TOKEN v1');

    for (const [i, value] of VALUES.slice(1).entries()) {
      await t.press('e');
      await t.waitFor(`saving makes v${i + 2}`);
      await t.type(value);
      await t.waitFor(`masked · ${value.length} chars`);
      await t.press('Enter');
      await t.waitFor(`Saved API_TOKEN v${i + 2}`);
    }

    await t.press('x'); // the value really is on screen once
    await t.waitFor(VALUES[2]);

    await t.press('4', 'G');
    await t.waitFor('API_TOKEN › v1');
    await t.press('R');
    await t.waitFor("v1's value becomes v4.");
    await t.press('y');
    await t.waitFor("v1's value is now v4");

    await t.press('j', 'j');
    await t.waitFor('API_TOKEN › v2');
    await t.press('d');
    await t.waitFor('Delete API_TOKEN v2?');
    await t.press('y');
    await t.waitFor('Deleted API_TOKEN v2');

    await t.press('q');
    expect(await t.waitExit()).toBe(0);
    const scrollback = await t.scrollback();
    for (const value of VALUES) expect(scrollback).not.toContain(value);
    expect(scrollback).not.toContain('API_TOKEN');

    // The same vault, read by the CLI through the keychain: v4 holds v1's value.
    const get = spawnSync(process.execPath, [cofferBin, 'get', 'shop/development/API_TOKEN', '--vault', vault], { encoding: 'utf8' });
    expect(get.stderr).toBe('');
    expect(get.stdout.trim()).toBe(VALUES[0]);
    const versions = spawnSync(process.execPath, [cofferBin, 'versions', 'shop/development/API_TOKEN', '--vault', vault, '--json'], { encoding: 'utf8' });
    expect(versions.stdout).toMatch(/"deleted"/);
  });

  it('coffer --demo opens a sample vault, navigates it at 80×24 and follows resizes', async () => {
    const t = await startCoffer(['--demo'], { cols: 80, rows: 24 });
    await t.waitFor('billing-api');
    await t.press('j', 'l', 'j', 'j', 'l');
    await t.waitFor('coffer › billing-api › production › DATABASE_URL › v7');
    const screen = await t.screen();
    expect(screen).toContain('STRIPE_SECRET_KEY');
    expect(screen).toMatch(/value\s+•+/);
    await t.press('4', 'j');
    await t.waitFor('rollback of v3');
    await t.resize(140, 36); // wide: the detail pane moves to the right of the columns
    const wide = await t.waitFor(/│value\s+••••/);
    expect(wide.split('\n')[0]).toContain('coffer › billing-api › production › DATABASE_URL');
    await t.resize(80, 24);
    await t.waitFor(/^─{80}$/m);
    await t.press('?');
    await t.waitFor('Keys');
    await t.press('Escape', 'q');
    expect(await t.waitExit()).toBe(0);
  });

  it('a damaged vault file stops at the error screen', async () => {
    const vault = newVault();
    const init = spawnSync(process.execPath, [cofferBin, 'init', '--vault', vault], { encoding: 'utf8', input: '' });
    expect(init.status, init.stderr).toBe(0);
    const { openSync, writeSync, closeSync, statSync } = await import('node:fs');
    const fd = openSync(vault, 'r+');
    writeSync(fd, Buffer.from([0xff]), 0, 1, statSync(vault).size - 40); // flip bytes inside the ciphertext
    closeSync(fd);
    const t = await startCoffer(['--vault', vault], { cols: 100, rows: 30 });
    await t.waitFor('coffer cannot open this vault');
    await t.press('q');
    expect(await t.waitExit()).toBe(7);
  });
});
