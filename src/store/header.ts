// The vault file's header: everything needed to find and unwrap the keys, in clear (it holds no
// secret, only wrapped keys and parameters) and parsed with a schema, because it is untrusted
// input until the payload's authentication tag — which covers these exact bytes — has passed.
import { IV_BYTES, KEY_BYTES, TAG_BYTES } from './aead.js';
import * as s from './shape.js';
import type { Infer } from './shape.js';

/** The format this coffer writes. */
export const FORMAT_VERSION = 1;
/** The oldest format this coffer reads; anything older is refused as a possible downgrade. */
export const MIN_FORMAT_VERSION = 1;

export const MIN_SALT_BYTES = 16;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64Bytes(check: (length: number) => boolean) {
  return s.string({ pattern: BASE64, refine: (text) => check(Buffer.from(text, 'base64').length) });
}

const exactly = (n: number) => (length: number) => length === n;

/** A 32-byte key encrypted under another key with AES-256-GCM. */
export const wrappedKeySchema = s.object({
  iv: base64Bytes(exactly(IV_BYTES)),
  ct: base64Bytes(exactly(KEY_BYTES)),
  tag: base64Bytes(exactly(TAG_BYTES)),
});
export type WrappedKey = Infer<typeof wrappedKeySchema>;

// Ranges of the numbers are checked by kdf.ts before deriving, so that an out-of-range value
// gets its own, precise error rather than a generic "header unreadable".
export const scryptParamsSchema = s.object({
  name: s.literal('scrypt'),
  N: s.int(),
  r: s.int(),
  p: s.int(),
  salt: s.string({ pattern: BASE64 }),
});
export type ScryptParams = Infer<typeof scryptParamsSchema>;

export const hkdfParamsSchema = s.object({
  name: s.literal('hkdf-sha256'),
  salt: base64Bytes((n) => n >= MIN_SALT_BYTES),
});
export type HkdfParams = Infer<typeof hkdfParamsSchema>;

const slotBase = {
  id: s.string({ pattern: /^[a-f0-9]{8,32}$/ }),
  createdAt: s.string({ max: 40 }),
  wrap: wrappedKeySchema,
};

export const slotSchema = s.discriminatedUnion('type', [
  s.tagged('type', 'keychain', slotBase),
  s.tagged('type', 'passphrase', { kdf: scryptParamsSchema, ...slotBase }),
  s.tagged('type', 'recovery', { kdf: hkdfParamsSchema, ...slotBase }),
]);
export type Slot = Infer<typeof slotSchema>;
export type SlotType = Slot['type'];

export const headerSchema = s.object({
  formatVersion: s.int(),
  /** Random, stable for the vault's life: names its keychain entry and its rollback record. */
  fileId: s.string({ pattern: /^[A-Za-z0-9_-]{22}$/ }),
  /** Random, new at every rekey: lets another process tell "rekeyed" from "tampered". */
  keyId: s.string({ pattern: /^[A-Za-z0-9_-]{22}$/ }),
  /** Save counter, +1 per save; guards against rollback. */
  seq: s.int({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  slots: s.array(slotSchema, { min: 1, max: 16 }),
  /** This save's data key, wrapped under the master key. */
  dataKey: wrappedKeySchema,
  payload: s.object({
    cipher: s.literal('aes-256-gcm'),
    iv: base64Bytes(exactly(IV_BYTES)),
    /** Ciphertext length in bytes, so truncation and trailing bytes are told apart from tampering. */
    length: s.int({ min: 0, max: 2 ** 31 }),
  }),
});
export type Header = Infer<typeof headerSchema>;

/** What a save needs besides the payload: the parts of the header that outlive one save. */
export type HeaderKeys = Pick<Header, 'fileId' | 'keyId' | 'slots'>;
