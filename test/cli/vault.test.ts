// init, rekey, passwd, app/env management, log, the TUI entry and help.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { FakeTerminal, cleanupHarnesses, harness, initialised, recoveryCodeIn, setFromPipe } from './fakes.js';

afterEach(cleanupHarnesses);

describe('init', () => {
  test('prints the recovery code once with advice to keep it offline', async () => {
    const h = harness();
    const init = await h.run(['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`Created ${h.path} (unlocks with: OS keychain, recovery code).`);
    expect(init.stdout).toMatch(/Recovery code: [0-9A-Z]{4}(-[0-9A-Z]{4}){6}\n/);
    expect(init.stdout).toContain('offline');
    expect((await h.run(['init'])).code).toBe(4);
  });

  test('on a terminal the passphrase is optional and typed twice', async () => {
    const none = harness();
    const skip = new FakeTerminal({ tty: true, answers: [''] });
    expect((await none.run(['init'], skip)).stdout).toContain('unlocks with: OS keychain, recovery code');
    const some = harness();
    const typed = new FakeTerminal({ tty: true, answers: ['a long passphrase', 'a long passphrase'] });
    expect((await some.run(['init'], typed)).stdout).toContain('unlocks with: OS keychain, passphrase, recovery code');
    expect(typed.prompted.every((p) => !p.echo)).toBe(true);
    const differ = harness();
    const mismatch = await differ.run(['init'], new FakeTerminal({ tty: true, answers: ['a long passphrase', 'another one!'] }));
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('differ');
    const short = await differ.run(['init'], new FakeTerminal({ tty: true, answers: ['short'] }));
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 8');
  });

  test('--no-keychain needs a passphrase: from the environment, or refused without a terminal', async () => {
    const h = harness();
    const refused = await h.run(['init', '--no-keychain']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('COFFER_PASSPHRASE_FILE');
    const file = join(h.dir, 'pass');
    writeFileSync(file, 'from a file, long enough\n');
    h.env = { COFFER_PASSPHRASE_FILE: file };
    const init = await h.run(['init', '--no-keychain']);
    expect(init.stdout).toContain('unlocks with: passphrase, recovery code');
    expect((await h.run(['ls'])).code).toBe(0);
    h.env = {};
    expect((await h.run(['ls'])).code).toBe(6);
  });

  test('a keychain that fails at init: exit 6, nothing created, --no-keychain suggested by the store', async () => {
    const h = harness();
    h.keychain.failure = 'no-secret-service';
    const init = await h.run(['init']);
    expect(init.code).toBe(6);
    expect(init.stderr).toContain('No OS keychain is reachable');
    expect(init.stdout).not.toContain('Recovery code');
    h.keychain.failure = undefined;
    expect((await h.run(['ls'])).code).toBe(3);
  });
});

describe('rekey and passwd', () => {
  test('rekey prints a new recovery code; the old one stops working; the keychain still unlocks', async () => {
    const h = await initialised();
    await setFromPipe(h, 'api/production/K', 'value');
    const rekey = await h.run(['rekey']);
    expect(rekey.code).toBe(0);
    const code = recoveryCodeIn(rekey.stdout);
    expect(code).not.toBe(h.recoveryCode);
    expect((await h.run(['get', 'api/production/K'])).stdout).toBe('value');
    const old = await h.run(['ls', '--recovery'], new FakeTerminal({ tty: true, answers: [h.recoveryCode, h.recoveryCode, h.recoveryCode] }));
    expect(old.code).toBe(6);
    expect((await h.run(['ls', '--recovery'], new FakeTerminal({ tty: true, answers: [code] }))).code).toBe(0);
  });

  test('rekey of a passphrase vault keeps the passphrase that unlocked it', async () => {
    const h = harness({ COFFER_PASSPHRASE: 'first passphrase' });
    await h.run(['init', '--no-keychain']);
    expect((await h.run(['rekey'])).code).toBe(0);
    expect((await h.run(['ls'])).code).toBe(0);
  });

  test('passwd: adds a passphrase, changes it (proving the old one, not the keychain), removes it', async () => {
    const h = await initialised();
    h.env = { COFFER_NEW_PASSPHRASE: 'first passphrase' };
    const add = await h.run(['passwd']);
    expect(add).toMatchObject({ code: 0 });
    expect(add.stdout).toContain('Set the passphrase');

    // Now it has one: the keychain alone is not enough to change it.
    h.env = { COFFER_NEW_PASSPHRASE: 'second passphrase' };
    const noProof = await h.run(['passwd']);
    expect(noProof.code).toBe(6);
    h.env = { COFFER_PASSPHRASE: 'first passphrase', COFFER_NEW_PASSPHRASE: 'second passphrase' };
    expect((await h.run(['passwd'])).stdout).toContain('Changed the passphrase');

    h.keychain.failure = 'entry-missing';
    h.env = { COFFER_PASSPHRASE: 'first passphrase' };
    expect((await h.run(['ls'])).code).toBe(6);
    h.env = { COFFER_PASSPHRASE: 'second passphrase' };
    expect((await h.run(['ls'])).code).toBe(0);

    h.keychain.failure = undefined;
    expect((await h.run(['passwd', '--remove'])).stdout).toContain('Removed the passphrase');
    h.env = {};
    expect((await h.run(['passwd', '--remove'])).stdout).toContain('no passphrase');
  });

  test('passwd on a terminal: new passphrase typed twice', async () => {
    const h = await initialised();
    const terminal = new FakeTerminal({ tty: true, answers: ['typed passphrase', 'typed passphrase'] });
    expect((await h.run(['passwd'], terminal)).code).toBe(0);
    expect(terminal.prompted.map((p) => p.question)).toEqual(['New passphrase: ', 'Repeat it: ']);
    const noTty = await h.run(['passwd']);
    expect(noTty.code).toBe(6); // must prove the passphrase first, and cannot ask
  });
});

describe('app and env', () => {
  test('app add with defaults, --envs and --description; app ls table and JSON', async () => {
    const h = await initialised();
    const add = await h.run(['app', 'add', 'billing', '--envs', 'dev, production', '--description', 'Billing']);
    expect(add.stdout).toBe('Added app billing with environments dev, production (protected)\n');
    const table = await h.run(['app', 'ls']);
    expect(table.stdout.split('\n')).toEqual([
      'APP      ENVIRONMENTS                       SECRETS  DESCRIPTION',
      'shared   development, staging, production*  0        Secrets every app inherits, per environment',
      'api      development, staging, production*  0',
      'billing  dev, production*                   0        Billing',
      '',
    ]);
    const json = JSON.parse((await h.run(['app', 'ls', '--json'])).stdout);
    expect(json[2]).toMatchObject({ name: 'billing', description: 'Billing', envs: [{ name: 'dev', protected: false, secrets: 0 }, { name: 'production', protected: true, secrets: 0 }] });
  });

  test('refusals: duplicate app (4), the reserved name (2), removing shared (8)', async () => {
    const h = await initialised();
    expect((await h.run(['app', 'add', 'api'])).code).toBe(4);
    expect((await h.run(['app', 'add', 'shared'])).code).toBe(2);
    expect((await h.run(['app', 'add', 'Bad_Name'])).code).toBe(2);
    const shared = await h.run(['app', 'rm', 'shared', '--yes']);
    expect(shared.code).toBe(8);
    expect(shared.stderr).toContain('shared scope cannot be removed');
  });

  test('app rm: --yes or typed name; refused without a terminal', async () => {
    const h = await initialised();
    await setFromPipe(h, 'api/staging/K', 'v');
    expect((await h.run(['app', 'rm', 'api'])).code).toBe(2);
    const terminal = new FakeTerminal({ tty: true, answers: ['api'] });
    expect((await h.run(['app', 'rm', 'api'], terminal)).code).toBe(0);
    expect(terminal.prompted[0]?.question).toBe('Type api to confirm: ');
    expect((await h.run(['ls', 'api'])).code).toBe(3);
  });

  test('env add (protected by flag or by name) and env rm', async () => {
    const h = await initialised();
    expect((await h.run(['env', 'add', 'api', 'qa'])).stdout).toBe('Added environment api/qa\n');
    expect((await h.run(['env', 'add', 'api', 'dr', '--protected'])).stdout).toBe('Added environment api/dr (protected)\n');
    expect((await h.run(['env', 'add', 'shared', 'qa'])).code).toBe(0);
    expect((await h.run(['env', 'add', 'api', 'qa'])).code).toBe(4);
    expect((await h.run(['env', 'add', 'web', 'qa'])).code).toBe(3);
    await setFromPipe(h, 'api/qa/K', 'v');
    expect((await h.run(['env', 'rm', 'api', 'qa'])).code).toBe(2);
    expect((await h.run(['env', 'rm', 'api', 'qa', '--yes'])).stdout).toBe('Removed environment api/qa\n');
    const empty = new FakeTerminal({ tty: true, answers: ['y'] });
    expect((await h.run(['env', 'rm', 'shared', 'qa'], empty)).code).toBe(0);
    expect(empty.prompted[0]?.question).toMatch(/\[y\/N\] $/);
  });
});

describe('log', () => {
  test('lists actions without values, filters by scope, --json parses, --verify passes', async () => {
    const h = await initialised();
    await setFromPipe(h, 'api/production/K', 'secret-value-1');
    await setFromPipe(h, 'api/staging/K', 'secret-value-2');
    const all = await h.run(['log']);
    expect(all.stdout).toMatch(/^SEQ +TIME +ACTOR +ACTION +TARGET +DETAIL\n1 .* alice +vault\.init/);
    expect(all.stdout).not.toContain('secret-value');
    const scoped = JSON.parse((await h.run(['log', 'api/production', '--json'])).stdout);
    expect(scoped.map((e: { action: string }) => e.action)).toEqual(['secret.set']);
    const limited = JSON.parse((await h.run(['log', '-n', '2', '--json'])).stdout);
    expect(limited).toHaveLength(2);
    const verify = await h.run(['log', '--verify']);
    expect(verify).toMatchObject({ code: 0, stdout: 'Audit log intact: 4 entries, hash chain verified.\n' });
    expect(JSON.parse((await h.run(['log', '--verify', '--json'])).stdout)).toEqual({ ok: true, entries: 4 });
  });

  test('the log of a removed app can still be read', async () => {
    const h = await initialised();
    await h.run(['app', 'rm', 'api', '--yes']);
    const log = JSON.parse((await h.run(['log', 'api', '--json'])).stdout);
    expect(log.map((e: { action: string }) => e.action)).toEqual(['app.add', 'app.remove']);
  });
});

describe('the TUI entry, help and colour', () => {
  test('no subcommand on a terminal starts the TUI with the resolved vault path', async () => {
    const h = harness();
    expect((await h.run([], new FakeTerminal({ tty: true }))).code).toBe(0);
    expect((await h.run(['--demo'], new FakeTerminal({ tty: true }))).code).toBe(0);
    expect(h.tuiRequests.map((r) => [r.demo, r.vaultPath])).toEqual([[false, h.path], [true, h.path]]);
  });

  test('no subcommand without a terminal: a usage error pointing at the subcommands', async () => {
    const h = harness();
    const run = await h.run([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('needs an interactive terminal');
    expect(run.stderr).toContain('coffer ls');
    expect(h.tuiRequests).toEqual([]);
  });

  test.each([
    [], ['init'], ['app'], ['app', 'add'], ['app', 'ls'], ['app', 'rm'], ['env'], ['env', 'add'], ['env', 'rm'],
    ['ls'], ['set'], ['get'], ['versions'], ['rollback'], ['rm'], ['undelete'], ['rekey'], ['passwd'], ['log'], ['run'],
  ])('coffer %s --help', async (...words) => {
    const h = harness();
    const help = await h.run([...words, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: coffer ${words.join(' ')}`.trimEnd());
  });

  test('unknown commands and options are usage errors', async () => {
    const h = harness();
    const bogus = await h.run(['bogus']);
    expect(bogus).toMatchObject({ code: 2 });
    expect(bogus.stderr).toContain('Unknown command "bogus"');
    expect((await h.run(['ls', '--bogus'])).code).toBe(2);
    expect((await h.run(['get'])).stderr).toContain("missing required argument 'address'");
  });

  test('errors are red on a terminal, plain under NO_COLOR; never a stack', async () => {
    const h = harness();
    const coloured = await h.run(['ls'], new FakeTerminal({ tty: true }));
    expect(coloured.stderr).toContain('\u001b[31mcoffer:\u001b[39m');
    h.env = { NO_COLOR: '1' };
    const plain = await h.run(['ls'], new FakeTerminal({ tty: true }));
    expect(plain.stderr).not.toContain('\u001b[');
    expect(plain.stderr).not.toContain('    at ');
  });

  test('COFFER_DEBUG=1 adds the stack', async () => {
    const h = harness({ COFFER_DEBUG: '1' });
    expect((await h.run(['ls'])).stderr).toContain('    at ');
  });

  test('--version prints package.json\'s version', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect((await harness().run(['--version'])).stdout).toBe(`${version}\n`);
  });

  test('an older copy put back is exit 7 until --accept-rollback', async () => {
    const h = await initialised();
    const old = readFileSync(h.path);
    await setFromPipe(h, 'api/staging/K', 'newer');
    writeFileSync(h.path, old);
    const refused = await h.run(['ls']);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toContain('older copy');
    expect(refused.stderr).toContain('--accept-rollback');
    expect((await h.run(['ls', '--accept-rollback'])).code).toBe(0);
    expect((await h.run(['ls'])).code).toBe(0);
  });

  test('a corrupt vault is exit 7 and left untouched', async () => {
    const h = await initialised();
    const bytes = readFileSync(h.path);
    bytes[bytes.length - 20]! ^= 0x01;
    writeFileSync(h.path, bytes);
    const ls = await h.run(['ls']);
    expect(ls.code).toBe(7);
    expect(ls.stderr).toContain('integrity');
    expect(readFileSync(h.path).equals(bytes)).toBe(true);
  });
});
