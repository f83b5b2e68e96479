// Bundles a TypeScript entry (a child process or worker the fault tests start) with esbuild, as
// test/store/child-process.ts does for the store child: tsx is not installed, and the bundle goes
// under node_modules/.cache so its bare imports (zod, lowdb, proper-lockfile) resolve.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Bundles `entry` (a path relative to the repository) and returns the .mjs file's path. */
export async function bundleEntry(entry: string): Promise<string> {
  const cache = join(repoRoot, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const outdir = await mkdtemp(join(cache, 'coffer-faults-'));
  const outfile = join(outdir, `${basename(entry).replace(/\.tsx?$/, '')}.mjs`);
  await build({ entryPoints: [join(repoRoot, entry)], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'error' });
  return outfile;
}

/** Removes what bundleEntry made. */
export async function removeBundle(file: string): Promise<void> {
  await rm(dirname(file), { recursive: true, force: true });
}
