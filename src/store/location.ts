// Where the vault file is: `--vault PATH`, else $COFFER_VAULT, else
// $XDG_DATA_HOME/coffer/vault.coffer (XDG_DATA_HOME defaulting to ~/.local/share).
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export const VAULT_FILE_NAME = 'vault.coffer';

export interface VaultPathSources {
  /** The --vault option, if given. */
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  home?: string;
  cwd?: string;
}

/** The absolute path of the vault file. Relative paths are taken from the working directory. */
export function resolveVaultPath({ flag, env = process.env, home = homedir(), cwd = process.cwd() }: VaultPathSources = {}): string {
  if (flag) return resolve(cwd, flag);
  if (env.COFFER_VAULT) return resolve(cwd, env.COFFER_VAULT);
  // The XDG spec says relative values are invalid and must be ignored.
  const dataHome = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(dataHome, 'coffer', VAULT_FILE_NAME);
}
