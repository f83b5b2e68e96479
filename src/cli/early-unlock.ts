// The terminal UI's first unlock, begun before the UI's code is loaded. The UI starts by asking
// whether the vault exists and then unlocking it with the keychain; loading the UI chunk and
// drawing its first frames takes ~150 ms, and the unlock used to wait for all of it. Begun here,
// reading the vault file (I/O) overlaps that loading, and the decryption is done or under way by
// the time the UI asks. The UI's first exists() and unlockWithKeychain() get these answers —
// failures included, so it reacts exactly as it would have — and later calls (unlocking again
// after a lock) go to the opener as usual. When the unlock is done before the UI starts, the
// vault is handed to the UI already open (takeIfOpen), and its first frame is the main view.
import type { VaultOpener, VaultRepository } from '../domain/ports.js';

export interface EarlyUnlock {
  opener: VaultOpener;
  /** Settles when the early unlock has (whatever its outcome); takes nothing. */
  settled: Promise<void>;
  /**
   * The repository, if the unlock has already succeeded (and nobody took it): the caller owns it
   * from now on. Otherwise undefined, and the UI's first askers get the outcome as usual.
   */
  takeIfOpen(): VaultRepository | undefined;
  /** Closes the early repository if the UI never took it (it quit first, or never asked). */
  dispose(): Promise<void>;
}

export function unlockEarly(opener: VaultOpener): EarlyUnlock {
  const exists = opener.exists();
  const unlocked: Promise<VaultRepository | undefined> = exists.then((found) => (found ? opener.unlockWithKeychain() : undefined));
  // Handled by whoever takes them; nobody may, and that is no error.
  exists.catch(() => undefined);
  unlocked.catch(() => undefined);
  let existsTaken = false;
  let unlockTaken = false;
  let open: VaultRepository | undefined;
  unlocked.then((repository) => (open = repository), () => undefined);
  return {
    opener: {
      location: opener.location,
      exists: () => {
        if (existsTaken) return opener.exists();
        existsTaken = true;
        return exists;
      },
      unlockWithKeychain: () => {
        if (unlockTaken) return opener.unlockWithKeychain();
        unlockTaken = true;
        return unlocked.then((repository) => repository ?? opener.unlockWithKeychain());
      },
      slots: () => opener.slots(),
      unlockWithPassphrase: (passphrase) => opener.unlockWithPassphrase(passphrase),
      unlockWithRecoveryCode: (code) => opener.unlockWithRecoveryCode(code),
      create: (options) => opener.create(options),
    },
    settled: unlocked.then(
      () => undefined,
      () => undefined,
    ),
    takeIfOpen() {
      if (unlockTaken || !open) return undefined;
      unlockTaken = true;
      return open;
    },
    async dispose() {
      if (unlockTaken) return;
      unlockTaken = true;
      await (await unlocked.catch(() => undefined))?.close();
    },
  };
}
