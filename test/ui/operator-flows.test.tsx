// The operator workflows through the rendered app (ink-testing-library) against an in-memory
// repository: rotation with its preview and undo, marks rotated in one commit, the audit grid
// and its copy, diff and history from the command line, the clipboard, locking, settings.
// Commands are pressed by name; time is the fake clock's; nothing sleeps.
import { afterEach, describe, expect, it } from 'vitest';
import { findSecret, generateValue, secretId, setSecret, VaultSession } from '../../src/domain/index.js';
import type { VaultRepository, VaultState } from '../../src/domain/index.js';
import { Command } from '../../src/ui/keymap/commands.js';
import type { Harness, RenderOptions } from '../helpers/ink.js';
import { memoryRepository, openerFor, renderApp, storedState } from '../helpers/ink.js';
import { ctx, smallVault } from './fixtures.js';
import { auditVault, FakeClipboard, seededRandom, testServices } from './operator-fixtures.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

async function open(options: RenderOptions = {}): Promise<Harness> {
  app = await renderApp({ vault: smallVault(), context: ctx, services: testServices(), ...options });
  await app.waitFor('1 Apps');
  return app;
}

/** api › production (or `env`) with the Secrets column focused on its last key. */
async function toSecrets(t: Harness, env: 'production' | 'staging' = 'production'): Promise<void> {
  await t.press(Command.MoveDown); // shared → api
  await t.press(Command.FocusEnvs);
  await t.press(Command.Bottom); // production
  if (env === 'staging') await t.press(Command.MoveUp);
  await t.press(Command.FocusSecrets);
  await t.press(Command.Bottom);
}

async function stored(t: Harness): Promise<VaultState> {
  return storedState(t.repository as VaultRepository, ctx);
}

describe('rotation', () => {
  it('previews a generated value masked, shows it on x, saves it after the typed key, and ctrl-z undoes it', async () => {
    const t = await open();
    await toSecrets(t);
    await t.waitFor('api › production › TOKEN › v3');
    await t.press(Command.Rotate);
    await t.waitFor('32 chars · x shows');
    const value = generateValue({ preset: 'alnum', length: 32 }, seededRandom(42));
    expect(t.frame()).toContain('Rotate TOKEN in api/production');
    expect(t.frame()).toContain('190 bits');
    expect(t.frame()).not.toContain(value);
    await t.press(Command.RotateReveal);
    expect(t.frame()).toContain(value);
    await t.press(Command.RotateSave);
    await t.waitFor('Type TOKEN to confirm');
    await t.type('TOKEN');
    await t.press(Command.TypedConfirm);
    await t.waitFor('Rotated TOKEN: generated v4.');
    expect(findSecret(await stored(t), 'api', 'production', 'TOKEN').versions.at(-1)).toMatchObject({ n: 4, value, origin: { type: 'generate' } });
    expect(t.frame()).not.toContain(value);

    await t.press(Command.Undo);
    await t.waitFor("Undid your change to TOKEN: v3's value is now v5 (history kept).");
    const versions = findSecret(await stored(t), 'api', 'production', 'TOKEN').versions;
    expect(versions.at(-1)).toMatchObject({ n: 5, value: 'token-3', origin: { type: 'rollback', of: 3 } });
    expect(versions.find((v) => v.n === 4)?.value).toBe(value); // history kept
    await t.press(Command.Undo);
    await t.waitFor('Undo: nothing to undo: no value changed in this session.');
  });

  it('rotates the marked rows together: one confirmation, one commit', async () => {
    const t = await open({ vault: auditVault() });
    await toSecrets(t, 'staging'); // TOKEN, the last of DATABASE_URL and TOKEN
    await t.press(Command.Mark); // TOKEN (the cursor stays on the last row)
    await t.press(Command.MoveUp);
    await t.press(Command.Mark); // DATABASE_URL
    await t.waitFor('2 marked in api/staging');
    expect(t.frame()).toContain('● DATABASE_URL');
    await t.press(Command.Rotate);
    await t.waitFor('Rotate 2 marked secrets in api/staging');
    await t.waitFor(/TOKEN\s+v1 → v2\s+•+/);
    await t.press(Command.RotateSave);
    await t.waitFor('Rotate 2 secrets in api/staging?');
    await t.press(Command.ConfirmYes);
    await t.waitFor('Rotated 2 secrets in api/staging in one commit.');
    const { records } = await (t.repository as VaultRepository).load();
    const revisions = ['DATABASE_URL', 'TOKEN'].map((key) => records.get(secretId('api', 'staging', key))?.revision);
    expect(revisions[0]).toBe(revisions[1]); // written by the same commit
    const vault = await stored(t);
    expect(findSecret(vault, 'api', 'staging', 'TOKEN').versions.at(-1)).toMatchObject({ n: 2, origin: { type: 'generate' } });
    expect(findSecret(vault, 'api', 'staging', 'DATABASE_URL').versions.at(-1)).toMatchObject({ n: 2, origin: { type: 'generate' } });
    expect(t.frame()).not.toContain('●');
  });
});

