// End-to-end: the operator workflows of the BUILT program in tmux, on a file vault unlocked by
// the real OS keychain (the throwaway gnome-keyring test/run-all.sh provides). The audit grid
// finds production sharing staging's value; enter opens that cell, o rotates it (typed key:
// production is protected); the grid no longer groups them; L locks — the key and values leave
// the process — and enter unlocks through the keychain back to the same secret.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cofferBin, startCoffer } from '../helpers/tmux.js';
import type { TmuxSession } from '../helpers/tmux.js';
import { startXvfb } from '../helpers/xvfb.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const SHARED_VALUE = 'e2e-reused-token-Q7w9Xk2Lm4Np';

async function pressUntil(t: TmuxSession, key: string, shows: RegExp): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await t.press(key);
    if (await t.waitFor(shows, { timeout: 500 }).then(() => true, () => false)) return;
  }
  throw new Error(`pressing ${key} never made the screen show ${shows}`);
}

function coffer(args: string[], input = '') {
  const result = spawnSync(process.execPath, [cofferBin, ...args], { encoding: 'utf8', input });
  expect(result.status, `coffer ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

describe.runIf(process.env['COFFER_TEST_KEYRING'] === '1')('coffer TUI operator workflows, built, in tmux, real keychain', () => {
  it('audit → open the reused cell → rotate it → grid regroups → lock → unlock by keychain to the same place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-tui-ops-'));
    dirs.push(dir);
    const vault = join(dir, 'vault.coffer');
    coffer(['init', '--vault', vault]);
    coffer(['app', 'add', 'shop', '--vault', vault]);
    coffer(['set', 'shop/staging/API_TOKEN', '--vault', vault], SHARED_VALUE);
    coffer(['set', 'shop/production/API_TOKEN', '--vault', vault], SHARED_VALUE);

    const t = await startCoffer(['--vault', vault], { cols: 100, rows: 30 });
    await t.waitFor('1 Apps');
    await t.press('j'); // shop
    await t.waitFor('coffer › shop');
    await t.press('a');
    await t.waitFor('Audit of shop · 1 key × 3 environments');
    await t.waitFor(/API_TOKEN\s+missing\s+v1 =A\s+v1 =A/);
    await t.waitFor('API_TOKEN in production holds the same value as staging');
    await t.press('l', 'l', 'Enter'); // the production cell
    await t.waitFor('coffer › shop › production › API_TOKEN › v1');

    await t.press('o');
    await t.waitFor('Rotate API_TOKEN in shop/production');
    await t.waitFor('32 chars · x shows');
    await t.press('Enter');
    await t.waitFor('Type API_TOKEN to confirm');
    await t.type('API_TOKEN');
    await t.waitFor(/Type API_TOKEN to confirm: API_TOKEN/);
    await t.press('Enter');
    await t.waitFor('Rotated API_TOKEN: generated v2.');

    await t.press('a');
    await t.waitFor(/API_TOKEN\s+missing\s+v1\s+v2\s/);
    expect(await t.screen()).not.toContain('holds the same value');
    await t.press('Escape');
    await t.waitFor('coffer › shop › production › API_TOKEN › v2');

    await t.press('L');
    await t.waitFor('coffer is locked');
    expect(await t.screen()).not.toContain('API_TOKEN');
    await t.press('Enter');
    await t.waitFor('Unlocked: back where you were.');
    await t.waitFor('coffer › shop › production › API_TOKEN › v2');

    await t.press('q');
    expect(await t.waitExit()).toBe(0);
    expect(await t.scrollback()).not.toContain(SHARED_VALUE);

    const history = JSON.parse(coffer(['versions', 'shop/production/API_TOKEN', '--vault', vault, '--json'])) as {
      current: number;
      versions: { version: number; origin: string }[];
    };
    expect(history.current).toBe(2);
    expect(history.versions.find((v) => v.version === 2)?.origin).toBe('generate');
    const value = coffer(['get', 'shop/production/API_TOKEN', '--vault', vault]).trim();
    expect(value).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(coffer(['get', 'shop/staging/API_TOKEN', '--vault', vault]).trim()).toBe(SHARED_VALUE);
  });

  it('y copies the value to the real X clipboard (xclip) and clears it after the vault’s time; Y copies the key', async () => {
    const x = await startXvfb();
    const clipboard = () => spawnSync('xclip', ['-selection', 'clipboard', '-o'], { encoding: 'utf8', env: { ...process.env, DISPLAY: x.display } }).stdout;
    try {
      const t = await startCoffer(['--demo'], { cols: 100, rows: 30, env: { DISPLAY: x.display } });
      await t.waitFor('billing-api');
      await t.press(':');
      await t.waitFor('Command palette');
      await t.type('settings');
      await t.waitFor('Settings: clipboard');
      await t.press('Enter');
      await t.waitFor('Clear the clipboard after');
      // A text field starts reading keys a moment after it is drawn: a key sent at once can be
      // lost, so each edit is repeated until the field shows it.
      await pressUntil(t, 'BSpace', /Clear the clipboard after\s+4\s+seconds/);
      await pressUntil(t, 'BSpace', /Clear the clipboard after\s+seconds/);
      await pressUntil(t, '5', /Clear the clipboard after\s+5\s+seconds/);
      await t.press('Enter');
      await t.waitFor('Settings saved: clipboard clears after 5 s.');

      await t.press('j', 'l', 'j', 'j', 'l');
      await t.waitFor('coffer › billing-api › production › DATABASE_URL › v7');
      await t.press('y');
      await t.waitFor('Copied DATABASE_URL v7 — clears in 5 s');
      expect(clipboard()).toBe('postgres://billing:demo-pass-7@db-3.demo.internal:5432/billing?sslmode=verify-full');
      expect(await t.screen()).not.toContain('demo-pass-7');
      await t.waitFor('Clipboard cleared (DATABASE_URL v7).', { timeout: 15_000 });
      expect(clipboard()).toBe('');

      await t.press('Y');
      await t.waitFor('Copied the key name DATABASE_URL.');
      expect(clipboard()).toBe('DATABASE_URL');
      await t.press('q');
      expect(await t.waitExit()).toBe(0);
    } finally {
      await x.stop();
    }
  });
});
