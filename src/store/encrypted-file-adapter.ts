// lowdb's Adapter for the encrypted vault file. lowdb's Low<T> holds the decrypted state in
// memory; this adapter turns it into bytes on disk and back.
//
// read() returns null ONLY when the file does not exist. Any other problem throws a typed error:
// lowdb takes null as "use the defaults", and its next write would replace the real vault with
// an empty one.
//
// The adapter caches the state it last read or wrote together with the exact file bytes. When
// the file still holds those bytes, read() returns the cached (deep-frozen) state without
// decrypting again — each save has a fresh data key and IV, so equal bytes mean the same save.
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { parseEnvelope, openPayload, sealVault } from './envelope.js';
import { CorruptVaultError, VaultIoError, VaultRekeyedError, errnoOf } from './errors.js';
import { deepFreeze } from './freeze.js';
import { FORMAT_VERSION } from './header.js';
import type { Header, Slot } from './header.js';
import { parseVaultFileData } from './payload.js';
import type { VaultFileData } from './payload.js';
import { writeFileDurably } from './durable-write.js';
import type { SeenSaves } from './seen-saves.js';

/** What unlocking a vault yields: enough to read and write it without asking for any secret. */
export interface VaultKeys {
  fileId: string;
  /** Identifies the master key generation (changes at rekey). */
  keyId: string;
  masterKey: Buffer;
  /** The slots to write into the next header. */
  slots: Slot[];
}

export class EncryptedFileAdapter implements Adapter<VaultFileData> {
  /** True when the last read() found no file. */
  missing = false;
  private keys: VaultKeys;
  /** Save counter of the file as last read or written; 0 before the first save. */
  private seq: number;
  private cache: { bytes: Buffer; data: VaultFileData } | undefined;

  constructor(
    readonly path: string,
    keys: VaultKeys,
    private readonly seen: SeenSaves,
    seq = 0,
  ) {
    this.keys = keys;
    this.seq = seq;
  }

  get fileId(): string {
    return this.keys.fileId;
  }

  get keyId(): string {
    return this.keys.keyId;
  }

  /** The save counter the next write() will stamp. */
  get nextSeq(): number {
    return this.seq + 1;
  }

  /** The slots as of the last read or write. */
  get slots(): readonly Slot[] {
    return this.keys.slots;
  }

  get masterKey(): Buffer {
    return this.keys.masterKey;
  }

  async read(): Promise<VaultFileData | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') {
        this.missing = true;
        return null;
      }
      throw new VaultIoError('read', this.path, error);
    }
    this.missing = false;
    if (this.cache && this.cache.bytes.equals(bytes)) return this.cache.data;
    const { header, data } = await this.decrypt(bytes);
    this.adopt(header.seq, header.slots, bytes, data);
    await this.seen.record(header.fileId, { seq: header.seq, formatVersion: header.formatVersion });
    return data;
  }

  /**
   * Saves `data` as the next save. Only call while holding the vault's lock, right after a
   * read() of the current file: the save counter and slots continue from that read.
   */
  async write(data: VaultFileData): Promise<void> {
    await this.writeWithKeys(data, this.keys);
  }

  /**
   * Saves `data` under different keys (a rekey, a slot added or removed) and, once it is on disk,
   * makes them the adapter's keys. The same lock-and-read rule as write() applies.
   */
  async writeWithKeys(data: VaultFileData, keys: VaultKeys): Promise<void> {
    const seq = this.nextSeq;
    const plaintext = Buffer.from(JSON.stringify(data), 'utf8');
    let bytes: Buffer;
    try {
      bytes = sealVault(keys, seq, keys.masterKey, plaintext);
    } finally {
      plaintext.fill(0);
    }
    try {
      await writeFileDurably(this.path, bytes, { backup: true });
    } catch (error) {
      throw new VaultIoError('save', this.path, error);
    }
    if (keys.masterKey !== this.keys.masterKey) this.keys.masterKey.fill(0);
    this.keys = keys;
    this.adopt(seq, keys.slots, bytes, deepFreeze(data));
    await this.seen.record(keys.fileId, { seq, formatVersion: FORMAT_VERSION });
  }

  /** Wipes the master key from memory; the adapter cannot be used afterwards. */
  dispose(): void {
    this.keys.masterKey.fill(0);
    this.cache = undefined;
  }

  private async decrypt(bytes: Buffer): Promise<{ header: Header; data: VaultFileData }> {
    const envelope = parseEnvelope(this.path, bytes);
    const { header } = envelope;
    if (header.fileId !== this.keys.fileId) {
      throw new CorruptVaultError(this.path, 'it is a different vault from the one that was unlocked (another file was put in its place)');
    }
    if (header.keyId !== this.keys.keyId) throw new VaultRekeyedError(this.path);
    await this.seen.check(this.path, header.fileId, { seq: header.seq, formatVersion: header.formatVersion });
    const plaintext = openPayload(this.path, envelope, this.keys.masterKey);
    try {
      const data = parseVaultFileData(parseJson(plaintext));
      if (!data) throw new CorruptVaultError(this.path, 'its decrypted contents are not a valid vault (written by an incompatible tool?)');
      return { header, data: deepFreeze(data) };
    } finally {
      plaintext.fill(0);
    }
  }

  private adopt(seq: number, slots: Slot[], bytes: Buffer, data: VaultFileData): void {
    this.seq = seq;
    this.keys = { ...this.keys, slots };
    this.cache = { bytes, data };
  }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
