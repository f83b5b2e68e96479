// The one sanitiser every key, value, comment, tag and name passes through before it reaches the
// terminal. A vault is data other people wrote: a value holding `ESC[2J` or an OSC title sequence
// must show as text, never act on the screen. Ink strips some cursor sequences itself but keeps
// SGR and OSC ones, so it is no defence on its own.
//
// Control characters become their Unicode "control picture" (␛ for ESC, ␇ for BEL …), C1 controls
// a visible `\x9b`, and characters that reorder or hide text (bidi overrides and isolates,
// zero-width joiners and spaces, tag characters) a visible `⟨U+202E⟩`, so a reader sees exactly
// what is stored and Trojan-Source style tricks show up.

const INVISIBLE = new Set([
  0x00ad, // soft hyphen
  0x034f, // combining grapheme joiner
  0x061c, // arabic letter mark
  0x115f, 0x1160, // hangul fillers
  0x17b4, 0x17b5,
  0x180e, // mongolian vowel separator
  0x200b, 0x200c, 0x200d, 0x200e, 0x200f, // zero-width space/joiners, LRM, RLM
  0x2028, 0x2029, // line and paragraph separators
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, // bidi embeddings and overrides
  0x2060, 0x2061, 0x2062, 0x2063, 0x2064, // word joiner, invisible operators
  0x2066, 0x2067, 0x2068, 0x2069, // bidi isolates
  0x206a, 0x206b, 0x206c, 0x206d, 0x206e, 0x206f,
  0x3164, // hangul filler
  0xfeff, // zero-width no-break space / BOM
  0xffa0,
]);

function isInvisible(code: number): boolean {
  return INVISIBLE.has(code) || (code >= 0xe0000 && code <= 0xe007f) || (code >= 0xfe00 && code <= 0xfe0f);
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/** The visible stand-in for one code point, or undefined when it is safe as it is. */
function visibleCode(code: number, keepNewlines: boolean): string | undefined {
  if (code === 0x0a && keepNewlines) return undefined;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code); // ␀ … ␟, incl. ␛ and ␊
  if (code === 0x7f) return '␡';
  if (code >= 0x80 && code <= 0x9f) return `\\x${code.toString(16)}`;
  if (isInvisible(code)) return `⟨U+${hex(code)}⟩`;
  return undefined;
}

// Fast path: almost every string is plain printable text.
const NEEDS_WORK = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]|\udb40[\udc00-\udc7f]/;

export interface SanitiseOptions {
  /** Keep line feeds (for multi-line file values shown line by line); otherwise they show as ␊. */
  keepNewlines?: boolean;
}

export function sanitise(text: string, options: SanitiseOptions = {}): string {
  if (!NEEDS_WORK.test(text)) return text;
  const keepNewlines = options.keepNewlines ?? false;
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    out += visibleCode(code, keepNewlines) ?? char;
  }
  return out;
}

const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/**
 * For text the operator types into a field: control characters (what is left of escape
 * sequences for keys the field ignores, pasted junk) are dropped rather than stored.
 */
export function stripControls(text: string, options: SanitiseOptions = {}): string {
  const pattern = options.keepNewlines ? CONTROLS_BUT_NEWLINE : CONTROLS;
  return text.replace(pattern, '');
}

/** True when the text would display differently after sanitising (it holds controls or invisibles). */
export function needsSanitising(text: string, options: SanitiseOptions = {}): boolean {
  return sanitise(text, options) !== text;
}
