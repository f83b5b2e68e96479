// Bundles child/store-child.ts once per test file with esbuild (tsx is not installed) and runs
// it as a real `node` process. The bundle goes under node_modules/.cache so its bare imports
// (lowdb, zod, proper-lockfile, keytar) resolve from the project's node_modules.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

export async function bundleChild(): Promise<string> {
  const cache = join(root, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const outdir = await mkdtemp(join(cache, 'coffer-store-child-'));
  const outfile = join(outdir, 'store-child.mjs');
  await build({ entryPoints: [join(here, 'child', 'store-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'error' });
  return outfile;
}

/** Removes what bundleChild made. */
export async function removeChildBundle(script: string): Promise<void> {
  await rm(dirname(script), { recursive: true, force: true });
}

export interface RunningChild {
  process: ChildProcessWithoutNullStreams;
  /** Every stdout line so far. */
  lines: string[];
  stderr(): string;
  /** Resolves with the first line matching, rejects if the child exits first. */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runChild(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): RunningChild {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('exit', (code, signal) => {
      for (const wake of waiters) wake();
      done({ code, signal });
    });
  });
  return {
    process: child,
    lines,
    stderr: () => stderr,
    exited,
    waitForLine(match) {
      return new Promise((found, failed) => {
        const check = () => {
          const line = lines.find(match);
          if (line !== undefined) {
            waiters.delete(check);
            found(line);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            failed(new Error(`child exited (${child.exitCode ?? child.signalCode}) before the expected line; stderr: ${stderr}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}
