// End-to-end: how the built program starts and writes, on a private copy of bin/ and dist/ (the
// code cache lives in dist/, and these tests damage it on purpose):
//   - the code cache (src/platform/code-cache.ts): written by the first run, used by the next;
//     a damaged, stale or unwritable cache never changes what a command does, and never holds
//     a secret the run that wrote it handled;
//   - stdout written with write(2) (src/cli/terminal.ts): a reader that stops early ends the run
//     quietly, and a pipe another program left non-blocking still gets every byte, in order.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { baseEnv, finished, requireKeyring } from '../faults/helpers/cli.js';
import type { Run } from '../faults/helpers/cli.js';
import { repoRoot } from '../helpers/tmux.js';

const CANARY = 'canary-code-cache-7c41d2-never-stored';
const PASSPHRASE = 'start-up passphrase, long enough';

let root: string;
let copy: string;
let bin: string;
let cacheFile: string;
let vault: string;
let passphraseFile: string;

function run(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...baseEnv(), COFFER_PASSPHRASE_FILE: passphraseFile, ...options.env } as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(options.input ?? '');
  return finished(child);
}

/** Runs once with COFFER_TIMINGS; whether the bundle came from the code cache. */
async function runTimed(args: string[]): Promise<{ run: Run; fromCache: boolean }> {
  const timings = join(root, `timings-${Math.random().toString(36).slice(2)}.json`);
  const result = await run(args, { env: { COFFER_TIMINGS: timings } });
  const marks = JSON.parse(readFileSync(timings, 'utf8').trim().split('\n').pop()!) as Record<string, number>;
  return { run: result, fromCache: 'code cache used (cli.cjs)' in marks };
}

function dropCache(): void {
  rmSync(cacheFile, { recursive: true, force: true });
}

