// Confirmations, mildest to strongest: y/N defaulting to no; typing the name for permanent
// deletes and anything in a protected environment. Without a terminal there is nobody to ask,
// so a destructive command needs --yes there.
import type { Io } from './runtime.js';
import { CancelledError, UsageError } from './usage.js';

export interface ConfirmRequest {
  /** What will happen, e.g. "Delete v3 of api/production/DATABASE_URL?" */
  question: string;
  /** When set, the operator must type this exact text (a key, app or environment name). */
  typeToConfirm?: string;
  /** --yes was given. */
  yes: boolean;
  /** For the refusal without a terminal: "delete a version". */
  action: string;
}

export async function confirm(io: Io, request: ConfirmRequest): Promise<void> {
  if (request.yes) return;
  if (!io.terminal.stdinIsTTY) {
    throw new UsageError(
      `Refusing to ${request.action} without confirmation: there is no terminal to ask on.`,
      'Add --yes to confirm in scripts.',
    );
  }
  if (request.typeToConfirm !== undefined) {
    io.note(request.question);
    const answer = await io.terminal.prompt(`Type ${request.typeToConfirm} to confirm: `);
    if (answer.trim() !== request.typeToConfirm) throw new CancelledError('Not confirmed; nothing was changed.');
    return;
  }
  const answer = await io.terminal.prompt(`${request.question} [y/N] `);
  if (!/^y(es)?$/i.test(answer.trim())) throw new CancelledError('Not confirmed; nothing was changed.');
}
