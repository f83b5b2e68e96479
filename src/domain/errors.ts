// Typed errors. Every one carries a sentence a user can act on; `code` lets the CLI map it to
// an exit code and the UI choose how to show it. Messages never contain secret values.

export type ErrorCode =
  | 'usage'
  | 'invalid'
  | 'not-found'
  | 'exists'
  | 'conflict'
  | 'refused'
  | 'locked'
  | 'auth'
  | 'integrity'
  | 'keychain'
  | 'io';

export class CofferError extends Error {
  readonly code: ErrorCode;
  /** A next step for the user, shown under the message. */
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    if (hint !== undefined) this.hint = hint;
  }
}

/** Bad input from the user: a malformed name, an unknown option value. */
export class InvalidInputError extends CofferError {
  constructor(message: string, hint?: string) {
    super('invalid', message, hint);
  }
}

/** Something named does not exist; the message lists what does. */
export class NotFoundError extends CofferError {
  constructor(message: string, hint?: string) {
    super('not-found', message, hint);
  }
}

export class AlreadyExistsError extends CofferError {
  constructor(message: string, hint?: string) {
    super('exists', message, hint);
  }
}

/**
 * A write based on a stale read: another writer changed the records first. Never resolved by
 * overwriting; the caller reloads and decides.
 */
export class ConflictError extends CofferError {
  readonly stale: string[];
  constructor(message: string, stale: string[] = [], hint = 'Reload to see the newer state, then try again.') {
    super('conflict', message, hint);
    this.stale = stale;
  }
}

/** A rule forbids the operation (roll back to the current version, change a sealed type, …). */
export class RefusedError extends CofferError {
  constructor(message: string, hint?: string) {
    super('refused', message, hint);
  }
}

/** Some missing names at once, e.g. `run --only A,B,C` with B and C unknown. */
export class MissingSecretsError extends NotFoundError {
  readonly missing: string[];
  constructor(scope: string, missing: string[]) {
    super(`${scope}: no secret named ${missing.join(', ')}`, 'Check the names with `coffer ls`.');
    this.missing = missing;
  }
}