beforeAll(async () => {
  requireKeyring();
  root = mkdtempSync(join(tmpdir(), 'coffer-start-up-'));
  copy = join(root, 'program');
  mkdirSync(copy);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(repoRoot, part), join(copy, part), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'));
  bin = join(copy, 'bin', 'coffer.cjs');
  cacheFile = join(copy, 'dist', 'cli.cjs.cache');
  passphraseFile = join(root, 'passphrase');
  writeFileSync(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 });
  vault = join(root, 'vault', 'vault.coffer');
  for (const args of [['init', '--no-keychain'], ['app', 'add', 'api'], ['set', 'api/production/TOKEN', '-']]) {
    const result = await run([...args, '--vault', vault], { input: CANARY });
    expect(result.code, result.stderr).toBe(0);
  }
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the code cache', () => {
  test('the first run writes it, the next one starts from it, and both answer the same', async () => {
    dropCache();
    const first = await runTimed(['get', 'api/production/TOKEN', '--vault', vault]);
    expect(first.run.code, first.run.stderr).toBe(0);
    expect(first.run.stdout).toBe(CANARY);
    expect(first.fromCache).toBe(false);
    expect(existsSync(cacheFile)).toBe(true);

    const second = await runTimed(['get', 'api/production/TOKEN', '--vault', vault]);
    expect(second.run.stdout).toBe(CANARY);
    expect(second.fromCache).toBe(true);
  });

  test('holds compiled code, not what the run that wrote it handled: no secret, no passphrase', async () => {
    dropCache();
    const result = await run(['get', 'api/production/TOKEN', '--vault', vault]);
    expect(result.stdout).toBe(CANARY);
    const cache = readFileSync(cacheFile);
    for (const secret of [CANARY, PASSPHRASE]) {
      const forms = { utf8: Buffer.from(secret), utf16: Buffer.from(secret, 'utf16le'), base64: Buffer.from(Buffer.from(secret).toString('base64')), hex: Buffer.from(Buffer.from(secret).toString('hex')) };
      for (const [form, bytes] of Object.entries(forms)) expect(cache.includes(bytes), `${secret} as ${form}`).toBe(false);
    }
  });

  test('damaged anywhere in its data, it is ignored and rewritten: the command still answers right', async () => {
    dropCache();
    await run(['--version']);
    const good = readFileSync(cacheFile);
    const dataStart = good.indexOf(0x0a) + 1;
    for (const at of [dataStart, dataStart + 100, dataStart + Math.floor((good.length - dataStart) / 2), good.length - 1]) {
      const damaged = Buffer.from(good);
      damaged[at] = damaged[at]! ^ 0xff;
      writeFileSync(cacheFile, damaged);
      const result = await runTimed(['get', 'api/production/TOKEN', '--vault', vault]);
      expect(result.run.code, `byte ${at}: ${result.run.stderr}`).toBe(0);
      expect(result.run.stdout).toBe(CANARY);
      expect(result.fromCache).toBe(false);
      expect(readFileSync(cacheFile).equals(damaged)).toBe(false); // rewritten
    }
    // Cut short, emptied, or not a cache at all.
    for (const bad of [good.subarray(0, dataStart + 10), Buffer.alloc(0), Buffer.from('not a cache\n'), good.subarray(0, dataStart - 1)]) {
      writeFileSync(cacheFile, bad);
      const result = await runTimed(['get', 'api/production/TOKEN', '--vault', vault]);
      expect(result.run.stdout).toBe(CANARY);
      expect(result.fromCache).toBe(false);
    }
    expect((await runTimed(['get', 'api/production/TOKEN', '--vault', vault])).fromCache).toBe(true);
  });

  test('a bundle changed since (even to the same length) never runs from the old cache', async () => {
    const cli = join(copy, 'dist', 'cli.cjs');
    const original = readFileSync(cli, 'utf8');
    try {
      dropCache();
      expect((await run(['--version'])).stdout.trim()).toBe('0.1.0');
      const changed = original.replace('"0.1.0"', '"9.8.7"');
      expect(changed.length).toBe(original.length);
      writeFileSync(cli, changed);
      const result = await runTimed(['--version']);
      expect(result.run.stdout.trim()).toBe('9.8.7');
      expect(result.fromCache).toBe(false);
    } finally {
      writeFileSync(cli, original);
    }
  });

  test('where it cannot be written, every run compiles from source and leaves nothing behind', async () => {
    dropCache();
    mkdirSync(cacheFile); // the rename of a finished cache onto it fails
    try {
      for (let i = 0; i < 2; i++) {
        const result = await runTimed(['get', 'api/production/TOKEN', '--vault', vault]);
        expect(result.run.code, result.run.stderr).toBe(0);
        expect(result.run.stdout).toBe(CANARY);
        expect(result.fromCache).toBe(false);
      }
      expect(readdirSync(join(copy, 'dist')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      dropCache();
    }
  });

  test('four first runs at once: all answer, one whole cache is left, no temp file', async () => {
    dropCache();
    const runs = await Promise.all(Array.from({ length: 4 }, () => run(['get', 'api/production/TOKEN', '--vault', vault])));
    for (const result of runs) expect(result.stdout).toBe(CANARY);
    expect(readdirSync(join(copy, 'dist')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await runTimed(['get', 'api/production/TOKEN', '--vault', vault])).fromCache).toBe(true);
  });
});

describe('stdout', () => {
  const big = 'v'.repeat(1024 * 1024 - 3) + 'end'; // 1 MiB: many times a pipe's 64 KiB

  beforeAll(async () => {
    const result = await run(['set', 'api/production/BIG', '-', '--vault', vault], { input: big });
    expect(result.code, result.stderr).toBe(0);
  });

  const sh = (script: string) =>
    spawnSync('bash', ['-c', script], {
      env: { ...baseEnv(), COFFER_PASSPHRASE_FILE: passphraseFile, NODE: process.execPath, BIN: bin, VAULT: vault } as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 30_000,
    });

  test('a reader that stops early ends the run quietly, with success', () => {
    const result = sh('"$NODE" "$BIN" get api/production/BIG --vault "$VAULT" | head -c 5; echo " ${PIPESTATUS[0]}"');
    expect(result.stdout).toBe('vvvvv 0\n');
    expect(result.stderr).toBe('');
  });

  test('a non-blocking pipe with a slow reader still gets every byte, in order', () => {
    // A Node parent that has used its own stdout leaves the pipe non-blocking, and coffer
    // inherits that: write(2) says EAGAIN as soon as the pipe is full.
    const parent = join(root, 'non-blocking-parent.cjs');
    writeFileSync(
      parent,
      "process.stdout.write('');\n" +
        "const r = require('node:child_process').spawnSync(process.env.NODE, [process.env.BIN, 'get', 'api/production/BIG', '--vault', process.env.VAULT], { stdio: 'inherit' });\n" +
        'process.exitCode = r.status;\n',
    );
    const result = sh(`"$NODE" ${JSON.stringify(parent)} | (sleep 0.5; cat) > ${JSON.stringify(join(root, 'big.out'))}; echo "\${PIPESTATUS[0]}"`);
    expect(result.stdout.trim()).toBe('0');
    const out = readFileSync(join(root, 'big.out'), 'utf8');
    expect(out.length).toBe(big.length);
    expect(out === big).toBe(true);
  });
});
