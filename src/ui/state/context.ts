// Which keymap context the screen is in, derived from the mode.
import type { LeafContext } from '../keymap/contexts.js';
import type { UiState } from './types.js';

export function contextOf(state: UiState): LeafContext {
  const { mode } = state;
  switch (mode.type) {
    case 'browse':
      return state.focus;
    case 'edit-value':
      return mode.multiline ? 'edit-lines' : 'edit-line';
    case 'edit-meta':
      return mode.picking ? 'form-picker' : 'form';
    case 'palette':
      return mode.page === 'root' ? 'command-line' : 'palette';
    case 'audit':
      return mode.copying ? 'copy-target' : 'audit';
    case 'members':
      return mode.choosing ? 'member-target' : 'members';
    default:
      return mode.type;
  }
}
