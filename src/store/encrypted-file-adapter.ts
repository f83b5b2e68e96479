// lowdb's Adapter for the encrypted vault file. lowdb's Low<T> holds the decrypted state in
// memory; this adapter turns it into bytes on disk and back.
//
// read() returns null ONLY when the file does not exist. Any other problem throws a typed error:
// lowdb takes null as "use the defaults", and its next write would replace the real vault with
// an empty one.
//
// The adapter caches the state it last read or wrote, with that save's identity: file size, the
// bytes before the ciphertext (which hold this save's freshly wrapped data key and IV) and the
// tag. When the file still shows that identity, read() returns the cached state without reading
// or decrypting 17 MB again. Equal identity means the same save: a different save has another
// random data key in its header, and no one without the key can change the ciphertext and keep
// the tag (if damage did that, the next save overwrites it with the good state anyway).
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { FolderNotFlushedError, writeFileDurably } from './durable-write.js';
import { VaultIoError, errnoOf, unflushedSaveHint } from './errors.js';
import { parseEnvelope, readHeaderOnly } from './envelope.js';
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
  private seq = 0;
  private cache: { identity: SaveIdentity; data: VaultFileData } | undefined;

  constructor(
    readonly path: string,
    keys: VaultKeys,
    private readonly seen: SeenSaves,
  ) {
    this.keys = keys;
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
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') {
        this.missing = true;
        return null;
      }
      throw new VaultIoError('read', this.path, error);
    }
    this.missing = false;
    let bytes: Buffer;
    try {
      if (this.cache && (await hasIdentity(handle, this.cache.identity))) return this.cache.data;
      bytes = await readWhole(handle);
    } catch (error) {
      throw new VaultIoError('read', this.path, error);
    } finally {
      await handle.close();
    }
    // The rollback check comes before decrypting: an old file is refused whatever it holds.
    const claimed = readHeaderOnly(this.path, bytes);
    seen.check(this.path, claimed.fileId, { seq: claimed.seq, formatVersion: claimed.formatVersion });
    const { header, data } = decodeVaultFile(this.path, bytes, this.keys);
    this.adopt(header.seq, header.slots, identityOfFile(this.path, bytes), data);
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
    const sealed = encodeVaultFile(data, keys, seq);
    let unflushed: FolderNotFlushedError | undefined;
    try {
      await writeFileDurably(this.path, sealed.chunks, { backup: true });
    } catch (error) {
      if (!(error instanceof FolderNotFlushedError)) throw new VaultIoError('save', this.path, error);
      unflushed = error; // the file is the new save now: adopt it before saying so
    }
    if (keys.masterKey !== this.keys.masterKey) this.keys.masterKey.fill(0);
    this.keys = keys;
    this.adopt(seq, keys.slots, { size: sealed.size, head: sealed.head, tag: sealed.tag() }, data);
    await this.seen.record(keys.fileId, { seq, formatVersion: FORMAT_VERSION });
    if (unflushed) throw new VaultIoError('finish saving', this.path, unflushed.cause, unflushedSaveHint(this.path));
  }

  /** Wipes the master key from memory; the adapter cannot be used afterwards. */
  dispose(): void {
    this.keys.masterKey.fill(0);
    this.cache?.data.wipe();
    this.cache = undefined;
  }

  private adopt(seq: number, slots: Slot[], identity: SaveIdentity, data: VaultFileData): void {
    this.seq = seq;
    this.keys = { ...this.keys, slots };
    this.cache = { identity, data };
  }
}

/** What tells one save from another without reading all of it (see the comment at the top). */
interface SaveIdentity {
  size: number;
  /** Everything before the ciphertext: framing, header (with this save's wrapped data key), checksum. */
  head: Buffer;
  tag: Buffer;
}

/** The identity of a valid vault file as read (copied out, so the file's buffer can be freed). */
function identityOfFile(path: string, bytes: Buffer): SaveIdentity {
  const { aad, tag } = parseEnvelope(path, bytes);
  return { size: bytes.length, head: Buffer.from(aad), tag: Buffer.from(tag) };
}

/**
 * The whole file, asked for in one read: the thread pool then reads all 20 MB of a large vault
 * while the main thread does other work (the TUI loads its code meanwhile). readFile() reads
 * 512 KiB at a time, and each next read waits for the main thread to be free to ask for it.
 */
async function readWhole(handle: FileHandle): Promise<Buffer> {
  const { size } = await handle.stat();
  const bytes = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
    if (bytesRead === 0) break; // shorter than stat said: what was read is judged by the envelope
    filled += bytesRead;
  }
  return bytes.subarray(0, filled);
}

async function hasIdentity(handle: FileHandle, identity: SaveIdentity): Promise<boolean> {
  if ((await handle.stat()).size !== identity.size) return false;
  const head = Buffer.alloc(identity.head.length);
  const tag = Buffer.alloc(identity.tag.length);
  await handle.read(head, 0, head.length, 0);
  await handle.read(tag, 0, tag.length, identity.size - tag.length);
  return head.equals(identity.head) && tag.equals(identity.tag);
}
