// versions, rollback, rm, undelete: the history of one secret, Vault KV v2 style.
import type { Command } from 'commander';
import { RefusedError } from '../../domain/errors.js';
import {
  deleteVersion,
  destroyVersion,
  removeSecret,
  rollbackSecret,
  undeleteVersion,
} from '../../domain/operations.js';
import {
  currentVersion,
  deleteVersionDisabledReason,
  deleteVersionWarning,
  destroyDisabledReason,
  findSecret,
  isProtected,
  removalConfirmation,
} from '../../domain/queries.js';
import { secretId } from '../../domain/ids.js';
import { formatAddress, parseSecretAddress, parseVersionNumber } from '../address.js';
import type { Cli } from '../cli.js';
import { confirm } from '../confirm.js';
import { renderTable } from '../output.js';
import { VERSION_COLUMNS, versionRow, versionsJson } from '../present.js';
import { UsageError } from '../usage.js';
import { vaultCommand } from './common.js';

export function registerVersionCommands(program: Command, cli: Cli): void {
  const { io } = cli;

  vaultCommand(program, 'versions', 'list a secret\'s versions: number, state, time, author, origin')
    .argument('<address>', 'APP/ENV/KEY')
    .option('--json', 'print JSON for scripts')
    .action(async (addressText: string, options: { json?: boolean }, command: Command) => {
      const address = parseSecretAddress(addressText);
      await cli.withSession(command, async (session) => {
        const secret = findSecret(session.state, address.app, address.env, address.key);
        const listing = { app: address.app, env: address.env, secret };
        if (options.json) {
          io.json(versionsJson(listing));
          return;
        }
        const rows = [...secret.versions].reverse().map((v) => versionRow(secret, v, cli.now, io.out));
        io.print(renderTable(VERSION_COLUMNS, rows, io.out));
      });
    });

  vaultCommand(program, 'rollback', 'write a new version holding version N\'s value (history is kept)')
    .argument('<address>', 'APP/ENV/KEY')
    .argument('<n>', 'the version whose value to restore')
    .addHelpText('after', '\nExample:\n  coffer rollback api/production/STRIPE_KEY 3    # v(n+1) now holds v3\'s value')
    .action(async (addressText: string, nText: string, _options: unknown, command: Command) => {
      const address = parseSecretAddress(addressText);
      const to = parseVersionNumber(nText);
      await cli.withSession(command, async (session) => {
        const where = formatAddress(address);
        await session.apply((state, context) => rollbackSecret(state, context, { ...address, to }));
        const now = session.state.secrets[secretId(address.app, address.env, address.key)];
        io.print(`${where}: v${now ? currentVersion(now)?.n : '?'} (rollback of v${to})`);
      });
    });

  vaultCommand(program, 'rm', 'delete a version (soft), destroy one (wiped), or remove the whole secret')
    .argument('<address>', 'APP/ENV/KEY')
    .option('--version <n>', 'only this version: soft-delete it (undelete brings it back)')
    .option('--destroy', 'with --version: wipe that version\'s value for good')
    .option('--yes', 'do not ask for confirmation (needed without a terminal)')
    .addHelpText(
      'after',
      [
        '',
        'Without --version the secret is removed with all its versions and metadata. On a terminal',
        'coffer asks first: y/N, or the key name typed out when values would be lost for good',
        '(destroy, removing a secret that holds values) or the environment is protected.',
        'Without a terminal, --yes is required.',
        '',
        'Examples:',
        '  coffer rm api/staging/OLD_TOKEN --version 2            # soft delete v2',
        '  coffer rm api/staging/OLD_TOKEN --version 2 --destroy  # wipe v2\'s value',
        '  coffer rm api/staging/OLD_TOKEN --yes                  # remove the secret',
      ].join('\n'),
    )
    .action(async (addressText: string, options: { version?: string; destroy?: boolean; yes?: boolean }, command: Command) => {
      const address = parseSecretAddress(addressText);
      if (options.destroy && options.version === undefined) {
        throw new UsageError('--destroy needs --version N: it wipes one version.', 'To remove the whole secret, leave out --destroy.');
      }
      const n = options.version === undefined ? undefined : parseVersionNumber(options.version);
      await cli.withSession(command, async (session) => {
        const where = formatAddress(address);
        const secret = findSecret(session.state, address.app, address.env, address.key);
        const guarded = isProtected(session.state, address.app, address.env);
        const guardNote = guarded ? ` (${address.env} is a protected environment)` : '';
        const yes = options.yes === true;

        if (n === undefined) {
          const strength = removalConfirmation(session.state, address);
          await confirm(io, {
            question: `Remove ${where} with all ${secret.versions.length} versions and its metadata? This cannot be undone${guardNote}.`,
            ...(strength === 'type-name' && { typeToConfirm: address.key }),
            yes,
            action: 'remove a secret',
          });
          await session.apply((state) => removeSecret(state, address));
          io.print(`${where}: removed with all its versions`);
          return;
        }

        if (options.destroy) {
          const reason = destroyDisabledReason(secret, n);
          if (reason) throw new RefusedError(`Cannot destroy ${where} v${n}: ${reason}.`);
          await confirm(io, {
            question: `Destroy v${n} of ${where}? Its value is wiped for good${guardNote}.`,
            typeToConfirm: address.key,
            yes,
            action: 'destroy a version',
          });
          await session.apply((state, context) => destroyVersion(state, context, { ...address, version: n }));
          io.print(`${where}: v${n} destroyed`);
          return;
        }

        const reason = deleteVersionDisabledReason(secret, n);
        if (reason) throw new RefusedError(`Cannot delete ${where} v${n}: ${reason}.`);
        const warning = deleteVersionWarning(secret, n);
        if (warning) io.warn(`${warning}.`);
        await confirm(io, {
          question: `Delete v${n} of ${where}${guardNote}?`,
          ...(guarded && { typeToConfirm: address.key }),
          yes,
          action: 'delete a version',
        });
        await session.apply((state, context) => deleteVersion(state, context, { ...address, version: n }));
        io.print(`${where}: v${n} deleted (undo: coffer undelete ${where} --version ${n})`);
      });
    });

  vaultCommand(program, 'undelete', 'bring back a soft-deleted version')
    .argument('<address>', 'APP/ENV/KEY')
    .requiredOption('--version <n>', 'the deleted version')
    .action(async (addressText: string, options: { version: string }, command: Command) => {
      const address = parseSecretAddress(addressText);
      const n = parseVersionNumber(options.version);
      await cli.withSession(command, async (session) => {
        const where = formatAddress(address);
        await session.apply((state, context) => undeleteVersion(state, context, { ...address, version: n }));
        io.print(`${where}: v${n} restored`);
      });
    });
}
