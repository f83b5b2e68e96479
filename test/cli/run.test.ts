// coffer run with real child processes: secrets reach the program as variables or files in RAM,
// its status (or the signal that killed it) is ours, signals are passed on, and the folder goes
// away in every case. Signals to coffer are emitted on this process (process.emit), which runs
// coffer's handlers exactly as a real signal would without endangering the test runner; the
// built program gets real ones in test/e2e/cli-run.test.ts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { childEnvironment, prepareInjection, ramFolder } from '../../src/cli/inject.js';
import { inForegroundOfTerminal, shouldForward } from '../../src/cli/supervise.js';
import type { ResolvedSecret } from '../../src/domain/resolve.js';
import { cleanupHarnesses, initialised, setFromPipe } from './fakes.js';

const shmRoots: string[] = [];
afterEach(() => {
  cleanupHarnesses();
  for (const dir of shmRoots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A private tmpfs folder standing in for XDG_RUNTIME_DIR. */
function runtimeDir(): string {
  const dir = mkdtempSync('/dev/shm/coffer-test-');
  shmRoots.push(dir);
  return dir;
}

/**
 * A program that records its environment and argv, and for file-kind keys the file's content
 * and mode; `before` runs before it writes the record (atomically), `after` once it has.
 */
function recorder(out: string, fileKeys: string[] = [], after = '', before = ''): string[] {
  const script = `
    const fs = require('node:fs');
    ${before}
    const files = {};
    for (const key of ${JSON.stringify(fileKeys)}) {
      const path = process.env[key];
      files[key] = { path, content: fs.readFileSync(path, 'utf8'), mode: fs.statSync(path).mode & 0o777 };
    }
    const dir = process.env.COFFER_SECRETS_DIR;
    const cmdline = fs.readFileSync('/proc/self/cmdline', 'utf8');
    // Written whole, then renamed: the test polls for the file and must never read half of it.
    fs.writeFileSync(${JSON.stringify(out + '.part')}, JSON.stringify({ pid: process.pid, env: process.env, files, cmdline, dirMode: dir && fs.statSync(dir).mode & 0o777 }));
    fs.renameSync(${JSON.stringify(out + '.part')}, ${JSON.stringify(out)});
    ${after}`;
  return [process.execPath, '-e', script];
}

async function waitForFile(path: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function seeded(extraEnv: Record<string, string> = {}) {
  const h = await initialised();
  h.env = { PATH: process.env.PATH, XDG_RUNTIME_DIR: runtimeDir(), ...extraEnv };
  await setFromPipe(h, 'shared/production/SENTRY_DSN', 'shared-dsn');
  await setFromPipe(h, 'shared/production/LOG_LEVEL', 'warn');
  await setFromPipe(h, 'api/production/LOG_LEVEL', 'info');
  await setFromPipe(h, 'api/production/API_KEY', 'sealed-value', '--type', 'sealed');
  await setFromPipe(h, 'api/production/TLS_CERT', 'PEM\n', '--kind', 'tls', '--keep-newline');
  await setFromPipe(h, 'api/production/REGISTRY_AUTH', 'registry-token', '--kind', 'registry');
  return h;
}

describe('run: what the program gets', () => {
  test('shared beneath app, sealed included; env and registry kinds as variables, tls as a 0600 file in a 0700 RAM folder named in COFFER_SECRETS_DIR', async () => {
    const h = await seeded();
    const out = join(h.dir, 'out.json');
    const run = await h.run(['run', 'api/production', '--', ...recorder(out, ['TLS_CERT'])]);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const seen = JSON.parse(readFileSync(out, 'utf8'));
    expect(seen.env).toMatchObject({ SENTRY_DSN: 'shared-dsn', LOG_LEVEL: 'info', API_KEY: 'sealed-value', REGISTRY_AUTH: 'registry-token' });
    expect(seen.files.TLS_CERT).toMatchObject({ content: 'PEM\n', mode: 0o600 });
    const folder = seen.env.COFFER_SECRETS_DIR;
    expect(dirname(seen.files.TLS_CERT.path)).toBe(folder);
    expect(dirname(folder)).toBe(h.env.XDG_RUNTIME_DIR);
    expect(seen.dirMode).toBe(0o700);
    expect(existsSync(folder)).toBe(false);
    // No value in the program's argv.
    for (const value of ['shared-dsn', 'sealed-value', 'registry-token', 'PEM']) expect(seen.cmdline).not.toContain(value);
  });

  test('without file secrets there is no folder and no COFFER_SECRETS_DIR', async () => {
    const h = await seeded();
    const out = join(h.dir, 'out.json');
    expect((await h.run(['run', 'api/staging', '--', ...recorder(out)])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).env.COFFER_SECRETS_DIR).toBeUndefined();
  });

  test("coffer's passphrase variables are not passed on", async () => {
    const h = await seeded({ COFFER_PASSPHRASE: 'do-not-inherit', COFFER_NEW_PASSPHRASE_FILE: '/x', OTHER: 'kept' });
    const out = join(h.dir, 'out.json');
    expect((await h.run(['run', 'api/staging', '--', ...recorder(out)])).code).toBe(0);
    const { env } = JSON.parse(readFileSync(out, 'utf8'));
    expect(env.OTHER).toBe('kept');
    expect(env.COFFER_PASSPHRASE).toBeUndefined();
    expect(env.COFFER_NEW_PASSPHRASE_FILE).toBeUndefined();
  });

  test('--only limits the keys, and fails listing every missing one (exit 3) before starting anything', async () => {
    const h = await seeded();
    const out = join(h.dir, 'only.json');
    expect((await h.run(['run', 'api/production', '--only', 'LOG_LEVEL', '--', ...recorder(out)])).code).toBe(0);
    const seen = JSON.parse(readFileSync(out, 'utf8'));
    expect(seen.env.LOG_LEVEL).toBe('info');
    expect(seen.env.SENTRY_DSN).toBeUndefined();
    const missing = await h.run(['run', 'api/production', '--only', 'LOG_LEVEL,NOPE,ALSO_NOPE', '--', ...recorder(join(h.dir, 'x.json'))]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('NOPE, ALSO_NOPE');
    expect(existsSync(join(h.dir, 'x.json'))).toBe(false);
  });
});

describe('run: the command line', () => {
  test('options may come before or after APP/ENV; -- is optional; the program keeps its own options', async () => {
    const h = await seeded();
    const out = join(h.dir, 'argv.json');
    const script = `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ argv: process.argv.slice(1), level: process.env.LOG_LEVEL, dsn: process.env.SENTRY_DSN }))`;
    const forms = [
      ['run', 'api/production', '--only', 'LOG_LEVEL', '--', process.execPath, '-e', script, 'x', '--only', 'y'],
      ['run', '--only', 'LOG_LEVEL', 'api/production', process.execPath, '-e', script, 'x', '--only', 'y'],
      ['run', 'api/production', '--only=LOG_LEVEL', process.execPath, '-e', script, 'x', '--only', 'y'],
      ['run', '--app', 'api', '--env', 'production', '--only', 'LOG_LEVEL', process.execPath, '-e', script, 'x', '--only', 'y'],
    ];
    for (const args of forms) {
      rmSync(out, { force: true });
      const run = await h.run(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')), args.join(' ')).toEqual({ argv: ['x', '--only', 'y'], level: 'info' });
    }
  });

  test('usage errors: no environment, no program, half of --app/--env, an unknown option', async () => {
    const h = await seeded();
    const cases: Array<[string[], string]> = [
      [['run'], 'Name it as APP/ENV'],
      [['run', 'node', 'server.js'], '"node" is not APP/ENV'],
      [['run', 'api/production'], 'No program to run'],
      [['run', 'api/production', '--'], 'No program to run'],
      [['run', '--app', 'api', '--', 'true'], '--app and --env go together'],
      [['run', 'api/production', '--bogus', '--', 'true'], 'Unknown option "--bogus"'],
      [['run', 'api/production', '--app', 'api', '--', 'true'], 'not both'],
    ];
    for (const [args, message] of cases) {
      const run = await h.run(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(message);
    }
    const env = await h.run(['run', 'api/prod', '--', 'true']);
    expect(env.code).toBe(3);
    expect(env.stderr).toContain('Its environments');
  });
});

describe('run: how it ends', () => {
  test("the program's exit status is coffer's; a missing program is 127, a non-executable one 126", async () => {
    const h = await seeded();
    expect((await h.run(['run', 'api/staging', '--', process.execPath, '-e', 'process.exit(7)'])).code).toBe(7);
    const missing = await h.run(['run', 'api/staging', '--', 'no-such-program-coffer']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('cannot run "no-such-program-coffer": not found');
    expect((await h.run(['run', 'api/staging', '--', h.path])).code).toBe(126);
  });

  test.each([
    ['SIGTERM', 143, ['SIGTERM']],
    ['SIGINT', 130, ['SIGINT']],
    ['SIGKILL', 137, []],
  ])('a program killed by %s: exit %i, re-raised %j, and its files removed', async (signal, status, reraised) => {
    const h = await seeded();
    const out = join(h.dir, 'killed.json');
    const run = await h.run(['run', 'api/production', '--', ...recorder(out, ['TLS_CERT'], `process.kill(process.pid, ${JSON.stringify(signal)})`)]);
    expect(run.code).toBe(status);
    expect(h.reraised).toEqual(reraised);
    const seen = JSON.parse(readFileSync(out, 'utf8'));
    expect(existsSync(seen.env.COFFER_SECRETS_DIR)).toBe(false);
  });

  test.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)('%s sent to coffer reaches the program once; the folder is removed after', async (signal) => {
    const h = await seeded();
    const out = join(h.dir, 'ready.json');
    const log = join(h.dir, 'signals.txt');
    // Records each signal it gets (listening before it says it is ready); exits 42 a moment after the first.
    const listen = `
      for (const s of ['SIGTERM', 'SIGHUP', 'SIGINT']) process.on(s, () => {
        fs.appendFileSync(${JSON.stringify(log)}, s + '\\n');
        setTimeout(() => process.exit(42), 200);
      });`;
    const listenersBefore = process.listenerCount(signal);
    const running = h.run(['run', 'api/production', '--', ...recorder(out, ['TLS_CERT'], 'setInterval(() => {}, 1000);', listen)]);
    await waitForFile(out);
    const folder = JSON.parse(readFileSync(out, 'utf8')).env.COFFER_SECRETS_DIR;
    expect(existsSync(folder)).toBe(true);
    process.emit(signal, signal);
    // Run from a terminal, this test runner is in its foreground group: a keyboard signal is then
    // not forwarded (the terminal delivers it to the program itself), so deliver it as Ctrl-C would.
    if (signal === 'SIGINT' && inForegroundOfTerminal()) process.kill(JSON.parse(readFileSync(out, 'utf8')).pid, 'SIGINT');
    const run = await running;
    expect(run.code).toBe(42);
    expect(readFileSync(log, 'utf8')).toBe(`${signal}\n`);
    expect(existsSync(folder)).toBe(false);
    expect(process.listenerCount(signal)).toBe(listenersBefore);
  });
});

describe('injection pieces', () => {
  test('keyboard signals are not forwarded in the foreground of a terminal; the others always are', () => {
    expect(shouldForward('SIGINT', true)).toBe(false);
    expect(shouldForward('SIGQUIT', true)).toBe(false);
    expect(shouldForward('SIGINT', false)).toBe(true);
    expect(shouldForward('SIGTERM', true)).toBe(true);
    expect(shouldForward('SIGHUP', true)).toBe(true);
  });

  const cert = { key: 'CERT', value: 'pem', source: 'app', version: 1, secret: { kind: 'file' } } as unknown as ResolvedSecret;

  test('a runtime dir on disk is skipped for /dev/shm; with no RAM folder at all coffer refuses unless --allow-disk', async () => {
    const disk = mkdtempSync(join(tmpdir(), 'coffer-disk-'));
    try {
      expect(await ramFolder({ XDG_RUNTIME_DIR: disk }, 'linux')).toBe('/dev/shm');
      const none = { shm: join(disk, 'no-shm'), platform: 'linux' as const };
      await expect(prepareInjection([cert], { XDG_RUNTIME_DIR: disk }, none)).rejects.toMatchObject({
        message: expect.stringContaining('no folder in RAM'),
        hint: expect.stringContaining('--allow-disk'),
      });
      const injection = await prepareInjection([cert], { XDG_RUNTIME_DIR: disk }, { ...none, allowDisk: true });
      expect(dirname(injection.folder!)).toBe(tmpdir());
      expect(readFileSync(injection.env.CERT!, 'utf8')).toBe('pem');
      await injection.cleanup();
      await injection.cleanup();
      expect(existsSync(injection.folder!)).toBe(false);
    } finally {
      rmSync(disk, { recursive: true, force: true });
    }
  });

  test('folders left by a killed coffer (its process gone) are swept; live ones and others are kept', async () => {
    const base = runtimeDir();
    const stale = join(base, 'coffer-run-999999999-abc');
    const live = join(base, `coffer-run-${process.ppid}-def`);
    const other = join(base, 'not-coffer');
    for (const dir of [stale, live, other]) mkdirSync(dir);
    const injection = await prepareInjection([cert], { XDG_RUNTIME_DIR: base });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(statSync(injection.folder!).mode & 0o777).toBe(0o700);
    await injection.cleanup();
  });

  test('childEnvironment: injected values win; undefined, unlock variables and the etcd password are dropped', () => {
    expect(childEnvironment({ A: '1', B: undefined, COFFER_PASSPHRASE_FILE: '/p', COFFER_ETCD_PASSWORD: 'etcd-pw', LOG_LEVEL: 'x' }, { LOG_LEVEL: 'info' })).toEqual({ A: '1', LOG_LEVEL: 'info' });
  });
});
