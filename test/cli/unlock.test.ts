// The unlock sequence: keychain silently, then COFFER_PASSPHRASE_FILE, COFFER_PASSPHRASE, a
// no-echo prompt on a terminal, or a clear failure saying why the keychain failed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { KeychainFailure } from '../../src/domain/ports.js';
import { FakeTerminal, cleanupHarnesses, harness, recoveryCodeIn } from './fakes.js';
import type { Harness } from './fakes.js';

afterEach(cleanupHarnesses);

const PASSPHRASE = 'correct horse battery';

/** A vault with keychain, passphrase and recovery slots. */
async function withPassphrase(env: Record<string, string | undefined> = {}): Promise<Harness & { recoveryCode: string }> {
  const h = harness({ COFFER_PASSPHRASE: PASSPHRASE });
  const init = await h.run(['init']);
  expect(init.code).toBe(0);
  h.env = env;
  return Object.assign(h, { recoveryCode: recoveryCodeIn(init.stdout) });
}

describe('unlocking', () => {
  test('the keychain unlocks silently: no prompt, nothing on stderr', async () => {
    const h = await withPassphrase();
    const terminal = new FakeTerminal({ tty: true });
    const ls = await h.run(['app', 'ls', '--json'], terminal);
    expect(ls.code).toBe(0);
    expect(terminal.prompted).toEqual([]);
    expect(ls.stderr).toBe('');
  });

  test.each<KeychainFailure>(['library-missing', 'no-secret-service', 'locked-or-denied', 'entry-missing', 'timeout'])(
    'keychain %s without a terminal or passphrase: exit 6 naming the cause and the options',
    async (failure) => {
      const h = await withPassphrase();
      h.keychain.failure = failure;
      const ls = await h.run(['ls']);
      expect(ls.code).toBe(6);
      expect(ls.stderr).toContain(`Cannot unlock ${h.path}`);
      expect(ls.stderr).toContain('keychain');
      expect(ls.stderr).toContain('COFFER_PASSPHRASE_FILE');
      expect(ls.stderr).toContain('COFFER_PASSPHRASE');
      expect(ls.stderr).toContain('terminal');
      expect(ls.stderr).not.toContain('    at ');
    },
  );

  test('the causes are told apart', async () => {
    const h = await withPassphrase();
    const messages = new Set<string>();
    for (const failure of ['library-missing', 'no-secret-service', 'locked-or-denied', 'entry-missing', 'timeout'] as const) {
      h.keychain.failure = failure;
      messages.add((await h.run(['ls'])).stderr.split('\n')[0]!);
    }
    expect(messages.size).toBe(5);
  });

  test('COFFER_PASSPHRASE_FILE, with one trailing newline stripped, wins over COFFER_PASSPHRASE', async () => {
    const h = await withPassphrase();
    h.keychain.failure = 'no-secret-service';
    const file = join(h.dir, 'pass.txt');
    writeFileSync(file, `${PASSPHRASE}\n`);
    h.env = { COFFER_PASSPHRASE_FILE: file, COFFER_PASSPHRASE: 'wrong one' };
    expect((await h.run(['ls'])).code).toBe(0);
    h.env = { COFFER_PASSPHRASE: PASSPHRASE };
    expect((await h.run(['ls'])).code).toBe(0);
  });

  test('a wrong passphrase from the environment is exit 6 naming the variable; the file is untouched', async () => {
    const h = await withPassphrase();
    h.keychain.failure = 'entry-missing';
    const { readFileSync } = await import('node:fs');
    const before = readFileSync(h.path);
    h.env = { COFFER_PASSPHRASE: 'not it at all' };
    const ls = await h.run(['app', 'add', 'web']);
    expect(ls.code).toBe(6);
    expect(ls.stderr).toContain('The passphrase in COFFER_PASSPHRASE does not unlock');
    expect(readFileSync(h.path).equals(before)).toBe(true);
  });

  test('an unreadable or empty passphrase file is a usage error', async () => {
    const h = await withPassphrase();
    h.keychain.failure = 'entry-missing';
    h.env = { COFFER_PASSPHRASE_FILE: join(h.dir, 'missing.txt') };
    const missing = await h.run(['ls']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
    writeFileSync(join(h.dir, 'empty.txt'), '\n');
    h.env = { COFFER_PASSPHRASE_FILE: join(h.dir, 'empty.txt') };
    expect((await h.run(['ls'])).code).toBe(2);
  });

  test('on a terminal: says why the keychain failed, then asks without echo', async () => {
    const h = await withPassphrase();
    h.keychain.failure = 'locked-or-denied';
    const terminal = new FakeTerminal({ tty: true, answers: [PASSPHRASE] });
    const ls = await h.run(['ls'], terminal);
    expect(ls.code).toBe(0);
    expect(ls.stderr).toContain('locked or access was denied');
    expect(terminal.prompted).toEqual([{ question: `Passphrase for ${h.path}: `, echo: false }]);
  });

  test('three wrong answers at the prompt: exit 6', async () => {
    const h = await withPassphrase();
    h.keychain.failure = 'entry-missing';
    const terminal = new FakeTerminal({ tty: true, answers: ['nope', 'still no', 'never'] });
    const ls = await h.run(['ls'], terminal);
    expect(ls.code).toBe(6);
    expect(terminal.prompted).toHaveLength(3);
    expect(ls.stderr).toContain('does not unlock');
  });

  test('an empty answer cancels (exit 130)', async () => {
    const h = await withPassphrase();
    h.keychain.failure = 'entry-missing';
    expect((await h.run(['ls'], new FakeTerminal({ tty: true, answers: [''] }))).code).toBe(130);
  });

  test('--recovery asks for the recovery code, skipping the keychain', async () => {
    const h = await withPassphrase();
    const terminal = new FakeTerminal({ tty: true, answers: [h.recoveryCode.toLowerCase()] });
    const ls = await h.run(['ls', '--recovery'], terminal);
    expect(ls.code).toBe(0);
    expect(terminal.prompted[0]).toEqual({ question: `Recovery code for ${h.path}: `, echo: false });
    const noTty = await h.run(['--recovery', 'ls']);
    expect(noTty.code).toBe(2);
  });

  test('a vault without a passphrase asks for the recovery code when the keychain fails', async () => {
    const h = harness();
    const init = await h.run(['init']);
    h.keychain.failure = 'no-secret-service';
    const noTty = await h.run(['ls'], new FakeTerminal());
    expect(noTty.code).toBe(6);
    expect(noTty.stderr).toContain('--recovery');
    const terminal = new FakeTerminal({ tty: true, answers: ['not-a-code', recoveryCodeIn(init.stdout)] });
    const ls = await h.run(['ls'], terminal);
    expect(ls.code).toBe(0);
    expect(terminal.prompted.map((p) => p.question)).toEqual([`Recovery code for ${h.path}: `, `Recovery code for ${h.path}: `]);
    expect(ls.stderr).toContain('not a coffer recovery code');
  });

  test('a passphrase variable is reported as ignored when the vault has no passphrase', async () => {
    const h = harness();
    await h.run(['init']);
    h.keychain.failure = 'entry-missing';
    h.env = { COFFER_PASSPHRASE: 'whatever it is' };
    const ls = await h.run(['ls']);
    expect(ls.code).toBe(6);
    expect(ls.stderr).toContain('COFFER_PASSPHRASE is set, but this vault has no passphrase');
  });

  test('no vault: exit 3 saying how to create one', async () => {
    const h = harness();
    const ls = await h.run(['ls']);
    expect(ls.code).toBe(3);
    expect(ls.stderr).toContain(`No vault at ${h.path}`);
    expect(ls.stderr).toContain('coffer init');
  });

  test('--vault and COFFER_VAULT choose the file; --vault works before or after the command', async () => {
    const h = harness();
    const other = join(h.dir, 'other.coffer');
    expect((await h.run(['init', '--vault', other])).code).toBe(0);
    expect((await h.run(['ls'])).code).toBe(3);
    expect((await h.run(['ls', '--vault', other])).code).toBe(0);
    expect((await h.run(['--vault', other, 'ls'])).code).toBe(0);
    h.env = { COFFER_VAULT: other };
    expect((await h.run(['ls'])).code).toBe(0);
  });

  test('permission warnings are printed on stderr', async () => {
    const h = await withPassphrase();
    h.warnings = ['vault.coffer can be read by other users (mode 0644)'];
    const ls = await h.run(['app', 'ls', '--json']);
    expect(ls.code).toBe(0);
    expect(ls.stderr).toContain('coffer: warning: vault.coffer can be read by other users');
    JSON.parse(ls.stdout);
  });
});
