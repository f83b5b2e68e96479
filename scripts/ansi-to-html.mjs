#!/usr/bin/env node
// ANSI terminal capture (`tmux capture-pane -p -e`) → an HTML page on a fixed character grid, for
// screenshots. Every cell sits at an exact pixel column (DejaVu Sans Mono metrics, integer cell
// width), so box-drawing borders join and columns line up however the text is styled.
//
// SGR handled: reset, bold, dim, italic, underline (single/double/curly, colour 58), blink
// (ignored), reverse, hidden, strike, overline, 16/256/truecolour fg and bg (";" and ":" forms).
// Other escape sequences (cursor moves, OSC titles and links) are skipped: a capture has none
// that move text.
//
// CLI: node scripts/ansi-to-html.mjs IN.ansi OUT.html [--cols N] [--rows N] [--font-size PX] [--pad PX]
//      prints {"cols","rows","width","height"} (pixels for the browser window) as JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** A dark theme: background, foreground and the 16 base colours. */
export const theme = {
  background: '#15171c',
  foreground: '#d4d8df',
  palette: [
    '#2b2f37', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#c5cad3',
    '#5f6672', '#ff7b86', '#b7e38f', '#ffd68a', '#84c4ff', '#e19ef2', '#76d3de', '#ffffff',
  ],
};

// DejaVu Sans Mono: advance 1233, ascent 1901, descent 483 (units per em 2048).
const ADVANCE = 1233 / 2048;
const LINE = (1901 + 483) / 2048;

