// Exit codes the TUI resolves with. The numbers are the CLI's (src/cli/exit-codes.ts, which the
// UI may not import); test/ui/exit-codes.test.ts keeps the two equal.
import type { ErrorCode } from '../domain/index.js';

export const TUI_EXIT = {
  ok: 0,
  unexpected: 1,
  auth: 6,
  integrity: 7,
  /** Left a start-up screen (unlock, create) without opening a vault. */
  cancelled: 130,
} as const;

export function exitCodeForError(code: ErrorCode | undefined): number {
  if (code === 'integrity') return TUI_EXIT.integrity;
  if (code === 'auth' || code === 'keychain') return TUI_EXIT.auth;
  return TUI_EXIT.unexpected;
}
