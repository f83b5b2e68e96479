// Test doubles for the operator workflows: deterministic randomness, a clipboard that remembers,
// a fingerprint that needs no key, and a vault with values shared across environments.
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { addApp, setSecret } from '../../src/domain/index.js';
import type { Randomness, VaultState } from '../../src/domain/index.js';
import type { ClipboardPort } from '../../src/ui/clipboard/guard.js';
import type { UiServices } from '../../src/ui/services.js';
import { apply, ctx, smallVault } from './fixtures.js';

/** A small xorshift generator: the same bytes for the same seed, so generated values are known. */
export function seededRandom(seed = 42): Randomness {
  let x = seed >>> 0 || 1;
  return {
    randomBytes(count) {
      const bytes = new Uint8Array(count);
      for (let i = 0; i < count; i++) {
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        bytes[i] = x & 0xff;
      }
      return bytes;
    },
  };
}

export function testServices(seed = 42): UiServices {
  return { random: seededRandom(seed), loadWordlist: async () => wordlist };
}

/** Holds one text like a system clipboard; records what coffer did to it. */
export class FakeClipboard implements ClipboardPort {
  text = '';
  writes: string[] = [];
  constructor(private readonly via = 'xclip') {}
  async write(text: string) {
    this.text = text;
    this.writes.push(text);
    return { via: this.via };
  }
  async clearIfHolds(text: string) {
    if (this.text !== text) return false;
    this.text = '';
    return true;
  }
}

export const fakeFingerprint = (value: string): string => `fp:${value}`;

/**
 * smallVault plus: api/staging's TOKEN holds production's value (a reuse the audit must find),
 * and api/development has PORT only.
 */
export function auditVault(): VaultState {
  return apply(
    smallVault(),
    (s) => setSecret(s, ctx, { app: 'api', env: 'staging', key: 'TOKEN', value: 'token-3' }),
    (s) => setSecret(s, ctx, { app: 'api', env: 'development', key: 'PORT', value: '3000', meta: { type: 'config' } }),
    (s) => addApp(s, ctx, { name: 'solo', envs: ['only'] }),
  );
}
