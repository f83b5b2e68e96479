// run: start a program with an environment's secrets injected — the one way sealed secrets are
// ever used after saving.
import type { Command } from 'commander';
import { resolveEnvironment } from '../../domain/resolve.js';
import { secretId } from '../../domain/ids.js';
import { validateAppName, validateEnvName } from '../../domain/names.js';
import { parseEnvAddress, parseList } from '../address.js';
import type { Cli } from '../cli.js';
import { childEnvironment, prepareInjection } from '../inject.js';
import { Supervisor } from '../supervise.js';
import { UsageError } from '../usage.js';
import { vaultCommand } from './common.js';

interface RunOptions {
  app?: string;
  env?: string;
  only?: string;
  allowDisk?: boolean;
}

const EXAMPLE = 'e.g. coffer run api/production -- node server.js';

export function registerRunCommand(program: Command, cli: Cli): void {
  vaultCommand(program, 'run', "run a program with an environment's secrets (shared ones included) injected")
    .usage('[options] APP/ENV [--] COMMAND [ARGS...]')
    .argument('[APP/ENV -- COMMAND...]', 'the environment, then the program and its arguments')
    .option('--only <keys>', 'comma-separated keys; fails listing every one that is missing, before starting')
    .option('--allow-disk', 'without a folder in RAM, write file secrets under the temp folder instead of refusing')
    .option('--app <app>', 'the app, instead of APP/ENV (with --env)')
    .option('--env <env>', 'the environment, instead of APP/ENV (with --app)')
    // Everything after the program's name is the program's, even if it looks like an option.
    .passThroughOptions()
    .addHelpText(
      'after',
      [
        '',
        "The program gets coffer's environment plus the resolved secrets: the shared scope's of that",
        "environment, overridden by the app's own (deleted ones left out). Sealed secrets are",
        'injected like the others. Secrets of kind env and registry become variables; kind file and',
        'tls are written to files in a private folder in RAM ($XDG_RUNTIME_DIR, else /dev/shm; it',
        'must be tmpfs) — folder 0700, files 0600 — the variable holds the file\'s path and',
        'COFFER_SECRETS_DIR the folder\'s. Without a RAM folder coffer refuses rather than put',
        'secrets on disk, unless --allow-disk. The folder is removed when the program ends, also',
        'when it is killed or coffer gets SIGTERM, SIGHUP or SIGINT. Values never go into argv.',
        "coffer's own COFFER_PASSPHRASE(_FILE) and COFFER_NEW_PASSPHRASE(_FILE) are not passed on.",
        '',
        'Signals: SIGTERM, SIGHUP and SIGUSR2 sent to coffer are passed to the program; SIGINT and',
        'SIGQUIT too, except when they come from the keyboard (Ctrl-C reaches the program directly).',
        "run exits with the program's status. If a signal killed it, coffer removes the folder and",
        'dies of the same signal (SIGINT, SIGTERM, SIGHUP), or exits 128+N for others; 127 if the',
        'program was not found, 126 if it is not executable. Failures before it starts use',
        "coffer's exit codes (3: a key in --only is missing, listing all of them).",
        '',
        'Examples:',
        '  coffer run api/production -- node server.js',
        "  coffer run api/staging --only DATABASE_URL -- sh -c 'psql \"$DATABASE_URL\"'",
        '  coffer run api/production -- sh -c \'nginx -c "$COFFER_SECRETS_DIR/NGINX_CONF"\'',
      ].join('\n'),
    )
    .action(async (words: string[], _options: RunOptions, command: Command) => {
      const { app, env, argv } = parseRunWords(words, command);
      const options = command.opts<RunOptions>();
      const only = options.only === undefined ? undefined : parseList(options.only);
      const [file, ...args] = argv;
      if (!file) throw new UsageError('No program to run.', `Put it after APP/ENV and --, ${EXAMPLE}`);

      const secrets = await cli.withSession(command, async (session, unlocked) => {
        const resolved = resolveEnvironment(session.state, app, env, only ? { only } : {});
        if (!unlocked.team) return resolved;
        // On a team vault, your personal values stand in for the shared ones (named on stderr).
        const personal = await unlocked.team.personal();
        const used: string[] = [];
        const out = resolved.map((entry) => {
          const mine = personal.get(secretId(entry.secret.app, entry.secret.env, entry.key));
          if (!mine) return entry;
          used.push(entry.key);
          return { ...entry, value: mine.value };
        });
        if (used.length) cli.io.note(`coffer: using your personal value of ${used.join(', ')}.`);
        return out;
      });
      // Catch signals before any file is written, so the files never outlive a SIGTERM.
      const supervisor = new Supervisor();
      try {
        const injection = await prepareInjection(secrets, cli.deps.env, { allowDisk: options.allowDisk === true });
        try {
          const outcome = await supervisor.run(file, args, childEnvironment(cli.deps.env, injection.env));
          if (outcome.startError) cli.io.note(`coffer: cannot run ${JSON.stringify(file)}: ${outcome.startError}.`);
          cli.exitCode = outcome.status;
          if (outcome.signal && outcome.reraise) cli.exitSignal = outcome.signal;
        } finally {
          await injection.cleanup();
        }
      } finally {
        supervisor.dispose();
      }
    });
}

/**
 * `APP/ENV [run options] [--] COMMAND…`, or `--app A --env E [--] COMMAND…`. Options given after
 * APP/ENV reach us unparsed (passThroughOptions stops at the first word), so they are parsed
 * here, up to `--` or the program's name.
 */
function parseRunWords(words: string[], command: Command): { app: string; env: string; argv: string[] } {
  const given = command.opts<RunOptions>();
  if (given.app !== undefined || given.env !== undefined) {
    if (given.app === undefined || given.env === undefined) {
      throw new UsageError('--app and --env go together.', `Or name both as APP/ENV, ${EXAMPLE}`);
    }
    return { app: validateAppName(given.app, { allowShared: true }), env: validateEnvName(given.env), argv: words };
  }
  const [scope, ...rest] = words;
  if (scope === undefined || scope === '--') throw new UsageError('Which environment? Name it as APP/ENV.', EXAMPLE);
  if (!scope.includes('/')) {
    throw new UsageError(`${JSON.stringify(scope)} is not APP/ENV; the environment comes before the program.`, EXAMPLE);
  }
  const { app, env } = parseEnvAddress(scope);
  const { operands, unknown } = command.parseOptions(rest);
  if (unknown.length > 0) {
    throw new UsageError(`Unknown option ${JSON.stringify(unknown[0])} for run.`, `Put the program after --, ${EXAMPLE}`);
  }
  if (command.opts<RunOptions>().app !== undefined || command.opts<RunOptions>().env !== undefined) {
    throw new UsageError('Give the environment as APP/ENV or with --app and --env, not both.');
  }
  return { app, env, argv: operands };
}