describe('audit', () => {
  it('shows the grid with same-value groups, jumps to a cell, and copies a value to another environment', async () => {
    const t = await open({ vault: auditVault() });
    await t.press(Command.MoveDown); // api
    await t.press(Command.Audit);
    await t.waitFor('Audit of api · 4 keys × 3 environments');
    expect(t.frame()).toMatch(/TOKEN\s+missing\s+v1 =A\s+v3 =A/);
    expect(t.frame()).toContain('TOKEN in production holds the same value as staging');
    expect(t.frame()).not.toMatch(/token-3|postgres:/);

    await t.press(Command.Bottom);
    await t.press(Command.GridRight);
    await t.press(Command.ViewOpen);
    await t.waitFor('coffer › api › staging › TOKEN › v1');

    await t.press(Command.Audit);
    await t.waitFor('Audit of api');
    await t.press(Command.GridRight); // DATABASE_URL in staging
    await t.press(Command.AuditCopy);
    await t.waitFor('Copy DATABASE_URL from staging to…');
    await t.press(Command.PickerChoose); // development, the first choice
    await t.waitFor('Copy DATABASE_URL from staging to development?');
    await t.press(Command.ConfirmYes);
    await t.waitFor('Copied DATABASE_URL from staging to development as v1.');
    await t.waitFor(/DATABASE_URL\s+v1 =A\s+v1 =A\s+v1/);
    expect(findSecret(await stored(t), 'api', 'development', 'DATABASE_URL').versions[0]?.value).toBe('postgres://staging');
  });

  it('compares two environments typed on the command line, masked', async () => {
    const t = await open({ vault: auditVault() });
    await t.press(Command.MoveDown);
    await t.press(Command.Palette);
    await t.waitFor('Command palette');
    await t.type('diff staging production');
    await t.waitFor('Compare api: staging → production');
    await t.press(Command.CommandLineRun);
    await t.waitFor('Diff of api: staging → production · 2 added · 0 removed · 1 changed · 1 same');
    expect(t.frame()).toMatch(/~\s+DATABASE_URL\s+v1 •+\s+v1 •+\s+changed/);
    expect(t.frame()).toMatch(/\+\s+SEALED_KEY\s+—\s+v1 •+ sealed\s+added/);
    expect(t.frame()).not.toMatch(/token-3|postgres:|never-shown/);
  });

  it('shows the history and says when the audit log’s chain was tampered with', async () => {
    const base = memoryRepository(smallVault(), ctx);
    await (await VaultSession.open(base, ctx)).apply((s, c) => setSecret(s, c, { app: 'api', env: 'production', key: 'TOKEN', value: 'token-4' }));
    const tampered: VaultRepository = Object.assign(Object.create(base) as VaultRepository, {
      verifyAudit: async () => ({ ok: false, entries: 12, brokenAt: 3, reason: 'entry was altered after it was written' }),
    });
    const t = await open({ opener: openerFor(tampered) });
    await t.press(Command.MoveDown);
    await t.press(Command.Palette);
    await t.type('log');
    await t.waitFor('History of api');
    await t.press(Command.CommandLineRun);
    await t.waitFor('TAMPERED');
    expect(t.frame()).toContain('TAMPERED at entry 3: entry was altered after it was written');
    expect(t.frame()).toMatch(/secret\.set\s+api\/production\/TOKEN v4/);
    expect(t.frame()).not.toContain('token-4');
    await t.press(Command.ViewClose);
    await t.waitFor('1 Apps');
  });
});

