// Leaks: a canary secret, stored through the built program, must never show up anywhere but in
// what asks for values by design (`get`, `export`, and the environment `run` gives a program):
// not in any other command's stdout or stderr — errors forced with the canary in play included —
// nor in the argv of coffer or of the program it runs, in the vault file or its .bak in clear,
// in temp files, the rollback record, the keyring's folder, or RAM-backed folders after a run.
// (The TUI's scrollback and the clipboard after its timeout are the TUI's own leak tests,
// test/faults/tui-*.e2e.test.ts; they can use filesUnder/findLeak from helpers/cli.ts.)
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild } from '../store/child-process.js';
import { bundleEntry, removeBundle } from './helpers/bundle.js';
import { filesUnder, findLeak, requireKeyring, runCoffer, Workspace } from './helpers/cli.js';

const CANARY = `canary-leak-${randomBytes(6).toString('hex')}`;
const FILE_CANARY = `${CANARY}-file`;
const PASS_CANARY = `${CANARY}-passphrase`;
/** Commands whose job is to print values. */
const PRINTS_VALUES = new Set(['get', 'export']);

let ws: Workspace;
let vault: { path: string; recoveryCode: string; at: (...args: string[]) => string[] };
let holderScript: string;

beforeAll(async () => {
  requireKeyring();
  ws = new Workspace('coffer-faults-leaks-');
  holderScript = await bundleEntry('test/faults/children/lock-holder.ts');
  vault = await ws.vault();
  const { at } = vault;
  for (const [args, input] of [
    [at('set', 'api/production/DATABASE_URL', '--comment', 'primary'), `${CANARY}-v1\n`],
    [at('set', 'api/production/DATABASE_URL'), `${CANARY}-v2`],
    [at('set', 'api/production/API_KEY', '--type', 'sealed'), `${CANARY}-sealed`],
    [at('set', 'api/production/CERT', '--kind', 'file'), FILE_CANARY],
    [at('set', 'shared/production/SENTRY_DSN'), `${CANARY}-shared`],
  ] as Array<[string[], string]>) {
    const run = await ws.run(args, { input });
    if (run.code !== 0) throw new Error(`setup: ${args.join(' ')}: ${run.stderr}`);
  }
}, 60_000);
afterAll(async () => {
  ws?.remove();
  if (holderScript) await removeBundle(holderScript);
});

function commandOf(args: string[]): string {
  return args.find((word) => !word.startsWith('-')) ?? '';
}

