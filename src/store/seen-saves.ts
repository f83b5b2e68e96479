// Rollback guard: the highest save counter (`seq`) and format version this machine has seen for
// each vault (by fileId), kept in `$XDG_STATE_HOME/coffer/seen.json` (default
// ~/.local/state/coffer/seen.json).
//
// Why outside the vault's folder: whoever can put an older vault file back (a sync tool, a
// restored backup, an attacker with write access to that folder) can put an older seen.json next
// to it just as easily. Per-user, per-machine state that is never copied along with the vault is
// what makes the older copy detectable.
//
// The record only ever moves forward (merged with max), is written durably (temp + fsync +
// rename), and is updated after a save is on disk — never before, or a crash could leave it
// ahead of the file and raise a false alarm. Losing a race with another process can only leave
// it behind (a weaker check for a moment), never ahead. A missing or unreadable state file
// weakens the check but never locks anyone out of their vault.
//
// Readers take a snapshot of the record BEFORE reading the vault file. Every seq in the record
// was on disk before it was recorded, and the file's seq only grows, so a file read after the
// snapshot is at least as new — unless it really was rolled back. (Snapshot after the read, and
// another process's commit in between would raise a false alarm.)
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import * as s from './shape.js';
import type { Infer } from './shape.js';
import { writeFileDurably } from './durable-write.js';
import { DowngradeError, RollbackDetectedError } from './errors.js';

const seenSchema = s.record(s.object({ seq: s.int({ min: 0 }), formatVersion: s.int({ min: 0 }) }));
type Seen = Infer<typeof seenSchema>;

export interface SavePoint {
  seq: number;
  formatVersion: number;
}

export function defaultSeenSavesPath(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const stateHome = env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(home, '.local', 'state');
  return join(stateHome, 'coffer', 'seen.json');
}

/** The record as it was at one moment; take it before reading the vault file. */
export class SeenSnapshot {
  constructor(private readonly seen: Readonly<Seen>) {}

  /** Throws RollbackDetectedError / DowngradeError when `point` is older than what was seen. */
  check(vaultPath: string, fileId: string, point: SavePoint): void {
    const seen = this.seen[fileId];
    if (!seen) return;
    if (point.formatVersion < seen.formatVersion) {
      throw new DowngradeError(vaultPath, `it is in format ${point.formatVersion}, but this machine already saw it in format ${seen.formatVersion}`);
    }
    if (point.seq < seen.seq) throw new RollbackDetectedError(vaultPath, point.seq, seen.seq);
  }
}

export class SeenSaves {
  constructor(readonly file: string) {}

  async snapshot(): Promise<SeenSnapshot> {
    return new SeenSnapshot(await this.read());
  }

  /** Moves the record forward to `point`. Best effort: never throws, see the file comment. */
  async record(fileId: string, point: SavePoint): Promise<void> {
    await this.update(fileId, (seen) => ({
      seq: Math.max(seen?.seq ?? 0, point.seq),
      formatVersion: Math.max(seen?.formatVersion ?? 0, point.formatVersion),
    })).catch(() => undefined);
  }

  /** Sets the record to `point` even if lower: after the operator accepted a rollback. */
  async reset(fileId: string, point: SavePoint): Promise<void> {
    await this.update(fileId, () => ({ ...point }));
  }

  private async update(fileId: string, next: (seen: SavePoint | undefined) => SavePoint): Promise<void> {
    const all = await this.read();
    const before = all[fileId];
    const after = next(before);
    if (before && before.seq === after.seq && before.formatVersion === after.formatVersion) return;
    all[fileId] = after;
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileDurably(this.file, Buffer.from(JSON.stringify(all, null, 1)));
  }

  private async read(): Promise<Seen> {
    try {
      return seenSchema.parse(JSON.parse(await readFile(this.file, 'utf8'))) ?? {};
    } catch {
      return {};
    }
  }
}
