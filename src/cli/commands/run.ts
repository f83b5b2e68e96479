// run: start a program with an environment's secrets injected — the one way sealed secrets are
// ever used after saving.
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { resolveEnvironment } from '../../domain/resolve.js';
import { parseList } from '../address.js';
import { validateAppName, validateEnvName } from '../../domain/names.js';
import type { Cli } from '../cli.js';
import { prepareInjection } from '../inject.js';
import { UsageError } from '../usage.js';
import { vaultCommand } from './common.js';

// A supervisor's SIGTERM or SIGHUP reaches only coffer: pass it on. Ctrl-C and Ctrl-\ reach the
// program by themselves (same process group); coffer only waits for it, to clean up after it.
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];
const AWAITED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

export function registerRunCommand(program: Command, cli: Cli): void {
  vaultCommand(program, 'run', 'run a program with an environment\'s secrets (shared ones included) injected')
    .requiredOption('--app <app>', 'the app (or shared)')
    .requiredOption('--env <env>', 'the environment')
    .option('--only <keys>', 'comma-separated keys; fails listing every one that is missing')
    .argument('<command...>', 'the program and its arguments (put -- before them)')
    // Everything after the program's name is the program's, even if it looks like an option.
    .passThroughOptions()
    .addHelpText(
      'after',
      [
        '',
        "The program gets coffer's environment plus the resolved secrets: the shared scope's of that",
        'environment, overridden by the app\'s own. Secrets of kind env (and registry) become',
        'variables; kind file and tls are written to files in a private folder in RAM',
        '($XDG_RUNTIME_DIR or /dev/shm, mode 0700, files 0600) and the variable holds the path.',
        'The folder is removed when the program exits. Sealed secrets are injected like the others.',
        '',
        'run exits with the program\'s status (128+N if killed by signal N); 127 if it could not be',
        'started. Failures before it starts use coffer\'s exit codes.',
        '',
        'Examples:',
        '  coffer run --app api --env production -- node server.js',
        "  coffer run --app api --env staging --only DATABASE_URL -- sh -c 'psql \"$DATABASE_URL\"'",
      ].join('\n'),
    )
    .action(async (argv: string[], options: { app: string; env: string; only?: string }, command: Command) => {
      const app = validateAppName(options.app, { allowShared: true });
      const env = validateEnvName(options.env);
      const only = options.only === undefined ? undefined : parseList(options.only);
      const [file, ...args] = argv;
      if (!file) throw new UsageError('No program to run.', 'Put it after --, e.g. coffer run --app api --env production -- node server.js');

      const secrets = await cli.withSession(command, async (session) =>
        resolveEnvironment(session.state, app, env, only ? { only } : {}),
      );
      const injection = await prepareInjection(secrets, cli.deps.env);
      try {
        const outcome = await runProgram(file, args, { ...cli.deps.env, ...injection.env });
        if (outcome.startError) cli.io.note(`coffer: cannot run ${JSON.stringify(file)}: ${outcome.startError}.`);
        cli.exitCode = outcome.status;
      } finally {
        await injection.cleanup();
      }
    });
}

interface Outcome {
  /** Shell-style: the exit code, 128+N for signal N, 127 not found, 126 not executable. */
  status: number;
  startError?: string;
}

/** Spawns the program with our stdio and forwards signals to it. */
function runProgram(file: string, args: string[], env: Record<string, string | undefined>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const wait = () => undefined;
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    for (const signal of AWAITED_SIGNALS) process.on(signal, wait);
    const done = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      for (const signal of AWAITED_SIGNALS) process.off(signal, wait);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      done();
      if (error.code === 'ENOENT') resolve({ status: 127, startError: 'not found' });
      else if (error.code === 'EACCES') resolve({ status: 126, startError: 'permission denied' });
      else {
        reject(error);
      }
    });
    child.on('exit', (code, signal) => {
      done();
      resolve({ status: code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 0) : 0) });
    });
  });
}
