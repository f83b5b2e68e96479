// Moving through the four columns. A parent's selection decides its child's list, so changing
// one cascades: the child keeps the same name if the new list has it (production stays
// selected while moving between apps), else starts at the top.
import { layoutFor } from './layout.js';
import { columnLength, currentPath, indexIn } from './selectors.js';
import { COLUMNS } from './types.js';
import type { ColumnId, Path, UiState } from './types.js';
import { placeCursor } from './window.js';

export function listRows(state: UiState): number {
  return layoutFor(state.viewport).listRows;
}

function withCursor(state: UiState, column: ColumnId, index: number): UiState {
  const view = placeCursor(state.lists[column], index, columnLength(state, column), listRows(state));
  if (view === state.lists[column]) return state;
  return { ...state, lists: { ...state.lists, [column]: view } };
}

const NAME_OF: Record<ColumnId, keyof Path> = { apps: 'app', envs: 'env', secrets: 'key', versions: 'version' };

/**
 * Puts every column from `from` onwards on the item named in `path` (or the first row). A
 * version is only kept while the secret is the same one; a new secret opens on its newest.
 */
function cascade(state: UiState, from: number, path: Path, sameSecret: boolean): UiState {
  let next = state;
  for (const column of COLUMNS.slice(from)) {
    const wanted = column === 'versions' && !sameSecret ? undefined : path[NAME_OF[column]];
    const found = indexIn(next, column, wanted);
    next = withCursor(next, column, found >= 0 ? found : 0);
  }
  return next;
}

function isSameSecret(a: Path, b: Path): boolean {
  return a.app === b.app && a.env === b.env && a.key === b.key;
}

/** Moves one column's cursor and re-selects the columns after it. */
export function moveCursor(state: UiState, column: ColumnId, index: number): UiState {
  const before = currentPath(state);
  const moved = withCursor(state, column, index);
  if (moved === state) return state;
  const at = COLUMNS.indexOf(column);
  const after = currentPath(moved);
  return cascade(moved, at + 1, before, isSameSecret(before, after));
}

/** Selects a path by name in every column (after a reload, a jump, or a write). */
export function selectPath(state: UiState, path: Path): UiState {
  return cascade(state, 0, path, true);
}

export function moveBy(state: UiState, delta: number): UiState {
  return moveCursor(state, state.focus, state.lists[state.focus].cursor + delta);
}

export function focusColumn(state: UiState, column: ColumnId): UiState {
  return state.focus === column ? state : { ...state, focus: column };
}

export function focusStep(state: UiState, step: 1 | -1): UiState {
  const at = COLUMNS.indexOf(state.focus) + step;
  const column = COLUMNS[Math.max(0, Math.min(COLUMNS.length - 1, at))] as ColumnId;
  return focusColumn(state, column);
}

/** Re-windows every column for a new terminal size. */
export function rewindow(state: UiState): UiState {
  let next = state;
  for (const column of COLUMNS) next = withCursor(next, column, next.lists[column].cursor);
  return next;
}

/** Changes a column's filter, keeping the selected item if it still matches. */
export function setFilter(state: UiState, column: ColumnId, filter: string): UiState {
  const path = currentPath(state);
  const filtered = { ...state, lists: { ...state.lists, [column]: { ...state.lists[column], filter, cursor: 0, top: 0 } } };
  return cascade(filtered, COLUMNS.indexOf(column), path, true);
}

/**
 * What to keep selected when the vault is replaced: the same names, and the newest version if
 * the newest was selected (after someone else's write, that is their new version).
 */
export function pathToKeep(state: UiState): Path {
  const path = currentPath(state);
  if (state.lists.versions.cursor === 0 && !state.lists.versions.filter) delete path.version;
  return path;
}