describe('clipboard', () => {
  it('copies the value with a countdown and clears it after 45 s if it still holds it; never a sealed value', async () => {
    const clipboard = new FakeClipboard();
    const t = await open({ clipboard });
    await toSecrets(t);
    await t.press(Command.CopyValue);
    await t.waitFor('Copied TOKEN v3 — clears in 45 s');
    expect(clipboard.text).toBe('token-3');
    expect(t.frame()).toContain('clipboard clears in 45 s');
    expect(t.frame()).not.toContain('token-3');
    t.clock.advance(1_000);
    await t.waitFor('clipboard clears in 44 s');
    t.clock.advance(44_000);
    await t.waitFor('Clipboard cleared (TOKEN v3).');
    expect(clipboard.text).toBe('');

    await t.press(Command.CopyKey);
    await t.waitFor('Copied the key name TOKEN.');
    expect(clipboard.text).toBe('TOKEN');
    await t.press(Command.MoveUp); // SEALED_KEY
    await t.press(Command.CopyValue);
    await t.waitFor('Copy: sealed values cannot be copied.');
    expect(clipboard.writes).toEqual(['token-3', 'TOKEN']);
  });
});

describe('lock', () => {
  it('L drops every value (the clipboard’s too) and unlocking returns to the same place', async () => {
    const clipboard = new FakeClipboard();
    const t = await open({ clipboard });
    await toSecrets(t);
    await t.press(Command.CopyValue);
    await t.waitFor('Copied TOKEN v3');
    await t.press(Command.Reveal);
    expect(t.frame()).toContain('token-3');
    await t.press(Command.Lock);
    await t.waitFor('coffer is locked');
    expect(clipboard.text).toBe('');
    expect(t.frame()).toContain('Locked: the key and every value were dropped from memory.');
    expect(t.frame()).not.toContain('token-3');
    await t.press(Command.LockedUnlock);
    await t.waitFor('Unlocked: back where you were.');
    expect(t.frame()).toContain('coffer › api › production › TOKEN › v3');
    expect(t.frame()).not.toContain('token-3'); // masked again
  });

  it('locks itself after idleLockMinutes without input', async () => {
    const t = await open();
    await toSecrets(t);
    t.clock.advance(4 * 60_000);
    await t.press(Command.MoveUp); // activity: the count starts again
    t.clock.advance(4 * 60_000);
    expect(t.frame()).toContain('1 Apps');
    t.clock.advance(60_000);
    await t.waitFor('Locked after 5 idle minutes');
  });
});

describe('keys the moment a screen appears', () => {
  it('takes a key typed as soon as the columns are drawn, and as soon as they are back after unlocking', async () => {
    app = await renderApp({ vault: smallVault(), context: ctx, services: testServices() });
    const t = app;
    await t.waitForFrame('1 Apps');
    t.write('j');
    await t.waitFor('coffer › api');
    await t.press(Command.Lock);
    await t.waitFor('coffer is locked');
    await t.press(Command.LockedUnlock, { expectChange: false });
    await t.waitForFrame('1 Apps');
    t.write('j');
    await t.waitFor('coffer › web');
  });
});

describe('settings', () => {
  it('edits the clipboard time from :settings and stores it in the vault', async () => {
    const t = await open();
    await t.press(Command.Palette);
    await t.type('settings');
    await t.press(Command.CommandLineRun);
    await t.waitFor('Settings (kept in the vault');
    await t.type('\u007f');
    await t.type('\u007f');
    await t.type('90');
    await t.press(Command.SettingsSave);
    await t.waitFor('Settings saved: clipboard clears after 90 s.');
    expect((await stored(t)).meta.settings.clipboardSeconds).toBe(90);
  });
});
