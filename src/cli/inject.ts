// What `coffer run` hands a program: env-kind secrets as environment variables, file-like ones
// (kind file or tls) as files in a private folder in RAM whose paths go in the variables, and
// the folder's path in COFFER_SECRETS_DIR. The folder is 0700, each file 0600, and it is removed
// when the program ends.
//
// Why RAM only: a file on disk outlives a crash or a SIGKILL of coffer, can reach backups and
// snapshots, and deleting it does not erase its blocks (SSDs, journals). tmpfs pages vanish
// with the folder. A disk fallback is used only when asked for (--allow-disk).
import { lstat, mkdtemp, readdir, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedSecret } from '../domain/resolve.js';
import type { Env } from './output.js';
import { NEW_PASSPHRASE_FILE_VAR, NEW_PASSPHRASE_VAR, PASSPHRASE_FILE_VAR, PASSPHRASE_VAR } from './unlock.js';
import { UsageError } from './usage.js';

/** Kinds delivered as a file whose path is the variable's value. */
export const FILE_KINDS: ReadonlySet<string> = new Set(['file', 'tls']);

export const SECRETS_DIR_VAR = 'COFFER_SECRETS_DIR';

/**
 * coffer's own unlock material never reaches the program: a passphrase in coffer's environment
 * would otherwise be inherited by whatever `run` starts. Nor does a team's etcd password.
 */
const WITHHELD_VARS = [PASSPHRASE_VAR, PASSPHRASE_FILE_VAR, NEW_PASSPHRASE_VAR, NEW_PASSPHRASE_FILE_VAR, 'COFFER_ETCD_PASSWORD'];

const FOLDER_PREFIX = 'coffer-run-';
// statfs(2) f_type of the RAM-backed file systems.
const TMPFS_MAGIC = 0x01021994;
const RAMFS_MAGIC = 0x858458f6;

export interface Injection {
  /** Variables to add to the program's environment. */
  env: Record<string, string>;
  /** The private folder holding file-kind secrets, if any; remove with cleanup(). */
  folder?: string;
  /** Removes the folder; safe to call more than once. */
  cleanup(): Promise<void>;
}

export interface InjectionOptions {
  /** --allow-disk: without a RAM folder, use the system temp folder instead of refusing. */
  allowDisk?: boolean;
  /** For tests: the platform whose RAM check applies (statfs types are Linux's). */
  platform?: NodeJS.Platform;
  /** For tests: where the shared-memory folder is (default /dev/shm). */
  shm?: string;
}

async function isRamBacked(path: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(path)).isDirectory()) return false;
    // Elsewhere the names are the evidence: /dev/shm and XDG_RUNTIME_DIR are RAM by convention.
    if (platform !== 'linux') return true;
    const { type } = await statfs(path);
    return type === TMPFS_MAGIC || type === RAMFS_MAGIC;
  } catch {
    return false;
  }
}

/** RAM-backed folders, most private first: the per-user runtime dir, then /dev/shm. */
export async function ramFolder(env: Env, platform: NodeJS.Platform = process.platform, shm = '/dev/shm'): Promise<string | undefined> {
  for (const candidate of [env.XDG_RUNTIME_DIR, shm]) {
    if (!candidate || !candidate.startsWith('/')) continue;
    if (await isRamBacked(candidate, platform)) return candidate;
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes folders earlier runs left behind when coffer itself was killed (SIGKILL gives it no
 * chance to clean up): ours only, and only those whose process is gone.
 */
export async function sweepStaleFolders(base: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(base);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  await Promise.all(
    names.map(async (name) => {
      const match = /^coffer-run-(\d+)-/.exec(name);
      const pid = Number(match?.[1]);
      if (!match || pid === process.pid || isAlive(pid)) return;
      const path = join(base, name);
      try {
        const info = await lstat(path);
        if (info.isDirectory() && (uid === undefined || info.uid === uid)) await rm(path, { recursive: true, force: true });
      } catch {
        // gone already, or not ours to remove
      }
    }),
  );
}

export async function prepareInjection(
  secrets: readonly ResolvedSecret[],
  env: Env,
  options: InjectionOptions = {},
): Promise<Injection> {
  const vars: Record<string, string> = {};
  const files = secrets.filter((s) => FILE_KINDS.has(s.secret.kind));
  for (const s of secrets) if (!FILE_KINDS.has(s.secret.kind)) vars[s.key] = s.value;
  if (files.length === 0) return { env: vars, cleanup: async () => undefined };

  let base = await ramFolder(env, options.platform, options.shm);
  if (!base && options.allowDisk) base = tmpdir();
  if (!base) {
    throw new UsageError(
      `${files.map((s) => s.key).join(', ')} must be written to files, and there is no folder in RAM for them ` +
        '(XDG_RUNTIME_DIR and /dev/shm are missing or not tmpfs).',
      'Set XDG_RUNTIME_DIR to a tmpfs folder, leave them out with --only, or accept files on disk with --allow-disk.',
    );
  }
  await sweepStaleFolders(base);
  const folder = await mkdtemp(join(base, `${FOLDER_PREFIX}${process.pid}-`));
  let removed: Promise<void> | undefined;
  const cleanup = () => (removed ??= rm(folder, { recursive: true, force: true }));
  try {
    for (const s of files) {
      const path = join(folder, s.key);
      await writeFile(path, s.value, { mode: 0o600, flag: 'wx' });
      vars[s.key] = path;
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  vars[SECRETS_DIR_VAR] = folder;
  return { env: vars, folder, cleanup };
}

/** coffer's environment minus its unlock variables, plus the injected ones (which win). */
export function childEnvironment(base: Env, injected: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !WITHHELD_VARS.includes(key)) env[key] = value;
  }
  return { ...env, ...injected };
}
