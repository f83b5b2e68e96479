// Running the BUILT program (node bin/coffer.cjs) for the fault suites, in a private workspace:
// its own vault folder, TMPDIR and XDG_RUNTIME_DIR, so that whatever a run leaves behind can be
// scanned (the leak tests) and nothing touches another test's files. The TUI's fault tests
// (test/faults/tui-*.e2e.test.ts) use the same workspace and scanner for the TUI + CLI cases.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cofferBin } from '../../helpers/tmux.js';

export { cofferBin };

export interface Run {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  /** Kill with SIGKILL after this long (a hung run fails its test instead of the suite). */
  timeoutMs?: number;
  /** Another program than bin/coffer.cjs (a copy of the build, for the library-missing case). */
  bin?: string;
}

/** Our environment minus anything that would change coffer's behaviour behind a test's back. */
export function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^COFFER_(?!TEST_KEYRING)|^(NO_COLOR|FORCE_COLOR|NODE_OPTIONS)$|^VITEST/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

export function requireKeyring(): void {
  if (process.env.COFFER_TEST_KEYRING !== '1') {
    throw new Error('The fault e2e suites need the throwaway keychain: run them with `npm test`, test/run-all.sh, or test/helpers/with-keyring.sh npx vitest run --config vitest.e2e.config.ts <file>.');
  }
}

export class Workspace {
  readonly root: string;
  /** TMPDIR of every run: scanned by the leak tests. */
  readonly tmp: string;
  /** XDG_RUNTIME_DIR of every run (where `coffer run` puts file secrets): scanned too. */
  readonly runtime: string;
  /** Every run in this workspace, for the leak checks. */
  readonly runs: Array<{ args: string[]; run: Run }> = [];
  private counter = 0;

  constructor(prefix = 'coffer-faults-') {
    this.root = mkdtempSync(join(tmpdir(), prefix));
    this.tmp = join(this.root, 'tmp');
    this.runtime = join(this.root, 'runtime');
    mkdirSync(this.tmp, { mode: 0o700 });
    mkdirSync(this.runtime, { mode: 0o700 });
  }

  /** A fresh vault path whose folder does not exist yet (init creates it 0700). */
  vaultPath(): string {
    this.counter += 1;
    return join(this.root, `vault-${this.counter}`, 'vault.coffer');
  }

  env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    return { ...baseEnv(), TMPDIR: this.tmp, XDG_RUNTIME_DIR: this.runtime, ...extra };
  }

  async run(args: string[], options: RunOptions = {}): Promise<Run> {
    const run = await runCoffer(args, { ...options, env: this.env(options.env) });
    this.runs.push({ args, run });
    return run;
  }

  /** init + app add: a keychain vault (or passphrase-only) with one app. */
  async vault(options: { app?: string; passphraseFile?: string } = {}): Promise<{ path: string; recoveryCode: string; at: (...args: string[]) => string[] }> {
    const path = this.vaultPath();
    const env = options.passphraseFile ? { COFFER_PASSPHRASE_FILE: options.passphraseFile } : {};
    const init = await this.run(['init', '--vault', path, ...(options.passphraseFile ? ['--no-keychain'] : [])], { env });
    if (init.code !== 0) throw new Error(`coffer init failed (${init.code}): ${init.stderr}`);
    const recoveryCode = /Recovery code: (\S+)/.exec(init.stdout)?.[1] ?? '';
    const app = await this.run(['app', 'add', options.app ?? 'api', '--vault', path], { env });
    if (app.code !== 0) throw new Error(`coffer app add failed (${app.code}): ${app.stderr}`);
    return { path, recoveryCode, at: (...args) => [...args, '--vault', path] };
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Runs the built program once. */
export function runCoffer(args: string[], options: RunOptions = {}): Promise<Run> {
  const child = spawnCoffer(args, options);
  return finished(child, options);
}

export function spawnCoffer(args: string[], options: RunOptions = {}): ChildProcessWithoutNullStreams {
  const env = { ...(options.env ?? baseEnv()) };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const child = spawn(process.execPath, [options.bin ?? cofferBin, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined); // a program that exits without reading its stdin
  child.stdin.end(options.input ?? '');
  return child;
}

export function finished(child: ChildProcessWithoutNullStreams, options: Pick<RunOptions, 'timeoutMs'> = {}): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({ code: code ?? -1, signal, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: Buffer.concat(err).toString('utf8'), ms: performance.now() - started });
    });
  });
}

/** Every regular file under `dir` (recursively), path → bytes; unreadable ones are skipped. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (folder: string) => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(folder, name);
      try {
        const info = statSync(path);
        if (info.isDirectory()) walk(path);
        else if (info.isFile()) files.set(path, readFileSync(path));
      } catch {
        // vanished meanwhile
      }
    }
  };
  walk(dir);
  return files;
}

/** The forms a secret could leak in: as is, UTF-16, base64 and hex (a debug dump of a buffer). */
export function leakForms(secret: string): Array<[string, Buffer]> {
  const bytes = Buffer.from(secret, 'utf8');
  return [
    ['utf-8', bytes],
    ['utf-16', Buffer.from(secret, 'utf16le')],
    ['base64', Buffer.from(bytes.toString('base64').slice(0, 24))],
    ['hex', Buffer.from(bytes.toString('hex').slice(0, 32))],
  ];
}

/** Where (and in which form) `secret` occurs in `bytes`, or undefined. */
export function findLeak(bytes: Buffer | string, secret: string): string | undefined {
  const haystack = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  for (const [form, needle] of leakForms(secret)) if (haystack.includes(needle)) return form;
  return undefined;
}
