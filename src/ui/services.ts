// What the TUI needs besides the vault, injected so tests can be deterministic: randomness and
// the word list for generated values. The defaults use the Web Crypto API that Node 20 has
// globally, and load @scure/bip39's English list only when a word passphrase is generated.
import type { Randomness } from '../domain/index.js';

export interface UiServices {
  random: Randomness;
  loadWordlist(): Promise<readonly string[]>;
}

export const defaultServices: UiServices = {
  random: { randomBytes: (count) => globalThis.crypto.getRandomValues(new Uint8Array(count)) },
  loadWordlist: async () => (await import('@scure/bip39/wordlists/english.js')).wordlist,
};
