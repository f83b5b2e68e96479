// What `coffer run` hands a program: env-kind secrets as environment variables, file-like ones
// (kind file or tls) as files in a private folder in RAM whose paths go in the variables. The
// folder is 0700, each file 0600, and it is removed when the program ends.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedSecret } from '../domain/resolve.js';
import type { Env } from './output.js';
import { UsageError } from './usage.js';

/** Kinds delivered as a file whose path is the variable's value. */
const FILE_KINDS = new Set(['file', 'tls']);

export interface Injection {
  /** Variables to add to the program's environment. */
  env: Record<string, string>;
  /** The private folder holding file-kind secrets, if any; remove with cleanup(). */
  folder?: string;
  cleanup(): Promise<void>;
}

/** RAM-backed folders, most private first: the per-user runtime dir, then /dev/shm. */
export async function ramFolder(env: Env): Promise<string | undefined> {
  for (const candidate of [env.XDG_RUNTIME_DIR, '/dev/shm']) {
    if (!candidate || !candidate.startsWith('/')) continue;
    try {
      if ((await stat(candidate)).isDirectory()) return candidate;
    } catch {
      // not there: try the next
    }
  }
  return undefined;
}

export async function prepareInjection(secrets: readonly ResolvedSecret[], env: Env): Promise<Injection> {
  const vars: Record<string, string> = {};
  const files = secrets.filter((s) => FILE_KINDS.has(s.secret.kind));
  for (const s of secrets) if (!FILE_KINDS.has(s.secret.kind)) vars[s.key] = s.value;
  if (files.length === 0) return { env: vars, cleanup: async () => undefined };

  const base = await ramFolder(env);
  if (!base) {
    throw new UsageError(
      `${files.map((s) => s.key).join(', ')} must be written to files, and there is no folder in RAM for them.`,
      'Set XDG_RUNTIME_DIR to a tmpfs folder (or mount /dev/shm), or leave them out with --only.',
    );
  }
  const folder = await mkdtemp(join(base, 'coffer-run-'));
  const cleanup = () => rm(folder, { recursive: true, force: true });
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
  return { env: vars, folder, cleanup };
}
