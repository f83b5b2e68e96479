// Where everything goes for a terminal size. Pure, so the reducer can window lists to the rows
// actually visible, and tests can check 80×24.
import type { ColumnId, Viewport } from './types.js';

export interface Layout {
  /** Rows Ink paints: one fewer than the terminal, so Ink updates lines in place instead of
   * clearing the whole screen on every frame (it does that once output reaches the last row). */
  height: number;
  width: number;
  columnWidths: Record<ColumnId, number>;
  /** Rows of list items under the column titles. */
  listRows: number;
  detail: { placement: 'right' | 'below'; width: number; rows: number };
  tooSmall: boolean;
}

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;
const WIDE = 130;
const FIXED_ROWS = 1 /* header */ + 1 /* column titles */ + 1 /* status */ + 2; /* footer */
const DETAIL_BELOW_ROWS = 8; /* rule + 7 lines */
const WEIGHTS: Record<ColumnId, number> = { apps: 6, envs: 7, secrets: 10, versions: 9 };

function split(total: number): Record<ColumnId, number> {
  const sum = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  const widths = {
    apps: Math.floor((total * WEIGHTS.apps) / sum),
    envs: Math.floor((total * WEIGHTS.envs) / sum),
    secrets: 0,
    versions: Math.floor((total * WEIGHTS.versions) / sum),
  };
  widths.secrets = total - widths.apps - widths.envs - widths.versions;
  return widths;
}

let cached: { key: string; layout: Layout } | undefined;

export function layoutFor(viewport: Viewport): Layout {
  const key = `${viewport.columns}x${viewport.rows}`;
  if (cached?.key === key) return cached.layout;
  const width = Math.max(20, viewport.columns);
  const height = Math.max(5, viewport.rows - 1);
  const tooSmall = viewport.columns < MIN_COLUMNS || viewport.rows < MIN_ROWS;
  const body = height - FIXED_ROWS;
  let layout: Layout;
  if (width >= WIDE) {
    const detailWidth = Math.min(72, Math.max(44, Math.round(width * 0.36)));
    layout = {
      height,
      width,
      columnWidths: split(width - detailWidth),
      listRows: Math.max(1, body),
      detail: { placement: 'right', width: detailWidth, rows: body + 1 },
      tooSmall,
    };
  } else {
    layout = {
      height,
      width,
      columnWidths: split(width),
      listRows: Math.max(1, body - DETAIL_BELOW_ROWS),
      detail: { placement: 'below', width, rows: DETAIL_BELOW_ROWS },
      tooSmall,
    };
  }
  cached = { key, layout };
  return layout;
}
