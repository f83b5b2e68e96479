// End-to-end: `coffer run` as a real process getting real signals — from kill(2) and from Ctrl-C
// in a real terminal (tmux) — against the throwaway keychain test/run-all.sh provides. Checks
// what the unit tests cannot: that coffer dies of the program's signal so a calling shell stops,
// that Ctrl-C reaches the program once (not twice), and that a SIGKILLed coffer's folder is
// swept by the next run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cofferBin, start } from '../helpers/tmux.js';

let root: string;
let vault: string;
let runtimeDir: string;

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function env(): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^COFFER_(?!TEST_KEYRING)|^(NO_COLOR|FORCE_COLOR|NODE_OPTIONS)$|^VITEST/.test(key)) continue;
    base[key] = value;
  }
  return { ...base, XDG_RUNTIME_DIR: runtimeDir };
}

/** Starts coffer with our vault; `ended` settles with how it ended. */
function coffer(args: string[], input = '') {
  const child = spawn(process.execPath, [cofferBin, '--vault', vault, ...args], { env: env(), stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(input);
  const ended = new Promise<Ended>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, ended };
}

async function ok(args: string[], input = ''): Promise<void> {
  const { code, stderr } = await coffer(args, input).ended;
  if (code !== 0) throw new Error(`coffer ${args.join(' ')} failed (${code}): ${stderr}`);
}

async function waitUntil(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Programs started by the tests, killed at the end whatever happened (none may outlive us). */
const programs = new Set<number>();

async function waitForReady(path: string): Promise<{ pid: number; folder: string }> {
  await waitUntil(path, () => existsSync(path));
  const ready = JSON.parse(readFileSync(path, 'utf8'));
  programs.add(ready.pid);
  return ready;
}

/**
 * A program that writes {pid, folder} to `ready` once started, appends each SIGINT/SIGTERM/SIGHUP
 * it gets to `log`, and `then` decides how it ends: 'exit' (status 42) or 'die' (of that signal).
 */
function program(ready: string, log: string, then: 'exit' | 'die'): string[] {
  const script = `
    const fs = require('node:fs');
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {
      fs.appendFileSync(${JSON.stringify(log)}, s + '\\n');
      setTimeout(() => {
        if (${JSON.stringify(then)} === 'exit') process.exit(42);
        process.removeAllListeners(s);
        process.kill(process.pid, s);
      }, 300);
    });
    // Written whole, then renamed: the test polls for the file and must never read half of it.
    fs.writeFileSync(${JSON.stringify(ready + '.part')}, JSON.stringify({ pid: process.pid, folder: process.env.COFFER_SECRETS_DIR, cert: process.env.CERT }));
    fs.renameSync(${JSON.stringify(ready + '.part')}, ${JSON.stringify(ready)});
    setInterval(() => {}, 1000);`;
  return [process.execPath, '-e', script];
}

let counter = 0;
function files() {
  counter += 1;
  return { ready: join(root, `ready-${counter}.json`), log: join(root, `signals-${counter}.txt`) };
}

beforeAll(async () => {
  if (process.env.COFFER_TEST_KEYRING !== '1') {
    throw new Error('The run end-to-end tests need the throwaway keychain: run them through test/run-all.sh or test/helpers/with-keyring.sh.');
  }
  root = mkdtempSync(join(tmpdir(), 'coffer-e2e-run-'));
  runtimeDir = mkdtempSync('/dev/shm/coffer-e2e-run-');
  vault = join(root, 'vault', 'vault.coffer');
  await ok(['init']);
  await ok(['app', 'add', 'api']);
  await ok(['set', 'api/staging/TOKEN'], 'token-value');
  await ok(['set', 'api/staging/CERT', '--kind', 'tls'], 'cert-bytes');
});

afterAll(() => {
  for (const pid of programs) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
  }
  if (root) rmSync(root, { recursive: true, force: true });
  if (runtimeDir) rmSync(runtimeDir, { recursive: true, force: true });
});

describe('run, signalled with kill(2)', () => {
  test('SIGTERM to coffer reaches the program; it dies of it, and so does coffer, after removing the folder', async () => {
    const { ready, log } = files();
    const { child, ended } = coffer(['run', 'api/staging', '--', ...program(ready, log, 'die')]);
    const { folder } = await waitForReady(ready);
    expect(existsSync(folder)).toBe(true);
    child.kill('SIGTERM');
    expect(await ended).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(readFileSync(log, 'utf8')).toBe('SIGTERM\n');
    expect(existsSync(folder)).toBe(false);
  });

  test('SIGINT from a script (no terminal) is forwarded once; the program exits 42 and so does coffer', async () => {
    const { ready, log } = files();
    const { child, ended } = coffer(['run', 'api/staging', '--', ...program(ready, log, 'exit')]);
    await waitForReady(ready);
    child.kill('SIGINT');
    expect(await ended).toMatchObject({ code: 42, signal: null });
    expect(readFileSync(log, 'utf8')).toBe('SIGINT\n');
  });

  test('a program killed by SIGKILL: coffer exits 137 and removes the folder', async () => {
    const { ready, log } = files();
    const { ended } = coffer(['run', 'api/staging', '--', ...program(ready, log, 'exit')]);
    const { pid, folder } = await waitForReady(ready);
    process.kill(pid, 'SIGKILL');
    expect(await ended).toMatchObject({ code: 137, signal: null });
    expect(existsSync(folder)).toBe(false);
  });

  test('coffer itself SIGKILLed leaves its folder; the next run sweeps it', async () => {
    const { ready, log } = files();
    const { child, ended } = coffer(['run', 'api/staging', '--', ...program(ready, log, 'exit')]);
    const { pid, folder } = await waitForReady(ready);
    child.kill('SIGKILL');
    // The program holds coffer's stderr open: end it too before waiting for coffer's pipes to close.
    process.kill(pid, 'SIGKILL');
    await ended;
    expect(existsSync(folder)).toBe(true);
    const next = await coffer(['run', 'api/staging', '--', 'true']).ended;
    expect(next.code).toBe(0);
    expect(existsSync(folder)).toBe(false);
  });
});

describe('run in a terminal', () => {
  test.each([
    ['the program dies of Ctrl-C: coffer dies of SIGINT too, so the calling script stops', 'die', null],
    ['the program handles Ctrl-C and exits 42: coffer exits 42 and the script goes on', 'exit', 'after 42'],
  ] as const)('%s; the program got exactly one SIGINT', async (_name, then, marker) => {
    const { ready, log } = files();
    const after = join(root, `after-${counter}.txt`);
    // bash waits for coffer and, if coffer died of SIGINT, dies of it as well (so `after` is
    // never written, and the pane reports 130); if coffer exited normally, the script goes on.
    const script = `"$@"; echo "after $?" > ${JSON.stringify(after)}`;
    const t = await start(['bash', '-c', script, 'script', process.execPath, cofferBin, '--vault', vault, 'run', 'api/staging', '--', ...program(ready, log, then)], {
      cols: 100,
      rows: 10,
      env: { XDG_RUNTIME_DIR: runtimeDir },
    });
    const { pid, folder } = await waitForReady(ready);
    await t.press('C-c');
    await waitUntil('the program to end', () => !isAlive(pid));
    await waitUntil('the folder to be removed', () => !existsSync(folder));
    if (marker) await waitUntil('the script to go on', () => existsSync(after));
    else await new Promise((resolve) => setTimeout(resolve, 300)); // time enough for a wrong "after" to appear
    expect(readFileSync(log, 'utf8')).toBe('SIGINT\n');
    expect(existsSync(after) ? readFileSync(after, 'utf8').trim() : null).toBe(marker);
    expect(await t.waitExit()).toBe(marker ? 0 : 130);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
