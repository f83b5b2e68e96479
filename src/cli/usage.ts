// The CLI's own error for bad invocations, on the domain's error type so one table maps it.
import { CofferError } from '../domain/errors.js';

export class UsageError extends CofferError {
  constructor(message: string, hint?: string) {
    super('usage', message, hint);
  }
}

/** The operator said no at a confirmation, or pressed Ctrl-C at a prompt. Nothing changed. */
export class CancelledError extends CofferError {
  constructor(message = 'Cancelled; nothing was changed.') {
    super('usage', message);
  }
}
