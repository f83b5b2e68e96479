// What one fuzz attempt runs, and what counts as passing: the mutated bytes go through exactly
// the code coffer runs to open a vault, and must end in a typed CofferError — or be accepted only
// if what they decrypt to is byte for byte the original payload.
//
// Two ways in, both as the opener does them but without file I/O (so thousands run in seconds):
//   master key — decodeVaultFile with the vault's unlocked keys (the path of every re-read);
//   slot       — header parsed on its own, one slot opened with its secret (recovery code,
//                keychain key, or the passphrase when its scrypt parameters are unchanged),
//                then the payload decrypted with the master key that slot yields.
// Accepted payloads are then read the way a session reads them (every record, the audit log,
// the domain state, the audit chain), since records are parsed lazily.
import { CofferError } from '../../../src/domain/errors.js';
import { stateFromRecords } from '../../../src/domain/state.js';
import { toLoadedVault, verifyAudit } from '../../../src/store/commit-rules.js';
import { readHeaderOnly, sealVault } from '../../../src/store/envelope.js';
import type { Slot } from '../../../src/store/header.js';
import { checkScryptParams } from '../../../src/store/kdf.js';
import type { VaultFileData } from '../../../src/store/payload.js';
import type { SlotSecret } from '../../../src/store/slots.js';
import { openSlot, slotsOfType } from '../../../src/store/slots.js';
import { decodeVaultFile } from '../../../src/store/vault-codec.js';
import type { Rng } from './prng.js';

/** A real vault file and everything needed to open it; plain data, so it can go to a worker. */
export interface Sample {
  name: string;
  bytes: Uint8Array;
  fileId: string;
  keyId: string;
  seq: number;
  slots: Slot[];
  masterKey: Uint8Array;
  /** The decrypted payload as coffer wrote it. */
  plaintext: Uint8Array;
  secrets: { recovery?: string; keychain?: Uint8Array; passphrase?: string };
  /** Values stored in the vault: none may ever appear in an error message. */
  canaries: string[];
}

export type Outcome =
  | { kind: 'accepted'; path: string }
  | { kind: 'rejected'; path: string; error: string }
  | { kind: 'skipped'; path: string }
  | { kind: 'failure'; path: string; problem: string };

const PATH = 'vault.coffer';

/** Reads everything a session reads; records and the audit log are parsed on first access. */
function readAll(data: VaultFileData): Buffer {
  for (const stored of data.records.values()) void stored.record;
  void data.audit();
  stateFromRecords(toLoadedVault(data));
  verifyAudit(data);
  return Buffer.concat(data.encode());
}

/**
 * `original`: the bytes must be the file coffer wrote for this to be accepted. Every byte of a
 * vault file is authenticated, so accepting any other bytes is a failure even when they decrypt
 * to the original payload.
 */
function judge(path: string, sample: Sample, run: () => Buffer, original?: Buffer): Outcome {
  try {
    const plaintext = run();
    if (original && !plaintext.equals(Buffer.from(sample.plaintext))) {
      return { kind: 'failure', path, problem: 'accepted a modified file: it decrypted to something other than the original payload' };
    }
    if (original && !original.equals(Buffer.from(sample.bytes))) {
      return { kind: 'failure', path, problem: 'accepted bytes that differ from the file coffer wrote (they decrypt to the original payload, yet something unauthenticated changed)' };
    }
    return { kind: 'accepted', path };
  } catch (error) {
    return classify(path, sample, error);
  }
}

function classify(path: string, sample: Sample, error: unknown): Outcome {
  if (!(error instanceof CofferError)) {
    const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
    return { kind: 'failure', path, problem: `untyped error ${text}` };
  }
  const said = `${error.message} ${error.hint ?? ''}`;
  const leaked = sample.canaries.find((canary) => said.includes(canary));
  if (leaked) return { kind: 'failure', path, problem: `the error message holds a stored value: ${error.message}` };
  return { kind: 'rejected', path, error: error.name };
}

/** Opens mutated file bytes with the master key. */
export function openWithMasterKey(sample: Sample, bytes: Buffer): Outcome {
  const keys = { fileId: sample.fileId, keyId: sample.keyId, masterKey: Buffer.from(sample.masterKey) };
  return judge('master-key', sample, () => readAll(decodeVaultFile(PATH, bytes, keys).data), bytes);
}

/** Opens mutated file bytes through one of its slots, as an unlock does. */
export async function openThroughSlot(rng: Rng, sample: Sample, bytes: Buffer): Promise<Outcome> {
  const available = (Object.keys(sample.secrets) as Array<keyof Sample['secrets']>).filter((type) => sample.secrets[type] !== undefined);
  // A passphrase unlock derives scrypt (~20 ms even at the test cost): try it on a few attempts.
  const cheap = available.filter((type) => type !== 'passphrase');
  const type = available.includes('passphrase') && (cheap.length === 0 || rng.chance(0.03)) ? 'passphrase' : rng.pick(cheap);
  const path = `slot:${type}`;
  try {
    const header = readHeaderOnly(PATH, bytes);
    const candidates = slotsOfType(header.slots, type);
    if (candidates.length === 0) return { kind: 'rejected', path, error: 'NoSuchSlot' };
    const secret: SlotSecret =
      type === 'recovery' ? { type, code: sample.secrets.recovery! } : type === 'keychain' ? { type, kek: Buffer.from(sample.secrets.keychain!) } : { type, passphrase: sample.secrets.passphrase! };
    let masterKey: Buffer | undefined;
    for (const slot of candidates) {
      if (slot.type === 'passphrase') {
        // Parameters are bounds-checked before any derive; a derive with parameters the fuzzer
        // changed but that are still in bounds could take seconds, so only unchanged ones derive.
        checkScryptParams(PATH, slot.kdf);
        const original = sample.slots.find((s): s is Extract<Slot, { type: 'passphrase' }> => s.id === slot.id && s.type === 'passphrase');
        if (!original || JSON.stringify(original.kdf) !== JSON.stringify(slot.kdf)) return { kind: 'skipped', path };
      }
      try {
        masterKey = await openSlot(PATH, header.fileId, slot, secret);
        break;
      } catch (error) {
        if (!(error instanceof CofferError && error.code === 'auth')) throw error;
      }
    }
    if (!masterKey) return { kind: 'rejected', path, error: 'WrongKeyError' };
    const keys = { fileId: header.fileId, keyId: header.keyId, masterKey };
    return judge(path, sample, () => readAll(decodeVaultFile(PATH, bytes, keys).data), bytes);
  } catch (error) {
    return classify(path, sample, error);
  }
}

/** Seals a mutated payload with the vault's real key, then opens it: only typed errors allowed. */
export function openResealed(sample: Sample, plaintext: Buffer): Outcome {
  const keys = { fileId: sample.fileId, keyId: sample.keyId, masterKey: Buffer.from(sample.masterKey) };
  const bytes = Buffer.concat(sealVault({ ...keys, slots: sample.slots }, sample.seq, keys.masterKey, [plaintext]));
  return judge('resealed', sample, () => readAll(decodeVaultFile(PATH, bytes, keys).data));
}
