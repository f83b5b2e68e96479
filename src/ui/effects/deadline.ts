// Every call the UI waits for ends, answered or not: the repository and the team console bound
// their own calls, and the UI bounds them again (on the injected clock), so a frozen cluster or a
// console that never answers becomes a message in the status line, never a screen that waits.
import { CofferError } from '../../domain/index.js';
import type { Clock } from '../clock.js';

/** A call the UI stopped waiting for; what it was doing may still complete. */
export class DeadlineError extends CofferError {
  constructor(what: string, ms: number) {
    super('io', `${what}: no answer within ${Math.round(ms / 1000)} s.`, 'Check the connection to the vault (a team vault shows it in the status line), then try again.');
  }
}

/** Resolves or rejects as `work` does, or rejects with a DeadlineError after `ms` on the injected clock. */
export function withDeadline<T>(work: Promise<T>, ms: number, clock: Clock, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(new DeadlineError(what, ms)), ms);
    work.then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        reject(error);
      },
    );
  });
}
