// A save refused because someone else saved the same secret first, through the rendered app:
// the dialog shows both sides by version, author and fingerprint (never a value), and each answer
// does what it says — keep theirs, save yours as a newer version, or go back to the editor.
import { afterEach, describe, expect, it } from 'vitest';
import { currentValue, findSecret, setSecret, VaultSession } from '../../src/domain/index.js';
import type { VaultRepository } from '../../src/domain/index.js';
import { COMMIT_DEADLINE_MS } from '../../src/ui/effects/commit.js';
import { LOG_READ_MS } from '../../src/ui/effects/views.js';
import { Command } from '../../src/ui/keymap/commands.js';
import type { Harness } from '../helpers/ink.js';
import { memoryRepository, openerFor, renderApp, storedState } from '../helpers/ink.js';
import { ctx, smallVault } from './fixtures.js';
import { auditVault, testServices } from './operator-fixtures.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

/** A repository without watch(), like the local file: the other writer goes unnoticed until the save. */
function unwatched(): VaultRepository {
  const base = memoryRepository(smallVault(), ctx);
  return {
    kind: 'memory',
    location: 'test',
    load: () => base.load(),
    commit: (r) => base.commit(r),
    readAudit: (q) => base.readAudit(q),
    verifyAudit: () => base.verifyAudit(),
    fingerprint: (v) => base.fingerprint(v),
    close: () => base.close(),
  };
}

/** TOKEN being edited to `mine` while bob saves `theirs`, then enter: the conflict dialog. */
async function conflicted(repository: VaultRepository): Promise<Harness> {
  app = await renderApp({ opener: openerFor(repository), context: ctx });
  const t = app;
  await t.waitFor('1 Apps');
  await t.press(Command.MoveDown);
  await t.press(Command.FocusEnvs);
  await t.press(Command.Bottom);
  await t.press(Command.FocusSecrets);
  await t.press(Command.Bottom);
  await t.press(Command.EditValue);
  await t.type('my-draft');
  const other = await VaultSession.open(repository, { ...ctx, actor: 'bob' });
  await other.apply((s, c) => setSecret(s, c, { app: 'api', env: 'production', key: 'TOKEN', value: 'bobs-value' }));
  await t.press(Command.EditorSave);
  await t.waitFor('Not saved: bob changed TOKEN first');
  return t;
}

const token = async (repository: VaultRepository) => findSecret(await storedState(repository, ctx), 'api', 'production', 'TOKEN');

describe('conflict dialog', () => {
  it('shows theirs and yours by version, author and fingerprint, never a value', async () => {
    const repository = unwatched();
    const t = await conflicted(repository);
    const frame = t.frame();
    expect(frame).toMatch(/theirs\s+v4 · just now by bob · •+ 10 chars · print \w+/);
    expect(frame).toMatch(/yours\s+•+ 8 chars · print \w+/);
    expect(frame).toContain(`print ${repository.fingerprint('bobs-value')}`);
    expect(frame).toContain(`print ${repository.fingerprint('my-draft')}`);
    expect(frame).not.toContain('bobs-value');
    expect(frame).not.toContain('my-draft');
    expect(frame).toContain('m save yours as v5');
    expect(currentValue(await token(repository))).toBe('bobs-value');
  });

  it('t keeps theirs: nothing of yours is written and the columns show their version', async () => {
    const repository = unwatched();
    const t = await conflicted(repository);
    await t.press(Command.ConflictKeepTheirs);
    await t.waitFor('Kept theirs: TOKEN v4 by bob');
    expect(t.frame()).toContain('TOKEN › v4');
    const secret = await token(repository);
    expect(secret.versions.map((v) => v.value)).not.toContain('my-draft');
  });

  it('m saves yours as a newer version on top of theirs', async () => {
    const repository = unwatched();
    const t = await conflicted(repository);
    await t.press(Command.ConflictSaveMine);
    await t.waitFor("Saved yours as TOKEN v5, over bob's v4");
    const secret = await token(repository);
    expect(currentValue(secret)).toBe('my-draft');
    expect(secret.versions.find((v) => v.n === 4)?.value).toBe('bobs-value');
  });

  it('esc goes back to the editor with the draft, which says saving asks again', async () => {
    const repository = unwatched();
    const t = await conflicted(repository);
    await t.press(Command.ConflictCancel);
    await t.waitFor('bob saved v4 meanwhile: saving asks what to do');
    await t.press(Command.EditorToggleTyping);
    expect(t.frame()).toContain('my-draft');
    await t.press(Command.EditorSave);
    await t.waitFor('Not saved: bob changed TOKEN first');
    expect(currentValue(await token(repository))).toBe('bobs-value');
  });
});