describe('a canary secret never leaks', () => {
  it('listings, history, logs, audits and diffs never print it', async () => {
    const { at } = vault;
    await ws.run(at('env', 'add', 'api', 'qa'));
    for (const args of [
      ['ls'], ['ls', '--json'], ['ls', 'api/production'], ['versions', 'api/production/DATABASE_URL'], ['versions', 'api/production/DATABASE_URL', '--json'],
      ['log'], ['log', '--json'], ['log', '--verify'], ['app', 'ls'], ['app', 'ls', '--json'], ['audit', 'api'], ['audit', 'api', '--json'],
      ['diff', 'api', 'production', 'staging'], ['diff', 'api', 'production', 'qa', '--json'],
    ]) {
      const run = await ws.run(at(...args));
      expect([0, 9], `${args.join(' ')}: ${run.stderr}`).toContain(run.code); // audit: 9 = findings
      expect(findLeak(run.stdout + run.stderr, CANARY), `coffer ${args.join(' ')} printed the value`).toBeUndefined();
    }
  });

  it('errors forced with the canary in play never print it', async () => {
    const { at, path } = vault;
    const cases: Array<{ args: string[]; input?: string; env?: Record<string, string>; code: number }> = [
      { args: at('set', 'web/production/X'), input: CANARY, code: 3 }, // unknown app, value on stdin
      { args: at('set', 'web/production/X', CANARY), code: 3 }, // value in argv
      { args: at('set', 'web/production/X', CANARY), env: { COFFER_DEBUG: '1' }, code: 3 }, // with stack traces on
      { args: at('set', 'api/production/bad-key', CANARY), code: 2 },
      { args: at('set', 'api/production/DATABASE_URL', '--expect-version', '1'), input: CANARY, code: 4 },
      { args: at('set', 'api/production/DATABASE_URL', '--type', 'nonsense'), input: CANARY, code: 2 },
      { args: at('get', 'api/production/DATABASE_URL', '--version', '99'), code: 3 },
      { args: at('get', 'api/production/API_KEY'), code: 8 }, // sealed
      { args: at('rollback', 'api/production/DATABASE_URL', '2'), code: 8 }, // already current
      { args: ['run', '--vault', path, '--app', 'api', '--env', 'production', '--only', 'NOPE,DATABASE_URL', '--', 'true'], code: 3 },
      { args: ['run', '--vault', path, '--app', 'api', '--env', 'production', '--', join(ws.root, 'no-such-program')], code: 127 },
      { args: at('export', 'api/production', '--format', 'yaml'), code: 2 },
      { args: ['ls', '--vault', path], env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', COFFER_PASSPHRASE: PASS_CANARY }, code: 6 },
    ];
    for (const c of cases) {
      const run = await ws.run(c.args, { ...(c.input !== undefined && { input: c.input }), ...(c.env && { env: c.env }) });
      const label = `coffer ${c.args.filter((a) => a !== path).join(' ')}`;
      expect(run.code, `${label}: ${run.stderr}`).toBe(c.code);
      expect(run.stderr, `${label} printed no error`).toMatch(/coffer:/);
      expect(findLeak(run.stdout + run.stderr, CANARY), `${label} printed the value`).toBeUndefined();
    }

    // Locked by another writer, and a damaged file: the messages name files and processes only.
    const holder = runChild(holderScript, [path, '6000'], ws.env() as NodeJS.ProcessEnv);
    await holder.waitForLine((line) => line === 'locked');
    const locked = await ws.run(at('set', 'api/production/DATABASE_URL'), { input: CANARY });
    holder.process.kill('SIGKILL');
    await holder.exited;
    expect(locked.code).toBe(5);
    expect(findLeak(locked.stderr, CANARY)).toBeUndefined();
  }, 60_000);

  // A line that is not KEY=value is often a value in another syntax
  // (`DATABASE_URL: postgres://user:password@…`): the error names the line, never quotes it.
  it('a malformed .env line is named by its number, not quoted', async () => {
    const envFile = join(ws.root, 'bad.env');
    writeFileSync(envFile, `GOOD=${CANARY}-import\nDATABASE_URL: ${CANARY}-import-bad\n`, { mode: 0o600 });
    const bad = await runCoffer(vault.at('import', 'api/staging', envFile), { env: ws.env() });
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/line 2/);
    expect(findLeak(bad.stdout + bad.stderr, CANARY), `import quoted a value from the file: ${bad.stderr}`).toBeUndefined();
  });

  it('coffer run: the program gets it in its environment, never in its or coffer’s argv; file secrets vanish', async () => {
    const report = join(ws.root, 'run-report.json');
    // The program reads its own and its parent's (coffer's) command line from /proc.
    const script = `
      const fs = require('node:fs');
      const argv = (pid) => fs.readFileSync('/proc/' + pid + '/cmdline', 'latin1');
      fs.writeFileSync(${JSON.stringify(report)}, JSON.stringify({
        self: argv(process.pid), parent: argv(process.ppid), parentPid: String(process.ppid), parentEnviron: fs.readFileSync('/proc/' + process.ppid + '/environ', 'latin1'),
        env: process.env.DATABASE_URL, sealed: process.env.API_KEY, certPath: process.env.CERT, cert: fs.readFileSync(process.env.CERT, 'utf8'),
      }));`;
    const run = await ws.run(['run', '--vault', vault.path, '--app', 'api', '--env', 'production', '--', process.execPath, '-e', script]);
    expect(run.code, run.stderr).toBe(0);
    const seen = JSON.parse(readFileSync(report, 'utf8')) as Record<string, string>;
    expect(seen.env, 'the program did not get the secret').toBe(`${CANARY}-v2`);
    expect(seen.sealed).toBe(`${CANARY}-sealed`);
    expect(seen.cert).toBe(FILE_CANARY);
    expect(findLeak(seen.self!, CANARY), 'the program’s argv holds the secret').toBeUndefined();
    expect(findLeak(seen.parent!, CANARY), 'coffer’s own argv holds the secret').toBeUndefined();
    expect(findLeak(seen.parentEnviron!, CANARY), 'coffer’s own environment holds the secret').toBeUndefined();
    // In a RAM-backed folder: XDG_RUNTIME_DIR if it is one (this workspace's is not), else /dev/shm.
    expect(seen.certPath!.startsWith('/dev/shm/') || seen.certPath!.startsWith(ws.runtime), `the file secret was not put in RAM: ${seen.certPath}`).toBe(true);
    expect(existsSync(seen.certPath!), 'the file secret outlived the program').toBe(false);
    expect(readdirSync(ws.runtime), 'run left its private folder behind').toEqual([]);
    expect(readdirSync('/dev/shm').filter((name) => name.startsWith(`coffer-run-${seen.parentPid}`)), 'run left its private folder behind').toEqual([]);
    expect(findLeak(run.stdout + run.stderr, CANARY)).toBeUndefined();
  });

  it('no output but get and export ever held it', () => {
    const leaking = ws.runs.filter(({ args, run }) => !PRINTS_VALUES.has(commandOf(args)) && findLeak(run.stdout + run.stderr, CANARY));
    expect(leaking.map(({ args }) => `coffer ${commandOf(args)} ${args.slice(1, 3).join(' ')}`), 'commands that printed a value').toEqual([]);
    const stderrLeaks = ws.runs.filter(({ run }) => findLeak(run.stderr, CANARY));
    expect(stderrLeaks.map(({ args }) => args.join(' ')), 'a value reached stderr').toEqual([]);
    // And get does print it: the check above is not passing because nothing was ever printed.
    expect(ws.runs.length).toBeGreaterThan(20);
  });

  it('get prints exactly the value; nothing on disk holds it in clear', async () => {
    const { at, path } = vault;
    const get = await ws.run(at('get', 'api/production/DATABASE_URL'));
    expect(get).toMatchObject({ code: 0, stdout: `${CANARY}-v2`, stderr: '' });
    const places = [
      join(path, '..'), // the vault, its .bak, temp files, the lock
      ws.tmp,
      ws.runtime,
      '/dev/shm',
      ...['HOME', 'XDG_STATE_HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME'].map((name) => process.env[name]).filter((dir): dir is string => !!dir),
    ];
    const scanned: string[] = [];
    for (const place of new Set(places)) {
      for (const [file, bytes] of filesUnder(place)) {
        if (file === join(ws.root, 'bad.env') || file === join(ws.root, 'run-report.json')) continue; // the test's own files
        scanned.push(file);
        for (const secret of [CANARY, PASS_CANARY]) {
          const form = findLeak(bytes, secret);
          expect(form, `${file} holds a secret (${form})`).toBeUndefined();
        }
      }
    }
    expect(scanned.some((file) => file.endsWith('vault.coffer.bak')), 'the .bak was not scanned').toBe(true);
    expect(scanned.some((file) => file.endsWith('seen.json')), 'the rollback record was not scanned').toBe(true);
  });
});
