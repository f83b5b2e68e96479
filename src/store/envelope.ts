// The vault file format:
//
//   MAGIC(8) | u16 formatVersion | u32 headerLen | header JSON | SHA-256(header) | ciphertext | tag(16)
//
// Every save draws a fresh data key and IV; the data key is wrapped under the vault's master key
// into the header, and the payload is encrypted with AES-256-GCM using every byte before the
// ciphertext (magic, version, length, header, hash) as associated data — so no header byte can
// change without the payload failing to open. The SHA-256 only tells accidental damage
// ("corrupt") apart from deliberate change ("tampered"); authenticity comes from GCM.
import { createHash, randomBytes } from 'node:crypto';
import { AuthenticationFailed, IV_BYTES, KEY_BYTES, TAG_BYTES, open, seal, sealPiecesLazily } from './aead.js';
import { CorruptVaultError, DowngradeError, TamperedVaultError, UnsupportedVersionError } from './errors.js';
import { FORMAT_VERSION, MIN_FORMAT_VERSION, headerSchema } from './header.js';
import type { Header, HeaderKeys, WrappedKey } from './header.js';

export const MAGIC = Buffer.from([0x89, 0x43, 0x4f, 0x46, 0x46, 0x45, 0x52, 0x0a]); // "\x89COFFER\n"
const PREFIX_BYTES = MAGIC.length + 2 + 4;
const HASH_BYTES = 32;
/** Headers are a few KiB at most; a larger length is damage, not a reason to allocate. */
const MAX_HEADER_BYTES = 64 * 1024;

export interface ParsedEnvelope {
  header: Header;
  /** The associated data the payload was sealed with: all bytes before the ciphertext. */
  aad: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** A vault file being written: its bytes come out of `chunks` as they are encrypted. */
export interface SealedFile {
  /** Everything before the ciphertext (framing, header, checksum): the associated data. */
  head: Buffer;
  /** Total length of the file. */
  size: number;
  /** The file, in order: head, ciphertext batches, tag. Iterate once. */
  chunks: Iterable<Buffer>;
  /** The GCM tag, once `chunks` has been iterated to its end. */
  tag(): Buffer;
}

/**
 * Encrypts a payload (given in pieces) as save `seq` of the vault whose keys are `keys`, lazily:
 * the ciphertext is produced as `chunks` is read, so writing it never holds all of it.
 */
export function sealVaultLazily(keys: HeaderKeys, seq: number, masterKey: Buffer, plaintext: readonly Buffer[]): SealedFile {
  const plaintextLength = plaintext.reduce((sum, piece) => sum + piece.length, 0);
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const payloadIv = randomBytes(IV_BYTES);
    const header: Header = {
      formatVersion: FORMAT_VERSION,
      fileId: keys.fileId,
      keyId: keys.keyId,
      seq,
      slots: keys.slots,
      dataKey: wrapKey(masterKey, dataKey, dataKeyAad(keys.fileId, keys.keyId, seq)),
      payload: { cipher: 'aes-256-gcm', iv: payloadIv.toString('base64'), length: plaintextLength },
    };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const prefix = Buffer.alloc(PREFIX_BYTES);
    MAGIC.copy(prefix, 0);
    prefix.writeUInt16BE(FORMAT_VERSION, MAGIC.length);
    prefix.writeUInt32BE(headerBytes.length, MAGIC.length + 2);
    const aad = Buffer.concat([prefix, headerBytes, sha256(headerBytes)]);
    const sealed = sealPiecesLazily(dataKey, plaintext, aad, payloadIv); // the cipher holds its own copy of the key
    return {
      head: aad,
      size: aad.length + plaintextLength + TAG_BYTES,
      chunks: {
        *[Symbol.iterator]() {
          yield aad;
          yield* sealed.ciphertext;
          yield sealed.tag();
        },
      },
      tag: () => sealed.tag(),
    };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Encrypts a payload (given in pieces) as save `seq` of the vault whose keys are `keys`. Returns
 * the file as pieces, to be written in order: the associated data (everything before the
 * ciphertext), the ciphertext, the tag.
 */
export function sealVault(keys: HeaderKeys, seq: number, masterKey: Buffer, plaintext: readonly Buffer[]): Buffer[] {
  return [...sealVaultLazily(keys, seq, masterKey, plaintext).chunks];
}

/**
 * Checks the framing and header of a vault file without any key. Throws CorruptVaultError,
 * UnsupportedVersionError or DowngradeError; returns the parts needed to decrypt.
 */
export function parseEnvelope(path: string, bytes: Buffer): ParsedEnvelope {
  const { header, payloadStart } = parseFraming(path, bytes);
  const expectedLength = payloadStart + header.payload.length + TAG_BYTES;
  if (bytes.length < expectedLength) {
    throw new CorruptVaultError(path, `it is truncated (${bytes.length} of ${expectedLength} bytes)`);
  }
  if (bytes.length > expectedLength) {
    throw new CorruptVaultError(path, `it has ${bytes.length - expectedLength} unexpected bytes at the end`);
  }
  return {
    header,
    aad: bytes.subarray(0, payloadStart),
    ciphertext: bytes.subarray(payloadStart, payloadStart + header.payload.length),
    tag: bytes.subarray(payloadStart + header.payload.length),
  };
}

/**
 * How many leading bytes of a vault file always contain its whole header: enough for
 * readHeaderOnly, so listing slots or unlocking does not read a 17 MB payload twice.
 */
export const MAX_HEAD_BYTES = PREFIX_BYTES + MAX_HEADER_BYTES + HASH_BYTES;

/**
 * Checks and returns the header from the start of a vault file (at least its first
 * MAX_HEAD_BYTES, or all of it if shorter). The payload is not looked at: parseEnvelope does that.
 */
export function readHeaderOnly(path: string, head: Buffer): Header {
  return parseFraming(path, head).header;
}

function parseFraming(path: string, bytes: Buffer): { header: Header; payloadStart: number } {
  if (bytes.length < PREFIX_BYTES) {
    if (bytes.length < MAGIC.length && !MAGIC.subarray(0, bytes.length).equals(bytes)) {
      throw new CorruptVaultError(path, 'it is not a coffer vault file');
    }
    throw new CorruptVaultError(path, `it is truncated (${bytes.length} bytes)`);
  }
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new CorruptVaultError(path, 'it is not a coffer vault file (wrong magic bytes)');
  }
  const version = bytes.readUInt16BE(MAGIC.length);
  if (version > FORMAT_VERSION) throw new UnsupportedVersionError(path, version);
  if (version < MIN_FORMAT_VERSION) {
    throw new DowngradeError(path, `it claims vault format ${version}, older than any this coffer accepts (${MIN_FORMAT_VERSION})`);
  }
  const headerLength = bytes.readUInt32BE(MAGIC.length + 2);
  if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
    throw new CorruptVaultError(path, `its header length (${headerLength}) is impossible`);
  }
  const headerEnd = PREFIX_BYTES + headerLength;
  if (bytes.length < headerEnd + HASH_BYTES) throw new CorruptVaultError(path, 'it is truncated inside the header');
  const headerBytes = bytes.subarray(PREFIX_BYTES, headerEnd);
  if (!sha256(headerBytes).equals(bytes.subarray(headerEnd, headerEnd + HASH_BYTES))) {
    throw new CorruptVaultError(path, 'its header does not match its checksum');
  }
  const header = parseHeaderJson(path, headerBytes);
  if (header.formatVersion !== version) {
    const problem = `its framing says format ${version} but its header says ${header.formatVersion}`;
    throw version < header.formatVersion ? new DowngradeError(path, problem) : new CorruptVaultError(path, problem);
  }
  return { header, payloadStart: headerEnd + HASH_BYTES };
}

