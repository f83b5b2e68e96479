// The string-width memo the TUI bundle wraps around Ink's width measurements (see
// scripts/build.mjs): the same widths, each string measured once while it keeps being asked for.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { endFrame } from '../../src/ui/terminal/frame-cache.js';
import { memoised, memoisedLazily, SINGLE_COLUMN } from '../../src/ui/terminal/memo-width.js';
import type { Width } from '../../src/ui/terminal/memo-width.js';

/** Every string-width the TUI bundle holds: Ink's, and wrap-ansi's own (older) one. */
let widths: Width[] = [];
beforeAll(async () => {
  const fromWrapAnsi = createRequire(createRequire(import.meta.url).resolve('wrap-ansi')).resolve('string-width');
  widths = [stringWidth, ((await import(pathToFileURL(fromWrapAnsi).href)) as { default: Width }).default];
});

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

  it('forgets what a frame did not ask for', () => {
    let calls = 0;
    const width = memoised((text) => {
      calls++;
      return text.length;
    });
    width('revealed value');
    width('kept');
    endFrame(); // the frame that showed both
    width('kept');
    endFrame(); // a frame without the value
    calls = 0;
    width('kept');
    expect(calls).toBe(0);
    width('revealed value');
    expect(calls).toBe(1);
  });
});

describe('SINGLE_COLUMN, measured without string-width', () => {
  it('holds only characters every bundled string-width counts as one column', () => {
    expect(widths).toHaveLength(2);
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const character = String.fromCharCode(code);
      if (!SINGLE_COLUMN.test(character)) continue;
      if (widths.some((width) => width(character) !== 1)) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('measures styled lines as string-width does, loading it only for other text', () => {
    let loads = 0;
    const width = memoisedLazily(() => {
      loads++;
      return stringWidth;
    });
    const drawn = ['▸KEY_00042                v10 ', '\u001b[1m\u001b[48;5;24m│ production ◆ 3 \u001b[49m\u001b[22m', '─'.repeat(80), 'coffer › api › … · ← v3', ''];
    for (const text of drawn) expect(width(text)).toBe(stringWidth(text));
    expect(loads).toBe(0);
    for (const text of ['漢字', '🔑 key', 'a\tb', 'e\u0301', '\u001b]8;;https://x\u0007link\u001b]8;;\u0007', '©', '▶ play']) {
      expect(width(text)).toBe(stringWidth(text));
    }
    expect(loads).toBe(1);
  });
});
