// export and import through runCli against the real file store: exact round trips of nasty
// values through import and through a POSIX shell, reports, dry runs, atomic failures.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { FakeTerminal, cleanupHarnesses, initialised, setFromPipe } from './fakes.js';
import type { Harness } from './fakes.js';

afterEach(cleanupHarnesses);

/** Values that break naive quoting; each key's value is set byte for byte. */
const NASTY: Record<string, string> = {
  DOUBLE_QUOTES: 'say "hi" and ""',
  SINGLE_QUOTES: "it's 'quoted'",
  DOLLARS: 'cost $5 ${HOME} $(id) `id`',
  BACKSLASHES: 'C:\\path\\n\\t not escapes \\',
  NEWLINES: 'line one\nline two\r\nline three\n',
  PEM: '-----BEGIN KEY-----\nAAAA\n-----END KEY-----\n',
  UNICODE: 'ünïcödé ✓ 🔑 \u202Ertl \u200Bzero-width',
  ESCAPES: '\u001b[2J\u001b[31mred\u0007 bell',
  SPACES: '  leading and trailing  ',
  HASH: 'value # not a comment',
  EQUALS: 'a=b=c',
  TAB: '\tindented',
  EMPTY: '',
};

async function withNasty(h: Harness, env = 'api/staging'): Promise<void> {
  for (const [key, value] of Object.entries(NASTY)) {
    const set = value === '' ? await h.run(['set', `${env}/${key}`, '']) : await setFromPipe(h, `${env}/${key}`, value, '--keep-newline');
    expect(set.code, key).toBe(0);
  }
}

