// init: create the vault, print the recovery code once.
import type { Command } from 'commander';
import { AlreadyExistsError } from '../../domain/errors.js';
import { newVaultRecords } from '../../domain/operations.js';
import type { Cli } from '../cli.js';
import { newPassphrase } from '../passphrase.js';
import { PASSPHRASE_FILE_VAR, PASSPHRASE_VAR } from '../unlock.js';
import { VAULT_OPTION_HELP } from './common.js';
import { printRecoveryCode } from './keys.js';

export function registerInitCommand(program: Command, cli: Cli): void {
  const { io } = cli;
  program
    .command('init')
    .description('create a vault; prints its recovery code once')
    .option('--vault <path>', VAULT_OPTION_HELP)
    .option('--no-keychain', 'do not keep a key in the OS keychain; a passphrase is then required')
    .addHelpText(
      'after',
      [
        '',
        'By default the vault is unlocked by a random key kept in the OS keychain. A passphrase is',
        `optional (asked on a terminal, or taken from ${PASSPHRASE_FILE_VAR} / ${PASSPHRASE_VAR}); it`,
        'lets you and your scripts unlock where the keychain is not available. A recovery code is',
        'always created and printed once: it unlocks the vault if everything else is lost.',
        '',
        'Examples:',
        '  coffer init',
        `  ${PASSPHRASE_FILE_VAR}=~/.coffer-pass coffer init --no-keychain --vault /srv/deploy/vault.coffer`,
      ].join('\n'),
    )
    .action(async (options: { keychain: boolean }, command: Command) => {
      const path = cli.vaultPath(command);
      const opener = cli.opener(command);
      if (await opener.exists()) {
        throw new AlreadyExistsError(`A vault already exists at ${path}.`, 'Use it, or choose another path with --vault PATH or COFFER_VAULT.');
      }
      const useKeychain = options.keychain !== false;
      const passphrase = await newPassphrase(io, cli.deps.env, {
        required: !useKeychain,
        vars: [PASSPHRASE_FILE_VAR, PASSPHRASE_VAR],
        purpose: useKeychain
          ? 'A passphrase is optional: it unlocks the vault where the OS keychain cannot (other machines, scripts).'
          : 'Without the keychain, the vault is unlocked by a passphrase.',
      });
      const { context } = cli.deps;
      const { repository, recoveryCode } = await opener.create({
        useKeychain,
        ...(passphrase !== undefined && { passphrase }),
        initial: newVaultRecords(context, cli.deps.newVaultId()),
        actor: context.actor,
      });
      await repository.close();
      await cli.warnAboutPermissions(path);
      const ways = [useKeychain && 'OS keychain', passphrase !== undefined && 'passphrase', 'recovery code'].filter(Boolean);
      io.print(`Created ${path} (unlocks with: ${ways.join(', ')}).`);
      printRecoveryCode(io, recoveryCode);
    });
}
