// The drawing caches of the TUI bundle keep text only while frames show it (src/ui/terminal/
// frame-cache.ts), and the measureText that replaces Ink's measures as Ink's does.
import { describe, expect, it } from 'vitest';
import inkMeasureText from '../../node_modules/ink/build/measure-text.js';
import { endFrame, frameCache } from '../../src/ui/terminal/frame-cache.js';
import measureText from '../../src/ui/terminal/measure-text.js';

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
