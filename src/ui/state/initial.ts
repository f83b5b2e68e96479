import type { VaultState } from '../../domain/index.js';
import { selectPath } from './navigation.js';
import type { ListView, Path, UiState, Viewport } from './types.js';

const emptyList = (): ListView => ({ cursor: 0, top: 0, filter: '' });

/** The state on opening a vault: Apps focused, first app selected (or `path` if given). */
export function initialState(vault: VaultState, viewport: Viewport, path: Path = {}): UiState {
  const state: UiState = {
    vault,
    viewport,
    focus: 'apps',
    lists: { apps: emptyList(), envs: emptyList(), secrets: emptyList(), versions: emptyList() },
    mode: { type: 'browse' },
    serial: 0,
    saving: false,
  };
  return selectPath(state, path);
}
