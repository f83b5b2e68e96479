// AES-256-GCM with the two traps of node:crypto closed: the tag length is always pinned to 16
// bytes (Node 20 otherwise accepts a truncated tag), and no plaintext is returned before
// `final()` has authenticated the whole message.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface Sealed {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Encrypts under a fresh random IV, or under `iv` when the caller must know it in advance (the
 * payload's IV goes into the header, which is itself the associated data). Never reuse an IV
 * with the same key.
 */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, iv: Buffer = randomBytes(IV_BYTES)): Sealed {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** Input is handed to the cipher in pieces of about this size: big enough to amortise each call,
 * small enough to stay in cache (measured faster than one 17 MB call or 10,000 small ones). */
const SEAL_BATCH_BYTES = 1 << 20;

/**
 * Encrypts a payload given as many pieces (a vault's records) without first joining them into one
 * buffer; returns the ciphertext as pieces too. Same IV rule as seal().
 */
export function sealPieces(key: Uint8Array, pieces: readonly Buffer[], aad: Uint8Array, iv: Buffer): { ciphertext: Buffer[]; tag: Buffer } {
  const lazy = sealPiecesLazily(key, pieces, aad, iv);
  const ciphertext = [...lazy.ciphertext];
  return { ciphertext, tag: lazy.tag() };
}

/**
 * Like sealPieces, but each batch is encrypted only when the result is iterated, so a writer
 * that writes batch by batch never holds the whole ciphertext (17 MB for 10,000 secrets × 10
 * versions). The cipher takes the key now: it may be wiped once this returns. tag() is known
 * once the ciphertext has been iterated to its end.
 */
export function sealPiecesLazily(key: Uint8Array, pieces: Iterable<Buffer>, aad: Uint8Array, iv: Buffer): { ciphertext: Iterable<Buffer>; tag(): Buffer } {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  let tag: Buffer | undefined;
  function* ciphertext(): Generator<Buffer> {
    // Small pieces are gathered in one reused buffer (wiped at the end: it holds plaintext), so
    // sealing a large vault does not leave a second copy of it behind as garbage.
    const batch = Buffer.allocUnsafeSlow(SEAL_BATCH_BYTES);
    let batchBytes = 0;
    try {
      for (const piece of pieces) {
        if (batchBytes + piece.length > SEAL_BATCH_BYTES && batchBytes > 0) {
          yield cipher.update(batch.subarray(0, batchBytes));
          batchBytes = 0;
        }
        if (piece.length >= SEAL_BATCH_BYTES) yield cipher.update(piece);
        else {
          piece.copy(batch, batchBytes);
          batchBytes += piece.length;
        }
      }
      if (batchBytes > 0) yield cipher.update(batch.subarray(0, batchBytes));
    } finally {
      batch.fill(0);
    }
    const last = cipher.final();
    tag = cipher.getAuthTag();
    if (last.length > 0) yield last;
  }
  return {
    ciphertext: { [Symbol.iterator]: ciphertext },
    tag() {
      if (!tag) throw new Error('sealPiecesLazily: the tag is known only once the ciphertext has been read to its end');
      return tag;
    },
  };
}

/** Thrown by `open` when the key is wrong or anything authenticated was changed. */
export class AuthenticationFailed extends Error {
  constructor() {
    super('AES-GCM authentication failed');
  }
}

/** Decrypts and authenticates; throws AuthenticationFailed, never returns unauthenticated bytes. */
export function open(key: Uint8Array, sealed: Sealed, aad: Uint8Array): Buffer {
  if (key.length !== KEY_BYTES || sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) {
    throw new AuthenticationFailed();
  }
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.tag);
  // update() hands out plaintext before the tag is checked: keep it private until final() passes.
  const body = decipher.update(sealed.ciphertext);
  try {
    decipher.final();
  } catch {
    body.fill(0);
    throw new AuthenticationFailed();
  }
  return body;
}

export function randomKey(): Buffer {
  return randomBytes(KEY_BYTES);
}