/** 256-colour index → CSS colour. */
export function color256(n) {
  if (n < 16) return theme.palette[n];
  if (n < 232) {
    const level = (v) => (v === 0 ? 0 : 55 + 40 * v);
    const i = n - 16;
    return hex(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
  }
  const g = 8 + 10 * (n - 232);
  return hex(g, g, g);
}

function hex(r, g, b) {
  return `#${[r, g, b].map((v) => Math.max(0, Math.min(255, v)).toString(16).padStart(2, '0')).join('')}`;
}

function mix(a, b, t) {
  const p = (c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
  const [x, y] = [p(a), p(b)];
  return hex(...x.map((v, i) => Math.round(v + (y[i] - v) * t)));
}

/** Cells a character occupies: 0 (combining), 1, or 2 (wide: CJK, most emoji). */
export function charWidth(ch) {
  const cp = ch.codePointAt(0);
  if (/[\p{Mn}\p{Me}\p{Cf}]/u.test(ch) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) || (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

const plain = () => ({
  fg: null, bg: null, ul: null, bold: false, dim: false, italic: false, underline: 0,
  curly: false, reverse: false, hidden: false, strike: false, overline: false,
});

/**
 * Reads an extended colour (38/48/58) at params[i]: either one parameter with colon sub-params
 * ("38:5:208", "38:2::r:g:b", "38:2:r:g:b") or semicolon-separated ones ("38;5;208", "38;2;r;g;b").
 * @returns {[string | null, number]} the colour and how many parameters it used
 */
function extendedColor(params, i) {
  const p = params[i];
  if (p.length > 1) {
    if (p[1] === 5) return [color256(p[2] ?? 0), 1];
    if (p[1] === 2) return [hex(...(p.length >= 6 ? p.slice(3, 6) : p.slice(2, 5)).map((v) => v ?? 0)), 1];
    return [null, 1];
  }
  const next = (k) => params[i + k]?.[0] ?? 0;
  if (next(1) === 5) return [color256(next(2)), 3];
  if (next(1) === 2) return [hex(next(2), next(3), next(4)), 5];
  return [null, 1];
}

function applySgr(style, raw) {
  const params = (raw === '' ? '0' : raw)
    .split(';')
    .map((param) => param.split(':').map((v) => (v === '' ? undefined : Number(v))));
  for (let i = 0; i < params.length; ) {
    const p = params[i];
    const n = p[0] ?? 0;
    let used = 1;
    if (n === 0) Object.assign(style, plain());
    else if (n === 1) style.bold = true;
    else if (n === 2) style.dim = true;
    else if (n === 3) style.italic = true;
    else if (n === 4) {
      const kind = p.length > 1 ? (p[1] ?? 1) : 1; // 4:0 none, 4:1 single, 4:2 double, 4:3 curly
      style.underline = kind === 0 ? 0 : kind === 2 ? 2 : 1;
      style.curly = kind === 3;
    } else if (n === 7) style.reverse = true;
    else if (n === 8) style.hidden = true;
    else if (n === 9) style.strike = true;
    else if (n === 21) style.underline = 2;
    else if (n === 22) style.bold = style.dim = false;
    else if (n === 23) style.italic = false;
    else if (n === 24) style.underline = 0;
    else if (n === 27) style.reverse = false;
    else if (n === 28) style.hidden = false;
    else if (n === 29) style.strike = false;
    else if (n >= 30 && n <= 37) style.fg = theme.palette[n - 30];
    else if (n === 39) style.fg = null;
    else if (n >= 40 && n <= 47) style.bg = theme.palette[n - 40];
    else if (n === 49) style.bg = null;
    else if (n === 53) style.overline = true;
    else if (n === 55) style.overline = false;
    else if (n === 59) style.ul = null;
    else if (n >= 90 && n <= 97) style.fg = theme.palette[n - 90 + 8];
    else if (n >= 100 && n <= 107) style.bg = theme.palette[n - 100 + 8];
    else if (n === 38 || n === 48 || n === 58) {
      const [color, consumed] = extendedColor(params, i);
      used = consumed;
      if (n === 38) style.fg = color;
      else if (n === 48) style.bg = color;
      else style.ul = color;
    }
    i += used;
  }
}

/**
 * Parses a capture into rows of cells. Styles carry across lines, as in a terminal.
 * @returns {{ rows: Array<Array<{ ch: string, width: number, style: object }>>, cols: number }}
 */
export function parseAnsi(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const style = plain();
  const rows = [];
  let cols = 0;
  // SGR | other CSI | OSC (BEL or ST terminated) | two-byte escapes | a character.
  const token = /\x1b\[([0-9;:]*)m|\x1b\[[0-9;:?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78DEHMc]|([^\x1b])/gsu;
  for (const line of lines) {
    const row = [];
    let m;
    token.lastIndex = 0;
    while ((m = token.exec(line))) {
      if (m[1] !== undefined) {
        applySgr(style, m[1]);
        continue;
      }
      const ch = m[2];
      if (ch === undefined) continue;
      if (ch === '\t') {
        do row.push({ ch: ' ', width: 1, style: { ...style } });
        while (row.length % 8);
        continue;
      }
      if (ch < ' ' || ch === '\x7f') continue;
      const width = charWidth(ch);
      if (width === 0) {
        if (row.length) row[row.length - 1].ch += ch;
        continue;
      }
      row.push({ ch, width, style: { ...style } });
    }
    rows.push(row);
    cols = Math.max(cols, row.reduce((sum, cell) => sum + cell.width, 0));
  }
  return { rows, cols };
}

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cellCss(style) {
  let fg = style.fg ?? theme.foreground;
  let bg = style.bg;
  if (style.reverse) [fg, bg] = [bg ?? theme.background, fg];
  if (style.dim) fg = mix(fg, bg ?? theme.background, 0.45);
  if (style.hidden) fg = bg ?? theme.background;
  const css = [];
  if (fg !== theme.foreground) css.push(`color:${fg}`);
  if (bg && bg !== theme.background) css.push(`background:${bg}`);
  if (style.bold) css.push('font-weight:bold');
  if (style.italic) css.push('font-style:italic');
  const lines = [style.underline && 'underline', style.strike && 'line-through', style.overline && 'overline'];
  const deco = lines.filter(Boolean).join(' ');
  if (deco) {
    css.push(`text-decoration-line:${deco}`);
    if (style.underline === 2) css.push('text-decoration-style:double');
    if (style.curly) css.push('text-decoration-style:wavy');
    if (style.ul) css.push(`text-decoration-color:${style.ul}`);
  }
  return css.join(';');
}

/**
 * Renders parsed rows as a standalone page.
 * @param {{ rows: any[], cols: number }} grid
 * @param {{ cols?: number, rows?: number, fontSize?: number, pad?: number }} [options]
 */
export function renderHtml(grid, options = {}) {
  const fontSize = options.fontSize ?? 15;
  const pad = options.pad ?? 14;
  const cols = options.cols ?? grid.cols;
  const rowCount = options.rows ?? grid.rows.length;
  // Integer cell sizes: every cell starts on a whole pixel, so backgrounds meet without seams.
  const cell = Math.round(fontSize * ADVANCE);
  const spacing = (cell - fontSize * ADVANCE).toFixed(4);
  // Not taller than the glyphs: vertical box-drawing strokes then overlap instead of leaving gaps.
  const line = Math.floor(fontSize * LINE);

  const body = [];
  for (let r = 0; r < rowCount; r++) {
    const row = (grid.rows[r] ?? []).slice();
    let html = '';
    let used = 0;
    for (let i = 0; i < row.length && used < cols; ) {
      const css = cellCss(row[i].style);
      let j = i;
      let text = '';
      let width = 0;
      // One span per run of equally styled cells; each non-ASCII character in a box of its own
      // cell width, so a glyph from a fallback font cannot push the rest of the row sideways.
      while (j < row.length && cellCss(row[j].style) === css && used + width + row[j].width <= cols) {
        const { ch, width: w } = row[j];
        text += /^[\x20-\x7e]$/.test(ch) ? escapeHtml(ch) : `<b class="${w === 2 ? 'w' : 'c'}">${escapeHtml(ch)}</b>`;
        width += w;
        j++;
      }
      if (j === i) break;
      html += `<span style="width:${width * cell}px${css ? `;${css}` : ''}">${text}</span>`;
      used += width;
      i = j;
    }
    body.push(`<div>${html}</div>`);
  }

  const width = cols * cell + 2 * pad;
  const height = rowCount * line + 2 * pad;
  const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>terminal</title><style>
html,body{margin:0;padding:0;background:${theme.background};overflow:hidden}
#screen{position:absolute;left:${pad}px;top:${pad}px;width:${cols * cell}px;color:${theme.foreground};
  font-family:"DejaVu Sans Mono",monospace;font-size:${fontSize}px;line-height:${line}px;
  letter-spacing:${spacing}px;font-kerning:none;font-variant-ligatures:none;white-space:pre;
  -webkit-font-smoothing:antialiased}
#screen div{height:${line}px;overflow:hidden}
#screen span{display:inline-block;height:${line}px;vertical-align:top;overflow:visible}
#screen b{display:inline-block;font-weight:inherit;letter-spacing:0;text-align:left}
#screen b.c{width:${cell}px}
#screen b.w{width:${2 * cell}px}
</style></head><body><div id="screen">${body.join('')}</div></body></html>
`;
  return { html: page, cols, rows: rowCount, width, height };
}

/** parseAnsi + renderHtml. */
export function ansiToHtml(text, options = {}) {
  return renderHtml(parseAnsi(text), options);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      cols: { type: 'string' },
      rows: { type: 'string' },
      'font-size': { type: 'string' },
      pad: { type: 'string' },
    },
  });
  const [input, output] = positionals;
  if (!input || !output) {
    console.error('usage: ansi-to-html.mjs IN.ansi OUT.html [--cols N] [--rows N] [--font-size PX] [--pad PX]');
    process.exit(2);
  }
  const num = (v) => (v === undefined ? undefined : Number(v));
  const result = ansiToHtml(readFileSync(input, 'utf8'), {
    cols: num(values.cols),
    rows: num(values.rows),
    fontSize: num(values['font-size']),
    pad: num(values.pad),
  });
  writeFileSync(output, result.html);
  const { cols, rows, width, height } = result;
  console.log(JSON.stringify({ cols, rows, width, height }));
}
