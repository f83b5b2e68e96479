// ls, set, get, versions, rollback, rm, undelete through runCli against the real file store.
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { FakeTerminal, cleanupHarnesses, initialised, setFromPipe } from './fakes.js';

afterEach(cleanupHarnesses);

const CANARY = 'canary-7f3a9c-do-not-print';
const ADDR = 'api/production/DATABASE_URL';

describe('set', () => {
  test('from a pipe: creates v1, strips exactly one trailing newline', async () => {
    const h = await initialised();
    const set = await setFromPipe(h, ADDR, 'postgres://one\n\n');
    expect(set).toMatchObject({ code: 0, stdout: `${ADDR}: v1 (new secret)\n`, stderr: '' });
    expect((await h.run(['get', ADDR])).stdout).toBe('postgres://one\n');
  });

  test('--keep-newline stores stdin byte for byte', async () => {
    const h = await initialised();
    const pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expect((await setFromPipe(h, 'api/production/TLS_CERT', pem, '--kind', 'tls', '--keep-newline')).code).toBe(0);
    expect((await h.run(['get', 'api/production/TLS_CERT'])).stdout).toBe(pem);
  });

  test("'-' reads stdin too; a second set makes v2 and keeps v1", async () => {
    const h = await initialised();
    await setFromPipe(h, ADDR, 'one');
    const set = await h.run(['set', ADDR, '-'], new FakeTerminal({ stdin: 'two\n' }));
    expect(set.stdout).toBe(`${ADDR}: v2\n`);
    expect((await h.run(['get', ADDR])).stdout).toBe('two');
    expect((await h.run(['get', ADDR, '--version', '1'])).stdout).toBe('one');
  });

  test('a value in argv works but warns, without repeating the value', async () => {
    const h = await initialised();
    const set = await h.run(['set', ADDR, CANARY]);
    expect(set.code).toBe(0);
    expect(set.stderr).toMatch(/warning: .*shell history.*\(ps\)/);
    expect(set.stderr + set.stdout).not.toContain(CANARY);
  });

  test('on a terminal the value is asked for without echo', async () => {
    const h = await initialised();
    const terminal = new FakeTerminal({ tty: true, answers: ['typed-value'] });
    const set = await h.run(['set', ADDR], terminal);
    expect(set.code).toBe(0);
    expect(terminal.prompted).toEqual([{ question: `Value for ${ADDR} (hidden): `, echo: false }]);
    expect((await h.run(['get', ADDR])).stdout).toBe('typed-value');
  });

  test('empty stdin is refused and writes nothing', async () => {
    const h = await initialised();
    const set = await setFromPipe(h, ADDR, '\n');
    expect(set.code).toBe(2);
    expect(set.stderr).toContain('stdin was empty');
    expect((await h.run(['ls', 'api/production', '--json'])).stdout).toBe('[]\n');
  });

  test('an unknown app or environment fails before stdin is read, naming what exists', async () => {
    const h = await initialised();
    const terminal = new FakeTerminal({ stdin: 'x' });
    const set = await h.run(['set', 'api/prod/KEY'], terminal);
    expect(set.code).toBe(3);
    expect(set.stderr).toContain('App "api" has no environment "prod"');
    expect(set.stderr).toContain('development, staging, production');
    expect(terminal.stdinRead).toBe(false);
    const app = await setFromPipe(h, 'web/production/KEY', 'x');
    expect(app.code).toBe(3);
    expect(app.stderr).toContain('Apps in this vault: shared, api');
  });

  test('metadata flags reach the secret', async () => {
    const h = await initialised();
    const set = await setFromPipe(h, ADDR, 'v', '--type', 'config', '--kind', 'file', '--purpose', 'other',
      '--comment', 'primary db', '--tag', 'db', '--tag', 'critical', '--path', '/db/primary', '--rotate-days', '90', '--max-versions', '5');
    expect(set.code).toBe(0);
    const [listed] = JSON.parse((await h.run(['ls', 'api/production', '--json'])).stdout);
    expect(listed).toMatchObject({
      key: 'DATABASE_URL', type: 'config', kind: 'file', purpose: 'other', comment: 'primary db',
      tags: ['critical', 'db'], path: '/db/primary', maxVersions: 5, rotation: { everyDays: 90, state: 'ok' },
    });
    await setFromPipe(h, ADDR, 'w', '--rotate-days', '0');
    const [after] = JSON.parse((await h.run(['ls', 'api/production', '--json'])).stdout);
    expect(after.rotation).toBeNull();
  });

  test('bad metadata is a usage error from the domain', async () => {
    const h = await initialised();
    expect((await setFromPipe(h, ADDR, 'v', '--type', 'secrte')).code).toBe(2);
    expect((await setFromPipe(h, ADDR, 'v', '--tag', 'Bad Tag')).code).toBe(2);
    expect((await setFromPipe(h, ADDR, 'v', '--rotate-days', 'soon')).code).toBe(2);
  });

  test('--expect-version is check-and-set: a stale write is a conflict (exit 4)', async () => {
    const h = await initialised();
    expect((await setFromPipe(h, ADDR, 'a', '--expect-version', '0')).code).toBe(0);
    const stale = await setFromPipe(h, ADDR, 'b', '--expect-version', '0');
    expect(stale.code).toBe(4);
    expect(stale.stderr).toContain('already exists');
    expect((await setFromPipe(h, ADDR, 'b', '--expect-version', '1')).code).toBe(0);
    expect((await setFromPipe(h, ADDR, 'c', '--expect-version', '1')).code).toBe(4);
  });

  test('a sealed secret cannot change type (exit 8)', async () => {
    const h = await initialised();
    await setFromPipe(h, ADDR, 'v', '--type', 'sealed');
    const change = await setFromPipe(h, ADDR, 'w', '--type', 'secret');
    expect(change.code).toBe(8);
    expect(change.stderr).toContain('sealed');
  });

  test('the shared scope is addressed as shared/ENV/KEY', async () => {
    const h = await initialised();
    expect((await setFromPipe(h, 'shared/production/SENTRY_DSN', 'dsn')).code).toBe(0);
    expect((await h.run(['get', 'shared/production/SENTRY_DSN'])).stdout).toBe('dsn');
  });
});

