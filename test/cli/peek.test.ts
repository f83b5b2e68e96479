// The look at the command line before commander parses it (src/cli/peek.ts): which runs start
// the keychain read early, and which subcommands start-up registers.
import { expect, test } from 'vitest';
import { ALL_COMMANDS, commandWanted, keychainUnlockAhead, NO_COMMAND } from '../../src/cli/peek.js';
import { Cli } from '../../src/cli/cli.js';
import { buildProgram } from '../../src/cli/program.js';
import type { CliDeps } from '../../src/cli/runtime.js';
import { FakeTerminal } from './fakes.js';

test('vault commands prefetch the keychain key, with their --vault wherever it is given', () => {
  expect(keychainUnlockAhead(['get', 'api/production/K'])).toEqual({ vaultFlag: undefined });
  expect(keychainUnlockAhead(['get', 'api/production/K', '--vault', '/v/a.coffer'])).toEqual({ vaultFlag: '/v/a.coffer' });
  expect(keychainUnlockAhead(['--vault=/v/b.coffer', 'ls', '--json'])).toEqual({ vaultFlag: '/v/b.coffer' });
  expect(keychainUnlockAhead(['--vault', 'get'])).toEqual({ vaultFlag: 'get' }); // a vault named "get", no command
  expect(keychainUnlockAhead([])).toEqual({ vaultFlag: undefined }); // the TUI unlocks keychain-first too
  expect(keychainUnlockAhead(['get', 'a/b/C', '--version', '3'])).toEqual({ vaultFlag: undefined }); // get's own --version
  // The program's own arguments after -- are not coffer's.
  expect(keychainUnlockAhead(['run', '--app', 'a', '--env', 'e', '--', 'sh', '--help', '--vault', 'x'])).toEqual({ vaultFlag: undefined });
});

test('runs that create a vault, prove a secret or print help or the version do not', () => {
  for (const argv of [['init'], ['passwd'], ['rekey'], ['ls', '--recovery'], ['--demo'], ['--help'], ['get', '-h'], ['-V'], ['help', 'get']]) {
    expect(keychainUnlockAhead(argv), argv.join(' ')).toBeUndefined();
  }
});

test('start-up registers subcommands up to the one asked for; help and unknown words get all', () => {
  expect(commandWanted(['get', 'a/b/C'])).toBe('get');
  expect(commandWanted(['--vault', 'v', 'ls'])).toBe('ls');
  expect(commandWanted(['get', '--help'])).toBe(ALL_COMMANDS);
  expect(commandWanted([])).toBe(NO_COMMAND);
  expect(commandWanted(['--version'])).toBe(NO_COMMAND);

  const deps = { terminal: new FakeTerminal(), env: {} } as unknown as CliDeps; // building reads no more
  const names = (argv?: string[]) => buildProgram(new Cli(deps), argv).commands.map((c) => c.name());
  const all = names();
  expect(names(['--help'])).toEqual(all);
  expect(names(['nonsense'])).toEqual(all);
  expect(names(['init'])).toEqual(['init']);
  expect(names([])).toEqual([]);
  for (const command of all) expect(names([command]), command).toContain(command);
});
