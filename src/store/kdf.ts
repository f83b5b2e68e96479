// Key-encryption keys for the passphrase and recovery slots.
//
// scrypt parameters come from the file, so they are checked BEFORE deriving: a crafted header
// must not be able to make coffer derive a weak key (low N) or spin and swap for minutes (huge
// N, r, p). Bounds:
//   N a power of two in [2^14, 2^20]; r in [8, 32]; p in [1, 16]; salt >= 16 bytes;
//   memory 128·N·r <= 1 GiB; work N·r·p <= 2^24 (16× the default, ~7 s on a slow machine).
import { hkdfSync, randomBytes, scrypt } from 'node:crypto';
import { KEY_BYTES } from './aead.js';
import { UnsafeKdfParamsError } from './errors.js';
import { MIN_SALT_BYTES } from './header.js';
import type { HkdfParams, ScryptParams } from './header.js';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** What new passphrase slots use: ~0.45 s on the machines coffer targets. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

export const SCRYPT_BOUNDS = {
  minN: 2 ** 14,
  maxN: 2 ** 20,
  minR: 8,
  maxR: 32,
  minP: 1,
  maxP: 16,
  maxMemoryBytes: 2 ** 30,
  maxWork: 2 ** 24,
} as const;

/** Throws UnsafeKdfParamsError naming the first parameter out of bounds. */
export function checkScryptParams(path: string, params: ScryptParams): void {
  const { N, r, p } = params;
  const b = SCRYPT_BOUNDS;
  if (!Number.isSafeInteger(N) || N < b.minN || N > b.maxN || (N & (N - 1)) !== 0) {
    throw new UnsafeKdfParamsError(path, `scrypt N (${N}) is not a power of two between 2^14 and 2^20`);
  }
  if (!Number.isSafeInteger(r) || r < b.minR || r > b.maxR) {
    throw new UnsafeKdfParamsError(path, `scrypt r (${r}) is outside ${b.minR}–${b.maxR}`);
  }
  if (!Number.isSafeInteger(p) || p < b.minP || p > b.maxP) {
    throw new UnsafeKdfParamsError(path, `scrypt p (${p}) is outside ${b.minP}–${b.maxP}`);
  }
  if (scryptMemory({ N, r, p }) > b.maxMemoryBytes) {
    throw new UnsafeKdfParamsError(path, `scrypt parameters need more than 1 GiB of memory`);
  }
  if (N * r * p > b.maxWork) {
    throw new UnsafeKdfParamsError(path, `scrypt parameters ask for more than 16 times the default work`);
  }
  if (Buffer.from(params.salt, 'base64').length < MIN_SALT_BYTES) {
    throw new UnsafeKdfParamsError(path, `scrypt salt is shorter than ${MIN_SALT_BYTES} bytes`);
  }
}

/**
 * Checks every passphrase slot an unlock may try, and their work together: one slot at the cap
 * is ~7 s, but a crafted header with 16 of them would make a wrong passphrase cost minutes.
 */
export function checkScryptSlots(path: string, params: readonly ScryptParams[]): void {
  for (const p of params) checkScryptParams(path, p);
  const total = params.reduce((sum, { N, r, p }) => sum + N * r * p, 0);
  if (total > SCRYPT_BOUNDS.maxWork) {
    throw new UnsafeKdfParamsError(path, `${params.length} passphrase slots together ask for more than 16 times the default work`);
  }
}

/** Fresh parameters (new salt) for a new passphrase slot. Refuses costs below the floor. */
export function newScryptParams(cost: ScryptCost = DEFAULT_SCRYPT_COST): ScryptParams {
  const params: ScryptParams = { name: 'scrypt', ...cost, salt: randomBytes(MIN_SALT_BYTES).toString('base64') };
  checkScryptParams('the new passphrase slot', params);
  return params;
}

/** Derives a passphrase slot's key-encryption key. Call checkScryptParams first. */
export function deriveScryptKey(passphrase: string, params: ScryptParams): Promise<Buffer> {
  const { N, r, p } = params;
  return new Promise((resolve, reject) => {
    // NFC so the same passphrase typed on different systems derives the same key.
    scrypt(passphrase.normalize('NFC'), Buffer.from(params.salt, 'base64'), KEY_BYTES, { N, r, p, maxmem: scryptMemory(params) + 2 ** 20 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export function newHkdfParams(): HkdfParams {
  return { name: 'hkdf-sha256', salt: randomBytes(MIN_SALT_BYTES).toString('base64') };
}

/**
 * Derives a recovery slot's key-encryption key. HKDF, not a slow KDF: the recovery code has 140
 * bits of entropy, so there is nothing for a slow hash to protect.
 */
export function deriveRecoveryKey(canonicalCode: string, params: HkdfParams): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(canonicalCode, 'utf8'), Buffer.from(params.salt, 'base64'), 'coffer/recovery-slot/v1', KEY_BYTES));
}

function scryptMemory({ N, r }: ScryptCost): number {
  return 128 * N * r;
}
