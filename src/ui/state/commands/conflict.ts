// The conflict dialog's answers: keep theirs (the reloaded state stays, yours is dropped), save
// yours as a newer version on top of theirs, or go back to where the write started (the editor
// keeps its draft; saving from it asks again).
import { Command } from '../../keymap/commands.js';
import type { Action, Update } from '../actions.js';
import { rebase, retryVersion } from '../conflict.js';
import type { ConflictMode } from '../conflict.js';
import { pathToKeep, selectPath } from '../navigation.js';
import { andToast } from '../toast.js';
import type { UiState } from '../types.js';
import { commit } from './edit.js';
import type { CommandHandlers } from './types.js';
import { refreshView } from './views.js';

export function onConflict(state: UiState, action: Extract<Action, { type: 'conflict' }>): Update {
  const { vault, op, theirs, yours, back } = action;
  const mode: ConflictMode = { type: 'conflict', op, theirs, yours, retry: rebase(op, vault), ...(back && { back }) };
  const reloaded = selectPath({ ...state, vault, saving: false }, pathToKeep(state));
  return [{ ...reloaded, mode }, []];
}

function who(mode: ConflictMode): string {
  const authors = [...new Set(mode.theirs.flatMap((t) => (t.version ? [t.version.author] : [])))];
  return authors.length ? authors.join(', ') : 'someone else';
}

function withConflict(handler: (state: UiState, mode: ConflictMode) => Update) {
  return (state: UiState): Update => (state.mode.type === 'conflict' ? handler(state, state.mode) : [state, []]);
}

/** Why "save yours" cannot run. */
export function saveMineProblem(mode: ConflictMode): string | undefined {
  return 'problem' in mode.retry ? mode.retry.problem : undefined;
}

export const conflictHandlers: CommandHandlers = {
  [Command.ConflictKeepTheirs]: withConflict((state, mode) => {
    const first = mode.theirs[0];
    const what = first?.version ? `${first.address.key} v${first.version.n} by ${first.version.author}` : `${who(mode)}'s change`;
    return andToast(refreshView({ ...state, mode: { type: 'browse' } }), `Kept theirs: ${what}. Yours was not saved.`, 'info');
  }),
  [Command.ConflictSaveMine]: withConflict((state, mode) => {
    const retry = mode.retry;
    if ('problem' in retry) return [state, []];
    const first = mode.theirs[0];
    const n = retryVersion(retry);
    const message = first && n !== undefined ? `Saved yours as ${first.address.key} v${n}, over ${who(mode)}'s v${n - 1}.` : `Saved yours over ${who(mode)}'s change.`;
    const select = first ? { ...first.address } : undefined;
    return commit({ ...state, mode: { type: 'browse' } }, retry, message, select);
  }),
  [Command.ConflictCancel]: withConflict((state, mode) => {
    if (mode.back?.type === 'edit-value') {
      const first = mode.theirs[0];
      const editor = { ...mode.back, ...(first?.version && { changedBy: { actor: first.version.author, version: first.version.n } }) };
      return andToast([{ ...state, mode: editor }, []], 'Nothing saved: your draft is still here (saving asks again).', 'info');
    }
    return andToast([{ ...state, mode: { type: 'browse' } }, []], 'Nothing saved.', 'info');
  }),
};
