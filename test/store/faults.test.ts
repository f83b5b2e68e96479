// Store faults: damaged, tampered, swapped, downgraded and rolled-back files all end in a typed
// error — never a crash, never unauthenticated data, never a secret in the message — and a
// failed open or commit leaves the file byte-for-byte as it was.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { CofferError } from '../../src/domain/errors.js';
import type { VaultRepository } from '../../src/domain/ports.js';
import { parseEnvelope, MAGIC } from '../../src/store/envelope.js';
import {
  CorruptVaultError,
  DowngradeError,
  RollbackDetectedError,
  TamperedVaultError,
  UnsafeKdfParamsError,
  UnsupportedVersionError,
  WrongKeyError,
} from '../../src/store/errors.js';
import type { Header } from '../../src/store/header.js';
import { decodeVaultFile } from '../../src/store/vault-codec.js';
import type { FileVaultRepository } from '../../src/store/file-repository.js';
import { createVault, fileFixture } from './file-fixture.js';
import type { FileFixture } from './file-fixture.js';
import { ids, put, secretRecord } from './fixtures.js';

const CANARY = 'canary-77c1e0-in-clear-would-be-a-leak';
const KEY = ids.secret('api', 'production', 'API_KEY');
const TYPED = [CorruptVaultError, TamperedVaultError, UnsupportedVersionError, DowngradeError];

let fixture: FileFixture;
let repository: FileVaultRepository;
let recoveryCode: string;
/** A small vault after two saves: [save 1 bytes, save 2 bytes]. */
let saves: Buffer[];

beforeAll(async () => {
  fixture = await fileFixture();
  ({ repository, recoveryCode } = await createVault(fixture, [put(KEY, secretRecord('api', 'production', 'API_KEY', [CANARY]))], { passphrase: 'right passphrase' }));
  const first = await fixture.bytes();
  await repository.commit({ changes: [put(KEY, secretRecord('api', 'production', 'API_KEY', [CANARY, CANARY + '!']))], expected: { [KEY]: '1' }, audit: [], actor: 't' });
  saves = [first, await fixture.bytes()];
});
afterAll(() => fixture.dir.remove());

function keysOf(repo: FileVaultRepository) {
  const adapter = (repo as unknown as { adapter: { fileId: string; keyId: string; masterKey: Buffer } }).adapter;
  return { fileId: adapter.fileId, keyId: adapter.keyId, masterKey: adapter.masterKey };
}

function expectTypedFailure(decode: () => unknown, label: string): CofferError {
  let caught: unknown;
  try {
    decode();
  } catch (error) {
    caught = error;
  }
  expect(caught, `${label} was accepted`).toBeDefined();
  expect(TYPED.some((type) => caught instanceof type), `${label}: ${String(caught)}`).toBe(true);
  const error = caught as CofferError;
  expect(`${error.message} ${error.hint ?? ''}`).not.toContain(CANARY);
  return error;
}

/** Tries to open damaged bytes the way a user would, and checks the file was not touched. */
async function openDamaged(bytes: Buffer): Promise<unknown> {
  await writeFile(fixture.path, bytes);
  const error = await fixture.opener().unlockWithRecoveryCode(recoveryCode).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(await fixture.bytes()).toEqual(bytes);
  return error;
}

function headerOf(bytes: Buffer): Header {
  return parseEnvelope('vault', bytes).header;
}

/** Frames a header (with a correct checksum, as an attacker could) around a ciphertext and tag. */
function frame(header: unknown, ciphertext: Buffer, tag: Buffer, version = 1): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(MAGIC.length + 6);
  MAGIC.copy(prefix);
  prefix.writeUInt16BE(version, MAGIC.length);
  prefix.writeUInt32BE(json.length, MAGIC.length + 2);
  return Buffer.concat([prefix, json, createHash('sha256').update(json).digest(), ciphertext, tag]);
}

