import { describe, expect, test } from 'vitest';
import { colourEnabled, formatAge, formatTime, makeStyle, renderTable, sanitize, sanitizeValue } from '../../src/cli/output.js';

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
