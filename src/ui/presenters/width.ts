// Terminal display width, so list rows can be laid out as one ready-made string (one text node
// per row instead of four boxes and texts: a 10,000-row column scrolls on a smaller frame).
// East Asian wide and fullwidth characters take two cells, combining marks and zero-width
// characters none; everything else one. Text reaching here has been sanitised already.

const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function charWidth(code: number): number {
  if (code < 0x300) return 1;
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f)) return 0;
  for (const [from, to] of WIDE) if (code >= from && code <= to) return 2;
  return 1;
}

// Plain ASCII is the usual case (keys, app and environment names): its width is its length.
const ASCII = /^[\x20-\x7e]*$/;

export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0) as number);
  return width;
}

/** Exactly `width` cells: cut with an ellipsis when too long, padded with spaces when short. */
export function fitText(text: string, width: number): string {
  if (width <= 0) return '';
  const w = displayWidth(text);
  if (w <= width) return text + ' '.repeat(width - w);
  let out = '';
  let used = 0;
  for (const char of text) {
    const cw = charWidth(char.codePointAt(0) as number);
    if (used + cw > width - 1) break;
    out += char;
    used += cw;
  }
  return `${out}…${' '.repeat(Math.max(0, width - 1 - used))}`;
}
