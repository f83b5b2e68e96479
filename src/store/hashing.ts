// The two keyed/unkeyed hashes the repositories need, from node:crypto (the domain stays pure
// and receives them).
import { createHash, createHmac } from 'node:crypto';
import type { Sha256Hex } from '../domain/audit.js';

export const sha256Hex: Sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** 12 hex characters (48 bits): enough to tell values apart at a glance, too short to be an oracle. */
export const FINGERPRINT_HEX_CHARS = 12;

/** HMAC-SHA256 of a value under the vault's fingerprint key, shortened for display. */
export function fingerprintOf(fingerprintKey: string, value: string): string {
  return createHmac('sha256', Buffer.from(fingerprintKey, 'base64')).update(value, 'utf8').digest('hex').slice(0, FINGERPRINT_HEX_CHARS);
}
