// A drop-in replacement for Ink 6.8's Output (ink/build/output.js), the grid every frame is
// painted into. scripts/build.mjs puts it in Ink's place in dist/tui.js (when Ink is 6.8.x);
// test/ui/ink-output.test.ts checks it paints byte for byte what Ink's own does.
//
// Why: Ink rebuilds the whole frame on every keystroke, and its Output does it from scratch —
// a fresh object per cell (4,800 at 120×40), every text line tokenised again into one object per
// character with its own copy of the style list, and every pair of neighbouring cells diffed for
// escape codes. That was ~7 ms of the ~14 ms a keystroke cost at 10,000 secrets, plus the GC it
// caused. Here the tokenised lines, their widths and the escape codes between two styles are kept
// across frames (most of a frame is the lines of the previous one; see frame-cache.ts), blank
// cells are one shared object, and characters of a run share one style list, so equal
// neighbours need no diff at all.
import { ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, tokenize } from '@alcalzone/ansi-tokenize';
import type { AnsiCode, StyledChar } from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { endFrame, frameCache } from './frame-cache.js';

type Transformer = (line: string, index: number) => string;

interface Clip {
  x1: number | undefined;
  x2: number | undefined;
  y1: number | undefined;
  y2: number | undefined;
}

type Operation = { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] } | { type: 'clip'; clip: Clip } | { type: 'unclip' };

/** A tokenised line: its characters (sharing style lists) and each one's printed width. */
interface Line {
  chars: StyledChar[];
  widths: number[];
}

const NO_STYLES: AnsiCode[] = [];
const BLANK: StyledChar = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: NO_STYLES }) as StyledChar;

const lines = frameCache<Line>();
const widths = frameCache<number>();
const openings = new WeakMap<AnsiCode[], string>();
const transitions = new WeakMap<AnsiCode[], WeakMap<AnsiCode[], string>>();

function widthOf(text: string): number {
  return widths.get(text, stringWidth);
}

function widestLine(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, widthOf(line));
  return widest;
}

/** Ink's styledCharsFromTokens(tokenize(line)), with one style list per run of equal styles. */
function lineOf(text: string): Line {
  return lines.get(text, tokenise);
}

function tokenise(text: string): Line {
  const chars: StyledChar[] = [];
  const charWidths: number[] = [];
  let styles = NO_STYLES;
  for (const token of tokenize(text)) {
    if (token.type === 'ansi') styles = reduceAnsiCodesIncremental(styles, [token]);
    else {
      chars.push({ ...token, styles });
      charWidths.push(Math.max(1, widthOf(token.value)));
    }
  }
  return { chars, widths: charWidths };
}

/** The codes that open `styles` at the start of a line (ansiCodesToString of them). */
function opening(styles: AnsiCode[]): string {
  let text = openings.get(styles);
  if (text === undefined) {
    text = ansiCodesToString(styles);
    openings.set(styles, text);
  }
  return text;
}

/** The codes between a cell styled `from` and one styled `to` (none when they are alike). */
function transition(from: AnsiCode[], to: AnsiCode[]): string {
  if (from === to) return '';
  let byTarget = transitions.get(from);
  if (!byTarget) {
    byTarget = new WeakMap();
    transitions.set(from, byTarget);
  }
  let text = byTarget.get(to);
  if (text === undefined) {
    text = ansiCodesToString(diffAnsiCodes(from, to));
    byTarget.set(to, text);
  }
  return text;
}

/** Ink's styledCharsToString(row without empty items).trimEnd(). */
function rowText(row: (StyledChar | undefined)[]): string {
  let text = '';
  let previous: AnsiCode[] | undefined;
  for (const cell of row) {
    if (cell === undefined) continue;
    text += previous === undefined ? opening(cell.styles) : transition(previous, cell.styles);
    text += cell.value;
    previous = cell.styles;
  }
  if (previous !== undefined) text += transition(previous, NO_STYLES);
  return text.trimEnd();
}

export default class Output {
  width: number;
  height: number;
  private readonly operations: Operation[] = [];

  constructor(options: { width: number; height: number }) {
    this.width = options.width;
    this.height = options.height;
  }

  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void {
    if (!text) return;
    this.operations.push({ type: 'write', x, y, text, transformers: options.transformers });
  }

  clip(clip: Clip): void {
    this.operations.push({ type: 'clip', clip });
  }

  unclip(): void {
    this.operations.push({ type: 'unclip' });
  }

  get(): { output: string; height: number } {
    const output: (StyledChar | undefined)[][] = [];
    for (let y = 0; y < this.height; y++) output.push(new Array<StyledChar>(this.width).fill(BLANK));
    const clips: Clip[] = [];
    for (const operation of this.operations) {
      if (operation.type === 'clip') clips.push(operation.clip);
      if (operation.type === 'unclip') clips.pop();
      if (operation.type !== 'write') continue;
      const { text, transformers } = operation;
      let { x, y } = operation;
      let textLines = text.split('\n');
      const clip = clips.at(-1);
      if (clip) {
        const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
        const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
        // Entirely outside the clip: nothing to paint.
        if (clipHorizontally && (x + widestLine(text) < clip.x1! || x > clip.x2!)) continue;
        if (clipVertically && (y + textLines.length < clip.y1! || y > clip.y2!)) continue;
        if (clipHorizontally) {
          const x1 = clip.x1!;
          const x2 = clip.x2!;
          textLines = textLines.map((line) => {
            const from = x < x1 ? x1 - x : 0;
            const width = widthOf(line);
            const to = x + width > x2 ? x2 - x : width;
            return sliceAnsi(line, from, to);
          });
          if (x < x1) x = x1;
        }
        if (clipVertically) {
          const y1 = clip.y1!;
          const y2 = clip.y2!;
          const from = y < y1 ? y1 - y : 0;
          const height = textLines.length;
          const to = y + height > y2 ? y2 - y : height;
          textLines = textLines.slice(from, to);
          if (y < y1) y = y1;
        }
      }
      let offsetY = 0;
      for (let [index, line] of textLines.entries()) {
        const row = output[y + offsetY];
        // A line below the pre-sized grid (text taller than the box) is dropped, as Ink does.
        if (!row) continue;
        for (const transformer of transformers) line = transformer(line, index);
        const { chars, widths: charWidths } = lineOf(line);
        let offsetX = x;
        for (let i = 0; i < chars.length; i++) {
          const character = chars[i]!;
          const characterWidth = charWidths[i]!;
          row[offsetX] = character;
          // A wide character covers the next cells: clear them so nothing shows through.
          for (let covered = 1; covered < characterWidth; covered++) {
            row[offsetX + covered] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
          }
          offsetX += characterWidth;
        }
        offsetY++;
      }
    }
    const painted = output.map(rowText).join('\n');
    endFrame();
    return { output: painted, height: output.length };
  }
}
