// Moving through the full-screen views: the audit grid (rows and environment columns), its
// findings, the diff and the history. Windows are kept in state, like the columns', and sized
// by view-layout.ts so the panels draw exactly the rows the reducer scrolled to.
import { diffEntries } from './diff-entries.js';
import type { UiState } from './types.js';
import type { AuditMode, DiffMode, LogMode } from './view-types.js';
import { auditRows, gridGeometry, listViewRows } from './view-layout.js';
import { clamp, placeCursor, windowTop } from './window.js';

export type ViewMode = AuditMode | DiffMode | LogMode;

export function isView(mode: UiState['mode']): mode is ViewMode {
  return mode.type === 'audit' || mode.type === 'diff' || mode.type === 'log';
}

/** Rows in the view's focused list, and how many show at once. */
function extent(state: UiState, mode: ViewMode): { length: number; page: number } {
  switch (mode.type) {
    case 'audit': {
      const grid = mode.report?.rows.length ?? 0;
      const findings = mode.report?.findings.length ?? 0;
      const rows = auditRows(state.viewport, grid, findings);
      return mode.pane === 'grid' ? { length: grid, page: rows.grid } : { length: findings, page: rows.findings };
    }
    case 'diff':
      return { length: mode.result ? diffEntries(mode.result.diff).length : 0, page: listViewRows(state.viewport) };
    case 'log':
      return { length: mode.entries?.length ?? 0, page: listViewRows(state.viewport) };
  }
}

/** Where a move key takes the cursor, given the list's length and page. */
export type Step = (cursor: number, length: number, page: number) => number;

export const STEPS = {
  down: (c) => c + 1,
  up: (c) => c - 1,
  top: () => 0,
  bottom: (_c, length) => length - 1,
  halfDown: (c, _l, page) => c + Math.max(1, Math.floor(page / 2)),
  halfUp: (c, _l, page) => c - Math.max(1, Math.floor(page / 2)),
} satisfies Record<string, Step>;

export function moveInView(state: UiState, mode: ViewMode, step: Step): UiState {
  const { length, page } = extent(state, mode);
  if (mode.type === 'audit' && mode.pane === 'grid') {
    const row = length ? clamp(step(mode.grid.row, length, page), 0, length - 1) : 0;
    return { ...state, mode: { ...mode, grid: { ...mode.grid, row, top: windowTop(mode.grid.top, row, length, page) } } };
  }
  const view = mode.type === 'audit' ? mode.findings : mode.list;
  const next = placeCursor(view, step(view.cursor, length, page), length, page);
  if (mode.type === 'audit') return { ...state, mode: { ...mode, findings: next } };
  return { ...state, mode: { ...mode, list: next } };
}

/** h/l in the grid: the environment column, scrolling sideways when they do not all fit. */
export function moveGridColumn(state: UiState, mode: AuditMode, delta: number): UiState {
  const envs = mode.report?.envs.length ?? 0;
  if (!envs) return state;
  const col = clamp(mode.grid.col + delta, 0, envs - 1);
  const { cols } = gridGeometry(state.viewport, envs);
  return { ...state, mode: { ...mode, grid: { ...mode.grid, col, left: windowTop(mode.grid.left, col, envs, cols) } } };
}

/** After a resize or a refresh: cursors inside the lists, windows around them. */
export function rewindowView(state: UiState, mode: ViewMode): UiState {
  const same: Step = (c) => c;
  if (mode.type !== 'audit') return moveInView(state, mode, same);
  const grid = (moveInView(state, { ...mode, pane: 'grid' }, same).mode as AuditMode).grid;
  const findings = (moveInView(state, { ...mode, pane: 'findings' }, same).mode as AuditMode).findings;
  const next: AuditMode = { ...mode, grid, findings };
  return moveGridColumn({ ...state, mode: next }, next, 0);
}
