// Cross-process lock around every save, so two coffer processes queue instead of interleaving.
//
// proper-lockfile makes `<vault>.lock` (a directory: mkdir is atomic) and refreshes its mtime
// while held. Numbers, and why:
//   - retries: polls every ~10–60 ms (jittered) for ~5 s. A save takes milliseconds (~0.1 s for a
//     10k-secret vault), so a queue of several writers clears well inside that. Polling often
//     matters more than it seems: against a writer in a tight loop, which frees the lock only for
//     a millisecond or two between saves, a waiter that polls every few hundred ms starves.
//   - stale after 10 s (refreshed every 5 s): a holder killed with -9 cannot release; its lock is
//     taken over once its mtime is 10 s old. Long enough that a live holder (a slow disk, a
//     paused laptop lid) is not robbed, short enough that an operator is not left waiting.
//     proper-lockfile refuses anything under 2 s.
// Who holds it (pid, user, host, since) goes into `<vault>.lock-holder.json` next to the lock
// directory — not inside: proper-lockfile removes the lock with rmdir, which needs it empty.
// It names a process, never anything secret.
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as s from './shape.js';
import { VaultIoError, VaultLockedError, errnoOf } from './errors.js';

export interface VaultLockOptions {
  /** Milliseconds after which a lock nobody refreshes is taken over. Minimum 2000. */
  staleMs?: number;
  /** Roughly how long to wait for a busy lock before giving up. */
  waitMs?: number;
  /**
   * Told once when the lock has been busy for a noticeable moment (NOTICE_AFTER_MS) and the wait
   * goes on, with who holds it: so a person at a terminal sees why nothing happens yet.
   */
  onWait?: (holder: string | undefined) => void;
}

export const DEFAULT_LOCK_OPTIONS: Required<Omit<VaultLockOptions, 'onWait'>> = { staleMs: 10_000, waitMs: 5_000 };

/** A save takes milliseconds: a lock still busy after this is worth telling the waiter about. */
const NOTICE_AFTER_MS = 300;

/** Passed to the work done under the lock, to check just before the point of no return. */
export interface HeldLock {
  /** Throws VaultLockedError if the lock was lost (not refreshed in time and taken over). */
  assertHeld(): void;
}

const holderSchema = s.object({ pid: s.number(), user: s.string(), host: s.string(), since: s.string() });

export function lockPathOf(vaultPath: string): string {
  return `${vaultPath}.lock`;
}

export function holderPathOf(vaultPath: string): string {
  return `${vaultPath}.lock-holder.json`;
}

/** Runs `work` while holding the vault's lock; throws VaultLockedError if it stays busy. */
export async function withVaultLock<T>(vaultPath: string, options: VaultLockOptions, work: (lock: HeldLock) => Promise<T>): Promise<T> {
  const { staleMs, waitMs } = { ...DEFAULT_LOCK_OPTIONS, ...options };
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  // Loaded on first use: commands that only read never pay for it (nor for graceful-fs, which
  // it loads and which patches fs when loaded).
  const { default: lockfile } = await import('proper-lockfile');
  const attempt = (ms: number) =>
    lockfile.lock(vaultPath, {
      realpath: false, // the vault file may not exist yet (init)
      lockfilePath: lockPathOf(vaultPath),
      stale: staleMs,
      retries: retryPlan(ms),
      // The default throws from a timer and kills the process; note it and fail the save instead.
      onCompromised: (error) => {
        compromised = error;
      },
    });
  try {
    if (options.onWait && waitMs > NOTICE_AFTER_MS) {
      // Two stretches: a short one, then — still busy — say so and wait out the rest.
      try {
        release = await attempt(NOTICE_AFTER_MS);
      } catch (error) {
        if (errnoOf(error) !== 'ELOCKED') throw error;
        options.onWait(await describeHolder(vaultPath));
        release = await attempt(waitMs - NOTICE_AFTER_MS);
      }
    } else {
      release = await attempt(waitMs);
    }
  } catch (error) {
    if (errnoOf(error) === 'ELOCKED') throw new VaultLockedError(vaultPath, await describeHolder(vaultPath));
    throw new VaultIoError('lock', vaultPath, error);
  }
  const held: HeldLock = {
    assertHeld() {
      if (compromised) throw new VaultLockedError(vaultPath, 'this coffer lost its lock while saving');
    },
  };
  try {
    await removeAbandonedHolderTemps(vaultPath);
    await writeHolder(vaultPath);
    return await work(held);
  } finally {
    await unlink(holderPathOf(vaultPath)).catch(() => undefined);
    await release().catch(() => undefined);
  }
}

/**
 * "pid 4242 of alice on build-7 since 2024-05-01T10:00:00.000Z", plus "(no longer running)" when
 * that process is known to be gone; undefined if unknown.
 */
export async function describeHolder(vaultPath: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(holderPathOf(vaultPath), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = holderSchema.parse(safeJson(text));
  if (!parsed) return undefined;
  const { pid, user, host, since } = parsed;
  const gone = host === hostname() && !isRunning(pid) ? '; no longer running, its lock expires by itself' : '';
  return `pid ${pid} of ${user} on ${host} since ${since}${gone}`;
}

async function writeHolder(vaultPath: string): Promise<void> {
  const holder = { pid: process.pid, user: currentUser(), host: hostname(), since: new Date().toISOString() };
  // Atomic (unique temp + rename) so a waiting process never reads half of it. Not fsync'd and
  // best effort: it only improves an error message.
  const target = holderPathOf(vaultPath);
  const temp = `${target}.${randomBytes(8).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
    await rename(temp, target);
  } catch {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Deletes holder temp files a killed coffer left (it died between writing one and renaming it).
 * Only called while holding the lock: no live process is between those two steps then.
 */
async function removeAbandonedHolderTemps(vaultPath: string): Promise<void> {
  const prefix = `${basename(holderPathOf(vaultPath))}.`;
  const names = await readdir(dirname(vaultPath)).catch(() => [] as string[]);
  const abandoned = names.filter((name) => name.startsWith(prefix) && /^[0-9a-f]{16}\.tmp$/.test(name.slice(prefix.length)));
  await Promise.all(abandoned.map((name) => unlink(join(dirname(vaultPath), name)).catch(() => undefined)));
}

function retryPlan(waitMs: number) {
  // Backoff from 10 ms up to 40 ms; `randomize` multiplies each wait by 1–2 so two waiters do not
  // poll in step. Late retries average ~60 ms.
  return { retries: Math.max(1, Math.ceil(waitMs / 60) + 3), minTimeout: 10, maxTimeout: 40, factor: 1.5, randomize: true };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoOf(error) === 'EPERM'; // exists, owned by someone else
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}
