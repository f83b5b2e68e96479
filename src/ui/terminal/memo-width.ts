// Ink measures the width of every text node's lines on every frame (widest-line → string-width,
// which walks the string grapheme by grapheme): ~1 ms of each keystroke at 120×40, for the same
// lines as the frame before. scripts/build.mjs wraps each string-width the TUI bundle imports
// with this memo. Widths depend on the string alone (the options are not memoised).

/** Entries per generation: two generations are kept, so a frame's lines stay while in use. */
const GENERATION = 2000;
/** Longer strings (a pasted value, a file secret) are measured each time rather than kept. */
const LONGEST_KEPT = 1024;

type Width = (text: string, options?: object) => number;

export function memoised(width: Width): Width {
  let current = new Map<string, number>();
  let previous = new Map<string, number>();
  return (text, options) => {
    if (options !== undefined || text.length > LONGEST_KEPT) return width(text, options);
    let known = current.get(text);
    if (known === undefined) {
      known = previous.get(text) ?? width(text);
      if (current.size >= GENERATION) {
        previous = current;
        current = new Map();
      }
      current.set(text, known);
    }
    return known;
  };
}