/** `bytes` with its header replaced by `header`. */
function withHeader(bytes: Buffer, header: unknown, version = 1): Buffer {
  const envelope = parseEnvelope('vault', bytes);
  return frame(header, envelope.ciphertext, envelope.tag, version);
}

describe('every single-bit flip and every truncation', () => {
  it('flipping any one bit of the file gives a typed error, never data', () => {
    const bytes = saves[1]!;
    const keys = keysOf(repository);
    expect(decodeVaultFile('vault', bytes, keys).data.records.get(KEY)?.record).toBeDefined();
    const kinds = new Map<string, number>();
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const damaged = Buffer.from(bytes);
      damaged[bit >> 3]! ^= 1 << (bit & 7);
      const error = expectTypedFailure(() => decodeVaultFile('vault', damaged, keys), `bit ${bit}`);
      kinds.set(error.name, (kinds.get(error.name) ?? 0) + 1);
    }
    // The header is caught by its checksum, the payload and tag by GCM.
    expect(kinds.get('CorruptVaultError')).toBeGreaterThan(0);
    expect(kinds.get('TamperedVaultError')).toBeGreaterThan(0);
  });

  it('cutting the file at any length gives a typed error', () => {
    const bytes = saves[1]!;
    const keys = keysOf(repository);
    for (let length = 0; length < bytes.length; length++) {
      const error = expectTypedFailure(() => decodeVaultFile('vault', bytes.subarray(0, length), keys), `length ${length}`);
      expect(error).toBeInstanceOf(CorruptVaultError);
    }
  });

  it('through the opener: sampled flips and cuts fail typed and leave the file untouched', async () => {
    const bytes = saves[1]!;
    for (let i = 0; i < 60; i++) {
      const damaged = Buffer.from(bytes);
      const bit = Math.floor((i / 60) * bytes.length * 8);
      damaged[bit >> 3]! ^= 1 << (bit & 7);
      const error = await openDamaged(damaged);
      expect(TYPED.some((type) => error instanceof type), String(error)).toBe(true);
    }
    for (const length of [0, 5, 13, 200, bytes.length - 17, bytes.length - 1]) {
      expect(await openDamaged(bytes.subarray(0, length))).toBeInstanceOf(CorruptVaultError);
    }
    await writeFile(fixture.path, saves[1]!);
  });
});

