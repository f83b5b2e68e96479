// The string-width memo the TUI bundle wraps around Ink's width measurements (see
// scripts/build.mjs): the same widths, each string measured once while it keeps being asked for.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { memoised } from '../../src/ui/terminal/memo-width.js';

describe('memoised string width', () => {
  it('gives string-width’s answers, measuring a string once while it is in use', () => {
    const measured: string[] = [];
    const width = memoised((text, options) => {
      measured.push(text);
      return stringWidth(text, options);
    });
    const samples = ['', 'KEY_00042', '漢字', '🔑 key', 'e\u0301', '\u001b[1mbold\u001b[22m', 'a\tb', '│ x │'];
    for (let round = 0; round < 3; round++) for (const text of samples) expect(width(text)).toBe(stringWidth(text));
    expect(measured).toEqual(samples);
  });

  it('does not keep what options change, nor very long strings', () => {
    const measured: string[] = [];
    const width = memoised((text, options) => {
      measured.push(text);
      return stringWidth(text, options);
    });
    const long = 'x'.repeat(5000);
    width(long);
    width(long);
    width('\u001b[1mb\u001b[22m', { countAnsiEscapeCodes: true });
    width('\u001b[1mb\u001b[22m', { countAnsiEscapeCodes: true });
    expect(measured).toHaveLength(4);
  });

  it('forgets what is no longer asked for', () => {
    let calls = 0;
    const width = memoised((text) => {
      calls++;
      return text.length;
    });
    width('old');
    for (let i = 0; i < 5000; i++) width(`line ${i}`);
    calls = 0;
    width('old');
    expect(calls).toBe(1);
  });
});
