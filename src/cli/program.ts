// The command line: commander wiring for every subcommand, and runCli(), which turns any outcome
// into an exit code and a message on stderr (never a stack trace unless COFFER_DEBUG=1).
import { Command, CommanderError } from 'commander';
import { Cli } from './cli.js';
import { registerAppCommands } from './commands/apps.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerInitCommand } from './commands/init.js';
import { registerKeyCommands } from './commands/keys.js';
import { registerLogCommand } from './commands/log.js';
import { registerRunCommand } from './commands/run.js';
import { registerSecretCommands } from './commands/secrets.js';
import { registerTransferCommands } from './commands/transfer.js';
import { registerVersionCommands } from './commands/versions.js';
import { ACCEPT_ROLLBACK_HELP, RECOVERY_OPTION_HELP, TEAM_OPTION_HELP, VAULT_OPTION_HELP } from './commands/common.js';
import { registerTeamCommands } from './commands/team.js';
import { EXIT, EXIT_CODE_DESCRIPTIONS, exitCodeFor } from './exit-codes.js';
import type { CliDeps } from './runtime.js';
import { ALL_COMMANDS, commandWanted, NO_COMMAND } from './peek.js';
import { UsageError } from './usage.js';

/** Kept equal to package.json's version by a test. */
export const VERSION = '0.1.0';

const HELP_FOOTER = [
  '',
  'Run `coffer` alone for the terminal UI, `coffer COMMAND --help` for a command.',
  'Addresses: APP/ENV/KEY for a secret (shared/ENV/KEY for the shared scope), APP[/ENV] for a scope.',
  '',
  'Environment:',
  '  COFFER_VAULT            vault file when --vault is not given',
  '  COFFER_TEAM             team vault to use when --team is not given (see coffer team --help)',
  '  COFFER_ETCD_USER, COFFER_ETCD_PASSWORD',
  '                          etcd credentials, when the team\'s etcd has authentication on',
  '  COFFER_ETCD_CA, COFFER_ETCD_CERT, COFFER_ETCD_KEY',
  '                          PEM files for an etcd served over TLS (https://)',
  '  COFFER_PASSPHRASE_FILE  file holding the passphrase, for scripts (preferred)',
  '  COFFER_PASSPHRASE       the passphrase itself, for scripts',
  '  COFFER_NEW_PASSPHRASE_FILE, COFFER_NEW_PASSPHRASE',
  '                          the new passphrase for passwd and rekey',
  '  NO_COLOR                no colour (none either when output is not a terminal)',
  '  COFFER_DEBUG=1          show stack traces of unexpected errors',
  '',
  'Exit codes:',
  ...EXIT_CODE_DESCRIPTIONS.map(([code, text]) => `  ${String(code).padEnd(4)}${text}`),
].join('\n');

/** `argv`: this run's arguments, to register only the subcommands it needs; all without it. */
export function buildProgram(cli: Cli, argv?: readonly string[]): Command {
  const { terminal } = cli.deps;
  const program = new Command('coffer');
  program
    .description('Application secrets, versioned and encrypted at rest; key in the OS keychain.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    // Program options only before the subcommand, so `get --version 3` is get's --version; each
    // vault command also takes --vault and --recovery after its name.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => terminal.stdout.write(text),
      writeErr: (text) => terminal.stderr.write(text),
      outputError: (text, write) => write(`${cli.io.err.red('coffer:')} ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('hint: add --help for usage')
    .option('--vault <path>', VAULT_OPTION_HELP)
    .option('--team <name>', TEAM_OPTION_HELP)
    .option('--recovery', RECOVERY_OPTION_HELP)
    .option('--accept-rollback', ACCEPT_ROLLBACK_HELP)
    .option('--demo', 'open the terminal UI on a throwaway vault with sample data')
    .addHelpText('after', HELP_FOOTER)
    // Extra words reach the action, which names them as an unknown command (commander would
    // call them "too many arguments").
    .allowExcessArguments(true)
    .action(async (options: { vault?: string; team?: string; demo?: boolean; acceptRollback?: boolean }, command: Command) => {
      const [unknown] = command.args;
      if (unknown !== undefined) {
        throw new UsageError(`Unknown command ${JSON.stringify(unknown)}.`, 'coffer --help lists the commands.');
      }
      if (!terminal.stdinIsTTY || !terminal.stdout.isTTY) {
        throw new UsageError(
          'The terminal UI needs an interactive terminal, and stdin or stdout is not one.',
          'In scripts use the subcommands: coffer ls, coffer get APP/ENV/KEY, coffer set … (coffer --help lists them).',
        );
      }
      const team = options.vault === undefined && !options.demo ? (options.team ?? cli.deps.env['COFFER_TEAM']) : undefined;
      cli.exitCode = await cli.deps.launchTui({
        demo: options.demo === true,
        ...(team && { team }),
        vaultPath: cli.deps.resolveVaultPath(options.vault, cli.deps.env),
        acceptRollback: options.acceptRollback === true,
        context: cli.deps.context,
      });
    });

  // Start-up: registering every subcommand costs ~8 ms and a run needs only its own. Given this
  // run's argv, groups are registered until its command exists (all of them for help or an
  // unknown word, none for the terminal UI or --version); see peek.ts.
  const wanted = argv ? commandWanted(argv) : ALL_COMMANDS;
  for (const register of COMMAND_GROUPS) {
    if (wanted === NO_COMMAND) break;
    register(program, cli);
    if (typeof wanted === 'string' && program.commands.some((command) => command.name() === wanted)) break;
  }
  return program;
}

/** Every group of subcommands, in the order help lists them. */
const COMMAND_GROUPS = [
  registerInitCommand,
  registerAppCommands,
  registerSecretCommands,
  registerVersionCommands,
  registerKeyCommands,
  registerLogCommand,
  registerRunCommand,
  registerTransferCommands,
  registerAuditCommands,
  registerTeamCommands,
];

/** Runs one invocation; resolves to its exit code. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const cli = new Cli(deps);
  const program = buildProgram(cli, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (cli.exitSignal) deps.reraise(cli.exitSignal);
    return cli.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its message (or the help) already.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    cli.io.error(error);
    return exitCodeFor(error);
  }
}
