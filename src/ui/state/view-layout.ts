// Where things go inside the full-screen views (audit grid and findings, diff, history), for a
// terminal size. Pure, like layout.ts: the reducer windows the views' lists to exactly the rows
// the panels draw.
import { layoutFor } from './layout.js';
import type { Viewport } from './types.js';

/** A view's frame: rows and columns inside its border and padding. */
export function viewInner(viewport: Viewport): { rows: number; width: number } {
  const layout = layoutFor(viewport);
  const body = layout.height - 4; // header, status line, two footer lines
  return { rows: Math.max(3, body - 2), width: Math.max(20, layout.width - 4) };
}

/**
 * The audit view: a title, the grid's header and rows, then the findings' title and rows. The
 * findings get at least a third of the room (when they have that many); rows the grid does not
 * need go to them.
 */
export function auditRows(viewport: Viewport, gridCount: number, findingCount: number): { grid: number; findings: number } {
  const room = Math.max(2, viewInner(viewport).rows - 3);
  const findingsAtLeast = Math.min(Math.max(1, findingCount), Math.max(2, Math.floor(room / 3)));
  const grid = Math.max(1, Math.min(Math.max(1, gridCount), room - findingsAtLeast));
  return { grid, findings: Math.max(1, room - grid) };
}

export interface GridGeometry {
  keyWidth: number;
  cellWidth: number;
  /** Environment columns that fit side by side. */
  cols: number;
}

export function gridGeometry(viewport: Viewport, envCount: number): GridGeometry {
  const { width } = viewInner(viewport);
  const keyWidth = Math.min(30, Math.max(14, Math.floor(width * 0.26)));
  const room = width - keyWidth;
  const cellWidth = Math.min(22, Math.max(14, Math.floor(room / Math.max(1, envCount))));
  return { keyWidth, cellWidth, cols: Math.max(1, Math.min(envCount, Math.floor(room / cellWidth))) };
}

/** The diff and history views: a title line and a summary (or chain) line above their rows. */
export function listViewRows(viewport: Viewport): number {
  return Math.max(1, viewInner(viewport).rows - 2);
}
