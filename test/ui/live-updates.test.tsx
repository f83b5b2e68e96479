// Someone else's save reaching an open TUI without a key pressed (the memory repository watches,
// like etcd): the status line names the secret, who changed it and the new version, the row is
// marked for a moment, the selection stays on the same names, and an open editor keeps its draft.
import { afterEach, describe, expect, it } from 'vitest';
import { setSecret, VaultSession } from '../../src/domain/index.js';
import { Command } from '../../src/ui/keymap/commands.js';
import { CHANGED_MARK_MS } from '../../src/ui/state/commands/live.js';
import type { Harness } from '../helpers/ink.js';
import { renderApp } from '../helpers/ink.js';
import { ctx, smallVault } from './fixtures.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

async function onPort(): Promise<Harness> {
  app = await renderApp({ vault: smallVault(), context: ctx });
  const t = app;
  await t.waitFor('1 Apps');
  await t.press(Command.MoveDown);
  await t.press(Command.FocusEnvs);
  await t.press(Command.Bottom);
  await t.press(Command.FocusSecrets);
  await t.press(Command.MoveDown); // PORT
  await t.waitFor('coffer › api › production › PORT › v1');
  return t;
}

async function bobSets(t: Harness, key: string, value: string): Promise<void> {
  const bob = await VaultSession.open(t.repository!, { ...ctx, actor: 'bob' });
  await bob.apply((s, c) => setSecret(s, c, { app: 'api', env: 'production', key, value }));
}

describe('live updates', () => {
  it('shows a teammate’s save without a key pressed, says who, marks the row, keeps the selection', async () => {
    const t = await onPort();
    await bobSets(t, 'TOKEN', 'token-4');
    const frame = await t.waitFor('TOKEN changed by bob (v4).');
    expect(frame).toMatch(/TOKEN\s+↻ v4/);
    expect(frame).toContain('coffer › api › production › PORT › v1');
    t.clock.advance(CHANGED_MARK_MS);
    await t.waitFor(/TOKEN\s+v4/);
    expect(t.frame()).not.toContain('↻');
  });

  it('follows the selected secret to the teammate’s new version', async () => {
    const t = await onPort();
    await bobSets(t, 'PORT', '9090');
    await t.waitFor('PORT changed by bob (v2).');
    expect(t.frame()).toContain('coffer › api › production › PORT › v2');
    expect(t.frame()).toMatch(/value\s+9090/);
  });

  it('never clobbers an open editor: the draft stays and the editor says saving will ask', async () => {
    const t = await onPort();
    await t.press(Command.MoveDown); // SEALED_KEY
    await t.press(Command.MoveDown); // TOKEN
    await t.press(Command.EditValue);
    await t.type('my-draft');
    await bobSets(t, 'TOKEN', 'token-4');
    await t.waitFor('bob saved v4 meanwhile: saving asks what to do.');
    expect(t.frame()).toContain('8 chars');
    expect(t.frame()).toContain('Edit TOKEN (started from v3)');
    expect(t.frame()).not.toContain('saving makes v4');
    await t.press(Command.EditorSave);
    await t.waitFor('Not saved: bob changed TOKEN first');
  });

  it('says nothing for this operator’s own saves', async () => {
    const t = await onPort();
    await t.press(Command.EditValue);
    await t.type('8081');
    await t.press(Command.EditorSave);
    await t.waitFor('Saved PORT v2');
    expect(t.frame()).not.toContain('changed by');
  });
});
