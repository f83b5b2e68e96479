// Secrets are read from the vault when first shown, so a damaged record can turn up after the
// main screen is open: it must end at the error screen naming the record (exit 7), as a damaged
// vault does at unlock — never as a crash, and never as data on screen.
import { afterEach, describe, expect, it } from 'vitest';
import { secretId } from '../../src/domain/index.js';
import type { LoadedVault, VaultRepository, VaultState } from '../../src/domain/index.js';
import { CorruptVaultError } from '../../src/store/errors.js';
import { TUI_EXIT } from '../../src/ui/exit-codes.js';
import { Command } from '../../src/ui/keymap/commands.js';
import type { Harness } from '../helpers/ink.js';
import { memoryRepository, openerFor, renderApp } from '../helpers/ink.js';
import { bigVault, ctx } from './fixtures.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

/** A repository whose record `damaged` fails to parse when read, as the file store reports it. */
function withDamagedRecord(vault: VaultState, damaged: string): VaultRepository {
  const inner = memoryRepository(vault, ctx);
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property !== 'load') return Reflect.get(target, property, receiver);
      return async (): Promise<LoadedVault> => {
        const loaded = await target.load();
        const revision = loaded.records.get(damaged)!.revision;
        loaded.records.set(damaged, {
          get record(): never {
            throw new CorruptVaultError('/v/vault.coffer', `its record ${damaged} is not valid (written by an incompatible tool?)`);
          },
          revision,
        });
        return loaded;
      };
    },
  });
}

async function openBig(damagedKey: string): Promise<Harness> {
  const repository = withDamagedRecord(bigVault(40), secretId('big', 'production', damagedKey));
  app = await renderApp({ opener: openerFor(repository), context: ctx });
  await app.waitFor('1 Apps');
  return app;
}

async function expectErrorScreen(t: Harness, key: string): Promise<void> {
  await t.waitFor('coffer cannot open this vault');
  expect(t.frame()).toContain(`secret:big/production/${key}`);
  expect(t.frame()).not.toContain('1 Apps');
  await t.press(Command.ErrorQuit, { expectChange: false });
  expect(t.exitCode()).toBe(TUI_EXIT.integrity);
}

describe('a damaged secret record found after opening', () => {
  it('opens, and stops at the error screen when its environment shows it', async () => {
    const t = await openBig('KEY_00002');
    await t.press(Command.MoveDown); // shared → big
    await t.press(Command.FocusEnvs);
    await t.press(Command.Bottom); // production: KEY_00002 is among the first rows
    await expectErrorScreen(t, 'KEY_00002');
  });

  it('stops at the error screen when a key moves onto it', async () => {
    const t = await openBig('KEY_00039');
    await t.press(Command.MoveDown);
    await t.press(Command.FocusEnvs);
    await t.press(Command.Bottom);
    await t.waitFor('KEY_00000');
    await t.press(Command.FocusSecrets);
    await t.press(Command.Bottom);
    await expectErrorScreen(t, 'KEY_00039');
  });
});
