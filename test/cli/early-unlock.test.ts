// The TUI's first unlock begins before the UI loads (src/cli/early-unlock.ts): the UI's first
// exists() and unlockWithKeychain() must get exactly what the opener said — answers and
// failures — without asking it twice, later calls must reach the opener, and a repository the UI
// never took must be closed.
import { describe, expect, it } from 'vitest';
import { newVaultRecords } from '../../src/domain/index.js';
import type { VaultOpener, VaultRepository } from '../../src/domain/index.js';
import { unlockEarly } from '../../src/cli/early-unlock.js';
import { MemoryVaultRepository } from '../../src/store/memory-repository.js';
import { KeychainUnavailableError } from '../../src/store/errors.js';

const ctx = { actor: 'tester', now: () => new Date('2026-03-01T12:00:00.000Z') };

function countingOpener(options: { exists?: boolean; keychain?: () => Error | undefined } = {}) {
  const calls: string[] = [];
  const closed: VaultRepository[] = [];
  const repository = () => {
    const repo = new MemoryVaultRepository({ initial: newVaultRecords(ctx, 'v'), actor: ctx.actor });
    const close = repo.close.bind(repo);
    repo.close = async () => {
      closed.push(repo);
      await close();
    };
    return repo;
  };
  const opener: VaultOpener = {
    location: '/v/vault.coffer',
    exists: async () => {
      calls.push('exists');
      return options.exists ?? true;
    },
    slots: async () => ['keychain', 'recovery'],
    unlockWithKeychain: async () => {
      calls.push('keychain');
      const error = options.keychain?.();
      if (error) throw error;
      return repository();
    },
    unlockWithPassphrase: async () => {
      calls.push('passphrase');
      return repository();
    },
    unlockWithRecoveryCode: async () => {
      calls.push('recovery');
      return repository();
    },
    create: async () => {
      throw new Error('exists');
    },
  };
  return { opener, calls, closed };
}

describe('unlockEarly', () => {
  it('asks once, before anyone does, and hands the first askers those answers', async () => {
    const fake = countingOpener();
    const early = unlockEarly(fake.opener);
    await early.settled;
    expect(fake.calls).toEqual(['exists', 'keychain']);
    expect(await early.opener.exists()).toBe(true);
    const repository = await early.opener.unlockWithKeychain();
    expect(fake.calls).toEqual(['exists', 'keychain']);
    // Later askers (an unlock after a lock) reach the opener.
    expect(await early.opener.exists()).toBe(true);
    expect(await early.opener.unlockWithKeychain()).not.toBe(repository);
    expect(fake.calls).toEqual(['exists', 'keychain', 'exists', 'keychain']);
    await early.dispose();
    expect(fake.closed).toEqual([]); // the UI owns what it took
  });

  it('hands on the keychain’s failure to the first asker, unhandled by nobody', async () => {
    const failure = new KeychainUnavailableError('locked-or-denied');
    const fake = countingOpener({ keychain: () => failure });
    const early = unlockEarly(fake.opener);
    await early.settled;
    await expect(early.opener.unlockWithKeychain()).rejects.toBe(failure);
    await expect(early.opener.unlockWithPassphrase('p')).resolves.toBeDefined();
  });

  it('does not unlock a vault that does not exist', async () => {
    const fake = countingOpener({ exists: false });
    const early = unlockEarly(fake.opener);
    await early.settled;
    expect(await early.opener.exists()).toBe(false);
    expect(fake.calls).toEqual(['exists']);
    await early.dispose();
  });

  it('closes the repository when the UI never took it', async () => {
    const fake = countingOpener();
    const early = unlockEarly(fake.opener);
    await early.dispose();
    expect(fake.closed).toHaveLength(1);
    // Asked after that, the opener unlocks afresh rather than handing out a closed repository.
    await early.opener.unlockWithKeychain();
    expect(fake.calls).toEqual(['exists', 'keychain', 'keychain']);
  });

  it('hands over the repository once it is open, and leaves a failure or a slow unlock to the UI', async () => {
    const fake = countingOpener();
    const early = unlockEarly(fake.opener);
    expect(early.takeIfOpen()).toBeUndefined(); // not yet
    await early.settled;
    const repository = early.takeIfOpen();
    expect(repository).toBeDefined();
    expect(early.takeIfOpen()).toBeUndefined(); // once
    await early.opener.unlockWithKeychain(); // a later unlock asks the opener
    expect(fake.calls).toEqual(['exists', 'keychain', 'keychain']);
    await early.dispose();
    expect(fake.closed).toEqual([]); // the taker owns it

    const failing = unlockEarly(countingOpener({ keychain: () => new KeychainUnavailableError('timeout') }).opener);
    await failing.settled;
    expect(failing.takeIfOpen()).toBeUndefined();
    await expect(failing.opener.unlockWithKeychain()).rejects.toBeInstanceOf(KeychainUnavailableError);
  });
});
