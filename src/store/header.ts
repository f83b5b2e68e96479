// The vault file's header: everything needed to find and unwrap the keys, in clear (it holds no
// secret, only wrapped keys and parameters) and parsed with a schema, because it is untrusted
// input until the payload's authentication tag — which covers these exact bytes — has passed.
// zod/mini, not zod: the same validation, and ~45 ms less start-up for every CLI command (the
// full zod bundle is ~570 KiB of JavaScript to compile before main() runs).
import * as z from 'zod/mini';
import { IV_BYTES, KEY_BYTES, TAG_BYTES } from './aead.js';

/** The format this coffer writes. */
export const FORMAT_VERSION = 1;
/** The oldest format this coffer reads; anything older is refused as a possible downgrade. */
export const MIN_FORMAT_VERSION = 1;

export const MIN_SALT_BYTES = 16;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64Bytes(check: (length: number) => boolean, what: string) {
  return z.string().check(
    z.regex(BASE64),
    z.refine((text: string) => check(Buffer.from(text, 'base64').length), { message: `${what} has the wrong length` }),
  );
}

const exactly = (n: number) => (length: number) => length === n;

/** A 32-byte key encrypted under another key with AES-256-GCM. */
export const wrappedKeySchema = z.object({
  iv: base64Bytes(exactly(IV_BYTES), 'iv'),
  ct: base64Bytes(exactly(KEY_BYTES), 'wrapped key'),
  tag: base64Bytes(exactly(TAG_BYTES), 'tag'),
});
export type WrappedKey = z.infer<typeof wrappedKeySchema>;

// Ranges of the numbers are checked by kdf.ts before deriving, so that an out-of-range value
// gets its own, precise error rather than a generic "header unreadable".
export const scryptParamsSchema = z.object({
  name: z.literal('scrypt'),
  N: z.int(),
  r: z.int(),
  p: z.int(),
  salt: z.string().check(z.regex(BASE64)),
});
export type ScryptParams = z.infer<typeof scryptParamsSchema>;

export const hkdfParamsSchema = z.object({
  name: z.literal('hkdf-sha256'),
  salt: base64Bytes((n) => n >= MIN_SALT_BYTES, 'salt'),
});
export type HkdfParams = z.infer<typeof hkdfParamsSchema>;

const slotBase = {
  id: z.string().check(z.regex(/^[a-f0-9]{8,32}$/)),
  createdAt: z.string().check(z.maxLength(40)),
  wrap: wrappedKeySchema,
};

export const slotSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('keychain'), ...slotBase }),
  z.object({ type: z.literal('passphrase'), kdf: scryptParamsSchema, ...slotBase }),
  z.object({ type: z.literal('recovery'), kdf: hkdfParamsSchema, ...slotBase }),
]);
export type Slot = z.infer<typeof slotSchema>;
export type SlotType = Slot['type'];

export const headerSchema = z.object({
  formatVersion: z.int(),
  /** Random, stable for the vault's life: names its keychain entry and its rollback record. */
  fileId: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/)),
  /** Random, new at every rekey: lets another process tell "rekeyed" from "tampered". */
  keyId: z.string().check(z.regex(/^[A-Za-z0-9_-]{22}$/)),
  /** Save counter, +1 per save; guards against rollback. */
  seq: z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER)),
  slots: z.array(slotSchema).check(z.minLength(1), z.maxLength(16)),
  /** This save's data key, wrapped under the master key. */
  dataKey: wrappedKeySchema,
  payload: z.object({
    cipher: z.literal('aes-256-gcm'),
    iv: base64Bytes(exactly(IV_BYTES), 'payload iv'),
    /** Ciphertext length in bytes, so truncation and trailing bytes are told apart from tampering. */
    length: z.int().check(z.minimum(0), z.maximum(2 ** 31)),
  }),
});
export type Header = z.infer<typeof headerSchema>;

/** What a save needs besides the payload: the parts of the header that outlive one save. */
export type HeaderKeys = Pick<Header, 'fileId' | 'keyId' | 'slots'>;
