// Choosing a new passphrase (init, passwd): from the environment for scripts, or typed twice on
// a terminal.
import type { Env } from './output.js';
import type { Io } from './runtime.js';
import { passphraseFromEnv } from './unlock.js';
import { UsageError } from './usage.js';

export const MIN_PASSPHRASE_LENGTH = 8;

export interface NewPassphraseRequest {
  /** Without one the command cannot go on (init --no-keychain, passwd). */
  required: boolean;
  /** The variables scripts set: [file variable, value variable]. */
  vars: [string, string];
  /** Shown before the prompt, e.g. why a passphrase is useful. */
  purpose: string;
}

function checkStrength(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new UsageError(
      `The passphrase is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters.`,
      'A few random words make a passphrase that is long and easy to type.',
    );
  }
}

/** undefined = the operator chose none (only when not required). */
export async function newPassphrase(io: Io, env: Env, request: NewPassphraseRequest): Promise<string | undefined> {
  const [fileVar, valueVar] = request.vars;
  const fromEnv = await passphraseFromEnv(env, fileVar, valueVar);
  if (fromEnv) {
    checkStrength(fromEnv.value);
    return fromEnv.value;
  }
  if (!io.terminal.stdinIsTTY) {
    if (!request.required) return undefined;
    throw new UsageError(
      'A passphrase is needed and there is no terminal to ask for it.',
      `Set ${fileVar} to a file holding it (or ${valueVar}).`,
    );
  }
  io.note(request.purpose);
  const first = await io.terminal.prompt(
    request.required ? 'New passphrase: ' : 'New passphrase (Enter for none): ',
    { echo: false },
  );
  if (first === '') {
    if (request.required) throw new UsageError('A passphrase is required here; nothing was changed.');
    return undefined;
  }
  checkStrength(first);
  const second = await io.terminal.prompt('Repeat it: ', { echo: false });
  if (second !== first) throw new UsageError('The two passphrases differ; nothing was changed.');
  return first;
}
