// What every command gets: the injected dependencies (terminal, environment, clock and actor,
// how to find and open a vault) and helpers to print. main() builds the real ones in compose.ts;
// tests pass fakes.
import { CofferError } from '../domain/errors.js';
import type { Context, UnlockMethod, VaultOpener, VaultRepository } from '../domain/ports.js';
import { colourEnabled, makeStyle, sanitize, toJson } from './output.js';
import type { Env, Style } from './output.js';
import type { Terminal } from './terminal.js';

export interface TuiRequest {
  /** --demo: a throwaway vault with sample data instead of the real one. */
  demo: boolean;
  /** --team / COFFER_TEAM: open this team vault instead of the local file. */
  team?: string;
  vaultPath: string;
  acceptRollback: boolean;
  context: Context;
}

export interface OpenOptions {
  /** --accept-rollback: open a file older than one this machine has seen (a restored backup). */
  acceptRollback?: boolean;
}

/**
 * Managing the keys of an unlocked vault (rekey, passwd). The local file repository has it; a
 * backend without it makes those commands refuse.
 */
export interface VaultKeyManager {
  slots(): Promise<Array<{ type: UnlockMethod; createdAt: string }>>;
  changePassphrase(passphrase: string, actor: string): Promise<void>;
  removeSlot(type: UnlockMethod, actor: string): Promise<void>;
  rekey(options: { passphrase?: string; actor: string }): Promise<{ recoveryCode: string; warnings: string[] }>;
}

/** A run on a team vault (--team, COFFER_TEAM): its opener and what only team vaults have. */
export interface TeamRun {
  opener: VaultOpener;
  /** The member name this machine acts as in the team: the actor of its writes. */
  member: string;
  /** This member's personal overrides by secret id, once the vault is open. */
  personal(): Promise<ReadonlyMap<string, { value: string; updatedAt: string }>>;
  /** Sets (or with null removes) this member's personal value of a secret. */
  setPersonal(app: string, env: string, key: string, value: string | null): Promise<void>;
  /** Environments this member holds no key for, and the admins who can grant them. */
  locked(): Array<{ app: string; env: string; grantors: string[] }>;
}

export interface CliDeps {
  terminal: Terminal;
  env: Env;
  context: Context;
  /** --vault, else COFFER_VAULT, else the default location. */
  resolveVaultPath(flag: string | undefined, env: Env): string;
  openerFor(path: string, options?: OpenOptions): VaultOpener;
  /**
   * The team vault named by `flag`, else COFFER_TEAM; undefined when neither names one (the run
   * is on the local file). Loads the team code only then.
   */
  teamRun(flag: string | undefined, env: Env): Promise<TeamRun | undefined>;
  /** The team module, for the `team` subcommands (loaded on first use). */
  teamModule(): Promise<typeof import('../team/index.js')>;
  keysOf(repository: VaultRepository): VaultKeyManager | undefined;
  /** Sentences about a vault file or folder other users can read, printed as warnings. */
  permissionWarnings(path: string): Promise<string[]>;
  /** Starts the terminal UI; resolves to the exit code. */
  launchTui(request: TuiRequest): Promise<number>;
  newVaultId(): string;
  /**
   * Ends the process by `signal`, as the program `run` started was ended, so a calling shell
   * sees the signal (a script stops on Ctrl-C). Returns if the signal is ignored here; the exit
   * code (128+N) applies then.
   */
  reraise(signal: NodeJS.Signals): void;
}

export class Io {
  readonly out: Style;
  readonly err: Style;

  constructor(private readonly deps: CliDeps) {
    this.out = makeStyle(colourEnabled(deps.terminal.stdout, deps.env));
    this.err = makeStyle(colourEnabled(deps.terminal.stderr, deps.env));
  }

  get terminal(): Terminal {
    return this.deps.terminal;
  }

  print(text: string): void {
    this.deps.terminal.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  json(value: unknown): void {
    this.deps.terminal.stdout.write(toJson(value));
  }

  /** A line for the operator on stderr, so stdout stays clean for scripts. */
  note(message: string): void {
    this.deps.terminal.stderr.write(`${sanitize(message)}\n`);
  }

  warn(message: string): void {
    this.deps.terminal.stderr.write(`${this.err.yellow('coffer: warning:')} ${sanitize(message)}\n`);
  }

  /** `coffer: message` and the hint under it; a stack only with COFFER_DEBUG=1. */
  error(error: unknown): void {
    const stderr = this.deps.terminal.stderr;
    if (error instanceof CofferError) {
      stderr.write(`${this.err.red('coffer:')} ${sanitize(error.message)}\n`);
      if (error.hint) stderr.write(`${this.err.dim(`hint: ${sanitize(error.hint)}`)}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      stderr.write(`${this.err.red('coffer:')} unexpected error: ${sanitize(message)}\n`);
      if (this.deps.env.COFFER_DEBUG !== '1') {
        stderr.write(`${this.err.dim('hint: this is a bug in coffer; run again with COFFER_DEBUG=1 to see where it happened.')}\n`);
      }
    }
    if (this.deps.env.COFFER_DEBUG === '1' && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  }
}
