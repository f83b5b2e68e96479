// Windowing math for lists: only the rows inside [top, top + height) are rendered, so a column
// of 10,000 secrets costs the same per keystroke as one of 10. Kept in reducer state (as ink-ui's
// select does) so moving the cursor and scrolling are one pure step.
import type { ListView } from './types.js';

export function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** Moves the cursor to `cursor` (clamped) and scrolls just enough to keep it visible. */
export function placeCursor(view: ListView, cursor: number, length: number, height: number): ListView {
  const next = length === 0 ? 0 : clamp(cursor, 0, length - 1);
  const top = windowTop(view.top, next, length, height);
  return next === view.cursor && top === view.top ? view : { ...view, cursor: next, top };
}

export function windowTop(top: number, cursor: number, length: number, height: number): number {
  const rows = Math.max(1, height);
  let start = top;
  if (cursor < start) start = cursor;
  if (cursor >= start + rows) start = cursor - rows + 1;
  return clamp(start, 0, Math.max(0, length - rows));
}

/** The slice of indexes to render. */
export function visibleRange(view: ListView, length: number, height: number): { from: number; to: number } {
  const from = clamp(view.top, 0, Math.max(0, length - 1));
  return { from, to: Math.min(length, from + Math.max(1, height)) };
}
