// The composition root: the only module that knows the concrete store classes. Everything else
// in the CLI talks to the domain's ports.
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Context, VaultOpener, VaultRepository } from '../domain/ports.js';
import { FileVaultOpener, FileVaultRepository, OsKeychain, resolveVaultPath } from '../store/index.js';
import type { VaultLockOptions } from '../store/lock.js';
import { permissionWarnings } from '../store/permissions.js';
import { sanitize } from './output.js';
import type { Env } from './output.js';
import type { CliDeps, OpenOptions, TeamRun, TuiRequest, VaultKeyManager } from './runtime.js';
import { processTerminal } from './terminal.js';
import type { EarlyStart } from './early.js';

function osUser(env: Env): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.LOGNAME ?? 'unknown';
  }
}

/** `early`: what was begun before the bundle loaded (early.ts): the keychain read, if any. */
export function createDeps(early: EarlyStart): CliDeps {
  const env = process.env;
  const context: Context = { actor: osUser(env), now: () => new Date() };
  const keychain = new OsKeychain();
  if (early.keychainRead) keychain.adopt(early.keychainRead.account, early.keychainRead.answer);
  const terminal = processTerminal();
  const teamModule = () => import('../team/index.js');
  const teamRun = async (flag: string | undefined, runEnv: Env): Promise<TeamRun | undefined> => {
    const name = flag ?? runEnv['COFFER_TEAM'];
    if (name === undefined || name === '') return undefined;
    const team = await teamModule();
    const { entry, opener, console } = await team.openTeamVault(name, runEnv, context);
    return {
      opener,
      member: entry.member,
      locked: () => console.locked(),
      personal: () => team.personalOverrides(opener),
      setPersonal: async (app, envName, key, value) => {
        if (!opener.repository || !opener.handle) throw new Error('setPersonal before the team vault is open');
        await team.ensurePersonalScope(opener.handle);
        await opener.repository.setPersonal(entry.member, app, envName, key, value);
      },
    };
  };
  const openerFor = (path: string, options: OpenOptions = {}, lock: VaultLockOptions = {}): VaultOpener =>
    new FileVaultOpener({ path, keychain, lock, ...(options.acceptRollback && { acceptRollback: true }) });
  // A command waiting for another coffer's save says so on stderr (stdout stays the script's).
  // Not the TUI: a line written under Ink would tear its screen, and its status line says "Saving".
  const waitNote = (path: string) => (holder: string | undefined) =>
    terminal.stderr.write(`${sanitize(`coffer: ${path} is being written by another coffer${holder ? ` (${holder})` : ''}; waiting for it to finish.`)}\n`);
  return {
    terminal,
    env,
    context,
    resolveVaultPath: (flag, env) => resolveVaultPath({ flag, env: env as NodeJS.ProcessEnv }),
    openerFor: (path, options) => openerFor(path, options, { onWait: waitNote(path) }),
    teamRun,
    teamModule,
    keysOf: (repository: VaultRepository): VaultKeyManager | undefined =>
      repository instanceof FileVaultRepository ? repository : undefined,
    permissionWarnings,
    // Loaded when the terminal UI is asked for: its start-up code (and the clipboard's, which
    // spawns programs) is no scripting command's business.
    launchTui: async (request: TuiRequest) => {
      const { launchTui } = await import('./tui.js');
      const { team: teamName, ...rest } = request;
      if (teamName !== undefined) {
        const { entry, opener, console } = await (await teamModule()).openTeamVault(teamName, env, context);
        return launchTui({ ...rest, context: { ...request.context, actor: entry.member }, opener, team: console });
      }
      return launchTui({ ...rest, opener: openerFor(request.vaultPath, { acceptRollback: request.acceptRollback }) });
    },
    newVaultId: () => randomUUID(),
    reraise: (signal) => {
      // With no listener left, the default action applies: the process ends by the signal.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    },
  };
}
