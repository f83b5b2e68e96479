// Start-up screens against fake openers: silent keychain unlock, the passphrase/recovery screen
// with the keychain's reason, first-run creation with the recovery code shown once, and the
// error screen for a damaged vault (never opened as empty).
import { afterEach, describe, expect, it } from 'vitest';
import { newVaultRecords } from '../../src/domain/index.js';
import type { RecordChange, UnlockMethod, VaultOpener, VaultRepository } from '../../src/domain/index.js';
import { MemoryVaultRepository } from '../../src/store/memory-repository.js';
import { KeychainUnavailableError, TamperedVaultError, UnsupportedVersionError, WrongKeyError } from '../../src/store/errors.js';
import { Command } from '../../src/ui/keymap/commands.js';
import { TUI_EXIT } from '../../src/ui/exit-codes.js';
import type { Harness } from '../helpers/ink.js';
import { renderApp } from '../helpers/ink.js';
import { ctx } from './fixtures.js';

let app: Harness | undefined;
afterEach(() => app?.unmount());

interface FakeOptions {
  exists?: boolean;
  keychain?: () => Error | undefined;
  passphrase?: string;
  recoveryCode?: string;
  slots?: UnlockMethod[];
}

/** An opener whose behaviour each test chooses; records what it was asked. */
function fakeOpener(options: FakeOptions = {}) {
  const repository = (initial: RecordChange[] = newVaultRecords(ctx, 'v')) => new MemoryVaultRepository({ initial, actor: ctx.actor });
  const calls: string[] = [];
  const created: { useKeychain: boolean; passphrase?: string }[] = [];
  const opener: VaultOpener = {
    location: '/home/op/.local/share/coffer/vault.coffer',
    exists: async () => options.exists ?? true,
    slots: async () => options.slots ?? ['keychain', 'passphrase', 'recovery'],
    unlockWithKeychain: async () => {
      calls.push('keychain');
      const error = options.keychain?.();
      if (error) throw error;
      return repository();
    },
    unlockWithPassphrase: async (p) => {
      calls.push(`passphrase:${p}`);
      if (p !== options.passphrase) throw new WrongKeyError('passphrase');
      return repository();
    },
    unlockWithRecoveryCode: async (c) => {
      calls.push(`recovery:${c}`);
      if (c !== options.recoveryCode) throw new WrongKeyError('recovery');
      return repository();
    },
    create: async ({ useKeychain, passphrase, initial }): Promise<{ repository: VaultRepository; recoveryCode: string }> => {
      created.push(passphrase === undefined ? { useKeychain } : { useKeychain, passphrase });
      return { repository: repository(initial), recoveryCode: 'ABCD-EFGH-IJKL-MNOP' };
    },
  };
  return { opener, calls, created };
}

async function start(opener: VaultOpener): Promise<Harness> {
  app = await renderApp({ opener, context: ctx });
  return app;
}

describe('unlock', () => {
  it('unlocks silently with the keychain', async () => {
    const fake = fakeOpener();
    const t = await start(fake.opener);
    await t.waitFor('1 Apps');
    expect(fake.calls).toEqual(['keychain']);
    expect(t.frame()).not.toContain('passphrase');
  });

  it('asks for the passphrase, saying why the keychain did not work, and retries a wrong one', async () => {
    const fake = fakeOpener({ keychain: () => new KeychainUnavailableError('no-secret-service'), passphrase: 'correct horse' });
    const t = await start(fake.opener);
    await t.waitFor('The OS keychain did not unlock it: No OS keychain is reachable');
    await t.type('wrong');
    expect(t.frame()).toContain('•••••');
    expect(t.frame()).not.toContain('wrong');
    await t.press(Command.UnlockSubmit);
    await t.waitFor('That passphrase does not unlock this vault.');
    await t.type('correct horse');
    await t.press(Command.UnlockSubmit);
    await t.waitFor('1 Apps');
    expect(fake.calls).toEqual(['keychain', 'passphrase:wrong', 'passphrase:correct horse']);
  });

  it('switches to the recovery code with tab', async () => {
    const fake = fakeOpener({ keychain: () => new KeychainUnavailableError('entry-missing'), recoveryCode: 'R-1' });
    const t = await start(fake.opener);
    await t.waitFor('passphrase:');
    await t.press(Command.UnlockSwitchMethod);
    await t.waitFor('recovery code:');
    await t.type('R-1');
    await t.press(Command.UnlockSubmit);
    await t.waitFor('1 Apps');
  });

  it('offers only the recovery code to a vault without a passphrase slot', async () => {
    const fake = fakeOpener({ keychain: () => new KeychainUnavailableError('timeout'), slots: ['keychain', 'recovery'] });
    const t = await start(fake.opener);
    await t.waitFor('recovery code:');
    expect(t.frame()).not.toContain('tab: use');
  });
});

