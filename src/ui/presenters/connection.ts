// The status line's connection text for a team vault: "● online", "◐ degraded — 1 of 3
// endpoints down", "○ offline — 3 of 3 endpoints down". The glyph carries the state without colour.
import type { ConnectionState } from '../team/port.js';

const GLYPH: Record<ConnectionState['state'], string> = { online: '●', degraded: '◐', offline: '○' };

export function connectionText({ state, down, endpoints }: ConnectionState): string {
  const detail = down > 0 ? ` — ${down} of ${endpoints} endpoint${endpoints === 1 ? '' : 's'} down` : '';
  return `${GLYPH[state]} ${state}${detail}`;
}
