// Ink measures the width of every text node's lines on every frame (widest-line → string-width,
// which walks the string grapheme by grapheme): ~1 ms of each keystroke at 120×40, for the same
// lines as the frame before. scripts/build.mjs wraps each string-width the TUI bundle imports
// with this memo, kept while frames use it (frame-cache.ts). Widths depend on the string alone
// (calls with options are passed through).
//
// The wrapper also loads string-width only when a string needs it: building its Unicode
// property regexes and Intl.Segmenter costs ~25 ms at start-up, and the UI's own lines (ASCII,
// box drawing, its markers) are measured by SINGLE_COLUMN alone.

import { frameCache } from './frame-cache.js';

/** Longer strings (a pasted value, a file secret) are measured each time rather than kept. */
const LONGEST_KEPT = 1024;

export type Width = (text: string, options?: object) => number;

/**
 * Text string-width counts as one column per UTF-16 unit, in every version the bundle has (7.x
 * and 8.x; test/ui/memo-width.test.ts checks each character): printable ASCII, and the Latin-1,
 * punctuation, arrow, box-drawing and shape characters — leaving out those some versions count
 * as emoji (©, ®, ‼, ⁉, ↔…↙, ↩, ↪, ▪, ▫, ▶, ◀, ◻…◾) and the soft hyphen (zero columns).
 */
export const SINGLE_COLUMN =
  /^[\u0020-\u007E\u00A0-\u00A8\u00AA-\u00AC\u00AF-\u00FF\u2010-\u2027\u2030-\u203B\u203D-\u2048\u204A-\u205E\u2190-\u2193\u219A-\u21A8\u21AB-\u21FF\u2500-\u25A9\u25AC-\u25B5\u25B7-\u25BF\u25C1-\u25FA\u25FF]*$/;
/** SGR codes (colours, bold…), which string-width strips before measuring. */
const SGR = /\u001b\[[0-9;]*m/g;

export function memoised(width: Width): Width {
  const widths = frameCache<number>();
  return (text, options) => {
    if (options !== undefined || text.length > LONGEST_KEPT) return width(text, options);
    return widths.get(text, width);
  };
}

/** string-width, loaded by `load` on first need, memoised, with SINGLE_COLUMN text counted directly. */
export function memoisedLazily(load: () => Width): Width {
  let width: Width | undefined;
  const measure = memoised((text, options) => (width ??= load())(text, options));
  return (text, options) => {
    if (options === undefined) {
      const plain = text.includes('\u001b') ? text.replace(SGR, '') : text;
      if (SINGLE_COLUMN.test(plain)) return plain.length;
    }
    return measure(text, options);
  };
}