describe('structural faults', () => {
  it('trailing bytes', async () => {
    const error = await openDamaged(Buffer.concat([saves[1]!, Buffer.from([0])]));
    expect(error).toBeInstanceOf(CorruptVaultError);
    expect((error as Error).message).toMatch(/1 unexpected bytes at the end/);
    await writeFile(fixture.path, saves[1]!);
  });

  it('not a vault at all', async () => {
    const error = await openDamaged(Buffer.from('{"records":{}}\n'));
    expect((error as Error).message).toMatch(/not a coffer vault file/);
    await writeFile(fixture.path, saves[1]!);
  });

  it('the header of one save with the payload of another', () => {
    const keys = keysOf(repository);
    const older = parseEnvelope('vault', saves[0]!);
    const newer = parseEnvelope('vault', saves[1]!);
    const header = { ...older.header, payload: { ...older.header.payload, length: newer.ciphertext.length } };
    const spliced = frame(header, newer.ciphertext, newer.tag);
    expectTypedFailure(() => decodeVaultFile('vault', spliced, keys), 'spliced');
    expect(() => decodeVaultFile('vault', spliced, keys)).toThrow(TamperedVaultError);
  });

  it('a header edited with a recomputed checksum fails authentication', () => {
    const keys = keysOf(repository);
    const header = headerOf(saves[1]!);
    const edited = withHeader(saves[1]!, { ...header, seq: header.seq + 5 });
    expect(() => decodeVaultFile('vault', edited, keys)).toThrow(TamperedVaultError);
  });

  it('a vault made by a newer coffer is refused with that sentence', async () => {
    const header = headerOf(saves[1]!);
    const error = await openDamaged(withHeader(saves[1]!, { ...header, formatVersion: 2 }, 2));
    expect(error).toBeInstanceOf(UnsupportedVersionError);
    expect((error as Error).message).toMatch(/made by a newer coffer/);
    await writeFile(fixture.path, saves[1]!);
  });

  it('a format downgrade is refused: below the oldest accepted, or framing older than header', async () => {
    const header = headerOf(saves[1]!);
    expect(await openDamaged(withHeader(saves[1]!, { ...header, formatVersion: 0 }, 0))).toBeInstanceOf(DowngradeError);
    expect(await openDamaged(withHeader(saves[1]!, header, 0))).toBeInstanceOf(DowngradeError);
    await writeFile(fixture.path, saves[1]!);
  });

  it('an older file put back is a rollback, even though it decrypts fine', async () => {
    const error = await openDamaged(saves[0]!);
    expect(error).toBeInstanceOf(RollbackDetectedError);
    expect(error).toMatchObject({ fileSeq: 1, seenSeq: 2, code: 'integrity' });
    expect((error as CofferError).hint).toMatch(/--accept-rollback/);
    await writeFile(fixture.path, saves[1]!);
  });

  it('a wrong passphrase is WrongKeyError', async () => {
    await expect(fixture.opener().unlockWithPassphrase('wrong passphrase')).rejects.toBeInstanceOf(WrongKeyError);
    await expect(fixture.opener().unlockWithPassphrase('wrong passphrase')).rejects.toMatchObject({ code: 'auth' });
  });

  it('a failed commit on a damaged file writes nothing', async () => {
    const open = await fixture.opener().unlockWithRecoveryCode(recoveryCode);
    for (const damaged of [saves[1]!.subarray(0, 100), Buffer.concat([saves[1]!, Buffer.from('x')]), flipLastByte(saves[1]!), saves[0]!]) {
      await writeFile(fixture.path, damaged);
      await expect(commitSomething(open)).rejects.toBeInstanceOf(CofferError);
      expect(await fixture.bytes()).toEqual(damaged);
    }
    await writeFile(fixture.path, saves[1]!);
  });
});

describe('scrypt parameters are checked before deriving', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['N below the floor', { N: 2 ** 13 }, /scrypt N/],
    ['N above the cap', { N: 2 ** 21 }, /scrypt N/],
    ['N not a power of two', { N: 3 * 2 ** 14 }, /scrypt N/],
    ['r below the floor', { r: 4 }, /scrypt r/],
    ['r above the cap', { r: 64 }, /scrypt r/],
    ['p above the cap', { p: 17 }, /scrypt p/],
    ['too much memory', { N: 2 ** 20, r: 16 }, /memory/],
    ['too much work', { N: 2 ** 20, r: 8, p: 4 }, /work/],
    ['short salt', { salt: Buffer.alloc(8).toString('base64') }, /salt/],
  ];
  for (const [label, change, message] of cases) {
    it(`refuses ${label} at once`, async () => {
      const header = headerOf(saves[1]!);
      const slots = header.slots.map((slot) => (slot.type === 'passphrase' ? { ...slot, kdf: { ...slot.kdf, ...change } } : slot));
      await writeFile(fixture.path, withHeader(saves[1]!, { ...header, slots }));
      const started = performance.now();
      const error = await fixture.opener().unlockWithPassphrase('right passphrase').catch((e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(100); // no derive happened
      expect(error).toBeInstanceOf(UnsafeKdfParamsError);
      expect(error).toBeInstanceOf(CorruptVaultError);
      expect((error as Error).message).toMatch(message);
      await writeFile(fixture.path, saves[1]!);
    });
  }
});

function flipLastByte(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy[copy.length - 1]! ^= 0x80;
  return copy;
}

function commitSomething(repo: VaultRepository) {
  const id = ids.secret('api', 'production', 'NEW');
  return repo.commit({ changes: [put(id, secretRecord('api', 'production', 'NEW'))], expected: { [id]: null }, audit: [], actor: 't' });
}
