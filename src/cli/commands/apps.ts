// app add/ls/rm and env add/rm.
import type { Command } from 'commander';
import { RefusedError } from '../../domain/errors.js';
import { addApp, addEnv, removeApp, removeEnv } from '../../domain/operations.js';
import { findApp, findEnv, isProtected, listApps, listSecrets, removalConfirmation, removeAppDisabledReason } from '../../domain/queries.js';
import { parseList } from '../address.js';
import type { Cli } from '../cli.js';
import { confirm } from '../confirm.js';
import { renderTable } from '../output.js';
import { APP_COLUMNS, appJson, appRow } from '../present.js';
import { vaultCommand } from './common.js';

export function registerAppCommands(program: Command, cli: Cli): void {
  const { io } = cli;
  const app = program
    .command('app')
    .description('manage apps: add, ls, rm')
    .helpCommand(false)
    .addHelpText('after', `\nThe shared scope (app name "shared") holds secrets every app inherits per environment.`);

  vaultCommand(app, 'add', 'add an app (environments: development, staging, production unless --envs)')
    .argument('<app>', 'app name: lowercase letters, digits and dashes')
    .option('--envs <list>', 'comma-separated environments, in order, e.g. dev,prod')
    .option('--description <text>', 'what the app is')
    .addHelpText('after', '\nExamples:\n  coffer app add api\n  coffer app add billing --envs dev,staging,production --description "Billing service"')
    .action(async (name: string, options: { envs?: string; description?: string }, command: Command) => {
      const envs = options.envs === undefined ? undefined : parseList(options.envs);
      await cli.withSession(command, async (session) => {
        await session.apply((state, context) =>
          addApp(state, context, {
            name,
            ...(envs && { envs }),
            ...(options.description !== undefined && { description: options.description }),
          }),
        );
        const added = findApp(session.state, name);
        const list = added.envs.map((e) => (e.protected ? `${e.name} (protected)` : e.name)).join(', ');
        io.print(`Added app ${name} with environments ${list}`);
      });
    });

  vaultCommand(app, 'ls', 'list apps with their environments and secret counts')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { json?: boolean }, command: Command) => {
      await cli.withSession(command, async (session) => {
        const apps = listApps(session.state);
        if (options.json) {
          io.json(apps.map((a) => appJson(session.state, a)));
          return;
        }
        io.print(renderTable(APP_COLUMNS, apps.map((a) => appRow(session.state, a)), io.out));
        io.note('* protected environment: deletes there ask for the name to be typed');
      });
    });

  vaultCommand(app, 'rm', 'remove an app with all its environments, secrets and versions')
    .argument('<app>', 'app name')
    .option('--yes', 'do not ask for confirmation (needed without a terminal)')
    .action(async (name: string, options: { yes?: boolean }, command: Command) => {
      await cli.withSession(command, async (session) => {
        const target = findApp(session.state, name);
        const refusal = removeAppDisabledReason(target);
        if (refusal) throw new RefusedError(`Cannot remove ${name}: ${refusal}.`, 'Remove its environments or secrets instead.');
        const secrets = target.envs.reduce((sum, e) => sum + listSecrets(session.state, name, e.name).length, 0);
        await confirm(io, {
          question: `Remove app ${name} with its ${target.envs.length} environments and ${secrets} secrets? This cannot be undone.`,
          ...(removalConfirmation(session.state, { app: name }) === 'type-name' && { typeToConfirm: name }),
          yes: options.yes === true,
          action: 'remove an app',
        });
        await session.apply((state) => removeApp(state, name));
        io.print(`Removed app ${name}`);
      });
    });

  const env = program.command('env').description('manage an app\'s environments: add, rm').helpCommand(false);

  vaultCommand(env, 'add', 'add an environment to an app (or to the shared scope)')
    .argument('<app>', 'app name, or shared')
    .argument('<env>', 'environment name: lowercase letters, digits, dashes, underscores')
    .option('--protected', 'ask for typed confirmation before deletes here (default for production)')
    .option('--no-protected', 'do not protect it, even if it is named production')
    .action(async (appName: string, envName: string, options: { protected?: boolean }, command: Command) => {
      await cli.withSession(command, async (session) => {
        await session.apply((state) =>
          addEnv(state, appName, envName, options.protected === undefined ? {} : { protected: options.protected }),
        );
        const guarded = isProtected(session.state, appName, envName);
        io.print(`Added environment ${appName}/${envName}${guarded ? ' (protected)' : ''}`);
      });
    });

  vaultCommand(env, 'rm', 'remove an environment with all its secrets')
    .argument('<app>', 'app name, or shared')
    .argument('<env>', 'environment name')
    .option('--yes', 'do not ask for confirmation (needed without a terminal)')
    .action(async (appName: string, envName: string, options: { yes?: boolean }, command: Command) => {
      await cli.withSession(command, async (session) => {
        findEnv(findApp(session.state, appName), envName);
        const secrets = listSecrets(session.state, appName, envName).length;
        await confirm(io, {
          question: `Remove environment ${appName}/${envName} with its ${secrets} secrets? This cannot be undone.`,
          ...(removalConfirmation(session.state, { app: appName, env: envName }) === 'type-name' && { typeToConfirm: envName }),
          yes: options.yes === true,
          action: 'remove an environment',
        });
        await session.apply((state) => removeEnv(state, appName, envName));
        io.print(`Removed environment ${appName}/${envName}`);
      });
    });
}
