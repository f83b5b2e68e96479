// The UI may not import the CLI, so it keeps its own copy of the exit codes it uses: keep them equal.
import { expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { exitCodeForError, TUI_EXIT } from '../../src/ui/exit-codes.js';

it('uses the CLI’s exit codes', () => {
  expect(TUI_EXIT).toEqual({ ok: EXIT.ok, unexpected: EXIT.unexpected, auth: EXIT.auth, integrity: EXIT.integrity, cancelled: EXIT.cancelled });
  expect([exitCodeForError('integrity'), exitCodeForError('keychain'), exitCodeForError('io')]).toEqual([EXIT.integrity, EXIT.auth, EXIT.unexpected]);
});
