// How the CLI prints: colour only on a terminal and never under NO_COLOR, aligned tables,
// ages and times, JSON for scripts, and sanitising of every name, comment or author that reaches
// the terminal (a comment holding escape sequences must not be able to rewrite the screen).
import type { OutStream } from './terminal.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** https://no-color.org: any non-empty NO_COLOR turns colour off; so does a dumb terminal or a pipe. */
export function colourEnabled(stream: OutStream, env: Env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY;
}

export type Paint = (text: string) => string;

export interface Style {
  bold: Paint;
  dim: Paint;
  red: Paint;
  yellow: Paint;
  green: Paint;
  cyan: Paint;
}

const sgr = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain: Paint = (text) => text;

export function makeStyle(enabled: boolean): Style {
  if (!enabled) return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), cyan: sgr(36, 39) };
}

// C0 and C1 controls, DEL, and the bidirectional overrides that can make text read backwards.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Makes untrusted text safe to print on a terminal: controls become visible escapes. */
export function sanitize(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\t') return '\\t';
    if (ch === '\r') return '\\r';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

export interface Cell {
  text: string;
  paint?: Paint;
}

export type Row = Array<string | Cell>;

function cell(value: string | Cell): Cell {
  return typeof value === 'string' ? { text: value } : value;
}

function width(text: string): number {
  return [...text].length;
}

/**
 * Columns separated by two spaces, padded to the widest cell; the last column is not padded so
 * lines carry no trailing spaces. Cells are sanitised; paint is applied after padding, so colour
 * codes never disturb the alignment.
 */
export function renderTable(header: string[], rows: Row[], style: Style): string {
  const all: Cell[][] = [
    header.map((text) => ({ text, paint: style.bold })),
    ...rows.map((row) => row.map(cell).map((c) => ({ ...c, text: sanitize(c.text) }))),
  ];
  const widths = header.map((_, i) => Math.max(...all.map((row) => width(row[i]?.text ?? ''))));
  return all
    .map((row) =>
      row
        .map((c, i) => {
          const padded = i === row.length - 1 ? c.text : c.text + ' '.repeat((widths[i] ?? 0) - width(c.text));
          return c.paint ? c.paint(padded) : padded;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

// JSON.stringify escapes only C0 controls, quotes and backslashes. A listing printed to a terminal
// must not carry C1 controls (0x9b is CSI on some terminals), bidi overrides, isolates and marks
// (text that reads backwards), zero-width characters or line/paragraph separators either. Written
// as \uXXXX they parse back to the exact same string. DEL and the word joiner and invisible
// operators (U+2060–2064) go the same way: sanitize() escapes DEL, and none of them is meant to be
// seen.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** JSON for scripts that is also safe to print on a terminal, and parses back to `value` exactly. */
export function toJson(value: unknown): string {
  const json = JSON.stringify(value, null, 2) ?? 'null';
  return `${json.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A short age: "now", "5m", "3h", "12d", "4mo", "2y". */
export function formatAge(iso: string, now: Date): string {
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms) || ms < MINUTE) return 'now';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`;
  if (ms < 60 * DAY) return `${Math.floor(ms / DAY)}d`;
  if (ms < 730 * DAY) return `${Math.floor(ms / (30 * DAY))}mo`;
  return `${Math.floor(ms / (365 * DAY))}y`;
}

/** Local time to the minute, "2025-06-01 14:03", for tables; JSON keeps the ISO string. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** For a value shown on a terminal: like sanitize, but multi-line values (PEM) keep their lines. */
export function sanitizeValue(text: string): string {
  return text.replace(UNSAFE, (ch) => (ch === '\n' || ch === '\t' ? ch : sanitize(ch)));
}
