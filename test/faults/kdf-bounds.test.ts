// Passphrase KDF parameters come from the file, so a crafted header must neither make coffer
// derive a weak key nor make it spin: every parameter is checked against floors and caps BEFORE
// anything is derived. test/store/faults.test.ts covers N, r, p-above-cap, memory, work and a
// short salt one at a time; this file adds what that leaves open: p below its floor, values of the
// wrong type or shape, and many passphrase slots whose work only adds up to too much together.
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorruptVaultError, UnsafeKdfParamsError } from '../../src/store/errors.js';
import type { Header } from '../../src/store/header.js';
import { SCRYPT_BOUNDS } from '../../src/store/kdf.js';
import { createVault, fileFixture } from '../store/file-fixture.js';
import type { FileFixture } from '../store/file-fixture.js';
import { frame, splitFrame } from './fuzz/mutations.js';

const PASSPHRASE = 'kdf bounds passphrase';
let fixture: FileFixture;
let original: Buffer;

beforeAll(async () => {
  fixture = await fileFixture();
  await createVault(fixture, [], { passphrase: PASSPHRASE, useKeychain: false });
  original = await fixture.bytes();
});
afterAll(() => fixture.dir.remove());

/** The vault with its header edited (checksum recomputed, as an attacker would). */
async function withHeader(edit: (header: Header & Record<string, unknown>) => void): Promise<void> {
  const framed = splitFrame(original)!;
  const header = JSON.parse(framed.header.toString('utf8')) as Header & Record<string, unknown>;
  edit(header);
  await writeFile(fixture.path, frame(original, framed.version, Buffer.from(JSON.stringify(header)), framed.rest));
}

function passphraseSlot(header: Header) {
  const slot = header.slots.find((s) => s.type === 'passphrase');
  if (slot?.type !== 'passphrase') throw new Error('the fixture has no passphrase slot');
  return slot;
}

/** Unlocks with the right passphrase; returns the error and how long it took. */
async function unlock(): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await fixture.opener().unlockWithPassphrase(PASSPHRASE).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe('scrypt parameters a crafted header might carry', () => {
  const unsafe: Array<[string, Record<string, unknown>, RegExp]> = [
    ['p below its floor (0)', { p: 0 }, /scrypt p \(0\)/],
    ['N of 2^40', { N: 2 ** 40 }, /scrypt N/],
    ['N of 1', { N: 1 }, /scrypt N/],
    ['N one above a power of two', { N: 2 ** 15 + 1 }, /scrypt N/],
    ['r of 0', { r: 0 }, /scrypt r/],
    ['an empty salt', { salt: '' }, /salt is shorter than 16 bytes/],
    ['a 15-byte salt', { salt: Buffer.alloc(15, 1).toString('base64') }, /salt is shorter than 16 bytes/],
  ];
  for (const [label, change, message] of unsafe) {
    it(`${label}: refused as unsafe before deriving`, async () => {
      await withHeader((header) => Object.assign(passphraseSlot(header).kdf, change));
      const { error, ms } = await unlock();
      expect(error, `${label} was accepted`).toBeInstanceOf(UnsafeKdfParamsError);
      expect((error as Error).message).toMatch(message);
      expect(ms, `${label}: a derive ran before the check`).toBeLessThan(100);
    });
  }

  const malformed: Array<[string, (kdf: Record<string, unknown>) => void]> = [
    ['N as a string', (kdf) => (kdf.N = String(kdf.N))],
    ['N as a fraction', (kdf) => (kdf.N = 16_384.5)],
    ['N beyond 2^53', (kdf) => (kdf.N = 2 ** 60)],
    ['N missing', (kdf) => delete kdf.N],
    ['p negative', (kdf) => (kdf.p = -1)],
    ['r as null', (kdf) => (kdf.r = null)],
    ['salt not base64', (kdf) => (kdf.salt = 'not base64 at all!')],
    ['salt missing', (kdf) => delete kdf.salt],
    ['another KDF named', (kdf) => (kdf.name = 'pbkdf2')],
  ];
  for (const [label, edit] of malformed) {
    it(`${label}: refused as a damaged header, nothing derived`, async () => {
      await withHeader((header) => edit(passphraseSlot(header).kdf as unknown as Record<string, unknown>));
      const { error, ms } = await unlock();
      expect(error, `${label} was accepted`).toBeInstanceOf(CorruptVaultError);
      // p: -1 passes the schema (an integer) and is caught by the bounds, with its own message.
      expect((error as Error).message).toMatch(/not a coffer vault header|scrypt p/);
      expect(ms).toBeLessThan(100);
    });
  }
});

describe('the work of all passphrase slots together', () => {
  it('16 slots each within bounds but together over the cap are refused before any derive', async () => {
    // N=2^17 r=8 p=2: 2^21 each, an eighth of the cap; 16 of them are twice the cap — and a
    // wrong passphrase would have tried them all (~15 s of scrypt on these machines).
    await withHeader((header) => {
      const slot = passphraseSlot(header);
      const heavy = { ...slot, kdf: { ...slot.kdf, N: 2 ** 17, r: 8, p: 2 } };
      header.slots = Array.from({ length: 16 }, (_, i) => ({ ...heavy, id: `${slot.id.slice(0, 6)}${i.toString(16).padStart(2, '0')}` }));
    });
    const { error, ms } = await unlock();
    expect(error, 'many heavy passphrase slots were accepted').toBeInstanceOf(UnsafeKdfParamsError);
    expect((error as Error).message).toMatch(/16 passphrase slots together ask for more than 16 times the default work/);
    expect(ms).toBeLessThan(100);
  });

  it('slots that stay under the cap together are tried (the right one opens)', async () => {
    await withHeader((header) => {
      const slot = passphraseSlot(header);
      // A decoy with the same (cheap) parameters before the real slot: 2 × 2^17 work, far under the cap.
      const decoy = { ...slot, id: 'decafbad', kdf: { ...slot.kdf } };
      header.slots = [decoy, ...header.slots];
    });
    const { error } = await unlock();
    // The decoy's wrap is bound to its own slot id, so it does not open; the real slot does, but
    // the edited header then fails authentication of the payload: tampering, not a KDF refusal.
    expect(error).not.toBeInstanceOf(UnsafeKdfParamsError);
    expect(error).toMatchObject({ name: 'TamperedVaultError' });
    expect(SCRYPT_BOUNDS.maxWork).toBe(2 ** 24);
  });
});
