// rekey and passwd: changing the keys that protect the vault.
import type { Command } from 'commander';
import { RefusedError } from '../../domain/errors.js';
import type { VaultRepository } from '../../domain/ports.js';
import type { Cli } from '../cli.js';
import { newPassphrase } from '../passphrase.js';
import type { Io } from '../runtime.js';
import type { VaultKeyManager } from '../runtime.js';
import { NEW_PASSPHRASE_FILE_VAR, NEW_PASSPHRASE_VAR, passphraseFromEnv } from '../unlock.js';
import { vaultCommand } from './common.js';

/** Printed by init and rekey: the one time the code is ever shown. */
export function printRecoveryCode(io: Io, code: string): void {
  io.print('');
  io.print(`Recovery code: ${code}`);
  io.print('');
  io.print('Write the recovery code down and keep it offline (on paper, in a safe). It is shown only');
  io.print('this once, and it is the only way in if the keychain entry and the passphrase are lost.');
}

function keyManager(cli: Cli, repository: VaultRepository, what: string): VaultKeyManager {
  const keys = cli.deps.keysOf(repository);
  if (!keys) throw new RefusedError(`This vault's backend (${repository.kind}) does not support ${what}.`);
  return keys;
}

export function registerKeyCommands(program: Command, cli: Cli): void {
  const { io } = cli;

  vaultCommand(program, 'rekey', 'replace the master key, rewrap every slot, issue a new recovery code')
    .addHelpText(
      'after',
      [
        '',
        'The data is re-encrypted under a new master key, which is then wrapped again for each way',
        'in: the OS keychain (a fresh key is stored there if its entry was missing), the passphrase,',
        'and a new recovery code, printed once; the old code stops working. Copies and backups made',
        'before the rekey still open with the old keys: rekey protects what is saved from now on.',
        '',
        `The passphrase slot is rewrapped with ${NEW_PASSPHRASE_FILE_VAR} / ${NEW_PASSPHRASE_VAR} when set,`,
        'else with the passphrase that unlocked the vault, else one typed at a prompt.',
      ].join('\n'),
    )
    .action(async (_options: unknown, command: Command) => {
      await cli.withSession(command, async (session, unlocked) => {
        const keys = keyManager(cli, session.repository, 'rekey');
        const hasPassphrase = (await keys.slots()).some((slot) => slot.type === 'passphrase');
        let passphrase: string | undefined;
        if (hasPassphrase) {
          passphrase =
            (await passphraseFromEnv(cli.deps.env, NEW_PASSPHRASE_FILE_VAR, NEW_PASSPHRASE_VAR))?.value ??
            unlocked.passphrase ??
            (await passphraseFromEnv(cli.deps.env))?.value ??
            (await newPassphrase(io, cli.deps.env, {
              required: true,
              vars: [NEW_PASSPHRASE_FILE_VAR, NEW_PASSPHRASE_VAR],
              purpose: 'The passphrase slot is rewrapped too: type the passphrase to keep (or a new one).',
            }));
        }
        const result = await keys.rekey({ ...(passphrase !== undefined && { passphrase }), actor: cli.deps.context.actor });
        for (const warning of result.warnings) io.warn(warning);
        io.print(`Re-keyed ${session.repository.location}: new master key, every slot rewrapped.`);
        printRecoveryCode(io, result.recoveryCode);
      });
    });

  vaultCommand(program, 'passwd', 'set or change the passphrase (or remove it with --remove)')
    .option('--remove', 'remove the passphrase; the keychain and the recovery code still unlock the vault')
    .addHelpText(
      'after',
      [
        '',
        'When the vault has a passphrase, passwd unlocks with it (or with --recovery), never with',
        'the keychain alone: changing it proves you know it. The new passphrase is typed twice on',
        `a terminal, or read from ${NEW_PASSPHRASE_FILE_VAR} (else ${NEW_PASSPHRASE_VAR}) by scripts.`,
        '',
        'Example (no terminal):',
        `  COFFER_PASSPHRASE_FILE=old.txt ${NEW_PASSPHRASE_FILE_VAR}=new.txt coffer passwd`,
      ].join('\n'),
    )
    .action(async (options: { remove?: boolean }, command: Command) => {
      await cli.withSession(
        command,
        async (session) => {
          const keys = keyManager(cli, session.repository, 'passphrases');
          const hadPassphrase = (await keys.slots()).some((slot) => slot.type === 'passphrase');
          const { actor } = cli.deps.context;
          if (options.remove) {
            if (!hadPassphrase) {
              io.print('This vault has no passphrase; nothing to remove.');
              return;
            }
            await keys.removeSlot('passphrase', actor);
            io.print(`Removed the passphrase of ${session.repository.location}.`);
            return;
          }
          const passphrase = await newPassphrase(io, cli.deps.env, {
            required: true,
            vars: [NEW_PASSPHRASE_FILE_VAR, NEW_PASSPHRASE_VAR],
            purpose: hadPassphrase ? 'Choose the new passphrase.' : 'Choose a passphrase: it unlocks the vault where the keychain cannot.',
          });
          await keys.changePassphrase(passphrase as string, actor);
          io.print(`${hadPassphrase ? 'Changed' : 'Set'} the passphrase of ${session.repository.location}.`);
        },
        { proveKnowledge: true },
      );
    });
}
