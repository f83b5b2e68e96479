import { describe, expect, it } from 'vitest';
import { ansiToHtml, charWidth, color256, parseAnsi, theme } from '../../scripts/ansi-to-html.mjs';

const ESC = '\u001b';
const cellsOf = (text: string) => parseAnsi(text).rows[0] ?? [];

describe('ansi-to-html: parsing', () => {
  it('reads 16, 256 and truecolour foregrounds and backgrounds, in ; and : forms', () => {
    const [a, b, c, d, e, f] = cellsOf(
      `${ESC}[31ma${ESC}[38;5;208mb${ESC}[38;2;1;2;3mc${ESC}[38:2::4:5:6md${ESC}[48;5;16;97me${ESC}[0;104mf`,
    );
    expect(a?.style.fg).toBe(theme.palette[1]);
    expect(b?.style.fg).toBe('#ff8700');
    expect(c?.style.fg).toBe('#010203');
    expect(d?.style.fg).toBe('#040506');
    expect(e?.style).toMatchObject({ bg: '#000000', fg: theme.palette[15] });
    expect(f?.style).toMatchObject({ fg: null, bg: theme.palette[12] });
  });

  it('tracks attributes and their individual resets', () => {
    const cells = cellsOf(`${ESC}[1;2;3;4;7;9mA${ESC}[22mB${ESC}[23;24;27;29mC${ESC}[4:3mD${ESC}[mE`);
    expect(cells[0]?.style).toMatchObject({ bold: true, dim: true, italic: true, underline: 1, reverse: true, strike: true });
    expect(cells[1]?.style).toMatchObject({ bold: false, dim: false, italic: true });
    expect(cells[2]?.style).toMatchObject({ italic: false, underline: 0, reverse: false, strike: false });
    expect(cells[3]?.style).toMatchObject({ underline: 1, curly: true });
    expect(cells[4]?.style).toMatchObject({ bold: false, underline: 0, fg: null, bg: null });
  });

  it('carries styles across lines, as a terminal does', () => {
    const { rows } = parseAnsi(`${ESC}[32mgreen\nstill green${ESC}[0m\nplain\n`);
    expect(rows).toHaveLength(3);
    expect(rows[1]?.[0]?.style.fg).toBe(theme.palette[2]);
    expect(rows[2]?.[0]?.style.fg).toBeNull();
  });

  it('counts wide characters as two cells and attaches combining marks', () => {
    expect(charWidth('日')).toBe(2);
    expect(charWidth('─')).toBe(1);
    expect(charWidth('\u0301')).toBe(0);
    const grid = parseAnsi('a日e\u0301│\n');
    expect(grid.cols).toBe(5);
    expect(grid.rows[0]?.map((cell) => cell.ch)).toEqual(['a', '日', 'e\u0301', '│']);
  });

  it('skips non-SGR escapes (cursor moves, OSC titles and links)', () => {
    const grid = parseAnsi(`${ESC}]0;title\u0007${ESC}[2Kab${ESC}]8;;https://x${ESC}\\c${ESC}]8;;${ESC}\\\n`);
    expect(grid.rows[0]?.map((cell) => cell.ch).join('')).toBe('abc');
  });

  it('maps the 256-colour cube and grey ramp', () => {
    expect(color256(1)).toBe(theme.palette[1]);
    expect(color256(16)).toBe('#000000');
    expect(color256(231)).toBe('#ffffff');
    expect(color256(196)).toBe('#ff0000');
    expect(color256(232)).toBe('#080808');
    expect(color256(255)).toBe('#eeeeee');
  });
});

describe('ansi-to-html: rendering', () => {
  it('sizes the page from the grid and integer cells', () => {
    const out = ansiToHtml('ab\ncd\n', { cols: 80, rows: 24, fontSize: 15, pad: 10 });
    expect(out).toMatchObject({ cols: 80, rows: 24, width: 80 * 9 + 20, height: 24 * 17 + 20 });
    expect(out.html.match(/<div>/g)).toHaveLength(24);
  });

  it('gives each styled run the exact width of its cells, wide characters two', () => {
    const { html } = ansiToHtml(`ab${ESC}[31m日x${ESC}[0m\n`, { fontSize: 15 });
    expect(html).toContain('<span style="width:18px">ab</span>');
    expect(html).toContain(`<span style="width:27px;color:${theme.palette[1]}"><b class="w">日</b>x</span>`);
  });

  it('swaps colours for reverse video, dims toward the background, hides hidden text', () => {
    const { html } = ansiToHtml(`${ESC}[7mR${ESC}[0;2;97mD${ESC}[0;8mH\n`);
    expect(html).toContain(`color:${theme.background};background:${theme.foreground}">R<`);
    expect(html).not.toContain(`color:${theme.palette[15]}">D<`);
    expect(html).toMatch(/color:#[0-9a-f]{6}">D</);
    expect(html).toContain(`color:${theme.background}">H<`);
  });

  it('escapes HTML in the text', () => {
    expect(ansiToHtml('<b>&</b>\n').html).toContain('&lt;b&gt;&amp;&lt;/b&gt;');
  });

  it('cuts rows at the given width', () => {
    const { html } = ansiToHtml('abcdef\n', { cols: 3, fontSize: 15 });
    expect(html).toContain('<span style="width:27px">abc</span>');
    expect(html).not.toContain('def');
  });
});
