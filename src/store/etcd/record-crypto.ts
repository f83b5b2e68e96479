// Sealing and opening the records of a team vault (README "Record encryption"):
//
//   0x01 ‖ generation (uint32 BE) ‖ IV (12) ‖ AES-256-GCM ciphertext ‖ tag (16)
//
// under the scope's data key of that generation, with the associated data
// "coffer-team-v1\0" ‖ etcdKey ‖ "\0" ‖ generation (decimal). Binding the etcd key and the
// generation means a record copied or replayed to another key, or relabelled with another
// generation, fails authentication like any edit would.
import { AuthenticationFailed, IV_BYTES, KEY_BYTES, TAG_BYTES, open, seal } from '../aead.js';
import { ScopeLockedError, TamperedRecordError } from './errors.js';
import type { TeamKeyRing } from './keyring.js';
import type { Scope } from './layout.js';

export const RECORD_FORMAT = 0x01;
const HEADER_BYTES = 1 + 4 + IV_BYTES;
/** The bytes sealing adds to a plaintext. */
export const RECORD_OVERHEAD = HEADER_BYTES + TAG_BYTES;
const AAD_LABEL = 'coffer-team-v1\0';

export function recordAad(etcdKey: string, generation: number): Buffer {
  return Buffer.from(`${AAD_LABEL}${etcdKey}\0${generation}`, 'utf8');
}

/** Encrypts `plaintext` for storage at `etcdKey` under `key` (the scope's key of `generation`). */
export function sealRecord(key: Uint8Array, generation: number, etcdKey: string, plaintext: Uint8Array): Buffer {
  if (key.length !== KEY_BYTES) throw new Error(`a scope key is ${KEY_BYTES} bytes`);
  if (!Number.isSafeInteger(generation) || generation < 1 || generation > 0xffffffff) throw new Error(`bad key generation ${generation}`);
  const sealed = seal(key, plaintext, recordAad(etcdKey, generation));
  const header = Buffer.allocUnsafe(5);
  header[0] = RECORD_FORMAT;
  header.writeUInt32BE(generation, 1);
  return Buffer.concat([header, sealed.iv, sealed.ciphertext, sealed.tag]);
}

/** The key generation a sealed record names, or undefined when it is not a sealed record. */
export function recordGeneration(bytes: Uint8Array): number | undefined {
  if (bytes.length < RECORD_OVERHEAD || bytes[0] !== RECORD_FORMAT) return undefined;
  const generation = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(1);
  return generation >= 1 ? generation : undefined;
}

/**
 * Decrypts the record stored at `etcdKey`. Throws TamperedRecordError (naming the key, never its
 * contents) when it is malformed or fails authentication, ScopeLockedError when `keys` has no
 * key of the generation it names. `location` names the vault in messages.
 */
export function openRecord(keys: TeamKeyRing, scope: Scope, etcdKey: string, bytes: Uint8Array, location: string): Buffer {
  const generation = recordGeneration(bytes);
  if (generation === undefined) throw new TamperedRecordError(location, etcdKey);
  const key = keys.key(scope, generation);
  if (!key) throw new ScopeLockedError([scope]);
  return openWithKey(key, generation, etcdKey, bytes, location);
}

/** Like openRecord, with the key of the generation already in hand. */
export function openWithKey(key: Uint8Array, generation: number, etcdKey: string, bytes: Uint8Array, location: string): Buffer {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (recordGeneration(buffer) !== generation) throw new TamperedRecordError(location, etcdKey);
  try {
    return open(
      key,
      {
        iv: buffer.subarray(5, HEADER_BYTES),
        ciphertext: buffer.subarray(HEADER_BYTES, buffer.length - TAG_BYTES),
        tag: buffer.subarray(buffer.length - TAG_BYTES),
      },
      recordAad(etcdKey, generation),
    );
  } catch (error) {
    if (error instanceof AuthenticationFailed) throw new TamperedRecordError(location, etcdKey);
    throw error;
  }
}
