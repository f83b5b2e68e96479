// One invocation's view of the world: its dependencies, its printing helpers, and the way a
// command gets at the vault (find it, unlock it, open a session, always close it).
import type { Command } from 'commander';
import { VaultSession } from '../domain/session.js';
import type { VaultOpener } from '../domain/ports.js';
import { NotFoundError, RefusedError } from '../domain/errors.js';
import { Io } from './runtime.js';
import type { CliDeps, TeamRun } from './runtime.js';
import { unlockVault } from './unlock.js';
import { UsageError } from './usage.js';
import type { Unlocked } from './unlock.js';

/** Options every vault command accepts, before or after the subcommand's name. */
export interface VaultOptions {
  vault?: string;
  team?: string;
  recovery?: boolean;
  acceptRollback?: boolean;
}

export class Cli {
  readonly io: Io;
  /** Set by commands whose status is not simply success (the TUI, `run`). */
  exitCode = 0;
  /** `run`: the signal that killed the program, for coffer to die of once it has cleaned up. */
  exitSignal: NodeJS.Signals | undefined;

  constructor(readonly deps: CliDeps) {
    this.io = new Io(deps);
  }

  get now(): Date {
    return this.deps.context.now();
  }

  options(command: Command): VaultOptions {
    return command.optsWithGlobals<VaultOptions>();
  }

  vaultPath(command: Command): string {
    return this.deps.resolveVaultPath(this.options(command).vault, this.deps.env);
  }

  opener(command: Command): VaultOpener {
    return this.deps.openerFor(this.vaultPath(command), { acceptRollback: this.options(command).acceptRollback === true });
  }

  /** The team vault this command runs on (--team, COFFER_TEAM), if any. */
  async teamRun(command: Command): Promise<TeamRun | undefined> {
    const options = this.options(command);
    if (options.team !== undefined && options.vault !== undefined) {
      throw new UsageError('--team and --vault name two different vaults; give one.', 'A team vault is on etcd (--team NAME); a local one is a file (--vault PATH).');
    }
    if (options.vault !== undefined) return undefined;
    return this.deps.teamRun(options.team, this.deps.env);
  }

  async warnAboutPermissions(path: string): Promise<void> {
    for (const warning of await this.deps.permissionWarnings(path)) this.io.warn(warning);
  }

  /**
   * Unlocks the vault, runs `work` on a session, and closes it whatever happens.
   * `proveKnowledge` skips the keychain when the vault has a passphrase (see unlockVault).
   */
  async withSession<T>(
    command: Command,
    work: (session: VaultSession, unlocked: Unlocked & { team?: TeamRun }) => Promise<T>,
    { proveKnowledge = false } = {},
  ): Promise<T> {
    const team = await this.teamRun(command);
    const opener = team?.opener ?? this.opener(command);
    const unlocked = await unlockVault(opener, this.io, this.deps.env, {
      recovery: this.options(command).recovery === true,
      proveKnowledge,
    });
    const { repository } = unlocked;
    let session: VaultSession | undefined;
    try {
      if (!team) await this.warnAboutPermissions(opener.location);
      // On a team vault, writes are signed with the member's name.
      const context = team ? { ...this.deps.context, actor: team.member } : this.deps.context;
      session = await VaultSession.open(repository, context);
      try {
        return await work(session, team ? { ...unlocked, team } : unlocked);
      } catch (error) {
        throw team ? lockedInstead(error, team) : error;
      }
    } finally {
      await (session ? session.close() : repository.close());
    }
  }
}

/**
 * On a team vault, a secret of an environment this member holds no key for was never decrypted,
 * so the command found nothing there: say that it is locked, and who can grant it, instead.
 */
function lockedInstead(error: unknown, team: TeamRun): unknown {
  if (!(error instanceof NotFoundError)) return error;
  for (const { app, env, grantors } of team.locked()) {
    const scope = `${app}/${env}`;
    if (!new RegExp(`(^|[\\s"'\`(])${scope.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|[\\s"'\`):.,]|$)`).test(error.message)) continue;
    return new RefusedError(
      `${scope} is locked to you: you hold no key for it, so its secrets are never fetched in a form you could read.`,
      grantors.length ? `Ask ${grantors.join(' or ')} to run \`coffer team grant ${team.member} ${scope}\`.` : 'Ask an admin of the team to grant it.',
    );
  }
  return error;
}
