// Vault file bytes <-> vault state, given the unlocked keys. Pure (no I/O), so every fault —
// each bit flip, each truncation — can be checked quickly against exactly what the adapter runs.
import { openPayload, parseEnvelope, sealVault } from './envelope.js';
import { CorruptVaultError, VaultRekeyedError } from './errors.js';
import { deepFreeze } from './freeze.js';
import type { Header, Slot } from './header.js';
import { parseVaultFileData } from './payload.js';
import type { VaultFileData } from './payload.js';

/** What unlocking a vault yields: enough to read and write it without asking for any secret. */
export interface VaultKeys {
  fileId: string;
  /** Identifies the master key generation (changes at rekey). */
  keyId: string;
  masterKey: Buffer;
  /** The slots to write into the next header. */
  slots: Slot[];
}

export function encodeVaultFile(data: VaultFileData, keys: VaultKeys, seq: number): Buffer {
  const plaintext = Buffer.from(JSON.stringify(data), 'utf8');
  try {
    return sealVault(keys, seq, keys.masterKey, plaintext);
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Checks, decrypts and parses a vault file. Throws CorruptVaultError, TamperedVaultError,
 * UnsupportedVersionError, DowngradeError or VaultRekeyedError; never returns unauthenticated
 * data. The state returned is deep-frozen.
 */
export function decodeVaultFile(path: string, bytes: Buffer, keys: Pick<VaultKeys, 'fileId' | 'keyId' | 'masterKey'>): { header: Header; data: VaultFileData } {
  const envelope = parseEnvelope(path, bytes);
  const { header } = envelope;
  if (header.fileId !== keys.fileId) {
    throw new CorruptVaultError(path, 'it is a different vault from the one that was unlocked (another file was put in its place)');
  }
  if (header.keyId !== keys.keyId) throw new VaultRekeyedError(path);
  const plaintext = openPayload(path, envelope, keys.masterKey);
  try {
    const data = parseVaultFileData(parseJson(plaintext));
    if (!data) throw new CorruptVaultError(path, 'its decrypted contents are not a valid vault (written by an incompatible tool?)');
    return { header, data: deepFreeze(data) };
  } finally {
    plaintext.fill(0);
  }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
