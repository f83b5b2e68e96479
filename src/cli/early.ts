// What bin/coffer.cjs runs before it loads the CLI's bundle (dist/early.cjs, ~10 KiB): the
// keychain read of a command that will unlock a vault from the keychain. That read waits
// ~20 ms on D-Bus (connecting, opening a Secret Service session); begun here it runs while the
// bundle loads (~25 ms) instead of after, and the unlock finds the answer waiting. main() hands
// it to the OsKeychain (adopt), which bounds and classifies it like any keychain call.
//
// A guess from the command line, as in peek.ts: a wrong one costs one keychain read, since the
// unlock takes an answer only for the vault it opens. Nothing here throws or prints: a missing
// vault, a damaged header or a keychain library that will not load is left for the unlock to
// report, in its words.
import { createRequire } from 'node:module';
import { KEYCHAIN_SERVICE, keytarShape } from '../store/keychain.js';
import { keychainAccountOf } from '../store/keychain-account.js';
import { resolveVaultPath } from '../store/location.js';
import { keychainUnlockAhead } from './peek.js';

export interface KeychainReadAhead {
  /** The vault's fileId: the keychain account read. */
  readonly account: string;
  /** keytar's own answer, unbounded and unclassified: OsKeychain.adopt adds both. */
  readonly answer: Promise<string | null>;
}

export interface EarlyStart {
  /** The keychain read begun, if this run looked like it would unlock from the keychain. */
  readonly keychainRead: KeychainReadAhead | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

export function startEarly(argv: readonly string[], env: Env = process.env, loadKeytar: () => unknown = () => createRequire(import.meta.url)('@github/keytar')): EarlyStart {
  return { keychainRead: readKeychainAhead(argv, env, loadKeytar) };
}

export function readKeychainAhead(argv: readonly string[], env: Env, loadKeytar: () => unknown): KeychainReadAhead | undefined {
  const ahead = keychainUnlockAhead(argv);
  // A team vault unlocks with the member's key, not a local vault's.
  if (!ahead || env['COFFER_TEAM']) return undefined;
  const account = keychainAccountOf(resolveVaultPath({ flag: ahead.vaultFlag, env: env as NodeJS.ProcessEnv }));
  if (account === undefined) return undefined;
  try {
    const keytar = keytarShape(loadKeytar());
    if (!keytar) return undefined;
    const answer = keytar.getPassword(KEYCHAIN_SERVICE, account);
    answer.catch(() => undefined); // the unlock that takes it reports a failure
    return { account, answer };
  } catch {
    return undefined;
  }
}
