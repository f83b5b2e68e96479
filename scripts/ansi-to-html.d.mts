// Types for scripts/ansi-to-html.mjs (used by its tests).
export interface CellStyle {
  fg: string | null;
  bg: string | null;
  ul: string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: 0 | 1 | 2;
  curly: boolean;
  reverse: boolean;
  hidden: boolean;
  strike: boolean;
  overline: boolean;
}
export interface Cell {
  ch: string;
  width: number;
  style: CellStyle;
}
export interface Grid {
  rows: Cell[][];
  cols: number;
}
export interface RenderOptions {
  cols?: number;
  rows?: number;
  fontSize?: number;
  pad?: number;
}
export interface Rendered {
  html: string;
  cols: number;
  rows: number;
  width: number;
  height: number;
}
export const theme: { background: string; foreground: string; palette: string[] };
export function color256(n: number): string;
export function charWidth(ch: string): 0 | 1 | 2;
export function parseAnsi(text: string): Grid;
export function renderHtml(grid: Grid, options?: RenderOptions): Rendered;
export function ansiToHtml(text: string, options?: RenderOptions): Rendered;
