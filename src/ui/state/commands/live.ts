// Someone else's change arriving while the vault is open (etcd's watch, or the memory repository
// in the demo): the new state replaces the old one keeping the selection by name, the status line
// says who changed what ("DATABASE_URL changed by alice (v8)"), the changed rows are marked for a
// moment, and an editor open on a changed secret keeps its draft and says saving will ask.
import { currentVersion, parseRecordId, secretId } from '../../../domain/index.js';
import type { VaultState } from '../../../domain/index.js';
import type { Update } from '../actions.js';
import { pathToKeep, selectPath } from '../navigation.js';
import { andToast } from '../toast.js';
import type { UiState } from '../types.js';
import { refreshView } from './views.js';

/** How long changed rows stay marked. */
export const CHANGED_MARK_MS = 3_000;

function secretChanges(ids: readonly string[]): { id: string; key: string }[] {
  return ids.flatMap((id) => {
    const parsed = parseRecordId(id);
    return parsed?.type === 'secret' ? [{ id, key: parsed.key }] : [];
  });
}

/** The status line's sentence for a change by `by`. */
export function changeMessage(vault: VaultState, ids: readonly string[], by: string): string {
  const secrets = secretChanges(ids);
  if (secrets.length === 0) return `Reloaded: ${by} changed the vault.`;
  if (secrets.length === 1) {
    const { id, key } = secrets[0] as { id: string; key: string };
    const secret = vault.secrets[id];
    if (!secret) return `${key} deleted by ${by}.`;
    const n = currentVersion(secret)?.n;
    return `${key} changed by ${by}${n === undefined ? '' : ` (v${n})`}.`;
  }
  const names = secrets.slice(0, 3).map((s) => s.key).join(', ');
  return `${secrets.length} secrets changed by ${by}: ${names}${secrets.length > 3 ? ', …' : ''}.`;
}

/** An open editor on a secret someone else just changed learns so (its draft stays). */
function warnEditor(state: UiState, vault: VaultState, ids: readonly string[], by: string): UiState {
  const { mode } = state;
  if (mode.type !== 'edit-value') return state;
  const id = secretId(mode.address.app, mode.address.env, mode.address.key);
  if (!ids.includes(id)) return state;
  const secret = vault.secrets[id];
  const n = secret ? currentVersion(secret)?.n : undefined;
  return { ...state, mode: { ...mode, changedBy: { actor: by, ...(n !== undefined && { version: n }) } } };
}

export function onVaultChanged(state: UiState, vault: VaultState, by?: string, newIds: readonly string[] = []): Update {
  const [next, effects] = refreshView(selectPath({ ...state, vault }, pathToKeep(state)));
  if (!by) return [next, effects];
  // One teammate's large commit arrives in pieces: while the marks of their last piece show,
  // the next adds to them, and the message counts the whole.
  const earlier = state.changed?.by === by ? state.changed.ids : [];
  const ids = [...new Set([...earlier, ...newIds])];
  const changed = secretChanges(ids).map((s) => s.id);
  let marked = warnEditor(next, vault, ids, by);
  const more = [...effects];
  if (changed.length) {
    const token = marked.serial + 1;
    marked = { ...marked, serial: token, changed: { ids: changed, by, token } };
    more.push({ type: 'schedule', timer: 'changed', ms: CHANGED_MARK_MS, action: { type: 'changed-expired', token } });
  }
  return andToast([marked, more], changeMessage(vault, ids, by), 'info');
}

export function onChangedExpired(state: UiState, token: number): Update {
  if (state.changed?.token !== token) return [state, []];
  const { changed: _gone, ...rest } = state;
  return [rest, []];
}
