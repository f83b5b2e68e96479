import { describe, expect, test } from 'vitest';
import { colourEnabled, formatAge, formatTime, makeStyle, renderTable, sanitize, sanitizeValue, toJson } from '../../src/cli/output.js';

const tty = { isTTY: true, write: () => undefined };
const pipe = { isTTY: false, write: () => undefined };

describe('colour', () => {
  test.each([
    [tty, {}, true],
    [pipe, {}, false],
    [tty, { NO_COLOR: '1' }, false],
    [tty, { NO_COLOR: '' }, true],
    [tty, { TERM: 'dumb' }, false],
  ])('%#', (stream, env, expected) => {
    expect(colourEnabled(stream, env)).toBe(expected);
  });

  test('a plain style adds no escape codes', () => {
    const style = makeStyle(false);
    expect(style.red('x') + style.bold('y')).toBe('xy');
    expect(makeStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});

describe('renderTable', () => {
  test('aligns columns, two spaces apart, no trailing spaces', () => {
    const text = renderTable(['KEY', 'VERSION', 'STATE'], [['A', 'v1', 'live'], ['LONGER_KEY', 'v12', 'deleted']], makeStyle(false));
    expect(text).toBe(['KEY         VERSION  STATE', 'A           v1       live', 'LONGER_KEY  v12      deleted', ''].join('\n'));
  });

  test('colour does not disturb alignment', () => {
    const style = makeStyle(true);
    const text = renderTable(['A', 'B'], [[{ text: 'x', paint: style.red }, 'y']], style);
    const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toBe('A  B\nx  y\n');
  });

  test('cells are sanitised', () => {
    const text = renderTable(['COMMENT'], [['evil\u001b[2Jcomment\nnext']], makeStyle(false));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil\\u001b[2Jcomment\\nnext');
  });
});

describe('sanitize', () => {
  test.each([
    ['plain text', 'plain text'],
    ['a\u0007b', 'a\\u0007b'],
    ['\u009b31m', '\\u009b31m'],
    ['abc\u202edcba', 'abc\\u202edcba'],
    ['tab\there', 'tab\\there'],
    ['ünïcödé ✓', 'ünïcödé ✓'],
  ])('%j', (input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });

  test('values keep their lines and tabs, lose escapes', () => {
    expect(sanitizeValue('-----BEGIN-----\nAB\tCD\n\u001b]0;x\u0007')).toBe('-----BEGIN-----\nAB\tCD\n\\u001b]0;x\\u0007');
  });
});

describe('toJson', () => {
  // Everything JSON.stringify leaves raw that a terminal would act on or hide.
  const invisible: string[] = [];
  for (let c = 0x7f; c <= 0x9f; c++) invisible.push(String.fromCharCode(c));
  for (const c of [0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff]) {
    invisible.push(String.fromCharCode(c));
  }

  test.each(invisible.map((ch) => [`U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}`, ch]))('%s is written as \\uXXXX and parses back', (code, ch) => {
    const out = toJson({ comment: `a${ch}b`, [`k${ch}`]: [ch] });
    expect(out).not.toContain(ch);
    expect(out).toContain(`\\u${code.slice(2)}`);
    expect(JSON.parse(out)).toEqual({ comment: `a${ch}b`, [`k${ch}`]: [ch] });
  });

  test('a value made of all of them, C0 controls, quotes and backslashes round-trips exactly', () => {
    let value = '"\\';
    for (let c = 0; c < 0x20; c++) value += String.fromCharCode(c);
    value += invisible.join('') + 'ünïcödé ✓ 漢 🔑 \u00a0\u202f';
    const out = toJson([{ value }]);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/);
    expect((JSON.parse(out) as Array<{ value: string }>)[0]!.value).toBe(value);
  });

  test('printable text, including other non-ASCII, is left as is', () => {
    expect(toJson({ name: 'ünïcödé ✓ 漢 🔑' })).toBe('{\n  "name": "ünïcödé ✓ 漢 🔑"\n}\n');
  });
});

describe('ages and times', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  test.each([
    ['2025-06-01T11:59:30Z', 'now'],
    ['2025-06-01T11:55:00Z', '5m'],
    ['2025-06-01T09:00:00Z', '3h'],
    ['2025-05-20T12:00:00Z', '12d'],
    ['2025-01-01T12:00:00Z', '5mo'],
    ['2022-06-01T12:00:00Z', '3y'],
    ['2025-06-02T12:00:00Z', 'now'],
  ])('%s → %s', (iso, age) => {
    expect(formatAge(iso, now)).toBe(age);
  });

  test('times are local, to the minute', () => {
    const iso = '2025-06-01T12:34:56Z';
    const d = new Date(iso);
    const two = (n: number) => String(n).padStart(2, '0');
    expect(formatTime(iso)).toBe(`${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`);
    expect(formatTime('not a date')).toBe('not a date');
  });
});
