// End-to-end: the BUILT program (bin/coffer.cjs → dist/) run as a separate process against temp
// vaults and the real OS keychain — the throwaway gnome-keyring test/run-all.sh starts. Scripted
// runs use pipes; prompts and colour are checked in a real terminal (tmux).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cofferBin, startCoffer } from '../helpers/tmux.js';

const CANARY = 'canary-e2e-5b1d0f-never-print';
const PASSPHRASE = 'e2e passphrase, long enough';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Our environment without anything that would change coffer's behaviour behind a test's back. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^COFFER_(?!TEST_KEYRING)|^(NO_COLOR|FORCE_COLOR|NODE_OPTIONS)$|^VITEST/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/** Every output of every run, for the canary check at the end. */
const outputs: string[] = [];

function coffer(args: string[], options: { input?: string; env?: Record<string, string | undefined> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...baseEnv(), ...options.env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    const child = spawn(process.execPath, [cofferBin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

let root: string;
let counter = 0;

/** A fresh folder and vault path; the folder does not exist yet (init creates it 0700). */
function newVaultPath(): string {
  counter += 1;
  return join(root, `case-${counter}`, 'vault.coffer');
}

beforeAll(() => {
  if (process.env.COFFER_TEST_KEYRING !== '1') {
    throw new Error(
      'The CLI end-to-end tests need the throwaway keychain: run them with `npm test` or test/run-all.sh ' +
        '(which wraps them in test/helpers/with-keyring.sh).',
    );
  }
  root = mkdtempSync(join(tmpdir(), 'coffer-e2e-cli-'));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

// The scripted stories are independent of each other: they run side by side (each in order),
// which roughly halves the wall time on two cores. Terminal tests and timing run alone after.
describe.concurrent('scripted runs', () => {
  describe('a keychain vault, scripted', () => {
    let vault: string;
    const at = (...args: string[]) => ['--vault', vault, ...args];

    test.sequential('init uses the real keychain, prints the recovery code once, and makes private files', async () => {
      vault = newVaultPath();
      const init = await coffer(['init', '--vault', vault]);
      expect(init.code).toBe(0);
      expect(init.stdout).toContain('unlocks with: OS keychain, recovery code');
      expect(init.stdout).toMatch(/Recovery code: [0-9A-Z]{4}(-[0-9A-Z]{4}){6}/);
      expect(statSync(vault).mode & 0o777).toBe(0o600);
      expect(statSync(join(vault, '..')).mode & 0o777).toBe(0o700);
      // The keychain unlocks it silently from now on.
      const apps = await coffer(at('app', 'ls', '--json'));
      expect(apps).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(apps.stdout).map((a: { name: string }) => a.name)).toEqual(['shared']);
    });

    test.sequential('app add, env add, and the reserved shared scope', async () => {
      expect((await coffer(at('app', 'add', 'api'))).stdout).toBe('Added app api with environments development, staging, production (protected)\n');
      expect((await coffer(at('env', 'add', 'api', 'qa'))).code).toBe(0);
      expect((await coffer(at('app', 'add', 'shared'))).code).toBe(2);
      const shared = await coffer(at('set', 'shared/production/SENTRY_DSN'), { input: 'https://dsn\n' });
      expect(shared.code).toBe(0);
    });

    test.sequential('set from stdin strips one newline; set from argv warns; get prints the value', async () => {
      const piped = await coffer(at('set', 'api/production/DATABASE_URL', '--comment', 'primary'), { input: `${CANARY}-v1\n` });
      expect(piped).toMatchObject({ code: 0, stdout: 'api/production/DATABASE_URL: v1 (new secret)\n', stderr: '' });
      const argv = await coffer(at('set', 'api/production/DATABASE_URL', `${CANARY}-v2`));
      expect(argv.code).toBe(0);
      expect(argv.stderr).toContain('shell history');
      const get = await coffer(at('get', 'api/production/DATABASE_URL'));
      expect(get).toMatchObject({ code: 0, stdout: `${CANARY}-v2`, stderr: '' });
      expect((await coffer(at('get', 'api/production/DATABASE_URL', '--version', '1'))).stdout).toBe(`${CANARY}-v1`);
    });

    test.sequential('versions, rollback and their JSON', async () => {
      const back = await coffer(at('rollback', 'api/production/DATABASE_URL', '1'));
      expect(back.stdout).toBe('api/production/DATABASE_URL: v3 (rollback of v1)\n');
      expect((await coffer(at('get', 'api/production/DATABASE_URL'))).stdout).toBe(`${CANARY}-v1`);
      const table = await coffer(at('versions', 'api/production/DATABASE_URL'));
      expect(table.stdout).toMatch(/^VERSION +STATE +CREATED +AGE +AUTHOR +ORIGIN\nv3 \(current\) +live .* rollback of v1\n/);
      const json = JSON.parse((await coffer(at('versions', 'api/production/DATABASE_URL', '--json'))).stdout);
      expect(json.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
      const current = await coffer(at('rollback', 'api/production/DATABASE_URL', '3'));
      expect(current.code).toBe(8);
    });

    test.sequential('rm: non-TTY refusal without --yes, soft delete, undelete, destroy, whole secret', async () => {
      const addr = 'api/production/DATABASE_URL';
      const refused = await coffer(at('rm', addr, '--version', '2'));
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('Add --yes');
      expect((await coffer(at('get', addr, '--version', '2'))).code).toBe(0);

      expect((await coffer(at('rm', addr, '--version', '2', '--yes'))).code).toBe(0);
      expect((await coffer(at('get', addr, '--version', '2'))).code).toBe(3);
      expect((await coffer(at('undelete', addr, '--version', '2'))).stdout).toBe(`${addr}: v2 restored\n`);
      expect((await coffer(at('get', addr, '--version', '2'))).stdout).toBe(`${CANARY}-v2`);

      expect((await coffer(at('rm', addr, '--version', '2', '--destroy', '--yes'))).code).toBe(0);
      const gone = await coffer(at('get', addr, '--version', '2'));
      expect(gone.code).toBe(3);
      expect(gone.stderr).toContain('destroyed');
      expect((await coffer(at('undelete', addr, '--version', '2'))).code).toBe(8);

      await coffer(at('set', 'api/qa/TEMP'), { input: 'x' });
      expect((await coffer(at('rm', 'api/qa/TEMP'))).code).toBe(2);
      expect((await coffer(at('rm', 'api/qa/TEMP', '--yes'))).stdout).toBe('api/qa/TEMP: removed with all its versions\n');
      expect((await coffer(at('get', 'api/qa/TEMP'))).code).toBe(3);
    });

    test.sequential('sealed secrets are set but never shown', async () => {
      expect((await coffer(at('set', 'api/staging/API_KEY', '--type', 'sealed'), { input: `${CANARY}-sealed` })).code).toBe(0);
      const get = await coffer(at('get', 'api/staging/API_KEY'));
      expect(get.code).toBe(8);
      expect(get.stderr).toContain('coffer run');
      const ls = JSON.parse((await coffer(at('ls', 'api/staging', '--json'))).stdout);
      expect(ls).toMatchObject([{ key: 'API_KEY', type: 'sealed', version: 1 }]);
    });

    test.sequential('run injects sealed and file secrets, forwards SIGTERM, and removes the files', async () => {
      await coffer(at('set', 'api/staging/CERT', '--kind', 'file'), { input: 'cert-bytes' });
      const out = join(root, 'run-out.json');
      const script = `
        const fs = require('node:fs');
        fs.writeFileSync(${JSON.stringify(out)}, JSON.stringify({ key: process.env.API_KEY, cert: process.env.CERT, content: fs.readFileSync(process.env.CERT, 'utf8') }));
        process.on('SIGTERM', () => process.exit(42));
        setInterval(() => {}, 1000);`;
      const env = { ...baseEnv() };
      const child = spawn(process.execPath, [cofferBin, ...at('run', '--app', 'api', '--env', 'staging', '--', process.execPath, '-e', script)], { env, stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const deadline = Date.now() + 10_000;
      while (!existsSync(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const seen = JSON.parse(readFileSync(out, 'utf8'));
      expect(seen.key).toBe(`${CANARY}-sealed`);
      expect(seen.content).toBe('cert-bytes');
      expect(existsSync(seen.cert)).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(42);
      expect(existsSync(seen.cert)).toBe(false);
      rmSync(out);
    });

    test.sequential('listings parse as JSON and hold no values', async () => {
      for (const args of [['ls', '--json'], ['ls', 'api', '--json'], ['app', 'ls', '--json'], ['log', '--json'], ['log', 'api/production', '--json']]) {
        const run = await coffer(at(...args));
        expect(run.code, args.join(' ')).toBe(0);
        expect(() => JSON.parse(run.stdout), args.join(' ')).not.toThrow();
        expect(run.stdout).not.toContain(CANARY);
      }
      const ls = await coffer(at('ls'));
      expect(ls.stdout).toMatch(/^APP +ENV +KEY +VERSION +TYPE +KIND +STATE +AGE +ROTATION\n/);
    });

    test.sequential('log shows who did what; --verify checks the chain', async () => {
      const log = await coffer(at('log', 'api/production'));
      expect(log.stdout).toContain('secret.rollback');
      expect(log.stdout).toContain('rollback of v1');
      const verify = await coffer(at('log', '--verify'));
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/^Audit log intact: \d+ entries, hash chain verified\.\n$/);
    });

    test.sequential('missing app, environment and key: exit 3 naming what exists', async () => {
      const app = await coffer(at('get', 'web/production/X'));
      expect(app.code).toBe(3);
      expect(app.stderr).toContain('Apps in this vault: shared, api');
      const env = await coffer(at('ls', 'api/prod'));
      expect(env.code).toBe(3);
      expect(env.stderr).toContain('development, staging, production, qa');
      const key = await coffer(at('get', 'api/production/NOPE'));
      expect(key.code).toBe(3);
      expect(key.stderr).toContain('Secrets there: DATABASE_URL');
    });

    test.sequential('COFFER_VAULT is used when --vault is not given', async () => {
      const run = await coffer(['ls', 'api/staging', '--json'], { env: { COFFER_VAULT: vault } });
      expect(run.code).toBe(0);
    });

    test.sequential('the canary is in no output but get, and not in the vault, its backup or temp files', async () => {
      const leaks = outputs.filter((text) => text.includes(CANARY) && !/^canary-e2e-5b1d0f-never-print-v[12]$/.test(text));
      expect(leaks).toEqual([]);
      const folder = join(vault, '..');
      const files = readdirSync(folder);
      expect(files).toContain('vault.coffer.bak');
      for (const file of files) {
        expect(readFileSync(join(folder, file)).includes(CANARY), file).toBe(false);
      }
    });
  });

  describe('a passphrase-only vault, scripted', () => {
    let vault: string;
    let passFile: string;

    test.sequential('init --no-keychain takes the passphrase from COFFER_PASSPHRASE_FILE', async () => {
      vault = newVaultPath();
      passFile = join(root, `pass-${counter}.txt`);
      writeFileSync(passFile, `${PASSPHRASE}\n`, { mode: 0o600 });
      const init = await coffer(['init', '--no-keychain', '--vault', vault], { env: { COFFER_PASSPHRASE_FILE: passFile } });
      expect(init.code).toBe(0);
      expect(init.stdout).toContain('unlocks with: passphrase, recovery code');
    });

    test.sequential('unlocks with COFFER_PASSPHRASE_FILE and with COFFER_PASSPHRASE', async () => {
      expect((await coffer(['app', 'add', 'api', '--vault', vault], { env: { COFFER_PASSPHRASE_FILE: passFile } })).code).toBe(0);
      const set = await coffer(['set', 'api/production/TOKEN', '--vault', vault], { input: 'token', env: { COFFER_PASSPHRASE: PASSPHRASE } });
      expect(set.code).toBe(0);
    });

    test.sequential('without a passphrase and a terminal: exit 6 listing the ways to unlock', async () => {
      const run = await coffer(['ls', '--vault', vault]);
      expect(run.code).toBe(6);
      expect(run.stderr).toContain('COFFER_PASSPHRASE_FILE');
      expect(run.stderr).toContain('terminal');
    });

    test.sequential('a wrong passphrase: exit 6 with a clear message, the file untouched', async () => {
      const before = readFileSync(vault);
      const mtime = statSync(vault).mtimeMs;
      const run = await coffer(['set', 'api/production/TOKEN', '--vault', vault], { input: 'x', env: { COFFER_PASSPHRASE: 'not the passphrase' } });
      expect(run.code).toBe(6);
      expect(run.stderr).toContain('The passphrase in COFFER_PASSPHRASE does not unlock');
      expect(run.stderr).not.toContain('    at ');
      expect(readFileSync(vault).equals(before)).toBe(true);
      expect(statSync(vault).mtimeMs).toBe(mtime);
    });

    test.sequential('passwd changes it: the new one unlocks, the old one no longer does', async () => {
      const newFile = join(root, `new-pass-${counter}.txt`);
      writeFileSync(newFile, 'the second passphrase\n', { mode: 0o600 });
      const passwd = await coffer(['passwd', '--vault', vault], { env: { COFFER_PASSPHRASE_FILE: passFile, COFFER_NEW_PASSPHRASE_FILE: newFile } });
      expect(passwd).toMatchObject({ code: 0 });
      expect(passwd.stdout).toContain('Changed the passphrase');
      expect((await coffer(['get', 'api/production/TOKEN', '--vault', vault], { env: { COFFER_PASSPHRASE_FILE: newFile } })).stdout).toBe('token');
      expect((await coffer(['ls', '--vault', vault], { env: { COFFER_PASSPHRASE_FILE: passFile } })).code).toBe(6);
      passFile = newFile;
    });

    test.sequential('rekey keeps the passphrase, prints a new recovery code; the vault still unlocks', async () => {
      const rekey = await coffer(['rekey', '--vault', vault], { env: { COFFER_PASSPHRASE_FILE: passFile } });
      expect(rekey.code).toBe(0);
      expect(rekey.stdout).toMatch(/Recovery code: [0-9A-Z]{4}(-[0-9A-Z]{4}){6}/);
      expect((await coffer(['get', 'api/production/TOKEN', '--vault', vault], { env: { COFFER_PASSPHRASE_FILE: passFile } })).stdout).toBe('token');
    });
  });

  describe('failures', () => {
    test.sequential('a corrupt file: exit 7, and the file is left as it was', async () => {
      const vault = newVaultPath();
      await coffer(['init', '--vault', vault]);
      const bytes = readFileSync(vault);
      bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
      writeFileSync(vault, bytes);
      const run = await coffer(['app', 'add', 'web', '--vault', vault]);
      expect(run.code).toBe(7);
      expect(run.stderr).toMatch(/^coffer: /);
      expect(run.stderr).not.toContain('    at ');
      expect(readFileSync(vault).equals(bytes)).toBe(true);
    });

    test.sequential('no vault: exit 3', async () => {
      const run = await coffer(['ls', '--vault', newVaultPath()]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('coffer init');
    });

    test.sequential('a reader that stops early (| head) ends coffer quietly, not with a stack trace', async () => {
      const vault = newVaultPath();
      await coffer(['init', '--vault', vault]);
      const line = `set -o pipefail; ${JSON.stringify(process.execPath)} ${JSON.stringify(cofferBin)} log --json --vault ${JSON.stringify(vault)} | head -c 0`;
      const run = await new Promise<Run>((resolve) => {
        const child = spawn('bash', ['-c', line], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr }));
      });
      expect(run).toMatchObject({ code: 0, stderr: '' });
    });

    test.sequential('no subcommand without a terminal: exit 2 pointing at the subcommands', async () => {
      const run = await coffer([]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('needs an interactive terminal');
    });
  });

  describe('help', () => {
    test.sequential('every command has --help', async () => {
      const commands = [
        [], ['init'], ['app'], ['app', 'add'], ['app', 'ls'], ['app', 'rm'], ['env'], ['env', 'add'], ['env', 'rm'],
        ['ls'], ['set'], ['get'], ['versions'], ['rollback'], ['rm'], ['undelete'], ['rekey'], ['passwd'], ['log'], ['run'],
        ['export'], ['import'], ['audit'], ['diff'],
      ];
      // Two at a time: the machines have two cores.
      for (let i = 0; i < commands.length; i += 2) {
        const batch = commands.slice(i, i + 2);
        const runs = await Promise.all(batch.map((words) => coffer([...words, '--help'])));
        runs.forEach((run, j) => {
          const words = batch[j]!;
          expect(run.code, words.join(' ')).toBe(0);
          expect(run.stdout).toContain(`Usage: coffer ${words.join(' ')}`.trimEnd());
          expect(run.stderr).toBe('');
        });
      }
    });
  });
});

describe('keychain timing', () => {
  test('no Secret Service: exit 6 within 2 s, saying so and how else to unlock', async () => {
    const vault = newVaultPath();
    await coffer(['init', '--vault', vault]);
    const started = Date.now();
    const run = await coffer(['ls', '--vault', vault], { env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: undefined } });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('No OS keychain is reachable');
    expect(run.stderr).toContain('--recovery');
  });
});

describe('in a terminal', () => {
  test('a wrong passphrase is asked again without echo, and the right one unlocks', async () => {
    const vault = newVaultPath();
    const passFile = join(root, `tty-pass-${counter}.txt`);
    writeFileSync(passFile, PASSPHRASE);
    await coffer(['init', '--no-keychain', '--vault', vault], { env: { COFFER_PASSPHRASE_FILE: passFile } });
    const t = await startCoffer(['app', 'ls', '--vault', vault], { cols: 120, rows: 20 });
    await t.waitFor('Passphrase for');
    await t.type('wrong passphrase');
    await t.press('Enter');
    await t.waitFor('does not unlock');
    await t.type(PASSPHRASE);
    await t.press('Enter');
    expect(await t.waitExit()).toBe(0);
    const screen = await t.screen();
    expect(screen).toContain('shared');
    expect(screen).not.toContain('wrong passphrase');
    expect(screen).not.toContain(PASSPHRASE);
  });

  test('rm in a protected environment asks for the key name to be typed', async () => {
    const vault = newVaultPath();
    await coffer(['init', '--vault', vault]);
    await coffer(['app', 'add', 'api', '--vault', vault]);
    await coffer(['set', 'api/production/TOKEN', '--vault', vault], { input: 'a' });
    await coffer(['set', 'api/production/TOKEN', '--vault', vault], { input: 'b' });
    const t = await startCoffer(['rm', 'api/production/TOKEN', '--version', '1', '--vault', vault], { cols: 120, rows: 20 });
    await t.waitFor('Type TOKEN to confirm:');
    await t.type('TOKEN');
    await t.press('Enter');
    expect(await t.waitExit()).toBe(0);
    expect(await t.screen()).toContain('v1 deleted');
    const nope = await startCoffer(['rm', 'api/production/TOKEN', '--version', '2', '--vault', vault], { cols: 120, rows: 20 });
    await nope.waitFor('Type TOKEN to confirm:');
    await nope.type('y');
    await nope.press('Enter');
    expect(await nope.waitExit()).toBe(130);
    expect((await coffer(['get', 'api/production/TOKEN', '--vault', vault])).stdout).toBe('b');
  });

  test('--recovery unlocks with the recovery code typed at the prompt', async () => {
    const vault = newVaultPath();
    const init = await coffer(['init', '--vault', vault]);
    const code = /Recovery code: (\S+)/.exec(init.stdout)![1]!;
    const t = await startCoffer(['app', 'ls', '--recovery', '--vault', vault], { cols: 120, rows: 20 });
    await t.waitFor('Recovery code for');
    await t.type(code.toLowerCase());
    await t.press('Enter');
    expect(await t.waitExit()).toBe(0);
    expect(await t.screen()).toMatch(/^shared +development/m);
  });

  test('errors are coloured on a terminal, and not under NO_COLOR', async () => {
    const missing = newVaultPath();
    const coloured = await startCoffer(['ls', '--vault', missing], { cols: 120, rows: 10 });
    expect(await coloured.waitExit()).toBe(3);
    expect(await coloured.screenAnsi()).toMatch(/\u001b\[31mcoffer:/);
    const plain = await startCoffer(['ls', '--vault', missing], { cols: 120, rows: 10, env: { NO_COLOR: '1' } });
    expect(await plain.waitExit()).toBe(3);
    const ansi = await plain.screenAnsi();
    expect(ansi).toContain('coffer: No vault at');
    expect(ansi).not.toMatch(/\u001b\[(31|2)m/);
  });
});
