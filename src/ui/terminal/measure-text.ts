// Ink 6.8's measureText (ink/build/measure-text.js), which scripts/build.mjs puts in its place in
// dist/tui.js. Ink's keeps the size of every text it ever measured in a Map that is never emptied:
// every value revealed on screen stayed referenced for the life of the process, through a lock.
// This one keeps a text's size while frames use it (frame-cache.ts), and measures the same way.
import widestLine from 'widest-line';
import { frameCache } from './frame-cache.js';

interface Dimensions {
  width: number;
  height: number;
}

const sizes = frameCache<Dimensions>();

function measure(text: string): Dimensions {
  return { width: widestLine(text), height: text.split('\n').length };
}

export default function measureText(text: string): Dimensions {
  if (text.length === 0) return { width: 0, height: 0 };
  return sizes.get(text, measure);
}
