// Whole flows through the rendered app (ink-testing-library) against an in-memory repository:
// commands are pressed by name and every step waits for the frame to change.
import { afterEach, describe, expect, it } from 'vitest';
import { currentValue, findSecret, setSecret } from '../../src/domain/index.js';
import type { VaultRepository } from '../../src/domain/index.js';
import { Command } from '../../src/ui/keymap/commands.js';
import { keyBytes } from '../../src/ui/keymap/keys.js';
import type { Harness } from '../helpers/ink.js';
import { renderApp, storedState } from '../helpers/ink.js';
import { apply, ctx, smallVault } from './fixtures.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

async function open(vault = smallVault()): Promise<Harness> {
  app = await renderApp({ vault, context: ctx });
  await app.waitFor('1 Apps');
  return app;
}

/** Opens api/production with TOKEN selected in the Secrets column. */
async function onToken(): Promise<Harness> {
  const t = await open();
  await t.press(Command.MoveDown); // shared → api
  await t.press(Command.FocusEnvs);
  await t.press(Command.Bottom); // production
  await t.press(Command.FocusSecrets);
  await t.press(Command.Bottom); // TOKEN (last by key)
  await t.waitFor('coffer › api › production › TOKEN › v3');
  return t;
}

async function stored(t: Harness) {
  return storedState(t.repository as VaultRepository, ctx);
}

describe('create', () => {
  it('creates an app, an environment and a secret, typing the value masked', async () => {
    const t = await open();
    await t.press(Command.New);
    await t.waitFor('New app');
    await t.type('billing');
    await t.press(Command.PromptSubmit);
    await t.waitFor('Created app billing');
    expect(t.frame()).toContain('coffer › billing');

    await t.press(Command.FocusEnvs);
    await t.press(Command.New);
    await t.type('qa');
    await t.press(Command.PromptSubmit);
    await t.waitFor('Created billing/qa');

    await t.press(Command.FocusSecrets);
    await t.press(Command.New);
    await t.type('API_KEY');
    await t.press(Command.PromptSubmit);
    await t.waitFor('its value');
    await t.type('hunter2');
    expect(t.frame()).toContain('•••••••');
    expect(t.frame()).not.toContain('hunter2');
    await t.press(Command.EditorSave);
    await t.waitFor('Created API_KEY v1');
    expect(t.frame()).toContain('coffer › billing › qa › API_KEY › v1');
    expect(currentValue(findSecret(await stored(t), 'billing', 'qa', 'API_KEY'))).toBe('hunter2');
  });

  it('takes a name typed quickly with its Enter in one read', async () => {
    const t = await open();
    await t.press(Command.New);
    await t.type('billing\r');
    await t.waitFor('Created app billing');
  });

  it('shows the domain’s reason for a bad name and keeps the prompt open', async () => {
    const t = await open();
    await t.press(Command.New);
    await t.type('Not Valid');
    await t.press(Command.PromptSubmit);
    await t.waitFor('is not valid');
    expect(t.frame()).toContain('New app');
  });
});

