import type { VaultState } from '../../domain/index.js';
import type { UndoEntry } from './journal.js';
import { selectPath } from './navigation.js';
import type { ColumnId, ListView, Path, TeamState, UiState, Viewport } from './types.js';

const emptyList = (): ListView => ({ cursor: 0, top: 0, filter: '' });

export interface InitialOptions {
  focus?: ColumnId;
  /** The journal kept across a lock (names and version numbers only). */
  journal?: UndoEntry[];
  /** A team vault's state as the console has it at opening. */
  team?: TeamState;
}

/** The state on opening a vault: Apps focused, first app selected (or `path` if given). */
export function initialState(vault: VaultState, viewport: Viewport, path: Path = {}, options: InitialOptions = {}): UiState {
  const state: UiState = {
    vault,
    viewport,
    focus: options.focus ?? 'apps',
    lists: { apps: emptyList(), envs: emptyList(), secrets: emptyList(), versions: emptyList() },
    mode: { type: 'browse' },
    serial: 0,
    saving: false,
    journal: options.journal ?? [],
    ...(options.team && { team: options.team }),
  };
  return selectPath(state, path);
}
