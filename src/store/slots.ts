// Key slots (as in LUKS): each slot holds the vault's master key wrapped under its own
// key-encryption key (KEK), so any one of them unlocks the vault and a save needs none of them.
//   keychain   — a random 32-byte KEK kept in the OS keychain (service "coffer", account fileId)
//   passphrase — KEK = scrypt(passphrase), parameters checked before deriving
//   recovery   — KEK = HKDF(recovery code), the code shown once at init
// Each wrap is authenticated with the fileId and slot id as associated data, so a slot copied
// into another vault or under another id does not open.
import { randomBytes } from 'node:crypto';
import { AuthenticationFailed } from './aead.js';
import { unwrapKey, wrapKey } from './envelope.js';
import { WrongKeyError } from './errors.js';
import { checkScryptParams, deriveRecoveryKey, deriveScryptKey, newHkdfParams, newScryptParams } from './kdf.js';
import type { ScryptCost } from './kdf.js';
import type { Slot, SlotType } from './header.js';
import { normalizeRecoveryCode } from './recovery-code.js';

/** What opens (or creates) one slot. */
export type SlotSecret =
  | { type: 'keychain'; kek: Buffer }
  | { type: 'passphrase'; passphrase: string }
  | { type: 'recovery'; code: string };

/** Wraps `masterKey` into a new slot. `scryptCost` applies to passphrase slots only. */
export async function createSlot(
  fileId: string,
  secret: SlotSecret,
  masterKey: Buffer,
  options: { now: Date; scryptCost?: ScryptCost },
): Promise<Slot> {
  const id = randomBytes(4).toString('hex');
  const createdAt = options.now.toISOString();
  switch (secret.type) {
    case 'keychain':
      return { type: 'keychain', id, createdAt, wrap: wrapKey(secret.kek, masterKey, slotAad(fileId, id, 'keychain')) };
    case 'passphrase': {
      const kdf = newScryptParams(options.scryptCost);
      const kek = await deriveScryptKey(secret.passphrase, kdf);
      try {
        return { type: 'passphrase', id, createdAt, kdf, wrap: wrapKey(kek, masterKey, slotAad(fileId, id, 'passphrase')) };
      } finally {
        kek.fill(0);
      }
    }
    case 'recovery': {
      const kdf = newHkdfParams();
      const kek = deriveRecoveryKey(normalizeRecoveryCode(secret.code), kdf);
      try {
        return { type: 'recovery', id, createdAt, kdf, wrap: wrapKey(kek, masterKey, slotAad(fileId, id, 'recovery')) };
      } finally {
        kek.fill(0);
      }
    }
  }
}

/**
 * Unwraps the master key from `slot` with `secret`. Throws WrongKeyError when the secret does not
 * open it, UnsafeKdfParamsError (before deriving anything) when its scrypt parameters are out of
 * bounds, InvalidInputError for a malformed recovery code.
 */
export async function openSlot(path: string, fileId: string, slot: Slot, secret: SlotSecret): Promise<Buffer> {
  if (slot.type !== secret.type) throw new Error(`openSlot: a ${secret.type} secret cannot open a ${slot.type} slot`);
  const kek = await slotKek(path, slot, secret);
  try {
    return unwrapKey(kek, slot.wrap, slotAad(fileId, slot.id, slot.type));
  } catch (error) {
    if (error instanceof AuthenticationFailed) throw new WrongKeyError(slot.type);
    throw error;
  } finally {
    kek.fill(0);
  }
}

async function slotKek(path: string, slot: Slot, secret: SlotSecret): Promise<Buffer> {
  if (slot.type === 'passphrase' && secret.type === 'passphrase') {
    checkScryptParams(path, slot.kdf);
    return deriveScryptKey(secret.passphrase, slot.kdf);
  }
  if (slot.type === 'recovery' && secret.type === 'recovery') {
    return deriveRecoveryKey(normalizeRecoveryCode(secret.code), slot.kdf);
  }
  if (secret.type === 'keychain') return Buffer.from(secret.kek);
  throw new Error('unreachable: slot and secret types were checked to match');
}

export function slotsOfType(slots: readonly Slot[], type: SlotType): Slot[] {
  return slots.filter((slot) => slot.type === type);
}

function slotAad(fileId: string, slotId: string, type: SlotType): Buffer {
  return Buffer.from(`coffer/slot\0${fileId}\0${slotId}\0${type}`, 'utf8');
}