describe('edit and reveal', () => {
  it('edits a value masked, shows typing on tab, and saves a new version', async () => {
    const t = await onToken();
    await t.press(Command.EditValue);
    await t.waitFor('saving makes v4');
    await t.type('rotated-token');
    expect(t.frame()).not.toContain('rotated-token');
    await t.press(Command.EditorToggleTyping);
    expect(t.frame()).toContain('rotated-token');
    await t.press(Command.EditorSave);
    await t.waitFor('Saved TOKEN v4');
    expect(currentValue(findSecret(await stored(t), 'api', 'production', 'TOKEN'))).toBe('rotated-token');
  });

  it('reveals a value and masks it again after revealSeconds (injected clock)', async () => {
    const t = await onToken();
    expect(t.frame()).not.toContain('token-3');
    await t.press(Command.Reveal);
    expect(t.frame()).toContain('token-3');
    t.clock.advance(29_000);
    await t.waitFor('token-3');
    t.clock.advance(1_000);
    await t.waitFor('Masked again');
    expect(t.frame()).not.toContain('token-3');
    expect(t.frame()).toContain('••••••••••••');
  });

  it('reveals a multi-line value: as many lines as fit, then how many more — never a count in place of the value', async () => {
    const pem = '-----BEGIN KEY-----\nline-two\nline-three\nline-four\n-----END KEY-----';
    const t = await open(apply(smallVault(), (s) => setSecret(s, ctx, { app: 'api', env: 'production', key: 'TLS_KEY', value: pem, meta: { kind: 'file' } })));
    await t.press(Command.MoveDown); // shared → api
    await t.press(Command.FocusEnvs);
    await t.press(Command.Bottom); // production
    await t.press(Command.FocusSecrets);
    await t.press(Command.Bottom); // TOKEN (last by key)
    await t.press(Command.MoveUp); // TLS_KEY
    await t.waitFor('coffer › api › production › TLS_KEY › v1');
    await t.press(Command.Reveal);
    const frame = await t.waitFor('-----BEGIN KEY-----');
    const shown = ['-----BEGIN KEY-----', 'line-two', 'line-three', 'line-four', '-----END KEY-----'].filter((line) => frame.includes(line)).length;
    const more = /… (\d+) more lines? \(/.exec(frame);
    // Every line is either on screen or counted in "more", exactly once.
    expect(shown + Number(more?.[1] ?? 0)).toBe(5);
  });

  it('never shows a sealed value and shows a config value plainly', async () => {
    const t = await onToken();
    await t.press(Command.MoveUp); // SEALED_KEY
    await t.press(Command.Reveal);
    await t.waitFor('sealed secrets are never shown after saving');
    expect(t.frame()).not.toContain('never-shown');
    await t.press(Command.MoveUp); // PORT (config)
    expect(t.frame()).toMatch(/value\s+8080/);
  });
});

describe('versions', () => {
  async function onVersion1(): Promise<Harness> {
    const t = await onToken();
    await t.press(Command.FocusVersions);
    await t.press(Command.Bottom);
    await t.waitFor('TOKEN › v1');
    return t;
  }

  it('rolls back after y, and cancels on N', async () => {
    const t = await onVersion1();
    await t.press(Command.Rollback);
    await t.waitFor("v1's value becomes v4.");
    await t.press(Command.ConfirmNo);
    await t.waitFor('Cancelled: nothing changed.');
    expect(findSecret(await stored(t), 'api', 'production', 'TOKEN').versions).toHaveLength(3);

    await t.press(Command.Rollback);
    await t.press(Command.ConfirmYes);
    await t.waitFor("v1's value is now v4");
    const token = findSecret(await stored(t), 'api', 'production', 'TOKEN');
    expect(token.versions.at(-1)).toMatchObject({ n: 4, value: 'token-1', origin: { type: 'rollback', of: 1 } });
    expect(t.frame()).toContain('TOKEN › v4');
  });

  it('greys rollback of the current version with the reason', async () => {
    const t = await onToken();
    await t.press(Command.FocusVersions);
    expect(t.frame()).toContain('R: v3 is already the current version');
    await t.press(Command.Rollback);
    await t.waitFor('Rollback: v3 is already the current version.');
  });

  it('soft-deletes with the warning, then undeletes', async () => {
    const t = await onVersion1();
    await t.press(Command.Delete);
    await t.waitFor('rollbacks to v1 become impossible until it is undeleted');
    await t.press(Command.ConfirmYes);
    await t.waitFor('Deleted TOKEN v1 (u undeletes)');
    expect(findSecret(await stored(t), 'api', 'production', 'TOKEN').versions[0]?.state).toBe('deleted');
    await t.press(Command.Undelete);
    await t.waitFor('Undeleted TOKEN v1.');
    expect(findSecret(await stored(t), 'api', 'production', 'TOKEN').versions[0]?.state).toBe('live');
  });

  it('destroys only after the key name is typed', async () => {
    const t = await onVersion1();
    await t.press(Command.Destroy);
    await t.waitFor('Type TOKEN to confirm');
    await t.type('TOK');
    await t.press(Command.TypedConfirm);
    await t.waitFor('type TOKEN exactly to confirm');
    expect(findSecret(await stored(t), 'api', 'production', 'TOKEN').versions[0]?.state).toBe('live');
    await t.type('EN');
    await t.press(Command.TypedConfirm);
    await t.waitFor('Destroyed TOKEN v1');
    expect(findSecret(await stored(t), 'api', 'production', 'TOKEN').versions[0]).toMatchObject({ state: 'destroyed', value: null });
  });

  it('asks for the typed name to delete a secret in a protected environment', async () => {
    const t = await onToken();
    await t.press(Command.Delete);
    await t.waitFor('Type TOKEN to confirm');
    await t.type('y');
    await t.press(Command.TypedConfirm);
    await t.waitFor('type TOKEN exactly');
    await t.press(Command.TypedCancel);
    await t.waitFor('Cancelled');
    expect(findSecret(await stored(t), 'api', 'production', 'TOKEN')).toBeDefined();
  });

  it('asks for the typed name to delete a protected environment', async () => {
    const t = await onToken();
    await t.press(Command.FocusEnvs);
    await t.press(Command.Delete);
    await t.waitFor('Type production to confirm');
    await t.type('production');
    await t.press(Command.TypedConfirm);
    await t.waitFor('Deleted environment api/production.');
    expect((await stored(t)).apps.api?.envs.map((e) => e.name)).toEqual(['development', 'staging']);
  });
});

describe('find', () => {
  it('filters the secrets column as you type', async () => {
    const t = await onToken();
    await t.press(Command.Filter);
    await t.type('data');
    await t.waitFor('3 Secrets 1/1 /data');
    expect(t.frame()).not.toContain('TOKEN ');
    await t.press(Command.FilterClear);
    await t.waitFor('TOKEN');
    expect(t.frame()).toContain('DATABASE_URL');
  });

  it('jumps to APP/ENV from the command palette', async () => {
    const t = await open();
    await t.press(Command.Palette);
    await t.waitFor('Command palette');
    await t.press(Command.PickerChoose); // "Jump to app/environment…"
    await t.waitFor('Jump to app/environment');
    await t.press(Command.PickerMove, { times: 4 }); // shared ×3, api/development, api/staging
    await t.press(Command.PickerChoose);
    await t.waitFor('coffer › api › staging › DATABASE_URL');
    expect(t.frame()).toContain('▸3 Secrets'); // the enter that chose did not also drill in
  });

  it('opens the help overlay generated from the keymap, with greyed reasons', async () => {
    const t = await open();
    await t.press(Command.Help);
    await t.waitFor('Keys');
    expect(t.frame()).toContain('Half a page down (never deletes)');
    expect(t.frame()).toMatch(/esc\s+Back to the previous column — already in the first column/);
    await t.press(Command.HelpClose);
    await t.waitFor('1 Apps');
  });

  it('splits several keys arriving at once', async () => {
    const t = await open();
    await t.type('jj');
    await t.waitFor('coffer › web');
  });
});

describe('safety', () => {
  it('shows a hostile value as visible codes: it cannot repaint the screen', async () => {
    const hostile = '\u001b[2J\u001b[H\u001b]0;owned\u0007\u202egnp.exe';
    const vault = apply(smallVault(), (s) =>
      setSecret(s, ctx, { app: 'api', env: 'production', key: 'PORT', value: hostile, meta: { comment: 'see \u001b[31mred' } }),
    );
    const t = await open(vault);
    await t.press(Command.MoveDown);
    await t.press(Command.FocusEnvs);
    await t.press(Command.Bottom);
    await t.press(Command.FocusSecrets);
    await t.press(Command.MoveDown); // PORT
    const frame = await t.waitFor('␛[2J␛[H␛]0;owned␇⟨U+202E⟩gnp.exe');
    expect(frame).toContain('see ␛[31mred');
    expect(frame).not.toContain('\u001b[2J');
    expect(frame).not.toContain('\u001b]');
    expect(frame).not.toContain('\u202e');
  });

  it('quits with q', async () => {
    const t = await open();
    await t.press(Command.Quit, { expectChange: false });
    expect(t.exitCode()).toBe(0);
  });

  it('never deletes on ctrl-d', async () => {
    const t = await onToken();
    await t.press(Command.HalfPageDown, { key: 'ctrl-d', expectChange: false });
    expect(t.frame()).not.toMatch(/Delete|Type TOKEN/);
    expect(keyBytes('ctrl-d')).toBe('\u0004');
  });
});

describe('multi-line values', () => {
  it('edits a tls value over several lines, masked, saved with ctrl-s', async () => {
    const vault = apply(smallVault(), (s) =>
      setSecret(s, ctx, { app: 'api', env: 'production', key: 'TLS_CERT', value: 'old', meta: { kind: 'tls' } }),
    );
    const t = await open(vault);
    await t.press(Command.MoveDown);
    await t.press(Command.FocusEnvs);
    await t.press(Command.Bottom);
    await t.press(Command.FocusSecrets);
    await t.press(Command.Bottom); // TOKEN
    await t.press(Command.MoveUp); // TLS_CERT
    await t.press(Command.EditValue);
    await t.waitFor('saving makes v2');
    await t.type('-----BEGIN CERTIFICATE-----\rMIIB\r-----END CERTIFICATE-----');
    await t.waitFor('3 lines');
    expect(t.frame()).not.toContain('MIIB');
    await t.press(Command.EditorToggleTyping);
    expect(t.frame()).toContain('MIIB');
    await t.press(Command.EditorSaveLines);
    await t.waitFor('Saved TLS_CERT v2');
    expect(currentValue(findSecret(await stored(t), 'api', 'production', 'TLS_CERT'))).toBe(
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    );
  });
});
