// A member's key pair: an age X25519 identity (AGE-SECRET-KEY-1…) and its recipient (age1…).
// Scope data keys are wrapped to members' recipients with age, the standard format for this,
// rather than a home-made one. The age library is loaded on first use: only team paths pay.
import { createHash } from 'node:crypto';
import { CofferError } from '../domain/errors.js';

export interface MemberIdentity {
  /** The secret half, AGE-SECRET-KEY-1…: never printed, never sent. */
  identity: string;
  /** The public half, age1…: what the team's member row holds. */
  recipient: string;
  /** `xxxx-xxxx-xxxx`: read out between joiner and admin to check the key. */
  fingerprint: string;
}

type Age = typeof import('age-encryption');
let loaded: Promise<Age> | undefined;
const age = (): Promise<Age> => (loaded ??= import('age-encryption'));

/** scrypt work factor of exported keys (2^18, age's default). */
const EXPORT_WORK_FACTOR = 18;

/** First 12 hex digits of SHA-256 of the recipient string, grouped xxxx-xxxx-xxxx. */
export function fingerprintOf(recipient: string): string {
  const hex = createHash('sha256').update(recipient, 'utf8').digest('hex').slice(0, 12);
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}

export async function generateIdentity(): Promise<MemberIdentity> {
  const { generateX25519Identity } = await age();
  return identityFromSecret(await generateX25519Identity());
}

export async function identityFromSecret(identity: string): Promise<MemberIdentity> {
  if (!/^AGE-SECRET-KEY-1[0-9A-Z]+$/.test(identity)) {
    throw new CofferError('invalid', 'That is not a member key (an age X25519 identity).', 'Restore the key from your export with `coffer team import-key FILE`.');
  }
  const { identityToRecipient } = await age();
  let recipient: string;
  try {
    recipient = await identityToRecipient(identity);
  } catch {
    throw new CofferError('invalid', 'That member key is damaged.', 'Restore the key from your export with `coffer team import-key FILE`.');
  }
  return { identity, recipient, fingerprint: fingerprintOf(recipient) };
}

/** age-encrypts a 32-byte data key to the recipients (binary age format). */
export async function wrapKey(key: Uint8Array, recipients: string[]): Promise<Uint8Array> {
  if (recipients.length === 0) throw new Error('wrapKey: no recipients');
  const { Encrypter } = await age();
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return encrypter.encrypt(key);
}

/** Opens a wrapped data key; CofferError 'auth' when this identity is not among its recipients. */
export async function unwrapKey(wrapped: Uint8Array, identity: string): Promise<Uint8Array> {
  const { Decrypter } = await age();
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  try {
    return await decrypter.decrypt(wrapped);
  } catch {
    // age says "no identity matched" for a key wrapped to others, or fails on damaged bytes.
    throw new CofferError('auth', 'A data key in the team vault does not open with your member key.', 'Ask an admin to grant the environment again.');
  }
}

/** The identity encrypted with a passphrase (age's scrypt mode), as armored text. */
export async function exportIdentity(identity: string, passphrase: string): Promise<string> {
  const { Encrypter, armor } = await age();
  const encrypter = new Encrypter();
  encrypter.setPassphrase(passphrase);
  encrypter.setScryptWorkFactor(EXPORT_WORK_FACTOR);
  return armor.encode(await encrypter.encrypt(identity));
}

/** Reads an export; 'auth' for a wrong passphrase, 'invalid' for a file that is not one. */
export async function importIdentity(exported: string, passphrase: string): Promise<MemberIdentity> {
  const { Decrypter, armor } = await age();
  let bytes: Uint8Array;
  try {
    bytes = armor.decode(exported.trim() + '\n');
  } catch {
    throw new CofferError('invalid', 'That file is not an exported member key.', 'Export one with `coffer team export-key FILE`.');
  }
  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  let text: string;
  try {
    text = await decrypter.decrypt(bytes, 'text');
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/passphrase|identity matched|incorrect|mac/i.test(message)) {
      throw new CofferError('auth', 'That passphrase does not open the exported key.', 'Check the keyboard layout and Caps Lock.');
    }
    throw new CofferError('invalid', 'That file is not an exported member key.', 'Export one with `coffer team export-key FILE`.');
  }
  return identityFromSecret(text.trim());
}
