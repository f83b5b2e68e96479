// The one table from error codes to process exit codes. Scripts depend on these numbers and the
// README documents them: change both together, and only by adding.
import { CofferError } from '../domain/errors.js';
import type { ErrorCode } from '../domain/errors.js';
import { CancelledError } from './usage.js';

export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  locked: 5,
  auth: 6,
  integrity: 7,
  refused: 8,
  /** `coffer audit` found hygiene problems (at or above --fail-on). Not an error: a verdict. */
  findings: 9,
  /** Ctrl-C at a prompt, or a confirmation answered no: nothing was changed. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_ERROR_CODE: Record<ErrorCode, ExitCode> = {
  usage: EXIT.usage,
  invalid: EXIT.usage,
  'not-found': EXIT.notFound,
  exists: EXIT.conflict,
  conflict: EXIT.conflict,
  locked: EXIT.locked,
  auth: EXIT.auth,
  keychain: EXIT.auth,
  integrity: EXIT.integrity,
  refused: EXIT.refused,
  io: EXIT.unexpected,
};

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CancelledError) return EXIT.cancelled;
  return error instanceof CofferError ? BY_ERROR_CODE[error.code] : EXIT.unexpected;
}

/** Rows for documentation and `coffer --help`. */
export const EXIT_CODE_DESCRIPTIONS: ReadonlyArray<[ExitCode, string]> = [
  [EXIT.ok, 'success'],
  [EXIT.unexpected, 'unexpected error (a bug, or the OS refused a file operation)'],
  [EXIT.usage, 'usage: bad arguments or names, or a confirmation needed without a terminal'],
  [EXIT.notFound, 'not found: no such vault, app, environment, secret or version'],
  [EXIT.conflict, 'conflict: already exists, or changed by someone else meanwhile'],
  [EXIT.locked, 'locked: another coffer process is writing the vault'],
  [EXIT.auth, 'authentication: wrong passphrase or recovery code, or no keychain and no fallback'],
  [EXIT.integrity, 'integrity: the file is damaged, tampered with, too new, or an older copy'],
  [EXIT.refused, 'refused by a rule (sealed value, rollback to the current version, …)'],
  [EXIT.findings, 'audit findings: coffer audit found problems at or above --fail-on'],
  [EXIT.cancelled, 'cancelled at a prompt: nothing was changed'],
];