describe('a rotation of marked rows racing a teammate', () => {
  it('shows only the secret they changed, and m rotates all of them on top of theirs', async () => {
    app = await renderApp({ vault: auditVault(), context: ctx, services: testServices() });
    const t = app;
    await t.waitFor('1 Apps');
    await t.press(Command.MoveDown); // api
    await t.press(Command.FocusEnvs);
    await t.press(Command.Bottom);
    await t.press(Command.MoveUp); // staging
    await t.press(Command.FocusSecrets);
    await t.press(Command.Bottom); // TOKEN
    await t.press(Command.Mark);
    await t.press(Command.MoveUp);
    await t.press(Command.Mark); // DATABASE_URL
    await t.press(Command.Rotate);
    await t.press(Command.RotateSave);
    await t.waitFor('Rotate 2 secrets in api/staging?');
    const bob = await VaultSession.open(t.repository!, { ...ctx, actor: 'bob' });
    await bob.apply((s, c) => setSecret(s, c, { app: 'api', env: 'staging', key: 'TOKEN', value: 'bobs-token' }));
    await t.waitFor('TOKEN changed by bob (v2).');
    await t.press(Command.ConfirmYes);
    const frame = await t.waitFor('Not saved: bob changed TOKEN first');
    expect(frame).toMatch(/theirs\s+v2 · just now by bob/);
    expect(frame).not.toMatch(/DATABASE_URL: |theirs\s+v1/);
    await t.press(Command.ConflictSaveMine);
    await t.waitFor("Saved yours over bob's change.");
    const vault = await storedState(t.repository!, ctx);
    expect(findSecret(vault, 'api', 'staging', 'TOKEN').versions.map((v) => [v.n, v.author])).toEqual([[1, 'tester'], [2, 'bob'], [3, 'tester']]);
    expect(currentValue(findSecret(vault, 'api', 'staging', 'DATABASE_URL'))).not.toBe('postgres://staging');
  });
});

describe('calls that do not answer', () => {
  it('stops waiting after the deadline, says the outcome is unknown, and shows the save if it lands later', async () => {
    const base = memoryRepository(smallVault(), ctx);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const repository: VaultRepository = {
      kind: 'memory',
      location: 'test',
      load: () => base.load(),
      commit: async (r) => {
        await gate;
        return base.commit(r);
      },
      readAudit: (q) => base.readAudit(q),
      verifyAudit: () => base.verifyAudit(),
      fingerprint: (v) => base.fingerprint(v),
      close: () => base.close(),
    };
    app = await renderApp({ opener: openerFor(repository), context: ctx });
    const t = app;
    await t.waitFor('1 Apps');
    await t.press(Command.MoveDown);
    await t.press(Command.FocusEnvs);
    await t.press(Command.Bottom);
    await t.press(Command.FocusSecrets);
    await t.press(Command.Bottom);
    await t.press(Command.EditValue);
    await t.type('slow-value');
    await t.press(Command.EditorSave);
    await t.waitFor('Saving…');
    t.clock.advance(COMMIT_DEADLINE_MS);
    await t.waitFor('Saving TOKEN: no answer within 30 s. It may still be saved');
    release();
    await t.waitFor('TOKEN › v4');
    expect(currentValue(await token(repository))).toBe('slow-value');
  });

  it('stops waiting for the audit log after its deadline, saying so', async () => {
    const base = memoryRepository(smallVault(), ctx);
    const repository: VaultRepository = {
      kind: 'memory',
      location: 'test',
      load: () => base.load(),
      commit: (r) => base.commit(r),
      readAudit: () => new Promise(() => undefined),
      verifyAudit: () => base.verifyAudit(),
      fingerprint: (v) => base.fingerprint(v),
      close: () => base.close(),
    };
    app = await renderApp({ opener: openerFor(repository), context: ctx });
    const t = app;
    await t.waitFor('1 Apps');
    await t.press(Command.Palette);
    await t.type('log all');
    await t.press(Command.CommandLineRun);
    await t.waitFor('Reading the audit log…');
    t.clock.advance(LOG_READ_MS);
    await t.waitFor(`Reading the audit log: no answer within ${LOG_READ_MS / 1000} s.`);
  });
});
