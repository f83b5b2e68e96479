// Crash-safe replacement of a file. At every instant `path` names either the complete old file
// or the complete new one, both on stable storage:
//   1. write a uniquely named temp file (O_EXCL, mode 0600) in the same folder, fsync it;
//   2. optionally hard-link the current file as `<path>.bak` (via a temp name + rename, fsync'd
//      folder) — the old generation is kept BEFORE it stops being the current one;
//   3. rename the temp file over `path` and fsync the folder, so the rename itself survives a
//      power cut.
// A unique temp name per write (not lowdb/steno's shared one) lets two processes, or a retry
// after a crash, never collide on it.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, open, readdir, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errnoOf } from './errors.js';

export const FILE_MODE = 0o600;
/** Below IOV_MAX (1024 on Linux). */
const WRITEV_MAX_PIECES = 512;
/** Pieces are gathered into writes of about this size (they may be produced as they are written). */
const WRITE_BATCH_BYTES = 1 << 20;

export interface DurableWriteOptions {
  /** Keep the file being replaced as `<path>.bak`. */
  backup?: boolean;
}

/**
 * The new file replaced the old one, but the folder could not be flushed afterwards: the change
 * is visible now and might not survive a power cut. Every failure before the rename leaves the
 * old file in place and throws the raw fs error instead.
 */
export class FolderNotFlushedError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly folder: string,
    cause: unknown,
  ) {
    super(`the rename in ${folder} could not be flushed to disk`, { cause });
    this.code = errnoOf(cause);
  }
}

/**
 * Replaces `path` with `bytes` (one buffer, or pieces written in order — an iterable may produce
 * them as they are written) durably. Throws the raw fs error (the caller knows the context) while
 * `path` still holds the old file, and FolderNotFlushedError once it holds the new one.
 */
export async function writeFileDurably(path: string, bytes: Uint8Array | Iterable<Uint8Array>, options: DurableWriteOptions = {}): Promise<void> {
  const folder = dirname(path);
  const temp = tempPathFor(path);
  try {
    await writeNewFile(temp, bytes);
    if (options.backup) await keepBackup(path);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  try {
    await fsyncFolder(folder);
  } catch (error) {
    throw new FolderNotFlushedError(folder, error);
  }
}

/** The temp files this module makes for `path`, and only those. */
export function isTempFileOf(path: string, name: string): boolean {
  const prefix = `.${basename(path)}.`;
  return name.startsWith(prefix) && name.endsWith('.tmp') && /^[a-f0-9]{16}$/.test(name.slice(prefix.length, -4));
}

/**
 * Deletes temp files a killed writer left next to `path`. Only call while holding the vault's
 * lock: then no live writer of this vault is between creating and renaming one.
 */
export async function removeAbandonedTempFiles(path: string): Promise<void> {
  const folder = dirname(path);
  const names = await readdir(folder).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => isTempFileOf(path, name)).map((name) => unlink(join(folder, name)).catch(() => undefined)));
}

export async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
}

async function writeNewFile(path: string, bytes: Uint8Array | Iterable<Uint8Array>): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, FILE_MODE);
  try {
    if (bytes instanceof Uint8Array) await handle.writeFile(bytes);
    else await writeAll(handle, bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes the pieces in order, a batch of about WRITE_BATCH_BYTES at a time. */
async function writeAll(handle: FileHandle, pieces: Iterable<Uint8Array>): Promise<void> {
  let batch: Uint8Array[] = [];
  let bytes = 0;
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    batch.push(piece);
    bytes += piece.length;
    if (batch.length >= WRITEV_MAX_PIECES || bytes >= WRITE_BATCH_BYTES) {
      await writeFully(handle, batch);
      batch = [];
      bytes = 0;
    }
  }
  await writeFully(handle, batch);
}

/** writev until every byte is written (a short write is legal for large files). */
async function writeFully(handle: FileHandle, pieces: readonly Uint8Array[]): Promise<void> {
  let pending = [...pieces];
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending.slice(0, WRITEV_MAX_PIECES) as Uint8Array[]);
    const rest: Uint8Array[] = [];
    for (const piece of pending) {
      if (bytesWritten >= piece.length) bytesWritten -= piece.length;
      else {
        rest.push(piece.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    pending = rest;
  }
}

async function keepBackup(path: string): Promise<void> {
  const backupTemp = tempPathFor(path);
  try {
    // A hard link shares the old file's already-synced blocks: no copy, no window of damage.
    await link(path, backupTemp);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return; // first save: nothing to keep
    // File systems without hard links: copy, then sync the copy.
    await copyFile(path, backupTemp, constants.COPYFILE_EXCL);
    const handle = await open(backupTemp, constants.O_RDWR);
    try {
      await handle.chmod(FILE_MODE);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  try {
    await rename(backupTemp, `${path}.bak`);
  } catch (error) {
    await unlink(backupTemp).catch(() => undefined);
    throw error;
  }
  await fsyncFolder(dirname(path));
}
