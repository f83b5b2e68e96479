// The data keys a team member holds, by scope and generation. The repository encrypts with a
// scope's current key and decrypts with whichever generation a record names; a scope it has no
// key for stays locked (its records are never decrypted). The team module fills a ring from the
// age-wrapped keys under `keys/`; StaticKeyRing is the plain in-memory ring it (and tests) use.
import { KEY_BYTES } from '../aead.js';
import type { Scope } from './layout.js';

export interface ScopeKey {
  generation: number;
  key: Uint8Array;
}

export interface TeamKeyRing {
  /** The key new records of `scope` are sealed with; undefined when this member holds none. */
  current(scope: Scope): ScopeKey | undefined;
  /** The key of one generation (older ones still open records not yet re-encrypted). */
  key(scope: Scope, generation: number): Uint8Array | undefined;
  /** Every scope this ring holds a key for. */
  scopes(): Scope[];
}

/**
 * A ring built from a plain map: scope → generation → 32-byte key. The highest generation of a
 * scope is its current one. Keys are copied in, so the caller may wipe its buffers.
 */
export class StaticKeyRing implements TeamKeyRing {
  readonly #keys = new Map<Scope, Map<number, Uint8Array>>();

  constructor(keys: Iterable<[Scope, Iterable<[number, Uint8Array]>]> = []) {
    for (const [scope, generations] of keys) for (const [generation, key] of generations) this.add(scope, generation, key);
  }

  /** Adds (or replaces) one generation of a scope's key. */
  add(scope: Scope, generation: number, key: Uint8Array): void {
    if (!Number.isSafeInteger(generation) || generation < 1 || generation > 0xffffffff) throw new Error(`key generation must be 1..2^32-1, got ${generation}`);
    if (key.length !== KEY_BYTES) throw new Error(`a scope key is ${KEY_BYTES} bytes, got ${key.length}`);
    let generations = this.#keys.get(scope);
    if (!generations) this.#keys.set(scope, (generations = new Map()));
    generations.set(generation, Uint8Array.from(key));
  }

  /** Forgets a scope's keys (all generations), wiping them. */
  remove(scope: Scope): void {
    for (const key of this.#keys.get(scope)?.values() ?? []) key.fill(0);
    this.#keys.delete(scope);
  }

  current(scope: Scope): ScopeKey | undefined {
    const generations = this.#keys.get(scope);
    if (!generations || generations.size === 0) return undefined;
    const generation = Math.max(...generations.keys());
    return { generation, key: generations.get(generation)! };
  }

  key(scope: Scope, generation: number): Uint8Array | undefined {
    return this.#keys.get(scope)?.get(generation);
  }

  scopes(): Scope[] {
    return [...this.#keys.keys()].sort();
  }

  /** Wipes every key it holds. */
  wipe(): void {
    for (const scope of [...this.#keys.keys()]) this.remove(scope);
  }
}
