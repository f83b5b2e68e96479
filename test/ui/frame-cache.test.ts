// The drawing caches of the TUI bundle keep text only while frames show it (src/ui/terminal/
// frame-cache.ts), and the measureText and wrapText that replace Ink's work as Ink's do.
import { describe, expect, it } from 'vitest';
import inkMeasureText from '../../node_modules/ink/build/measure-text.js';
import inkWrapText from '../../node_modules/ink/build/wrap-text.js';
import { endFrame, frameCache } from '../../src/ui/terminal/frame-cache.js';
import measureText from '../../src/ui/terminal/measure-text.js';
import wrapText from '../../src/ui/terminal/wrap-text.js';

describe('frame caches', () => {
  it('keep what the last frame used and drop the rest when a frame ends', () => {
    const cache = frameCache<number>();
    let made = 0;
    const make = (text: string) => (made++, text.length);
    cache.get('header', make);
    cache.get('a revealed value', make);
    endFrame(); // the frame that showed the value
    cache.get('header', make);
    endFrame(); // the lock screen: no value
    made = 0;
    cache.get('header', make);
    expect(made).toBe(0);
    cache.get('a revealed value', make);
    expect(made).toBe(1);
  });
});

describe('measureText', () => {
  it('measures as Ink’s does', () => {
    for (const text of ['', 'KEY_00042', 'two\nlines, wider', '漢字\n🔑', '\u001b[1mbold\u001b[22m', 'a\n\nb\n']) {
      expect(measureText(text)).toEqual(inkMeasureText(text));
    }
  });
});

describe('wrapText', () => {
  it('wraps and truncates as Ink’s does', () => {
    const texts = ['short', 'a value much longer than the box it is shown in', '\u001b[1mbold and long text\u001b[22m here', '漢字漢字漢字漢字', 'two\nlines that are long'];
    for (const text of texts) {
      for (const width of [1, 5, 12, 80]) {
        for (const type of ['wrap', 'truncate', 'truncate-end', 'truncate-middle', 'truncate-start', 'end'] as const) {
          expect(wrapText(text, width, type)).toBe(inkWrapText(text, width, type));
        }
      }
    }
  });
});