describe('get', () => {
  test('adds a newline only on a terminal', async () => {
    const h = await initialised();
    await setFromPipe(h, ADDR, 'line1\nline2');
    expect((await h.run(['get', ADDR])).stdout).toBe('line1\nline2');
    expect((await h.run(['get', ADDR], new FakeTerminal({ stdoutTTY: true }))).stdout).toBe('line1\nline2\n');
  });

  test('control characters are escaped on a terminal, raw in a pipe', async () => {
    const h = await initialised();
    await setFromPipe(h, ADDR, 'a\u001b[2Jb');
    expect((await h.run(['get', ADDR])).stdout).toBe('a\u001b[2Jb');
    const shown = await h.run(['get', ADDR], new FakeTerminal({ stdoutTTY: true }));
    expect(shown.stdout).toBe('a\\u001b[2Jb\n');
    expect(shown.stderr).toContain('control characters');
  });

  test('sealed values are refused, pointing at coffer run (exit 8)', async () => {
    const h = await initialised();
    await setFromPipe(h, ADDR, CANARY, '--type', 'sealed');
    const get = await h.run(['get', ADDR]);
    expect(get.code).toBe(8);
    expect(get.stdout).toBe('');
    expect(get.stderr).toContain('sealed');
    expect(get.stderr).toContain('coffer run');
    expect(get.stderr).not.toContain(CANARY);
  });

  test('missing secret, version, deleted and destroyed versions are exit 3 with next steps', async () => {
    const h = await initialised();
    await setFromPipe(h, ADDR, 'one');
    await setFromPipe(h, ADDR, 'two');
    const missing = await h.run(['get', 'api/production/NOPE']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('Secrets there: DATABASE_URL');
    const noVersion = await h.run(['get', ADDR, '--version', '9']);
    expect(noVersion).toMatchObject({ code: 3 });
    expect(noVersion.stderr).toContain('v1, v2');
    await h.run(['rm', ADDR, '--version', '2', '--yes']);
    const deleted = await h.run(['get', ADDR]);
    expect(deleted.code).toBe(3);
    expect(deleted.stderr).toContain('current version v2 is deleted');
    expect(deleted.stderr).toContain(`coffer undelete ${ADDR} --version 2`);
    await h.run(['rm', ADDR, '--version', '1', '--destroy', '--yes']);
    const destroyed = await h.run(['get', ADDR, '--version', '1']);
    expect(destroyed.code).toBe(3);
    expect(destroyed.stderr).toContain('destroyed');
  });
});

describe('ls', () => {
  test('tables never hold values; the scope chooses the columns', async () => {
    const h = await initialised();
    await setFromPipe(h, ADDR, CANARY);
    await setFromPipe(h, 'api/staging/API_KEY', CANARY, '--type', 'sealed');
    h.now = new Date('2025-06-04T12:00:00Z');
    const all = await h.run(['ls']);
    expect(all.stdout).toBe([
      'APP  ENV         KEY           VERSION  TYPE    KIND  STATE  AGE  ROTATION',
      'api  staging     API_KEY       v1       sealed  env   live   3d   -',
      'api  production  DATABASE_URL  v1       secret  env   live   3d   -',
      '',
    ].join('\n'));
    const app = await h.run(['ls', 'api']);
    expect(app.stdout.split('\n')[0]).toMatch(/^ENV +KEY/);
    const env = await h.run(['ls', 'api/staging']);
    expect(env.stdout.split('\n')[0]).toMatch(/^KEY +VERSION/);
    for (const run of [all, app, env]) expect(run.stdout + run.stderr).not.toContain(CANARY);
  });

  test('--json lists the same secrets, sealed ones included, and no value', async () => {
    const h = await initialised();
    await setFromPipe(h, ADDR, CANARY, '--comment', 'primary');
    await setFromPipe(h, 'api/staging/API_KEY', CANARY, '--type', 'sealed');
    const ls = await h.run(['ls', '--json']);
    expect(ls.stdout).not.toContain(CANARY);
    const parsed = JSON.parse(ls.stdout) as Array<Record<string, unknown>>;
    expect(parsed.map((s) => `${s.app}/${s.env}/${s.key}:${s.type}`)).toEqual([
      'api/staging/API_KEY:sealed',
      'api/production/DATABASE_URL:secret',
    ]);
    expect(parsed[1]).toMatchObject({ version: 1, state: 'live', kind: 'env', comment: 'primary' });
    expect(Object.keys(parsed[0]!)).not.toContain('value');
  });

  test('a deleted current version shows as deleted', async () => {
    const h = await initialised();
    await setFromPipe(h, ADDR, 'x');
    await h.run(['rm', ADDR, '--version', '1', '--yes']);
    expect((await h.run(['ls', 'api/production'])).stdout).toMatch(/DATABASE_URL +v1 +secret +env +deleted/);
  });

  test('unknown scope is exit 3 naming what exists; empty scope says so on stderr', async () => {
    const h = await initialised();
    const unknown = await h.run(['ls', 'web']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('Apps in this vault: shared, api');
    const empty = await h.run(['ls', 'api/staging']);
    expect(empty).toMatchObject({ code: 0, stdout: '' });
    expect(empty.stderr).toContain('No secrets in api/staging');
  });
});

describe('versions, rollback, rm, undelete', () => {
  async function withThreeVersions() {
    const h = await initialised();
    for (const value of ['one', 'two', 'three']) await setFromPipe(h, ADDR, value);
    return h;
  }

  test('versions: newest first with state, author and origin; --json parses', async () => {
    const h = await withThreeVersions();
    await h.run(['rollback', ADDR, '1']);
    const table = await h.run(['versions', ADDR]);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^VERSION +STATE +CREATED +AGE +AUTHOR +ORIGIN$/);
    expect(lines[1]).toMatch(/^v4 \(current\) +live .* alice +rollback of v1$/);
    expect(lines[4]).toMatch(/^v1 +live .* alice +set$/);
    const json = JSON.parse((await h.run(['versions', ADDR, '--json'])).stdout);
    expect(json).toMatchObject({ app: 'api', env: 'production', key: 'DATABASE_URL', current: 4, state: 'live' });
    expect(json.versions.map((v: { version: number; origin: string }) => `${v.version}:${v.origin}`)).toEqual([
      '4:rollback of v1', '3:set', '2:set', '1:set',
    ]);
    expect(JSON.stringify(json)).not.toMatch(/"one"|"two"|"three"/);
  });

  test('rollback writes a new version with the old value; refusals exit 8 with the reason', async () => {
    const h = await withThreeVersions();
    const back = await h.run(['rollback', ADDR, '1']);
    expect(back).toMatchObject({ code: 0, stdout: `${ADDR}: v4 (rollback of v1)\n` });
    expect((await h.run(['get', ADDR])).stdout).toBe('one');
    const current = await h.run(['rollback', ADDR, '4']);
    expect(current.code).toBe(8);
    expect(current.stderr).toContain('already the current version');
    const missing = await h.run(['rollback', ADDR, '9']);
    expect(missing.code).toBe(8);
    expect(missing.stderr).toContain('v9 does not exist');
    expect((await h.run(['rollback', ADDR, 'x'])).code).toBe(2);
  });

  test('rm --version soft-deletes (warning about rollbacks), undelete restores', async () => {
    const h = await withThreeVersions();
    const rm = await h.run(['rm', ADDR, '--version', '1', '--yes']);
    expect(rm.code).toBe(0);
    expect(rm.stderr).toContain('rollbacks to v1 become impossible');
    expect(rm.stdout).toContain(`coffer undelete ${ADDR} --version 1`);
    expect((await h.run(['get', ADDR, '--version', '1'])).code).toBe(3);
    const refused = await h.run(['rollback', ADDR, '1']);
    expect(refused.code).toBe(8);
    expect(refused.stderr).toContain('undelete it first');
    expect((await h.run(['undelete', ADDR, '--version', '1'])).code).toBe(0);
    expect((await h.run(['get', ADDR, '--version', '1'])).stdout).toBe('one');
    expect((await h.run(['undelete', ADDR, '--version', '1'])).code).toBe(8);
    expect((await h.run(['undelete', ADDR])).code).toBe(2);
  });

  test('rm --destroy wipes for good; --destroy needs --version', async () => {
    const h = await withThreeVersions();
    expect((await h.run(['rm', ADDR, '--destroy', '--yes'])).code).toBe(2);
    expect((await h.run(['rm', ADDR, '--version', '2', '--destroy', '--yes'])).code).toBe(0);
    const undelete = await h.run(['undelete', ADDR, '--version', '2']);
    expect(undelete.code).toBe(8);
    expect(undelete.stderr).toContain('cannot come back');
    const json = JSON.parse((await h.run(['versions', ADDR, '--json'])).stdout);
    expect(json.versions[1]).toMatchObject({ version: 2, state: 'destroyed' });
  });

  test('rm without --version removes the whole secret', async () => {
    const h = await withThreeVersions();
    const rm = await h.run(['rm', ADDR, '--yes']);
    expect(rm).toMatchObject({ code: 0, stdout: `${ADDR}: removed with all its versions\n` });
    expect((await h.run(['get', ADDR])).code).toBe(3);
  });

  test('without a terminal and without --yes, rm refuses (exit 2) and changes nothing', async () => {
    const h = await withThreeVersions();
    for (const args of [[], ['--version', '1'], ['--version', '1', '--destroy']]) {
      const rm = await h.run(['rm', ADDR, ...args]);
      expect(rm.code).toBe(2);
      expect(rm.stderr).toContain('--yes');
    }
    expect((await h.run(['versions', ADDR, '--json'])).stdout).toContain('"state": "live"');
    expect((await h.run(['get', ADDR, '--version', '1'])).stdout).toBe('one');
  });

  test('on a terminal: y/N for a soft delete in an unprotected environment', async () => {
    const h = await initialised();
    await setFromPipe(h, 'api/staging/TOKEN', 'a');
    await setFromPipe(h, 'api/staging/TOKEN', 'b');
    const no = new FakeTerminal({ tty: true, answers: [''] });
    expect((await h.run(['rm', 'api/staging/TOKEN', '--version', '1'], no)).code).toBe(130);
    expect(no.prompted[0]?.question).toBe('Delete v1 of api/staging/TOKEN? [y/N] ');
    const yes = new FakeTerminal({ tty: true, answers: ['y'] });
    expect((await h.run(['rm', 'api/staging/TOKEN', '--version', '1'], yes)).code).toBe(0);
  });

  test('on a terminal: the key name is typed for protected environments and permanent deletes', async () => {
    const h = await withThreeVersions();
    const wrong = new FakeTerminal({ tty: true, answers: ['y'] });
    const refused = await h.run(['rm', ADDR, '--version', '1'], wrong);
    expect(refused.code).toBe(130);
    expect(wrong.prompted[0]?.question).toBe('Type DATABASE_URL to confirm: ');
    expect(refused.stderr).toContain('protected environment');
    expect((await h.run(['get', ADDR, '--version', '1'])).stdout).toBe('one');

    const typed = new FakeTerminal({ tty: true, answers: ['DATABASE_URL'] });
    expect((await h.run(['rm', ADDR, '--version', '1'], typed)).code).toBe(0);

    await setFromPipe(h, 'api/staging/TOKEN', 'a');
    const destroy = new FakeTerminal({ tty: true, answers: ['TOKEN'] });
    expect((await h.run(['rm', 'api/staging/TOKEN', '--version', '1', '--destroy'], destroy)).code).toBe(0);
    expect(destroy.prompted[0]?.question).toBe('Type TOKEN to confirm: ');
  });
});

describe('canary', () => {
  test('a value appears in no output but get, and not in the vault file or its neighbours', async () => {
    const h = await initialised();
    const outputs: string[] = [];
    const keep = (r: { stdout: string; stderr: string }) => outputs.push(r.stdout, r.stderr);
    keep(await setFromPipe(h, ADDR, CANARY, '--comment', 'db'));
    keep(await setFromPipe(h, ADDR, `${CANARY}-2`));
    for (const args of [
      ['ls'], ['ls', '--json'], ['ls', 'api'], ['versions', ADDR], ['versions', ADDR, '--json'],
      ['rollback', ADDR, '1'], ['rm', ADDR, '--version', '1', '--yes'], ['undelete', ADDR, '--version', '1'],
      ['log'], ['log', '--json'], ['log', '--verify'], ['app', 'ls'], ['app', 'ls', '--json'],
      ['rm', ADDR, '--version', '2', '--destroy', '--yes'], ['get', 'api/production/OTHER'],
    ]) {
      keep(await h.run(args));
    }
    for (const text of outputs) expect(text).not.toContain(CANARY);
    expect((await h.run(['get', ADDR])).stdout).toBe(CANARY);
    for (const file of readdirSync(h.dir)) {
      expect(readFileSync(`${h.dir}/${file}`).includes(CANARY), file).toBe(false);
    }
  });
});
