import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ScopeLockedError, TamperedRecordError } from '../../../src/store/etcd/errors.js';
import { StaticKeyRing } from '../../../src/store/etcd/keyring.js';
import { RECORD_OVERHEAD, openRecord, recordGeneration, sealRecord } from '../../../src/store/etcd/record-crypto.js';
import { TamperedVaultError } from '../../../src/store/errors.js';

const LOCATION = 'etcd://127.0.0.1:2379/coffer/acme/';
const KEY_A = '/coffer/acme/v/api/production/DB_URL/1';
const KEY_B = '/coffer/acme/v/api/production/DB_URL/2';
const SCOPE = 'api/production';
const CANARY = 'canary-7f3c-value';

function ring(): { ring: StaticKeyRing; g1: Buffer; g2: Buffer } {
  const g1 = randomBytes(32);
  const g2 = randomBytes(32);
  return { ring: new StaticKeyRing([[SCOPE, [[1, g1], [2, g2]]]]), g1, g2 };
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('record crypto', () => {
  it('seals in the README format and opens it again', () => {
    const { ring: keys, g2 } = ring();
    const sealed = sealRecord(g2, 2, KEY_A, Buffer.from(CANARY));
    expect(sealed[0]).toBe(0x01);
    expect(sealed.readUInt32BE(1)).toBe(2);
    expect(sealed.length).toBe(CANARY.length + RECORD_OVERHEAD);
    expect(sealed.includes(Buffer.from(CANARY))).toBe(false);
    expect(recordGeneration(sealed)).toBe(2);
    expect(openRecord(keys, SCOPE, KEY_A, sealed, LOCATION).toString()).toBe(CANARY);
    // A fresh IV each time.
    expect(sealRecord(g2, 2, KEY_A, Buffer.from(CANARY)).equals(sealed)).toBe(false);
  });

  it('refuses a record copied to another key, naming the key and not the content', () => {
    const { ring: keys, g1 } = ring();
    const sealed = sealRecord(g1, 1, KEY_A, Buffer.from(CANARY));
    const error = caught(() => openRecord(keys, SCOPE, KEY_B, sealed, LOCATION));
    expect(error).toBeInstanceOf(TamperedRecordError);
    expect(error).toBeInstanceOf(TamperedVaultError);
    expect((error as TamperedRecordError).code).toBe('integrity');
    expect((error as Error).message).toContain(KEY_B);
    expect((error as Error).message).not.toContain(CANARY);
  });

  it('refuses a record relabelled with another generation', () => {
    const { ring: keys, g1, g2 } = ring();
    const sealed = sealRecord(g1, 1, KEY_A, Buffer.from(CANARY));
    const relabelled = Buffer.from(sealed);
    relabelled.writeUInt32BE(2, 1);
    expect(() => openRecord(keys, SCOPE, KEY_A, relabelled, LOCATION)).toThrow(TamperedRecordError);
    // Even re-sealed bytes of the right generation under the wrong key fail.
    const other = sealRecord(g2, 1, KEY_A, Buffer.from(CANARY));
    expect(() => openRecord(keys, SCOPE, KEY_A, other, LOCATION)).toThrow(TamperedRecordError);
  });

  it('refuses every single-bit flip, truncation and a wrong format byte', () => {
    const { ring: keys, g1 } = ring();
    const sealed = sealRecord(g1, 1, KEY_A, Buffer.from(CANARY));
    for (let bit = 0; bit < sealed.length * 8; bit++) {
      const flipped = Buffer.from(sealed);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      const error = caught(() => openRecord(keys, SCOPE, KEY_A, flipped, LOCATION));
      // A flip in the generation can name a generation the ring lacks: then it is locked, not opened.
      expect(error instanceof TamperedRecordError || error instanceof ScopeLockedError, `bit ${bit}`).toBe(true);
    }
    for (let length = 0; length < sealed.length; length++) {
      expect(() => openRecord(keys, SCOPE, KEY_A, sealed.subarray(0, length), LOCATION)).toThrow(TamperedRecordError);
    }
  });

  it('says the scope is locked when the ring has no key of that generation', () => {
    const sealed = sealRecord(randomBytes(32), 5, KEY_A, Buffer.from(CANARY));
    const error = caught(() => openRecord(ring().ring, SCOPE, KEY_A, sealed, LOCATION));
    expect(error).toBeInstanceOf(ScopeLockedError);
    expect((error as ScopeLockedError).scopes).toEqual([SCOPE]);
    expect((error as ScopeLockedError).code).toBe('refused');
  });
});

describe('StaticKeyRing', () => {
  it('serves the highest generation as current, copies keys in, and wipes them', () => {
    const k1 = randomBytes(32);
    const k3 = randomBytes(32);
    const keys = new StaticKeyRing([['_team', [[1, k1], [3, k3]]]]);
    expect(keys.current('_team')?.generation).toBe(3);
    expect(Buffer.from(keys.current('_team')!.key).equals(k3)).toBe(true);
    k3.fill(0);
    expect(Buffer.from(keys.key('_team', 3)!).equals(k3)).toBe(false);
    expect(keys.key('_team', 2)).toBeUndefined();
    expect(keys.current('api/production')).toBeUndefined();
    expect(keys.scopes()).toEqual(['_team']);
    const held = keys.key('_team', 1)!;
    keys.wipe();
    expect(held.every((b) => b === 0)).toBe(true);
    expect(keys.scopes()).toEqual([]);
    expect(() => keys.add('_team', 0, randomBytes(32))).toThrow();
    expect(() => keys.add('_team', 1, randomBytes(16))).toThrow();
  });
});
