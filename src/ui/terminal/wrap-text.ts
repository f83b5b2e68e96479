// Ink 6.8's wrapText (ink/build/wrap-text.js), which scripts/build.mjs puts in its place in
// dist/tui.js. Ink's keeps every text it wrapped or truncated in an object that is never emptied
// (a long revealed value, for one); this one keeps a result while frames use it (frame-cache.ts)
// and wraps the same way.
import cliTruncate from 'cli-truncate';
import wrapAnsi from 'wrap-ansi';
import { frameCache } from './frame-cache.js';

type WrapType = 'wrap' | 'end' | 'middle' | 'truncate-end' | 'truncate' | 'truncate-middle' | 'truncate-start';

const wrapped = frameCache<string>();

function wrap(text: string, maxWidth: number, wrapType: WrapType): string {
  if (wrapType === 'wrap') return wrapAnsi(text, maxWidth, { trim: false, hard: true });
  if (wrapType.startsWith('truncate')) {
    const position = wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
    return cliTruncate(text, maxWidth, { position });
  }
  return text;
}

export default function wrapText(text: string, maxWidth: number, wrapType: WrapType): string {
  // Ink's key: text, width and type run together (a width's digits cannot end a wrap type).
  return wrapped.get(text + String(maxWidth) + String(wrapType), () => wrap(text, maxWidth, wrapType));
}