/**
 * Unwraps this save's data key with the master key and decrypts the payload. Throws
 * TamperedVaultError when either fails to authenticate. The caller must already have checked
 * that the header's keyId is the one its master key belongs to.
 */
export function openPayload(path: string, envelope: ParsedEnvelope, masterKey: Buffer): Buffer {
  const { header } = envelope;
  let dataKey: Buffer;
  try {
    dataKey = unwrapKey(masterKey, header.dataKey, dataKeyAad(header.fileId, header.keyId, header.seq));
  } catch (error) {
    if (error instanceof AuthenticationFailed) throw new TamperedVaultError(path, 'its data key or header');
    throw error;
  }
  try {
    return open(dataKey, { iv: Buffer.from(header.payload.iv, 'base64'), ciphertext: envelope.ciphertext, tag: envelope.tag }, envelope.aad);
  } catch (error) {
    if (error instanceof AuthenticationFailed) throw new TamperedVaultError(path);
    throw error;
  } finally {
    dataKey.fill(0);
  }
}

/** Encrypts a 32-byte key under another with its own AAD (used for data keys and slots). */
export function wrapKey(wrappingKey: Buffer, key: Buffer, aad: Buffer): WrappedKey {
  const sealed = seal(wrappingKey, key, aad);
  return { iv: sealed.iv.toString('base64'), ct: sealed.ciphertext.toString('base64'), tag: sealed.tag.toString('base64') };
}

/** Throws AuthenticationFailed when the wrapping key or AAD is wrong. */
export function unwrapKey(wrappingKey: Buffer, wrapped: WrappedKey, aad: Buffer): Buffer {
  return open(
    wrappingKey,
    { iv: Buffer.from(wrapped.iv, 'base64'), ciphertext: Buffer.from(wrapped.ct, 'base64'), tag: Buffer.from(wrapped.tag, 'base64') },
    aad,
  );
}

function dataKeyAad(fileId: string, keyId: string, seq: number): Buffer {
  return Buffer.from(`coffer/data-key\0${fileId}\0${keyId}\0${seq}`, 'utf8');
}

function parseHeaderJson(path: string, headerBytes: Buffer): Header {
  let json: unknown;
  try {
    json = JSON.parse(headerBytes.toString('utf8'));
  } catch {
    throw new CorruptVaultError(path, 'its header is not valid JSON');
  }
  const header = headerSchema.parse(json);
  if (!header) throw new CorruptVaultError(path, 'its header is not a coffer vault header');
  return header;
}

function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}
