// Small helpers the command modules share.
import type { Command } from 'commander';

export const VAULT_OPTION_HELP = 'vault file (default: $COFFER_VAULT, else $XDG_DATA_HOME/coffer/vault.coffer)';
export const RECOVERY_OPTION_HELP = 'unlock with the recovery code, typed at a prompt';
export const TEAM_OPTION_HELP = 'a team vault on etcd instead of the local file (default: $COFFER_TEAM)';
export const ACCEPT_ROLLBACK_HELP = 'open the file even if it is older than one this machine saw (a restored backup)';

/** A subcommand that opens the vault: it takes --vault and --recovery after its name too. */
export function vaultCommand(parent: Command, spec: string, description: string): Command {
  return parent
    .command(spec)
    .description(description)
    .option('--vault <path>', VAULT_OPTION_HELP)
    .option('--team <name>', TEAM_OPTION_HELP)
    .option('--recovery', RECOVERY_OPTION_HELP)
    .option('--accept-rollback', ACCEPT_ROLLBACK_HELP);
}

/** Collects a repeatable option into a list (--tag a --tag b). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