describe('first run', () => {
  it('creates a vault with the keychain and shows the recovery code once', async () => {
    const fake = fakeOpener({ exists: false });
    const t = await start(fake.opener);
    await t.waitFor('Create one?');
    expect(t.frame()).toContain('[x] keep its key in the OS keychain');
    await t.press(Command.CreateSubmit);
    await t.waitFor('ABCD-EFGH-IJKL-MNOP');
    expect(fake.created).toEqual([{ useKeychain: true }]);
    await t.press(Command.RecoveryContinue);
    await t.waitFor('1 Apps');
    expect(t.frame()).not.toContain('ABCD-EFGH-IJKL-MNOP');
  });

  it('needs a passphrase without the keychain, typed twice alike', async () => {
    const fake = fakeOpener({ exists: false });
    const t = await start(fake.opener);
    await t.waitFor('Create one?');
    await t.press(Command.CreateToggleKeychain);
    await t.waitFor('[ ] keep its key');
    await t.press(Command.CreateSubmit);
    await t.waitFor('Without the OS keychain, a passphrase is needed');
    await t.type('s3cret pass');
    await t.press(Command.CreateSubmit);
    await t.waitFor('again:');
    await t.type('s3cret typo');
    await t.press(Command.CreateSubmit);
    await t.waitFor('The two passphrases differ');
    await t.type('s3cret pass');
    await t.press(Command.CreateSubmit);
    await t.waitFor('Your recovery code');
    expect(fake.created).toEqual([{ useKeychain: false, passphrase: 's3cret pass' }]);
  });

  it('leaves without creating anything on esc', async () => {
    const fake = fakeOpener({ exists: false });
    const t = await start(fake.opener);
    await t.waitFor('Create one?');
    await t.press(Command.CreateCancel, { expectChange: false });
    expect(t.exitCode()).toBe(TUI_EXIT.cancelled);
    expect(fake.created).toEqual([]);
  });
});

describe('damaged vaults', () => {
  it.each([
    ['tampered', () => new TamperedVaultError('/v/vault.coffer'), 'failed its integrity check'],
    ['newer format', () => new UnsupportedVersionError('/v/vault.coffer', 9), 'made by a newer coffer'],
  ])('a %s vault stops at the error screen and is never opened as empty', async (_what, error, text) => {
    const fake = fakeOpener({ keychain: error });
    const t = await start(fake.opener);
    await t.waitFor('coffer cannot open this vault');
    expect(t.frame()).toContain(text);
    expect(t.frame()).toContain('not opened as empty');
    expect(t.frame()).not.toContain('1 Apps');
    await t.press(Command.ErrorQuit, { expectChange: false });
    expect(t.exitCode()).toBe(TUI_EXIT.integrity);
  });

  it('also after a passphrase unlock', async () => {
    const fake = fakeOpener({ keychain: () => new KeychainUnavailableError('locked-or-denied'), passphrase: 'p' });
    fake.opener.unlockWithPassphrase = async () => {
      throw new TamperedVaultError('/v/vault.coffer');
    };
    const t = await start(fake.opener);
    await t.waitFor('passphrase:');
    await t.type('p');
    await t.press(Command.UnlockSubmit);
    await t.waitFor('coffer cannot open this vault');
  });
});
