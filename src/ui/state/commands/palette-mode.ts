import type { PaletteMode, PalettePage } from '../types.js';

/** The palette on a page, with an empty command line. */
export function paletteMode(page: PalettePage, query = ''): PaletteMode {
  return { type: 'palette', page, query, cursor: 0 };
}
