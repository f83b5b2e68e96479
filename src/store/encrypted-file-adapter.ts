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
import { writeFileDurably } from './durable-write.js';
import { VaultIoError, errnoOf } from './errors.js';
import { deepFreeze } from './freeze.js';
import { readHeader } from './envelope.js';
import { FORMAT_VERSION } from './header.js';
import type { Slot } from './header.js';
import type { VaultFileData } from './payload.js';
import type { SeenSaves } from './seen-saves.js';
import { decodeVaultFile, encodeVaultFile } from './vault-codec.js';
import type { VaultKeys } from './vault-codec.js';

export type { VaultKeys } from './vault-codec.js';

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
    const seen = await this.seen.snapshot(); // before the file: see seen-saves.ts
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
    // The rollback check comes before decrypting: an old file is refused whatever it holds.
    const claimed = readHeader(this.path, bytes);
    seen.check(this.path, claimed.fileId, { seq: claimed.seq, formatVersion: claimed.formatVersion });
    const { header, data } = decodeVaultFile(this.path, bytes, this.keys);
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
    const bytes = encodeVaultFile(data, keys, seq);
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

  private adopt(seq: number, slots: Slot[], bytes: Buffer, data: VaultFileData): void {
    this.seq = seq;
    this.keys = { ...this.keys, slots };
    this.cache = { bytes, data };
  }
}
