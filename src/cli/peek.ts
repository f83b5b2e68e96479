// A look at the command line before commander parses it, for start-up speed only. What is found
// here never decides what a command does — commander's parse does — it only lets start-up skip
// work this run will not need, or begin work it will:
//   - keychainUnlockAhead: the run will unlock a vault from the keychain, so early.ts starts
//     that keychain read (~20 ms waiting on D-Bus) before anything else; a wrong guess costs
//     one keychain read, since the unlock takes an answer read ahead only for the same vault;
//   - commandWanted: program.ts registers subcommands only until this run's exists (~8 ms
//     for all of them); help and unknown words get them all.

export interface Peek {
  /** The first word that is not an option or an option's value: the subcommand, if any. */
  command: string | undefined;
  vaultFlag: string | undefined;
  /** Options given before `--` (after it, the words are a program's, for `coffer run`). */
  flags: Set<string>;
}

export function peekArgv(argv: readonly string[]): Peek {
  const own = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const peek: Peek = { command: undefined, vaultFlag: undefined, flags: new Set() };
  for (let i = 0; i < own.length; i++) {
    const word = own[i]!;
    if (word === '--vault') peek.vaultFlag = own[++i];
    else if (word === '--team') peek.flags.add(`--team=${own[++i] ?? ''}`);
    else if (word.startsWith('--vault=')) peek.vaultFlag = word.slice('--vault='.length);
    else if (word.startsWith('-')) peek.flags.add(word);
    else peek.command ??= word;
  }
  return peek;
}

const HELP = ['-h', '--help'];
/** Commands that never unlock with the keychain first: they create a vault or prove a secret. */
const NOT_KEYCHAIN_FIRST = new Set(['init', 'passwd', 'rekey', 'help']);
const NO_KEYCHAIN_FLAGS = ['--recovery', '--demo', ...HELP];
/** The program's version flags (after a subcommand, --version is `get --version N`). */
const VERSION = ['-V', '--version'];

/** Whether this run will unlock a vault from the keychain, and its --vault if given. */
export function keychainUnlockAhead(argv: readonly string[]): { vaultFlag: string | undefined } | undefined {
  const { command, vaultFlag, flags } = peekArgv(argv);
  if (NO_KEYCHAIN_FLAGS.some((flag) => flags.has(flag))) return undefined;
  // A team vault unlocks with the member's key, not the local vault's.
  if ([...flags].some((flag) => flag.startsWith('--team')) || command === 'team') return undefined;
  if (command === undefined && VERSION.some((flag) => flags.has(flag))) return undefined;
  if (command !== undefined && NOT_KEYCHAIN_FIRST.has(command)) return undefined;
  return { vaultFlag };
}

/** Every subcommand is needed (help, or a word to name as unknown). */
export const ALL_COMMANDS = Symbol('all');
/** No subcommand is needed (the terminal UI, --version). */
export const NO_COMMAND = Symbol('none');

export function commandWanted(argv: readonly string[]): string | typeof ALL_COMMANDS | typeof NO_COMMAND {
  const { command, flags } = peekArgv(argv);
  if (HELP.some((flag) => flags.has(flag))) return ALL_COMMANDS;
  return command ?? NO_COMMAND;
}
