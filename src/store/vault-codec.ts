// Vault file bytes <-> vault state, given the unlocked keys. Pure (no I/O), so every fault —
// each bit flip, each truncation — can be checked quickly against exactly what the adapter runs.
import { openPayload, parseEnvelope, sealVaultLazily } from './envelope.js';
import type { SealedFile } from './envelope.js';
import { CorruptVaultError, VaultRekeyedError } from './errors.js';
import type { Header, Slot } from './header.js';
import { VaultFileData } from './payload.js';

/** What unlocking a vault yields: enough to read and write it without asking for any secret. */
export interface VaultKeys {
  fileId: string;
  /** Identifies the master key generation (changes at rekey). */
  keyId: string;
  masterKey: Buffer;
  /** The slots to write into the next header. */
  slots: Slot[];
}

/** The file, encrypted as it is written (see sealVaultLazily). */
export function encodeVaultFile(data: VaultFileData, keys: VaultKeys, seq: number): SealedFile {
  return sealVaultLazily(keys, seq, keys.masterKey, data.encode());
}

/**
 * Checks, decrypts and parses a vault file. Throws CorruptVaultError, TamperedVaultError,
 * UnsupportedVersionError, DowngradeError or VaultRekeyedError; never returns unauthenticated
 * data. The state returned keeps the decrypted bytes (records are parsed from them on demand).
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
    return { header, data: VaultFileData.decode(path, plaintext) };
  } catch (error) {
    plaintext.fill(0);
    throw error;
  }
}