/** The variables a POSIX shell sees after sourcing `file`, as JSON from a child process. */
function sourced(shell: string, file: string): Record<string, string> {
  const out = execFileSync(shell, ['-c', `. "$1" && exec "$2" -e 'process.stdout.write(JSON.stringify(process.env))'`, shell, file, process.execPath], {
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('export', () => {
  test('dotenv by default: sorted, shared beneath app, sealed and file secrets included, deleted ones left out', async () => {
    const h = await initialised();
    await setFromPipe(h, 'shared/staging/SENTRY_DSN', 'https://dsn');
    await setFromPipe(h, 'shared/staging/LOG_LEVEL', 'warn');
    await setFromPipe(h, 'api/staging/LOG_LEVEL', 'info');
    await setFromPipe(h, 'api/staging/API_KEY', 'sealed "v"', '--type', 'sealed');
    await setFromPipe(h, 'api/staging/CERT', 'PEM\n', '--kind', 'tls', '--keep-newline');
    await setFromPipe(h, 'api/staging/OLD', 'old');
    await h.run(['rm', 'api/staging/OLD', '--version', '1', '--yes']);
    const run = await h.run(['export', 'api/staging']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe('API_KEY="sealed \\"v\\""\nCERT="PEM\\n"\nLOG_LEVEL="info"\nSENTRY_DSN="https://dsn"\n');
  });

  test('json and shell formats; --only picks keys and lists every missing one', async () => {
    const h = await initialised();
    await setFromPipe(h, 'api/staging/A', "it's");
    await setFromPipe(h, 'api/staging/B', 'b');
    const json = await h.run(['export', 'api/staging', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ A: "it's", B: 'b' });
    const shell = await h.run(['export', 'api/staging', '--format', 'shell', '--only', 'B']);
    expect(shell.stdout).toBe("export B='b'\n");
    const missing = await h.run(['export', 'api/staging', '--only', 'A,NOPE,ALSO']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('NOPE, ALSO');
    expect(missing.stdout).toBe('');
  });

  test('usage errors: no environment, unknown format, NUL outside json', async () => {
    const h = await initialised();
    expect((await h.run(['export', 'api'])).code).toBe(2);
    const format = await h.run(['export', 'api/staging', '--format', 'yaml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('dotenv, json, shell');
    await h.run(['set', 'api/staging/NUL', 'a\u0000b']);
    expect((await h.run(['export', 'api/staging'])).code).toBe(2);
    expect(JSON.parse((await h.run(['export', 'api/staging', '--format', 'json'])).stdout)).toEqual({ NUL: 'a\u0000b' });
  });

  test('on a terminal it still prints, but warns on stderr and escapes control characters', async () => {
    const h = await initialised({ NO_COLOR: '1' });
    await setFromPipe(h, 'api/staging/ESC', '\u001b[2Jx');
    const run = await h.run(['export', 'api/staging'], new FakeTerminal({ tty: true }));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('ESC="\\u001b[2Jx"\n');
    expect(run.stderr).toContain('warning: printing the secret values of api/staging on the terminal');
  });
});

describe('export → import round trip', () => {
  test.each(['dotenv', 'shell'])('%s: every nasty value comes back unchanged (0 added, 0 changed)', async (format) => {
    const h = await initialised();
    await withNasty(h);
    const exported = await h.run(['export', 'api/staging', '--format', format]);
    expect(exported.code).toBe(0);
    const file = join(h.dir, `nasty.${format}`);
    writeFileSync(file, exported.stdout);
    const back = await h.run(['import', 'api/staging', file]);
    expect(back).toMatchObject({ code: 0, stderr: '' });
    expect(back.stdout.split('\n')[0]).toBe(`api/staging: 0 added, 0 changed, ${Object.keys(NASTY).length} unchanged`);

    // Into another environment, then byte-for-byte through get.
    const into = await h.run(['import', 'api/production', '-'], new FakeTerminal({ stdin: exported.stdout }));
    expect(into.stdout.split('\n')[0]).toBe(`api/production: ${Object.keys(NASTY).length} added, 0 changed, 0 unchanged`);
    for (const [key, value] of Object.entries(NASTY)) {
      expect((await h.run(['get', `api/production/${key}`])).stdout, key).toBe(value);
    }
  });

  test.each(['sh', 'bash'])('shell format sourced by %s yields the exact values', async (shell) => {
    const h = await initialised();
    await withNasty(h);
    const file = join(h.dir, 'env.sh');
    writeFileSync(file, (await h.run(['export', 'api/staging', '--format', 'shell'])).stdout);
    const seen = sourced(shell, file);
    for (const [key, value] of Object.entries(NASTY)) expect(seen[key], key).toBe(value);
  });
});

describe('import', () => {
  test('reports added, changed and unchanged keys; writes new versions with origin import', async () => {
    const h = await initialised();
    await setFromPipe(h, 'api/staging/KEEP', 'same');
    await setFromPipe(h, 'api/staging/CHANGE', 'old');
    const file = join(h.dir, 'in.env');
    writeFileSync(file, '# comment\nexport KEEP=same\nCHANGE="new"\nNEW_ONE=\'n\'\n');
    const dry = await h.run(['import', 'api/staging', file, '--dry-run']);
    expect(dry.stdout).toBe(
      'api/staging (dry run, nothing written): would add 1, change 1; 1 unchanged\n  added      NEW_ONE\n  changed    CHANGE\n  unchanged  KEEP\n',
    );
    expect((await h.run(['get', 'api/staging/CHANGE'])).stdout).toBe('old');

    const run = await h.run(['import', 'api/staging', file]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe('api/staging: 1 added, 1 changed, 1 unchanged\n  added      NEW_ONE\n  changed    CHANGE\n  unchanged  KEEP\n');
    const versions = JSON.parse((await h.run(['versions', 'api/staging/CHANGE', '--json'])).stdout);
    expect(versions.versions[0]).toMatchObject({ version: 2, origin: 'import', author: 'alice' });
    expect(JSON.parse((await h.run(['versions', 'api/staging/KEEP', '--json'])).stdout).current).toBe(1);
    const log = JSON.parse((await h.run(['log', 'api/staging', '--json'])).stdout);
    expect(log.filter((e: { action: string }) => e.action === 'secret.import').map((e: { key: string }) => e.key)).toEqual(['CHANGE', 'NEW_ONE']);
  });

  test('--json report; duplicates warned, the last one wins', async () => {
    const h = await initialised();
    const run = await h.run(['import', 'api/staging', '-', '--json'], new FakeTerminal({ stdin: 'A=1\nB=2\nA=3\n' }));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ app: 'api', env: 'staging', dryRun: false, added: ['B', 'A'], changed: [], unchanged: [], duplicates: ['A'] });
    expect(run.stderr).toContain('warning: A is defined more than once in stdin; the last definition is used.');
    expect((await h.run(['get', 'api/staging/A'])).stdout).toBe('3');
  });

  test('an invalid line fails with its number and changes nothing', async () => {
    const h = await initialised();
    const file = join(h.dir, 'bad.env');
    writeFileSync(file, 'GOOD=1\nOTHER="fine"\nthis is not valid\n');
    const run = await h.run(['import', 'api/staging', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}, line 3: expected KEY=value`);
    expect(run.stderr).toContain('Nothing was imported');
    expect((await h.run(['ls', 'api/staging', '--json'])).stdout).toBe('[]\n');
  });

  test('an unknown environment fails naming what exists', async () => {
    const h = await initialised();
    const env = await h.run(['import', 'api/qa', '-'], new FakeTerminal({ stdin: 'A=1\n' }));
    expect(env.code).toBe(3);
    expect(env.stderr).toContain('no environment "qa"');
  });

  test('an unreadable or binary file is a usage error', async () => {
    const h = await initialised();
    const missing = await h.run(['import', 'api/staging', join(h.dir, 'nope.env')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
    const binary = join(h.dir, 'bin.env');
    writeFileSync(binary, Buffer.from([0x41, 0x3d, 0xff, 0xfe]));
    expect((await h.run(['import', 'api/staging', binary])).stderr).toContain('is not UTF-8 text');
  });
});
