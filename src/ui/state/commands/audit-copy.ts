// c in the audit grid: copy the value of the cell under the cursor to another environment of the
// app, as a new version there (a new secret if it has none). The value is never shown: the
// picker says which environments already hold the same one (by fingerprint), and the write asks
// once — y/N, or the typed key when the target environment is protected.
import { currentValue, currentVersion, isProtected, secretId, SHARED_SCOPE } from '../../../domain/index.js';
import type { GridCell, Secret, SecretMetaPatch, SetSecretInput } from '../../../domain/index.js';
import type { Update } from '../actions.js';
import { toast } from '../toast.js';
import type { ConfirmMode, TypedConfirmMode, UiState } from '../types.js';
import type { AuditMode } from '../view-types.js';
import type { WriteOp } from '../write-ops.js';

export interface CopyTarget {
  env: string;
  protected: boolean;
  cell: GridCell;
}

function cellUnderCursor(mode: AuditMode): { key: string; cell: GridCell } | undefined {
  const row = mode.report?.rows[mode.grid.row];
  const cell = row?.cells[mode.grid.col];
  return row && cell ? { key: row.key, cell } : undefined;
}

/** Why the cell under the cursor cannot be copied, or undefined. */
export function copySourceProblem(mode: AuditMode): string | undefined {
  if (mode.pane !== 'grid') return 'copying works in the grid (tab goes back to it)';
  if (!mode.report) return 'still auditing';
  const at = cellUnderCursor(mode);
  if (!at) return 'nothing selected';
  const { key, cell } = at;
  if (cell.state === 'missing') return `${key} is missing in ${cell.env}: nothing to copy`;
  if (cell.state !== 'live') return `${key} in ${cell.env} is ${cell.state}: nothing to copy`;
  if (mode.report.envs.length < 2) return `${mode.app} has no other environment`;
  return undefined;
}

function sourceSecret(state: UiState, mode: AuditMode, env: string, key: string): Secret | undefined {
  const own = state.vault.secrets[secretId(mode.app, env, key)];
  return own ?? state.vault.secrets[secretId(SHARED_SCOPE, env, key)];
}

/** The environments the value can go to, with what they hold now. */
export function copyTargets(state: UiState, mode: AuditMode): CopyTarget[] {
  const copying = mode.copying;
  const row = mode.report?.rows.find((r) => r.key === copying?.key);
  if (!copying || !row) return [];
  return row.cells
    .filter((cell) => cell.env !== copying.env)
    .map((cell) => ({ env: cell.env, protected: isProtected(state.vault, mode.app, cell.env), cell }));
}

export function startCopy(state: UiState, mode: AuditMode): Update {
  const at = cellUnderCursor(mode);
  if (!at) return [state, []];
  return [{ ...state, mode: { ...mode, copying: { env: at.cell.env, key: at.key } } }, []];
}

/** Metadata a new secret takes from the one it is copied from. */
function inheritedMeta(source: Secret): SecretMetaPatch {
  const meta: SecretMetaPatch = { type: source.type, kind: source.kind, tags: source.tags, path: source.path };
  if (source.purpose) meta.purpose = source.purpose;
  return meta;
}

export function chooseCopyTarget(state: UiState, mode: AuditMode, env: string): Update {
  const { copying: from, ...rest } = mode;
  const audit: AuditMode = rest;
  if (!from) return [state, []];
  const back = { ...state, mode: audit };
  const source = sourceSecret(state, mode, from.env, from.key);
  const value = source ? currentValue(source) : undefined;
  if (!source || value === undefined) return toast(back, `${from.key} in ${from.env} no longer has a value to copy.`, 'warning');
  const target = state.vault.secrets[secretId(mode.app, env, from.key)];
  if (target && currentValue(target) === value) return toast(back, `${from.key} in ${env} already holds the same value.`);
  const expectedVersion = target ? (currentVersion(target)?.n ?? 0) : 0;
  const write: SetSecretInput = { app: mode.app, env, key: from.key, value, expectedVersion };
  if (!target) write.meta = inheritedMeta(source);
  const op: WriteOp = { kind: 'set-many', purpose: 'copy', from: from.env, writes: [write] };
  const sourceVersion = currentVersion(source)?.n;
  const title = `Copy ${from.key} from ${from.env} to ${env}?`;
  const lines = [
    target
      ? `${from.env}'s value (v${sourceVersion}) becomes ${env}'s v${expectedVersion + 1}; v${expectedVersion} stays in the history.`
      : `${from.env}'s value (v${sourceVersion}) becomes v1 of a new secret in ${mode.app}/${env}.`,
    'The value is not shown: environments are compared by fingerprint.',
  ];
  if (source.app === SHARED_SCOPE) lines.push(`It comes from shared/${from.env}; ${mode.app}/${env} gets its own copy.`);
  if (isProtected(state.vault, mode.app, env)) {
    lines.push(`${env} is a protected environment.`);
    const typed: TypedConfirmMode = { type: 'confirm-typed', title, lines, expected: from.key, typed: '', op, back: audit, next: audit };
    return [{ ...state, mode: typed }, []];
  }
  const confirm: ConfirmMode = { type: 'confirm', title, lines, op, danger: false, back: audit, next: audit };
  return [{ ...state, mode: confirm }, []];
}
