// The unlock sequence every vault command goes through:
//   1. the OS keychain, silently (when the vault has a keychain slot);
//   2. COFFER_PASSPHRASE_FILE, else COFFER_PASSPHRASE (when it has a passphrase slot);
//   3. on a terminal, a no-echo prompt for the passphrase, or for the recovery code when the
//      vault has no passphrase or --recovery was given;
//   4. otherwise a clear failure naming why the keychain failed and the ways to unlock.
import { readFile } from 'node:fs/promises';
import { CofferError, NotFoundError } from '../domain/errors.js';
import type { UnlockMethod, VaultOpener, VaultRepository } from '../domain/ports.js';
import type { Env } from './output.js';
import type { Io } from './runtime.js';
import { CancelledError, UsageError } from './usage.js';

export const PASSPHRASE_FILE_VAR = 'COFFER_PASSPHRASE_FILE';
export const PASSPHRASE_VAR = 'COFFER_PASSPHRASE';
export const NEW_PASSPHRASE_FILE_VAR = 'COFFER_NEW_PASSPHRASE_FILE';
export const NEW_PASSPHRASE_VAR = 'COFFER_NEW_PASSPHRASE';

const PROMPT_ATTEMPTS = 3;

export interface PassphraseFromEnv {
  value: string;
  /** Which variable it came from, for messages. */
  from: string;
}

/** Strips exactly one line ending, as editors and `echo` add one. */
function withoutFinalNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/**
 * A passphrase from the environment for scripts: the file variable wins over the plain one
 * (a file is not visible in /proc/PID/environ nor inherited by every child process).
 */
export async function passphraseFromEnv(
  env: Env,
  fileVar = PASSPHRASE_FILE_VAR,
  valueVar = PASSPHRASE_VAR,
): Promise<PassphraseFromEnv | undefined> {
  const file = env[fileVar];
  if (file !== undefined && file !== '') {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new UsageError(`Could not read ${fileVar} (${file}): ${code}.`, `Point ${fileVar} at a readable file holding the passphrase.`);
    }
    const value = withoutFinalNewline(text);
    if (value === '') throw new UsageError(`${fileVar} (${file}) is empty.`);
    return { value, from: fileVar };
  }
  const value = env[valueVar];
  if (value !== undefined && value !== '') return { value, from: valueVar };
  return undefined;
}

export interface UnlockRequest {
  /** --recovery: ask for the recovery code instead of trying the keychain and passphrase. */
  recovery: boolean;
  /**
   * Skip the keychain when the vault has a passphrase: changing the passphrase must prove the
   * current one (or the recovery code), not just a logged-in keychain session.
   */
  proveKnowledge?: boolean;
}

export interface Unlocked {
  repository: VaultRepository;
  method: UnlockMethod;
  /** The passphrase that unlocked it, when one did (rekey rewraps the slot with it). */
  passphrase?: string;
}

/** Keychain failures that mean "try the next way", as opposed to a damaged file. */
function keychainFallsBack(error: unknown): error is CofferError {
  return error instanceof CofferError && (error.code === 'keychain' || error.code === 'auth');
}

export async function assertVaultExists(opener: VaultOpener): Promise<void> {
  if (!(await opener.exists())) {
    throw new NotFoundError(
      `No vault at ${opener.location}.`,
      'Create one with `coffer init`, or point to yours with --vault PATH or COFFER_VAULT.',
    );
  }
}

export async function unlockVault(opener: VaultOpener, io: Io, env: Env, request: UnlockRequest): Promise<Unlocked> {
  await assertVaultExists(opener);
  const slots = await opener.slots();
  // Asked only when a prompt is an option: finding out can build process.stdin (terminal.ts).
  const tty = () => io.terminal.stdinIsTTY;
  const hasPassphrase = slots.includes('passphrase');

  if (request.recovery) {
    if (!tty()) {
      throw new UsageError('--recovery asks for the recovery code on a terminal, and there is none.', 'Run the command in a terminal.');
    }
    return promptForSecret(io, opener, 'recovery');
  }

  let keychainError: CofferError | undefined;
  if (slots.includes('keychain') && !(request.proveKnowledge && hasPassphrase)) {
    try {
      return { repository: await opener.unlockWithKeychain(), method: 'keychain' };
    } catch (error) {
      if (!keychainFallsBack(error)) throw error;
      keychainError = error;
    }
  }

  const fromEnv = await passphraseFromEnv(env);
  if (hasPassphrase && fromEnv) {
    try {
      return { repository: await opener.unlockWithPassphrase(fromEnv.value), method: 'passphrase', passphrase: fromEnv.value };
    } catch (error) {
      if (error instanceof CofferError && error.code === 'auth') {
        throw new CofferError('auth', `The passphrase in ${fromEnv.from} does not unlock ${opener.location}.`, error.hint);
      }
      throw error;
    }
  }

  if (tty()) {
    if (keychainError) io.note(`coffer: ${keychainError.message}`);
    return promptForSecret(io, opener, hasPassphrase ? 'passphrase' : 'recovery');
  }
  throw cannotUnlock(opener.location, slots, keychainError, fromEnv);
}

function cannotUnlock(
  location: string,
  slots: UnlockMethod[],
  keychainError: CofferError | undefined,
  fromEnv: PassphraseFromEnv | undefined,
): CofferError {
  const why = keychainError
    ? keychainError.message
    : slots.includes('passphrase')
      ? 'it needs its passphrase, and there is no terminal to ask on.'
      : 'it has neither a keychain key nor a passphrase, and there is no terminal to ask for the recovery code.';
  const options = slots.includes('passphrase')
    ? `Set ${PASSPHRASE_FILE_VAR} to a file holding the passphrase (or ${PASSPHRASE_VAR}), or run in a terminal to type it.`
    : `This vault has no passphrase: run in a terminal with --recovery and type the recovery code, then add a passphrase for scripts with \`coffer passwd\`.`;
  const ignored = fromEnv && !slots.includes('passphrase') ? ` (${fromEnv.from} is set, but this vault has no passphrase.)` : '';
  return new CofferError('auth', `Cannot unlock ${location}: ${why}${ignored}`, options);
}

async function promptForSecret(io: Io, opener: VaultOpener, method: 'passphrase' | 'recovery'): Promise<Unlocked> {
  const label = method === 'passphrase' ? 'Passphrase' : 'Recovery code';
  let lastError: unknown;
  for (let attempt = 1; attempt <= PROMPT_ATTEMPTS; attempt++) {
    const answer = await io.terminal.prompt(`${label} for ${opener.location}: `, { echo: false });
    if (answer === '') throw new CancelledError();
    try {
      return method === 'passphrase'
        ? { repository: await opener.unlockWithPassphrase(answer), method, passphrase: answer }
        : { repository: await opener.unlockWithRecoveryCode(answer), method };
    } catch (error) {
      // Wrong key, or (for recovery codes) not a code at all: say so and ask again.
      if (!(error instanceof CofferError) || (error.code !== 'auth' && error.code !== 'invalid')) throw error;
      lastError = error;
      if (attempt < PROMPT_ATTEMPTS) io.note(`coffer: ${error.message}`);
    }
  }
  throw lastError;
}
