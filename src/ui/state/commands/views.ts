// The views opened from the audit (a) and the palette: the audit grid with its findings, the diff
// of two environments, and the history of the audit log. Opening one asks for its data (an
// 'analyse' or 'load-log' effect); enter on a row jumps to that secret in the columns.
import { secretId, SHARED_SCOPE } from '../../../domain/index.js';
import type { AuditChainReport, AuditEntry } from '../../../domain/index.js';
import { Command } from '../../keymap/commands.js';
import type { AnalysisResult, Update } from '../actions.js';
import { diffEntries } from '../diff-entries.js';
import { selectPath } from '../navigation.js';
import { toast } from '../toast.js';
import { COLUMNS } from '../types.js';
import type { ListView, Path, UiState } from '../types.js';
import type { AuditMode, DiffMode, LogMode, LogScope } from '../view-types.js';
import { isView, moveGridColumn, rewindowView } from '../view-nav.js';
import type { CommandHandlers } from './types.js';
import { startCopy } from './audit-copy.js';

const topOfList = (): ListView => ({ cursor: 0, top: 0, filter: '' });

function nextToken(state: UiState): [UiState, number] {
  const token = state.serial + 1;
  return [{ ...state, serial: token }, token];
}

export function openAudit(state: UiState, app: string): Update {
  const [next, token] = nextToken(state);
  const mode: AuditMode = { type: 'audit', app, token, pane: 'grid', grid: { row: 0, col: 0, top: 0, left: 0 }, findings: topOfList() };
  return [{ ...next, mode }, [{ type: 'analyse', token, analysis: { kind: 'audit', app } }]];
}

export function openDiff(state: UiState, app: string, from: string, to: string): Update {
  const [next, token] = nextToken(state);
  const mode: DiffMode = { type: 'diff', app, from, to, token, list: topOfList() };
  return [{ ...next, mode }, [{ type: 'analyse', token, analysis: { kind: 'diff', app, from, to } }]];
}

export function openLog(state: UiState, scope: LogScope): Update {
  const [next, token] = nextToken(state);
  const mode: LogMode = { type: 'log', scope, token, list: topOfList() };
  return [{ ...next, mode }, [{ type: 'load-log', token, scope }]];
}

/** The vault changed under an open view (a copy from the grid, someone else's write): ask again. */
export function refreshView(state: UiState): Update {
  const { mode } = state;
  if (!isView(mode)) return [state, []];
  const [next, token] = nextToken(state);
  switch (mode.type) {
    case 'audit':
      return [{ ...next, mode: { ...mode, token } }, [{ type: 'analyse', token, analysis: { kind: 'audit', app: mode.app } }]];
    case 'diff':
      return [{ ...next, mode: { ...mode, token } }, [{ type: 'analyse', token, analysis: { kind: 'diff', app: mode.app, from: mode.from, to: mode.to } }]];
    case 'log':
      return [{ ...next, mode: { ...mode, token } }, [{ type: 'load-log', token, scope: mode.scope }]];
  }
}

export function onAnalysed(state: UiState, token: number, result: AnalysisResult): Update {
  const { mode } = state;
  if (mode.type === 'audit' && mode.token === token && result.kind === 'audit') {
    // A refresh keeps the cursor on the same key.
    const key = mode.report?.rows[mode.grid.row]?.key;
    const row = key === undefined ? mode.grid.row : Math.max(0, result.report.rows.findIndex((r) => r.key === key));
    const next: AuditMode = { ...mode, report: result.report, grid: { ...mode.grid, row } };
    return [rewindowView({ ...state, mode: next }, next), []];
  }
  if (mode.type === 'diff' && mode.token === token && result.kind === 'diff') {
    const next: DiffMode = { ...mode, result: { diff: result.diff, report: result.report } };
    return [rewindowView({ ...state, mode: next }, next), []];
  }
  return [state, []];
}

export function onLogLoaded(state: UiState, token: number, entries: AuditEntry[], chain: AuditChainReport): Update {
  const { mode } = state;
  if (mode.type !== 'log' || mode.token !== token) return [state, []];
  const next: LogMode = { ...mode, entries: [...entries].reverse(), chain };
  return [rewindowView({ ...state, mode: next }, next), []];
}

export function onViewFailed(state: UiState, token: number, message: string): Update {
  const { mode } = state;
  if (!isView(mode) || mode.token !== token) return [state, []];
  return toast({ ...state, mode: { type: 'browse' } }, message, 'error');
}

/** Closes the view and selects a secret (or environment) in the columns, filters cleared so it shows. */
export function jumpTo(state: UiState, path: Path): UiState {
  const lists = { ...state.lists };
  for (const column of COLUMNS) lists[column] = { ...lists[column], filter: '' };
  const selected = selectPath({ ...state, lists, mode: { type: 'browse' } }, path);
  return { ...selected, focus: path.key !== undefined ? 'secrets' : 'envs' };
}

function exists(state: UiState, app: string, env: string, key?: string): boolean {
  if (key !== undefined) return state.vault.secrets[secretId(app, env, key)] !== undefined;
  return state.vault.apps[app]?.envs.some((e) => e.name === env) ?? false;
}

function openFromAudit(state: UiState, mode: AuditMode): Update {
  const report = mode.report;
  if (!report) return toast(state, 'Still auditing…');
  if (mode.pane === 'findings') {
    const finding = report.findings[mode.findings.cursor];
    if (!finding) return [state, []];
    if (finding.env !== undefined && exists(state, finding.app, finding.env, finding.key)) {
      return [jumpTo(state, { app: finding.app, env: finding.env, key: finding.key }), []];
    }
    // Findings about a whole row (a key missing somewhere) point at the row in the grid.
    const row = Math.max(0, report.rows.findIndex((r) => r.key === finding.key));
    const next: AuditMode = { ...mode, pane: 'grid', grid: { ...mode.grid, row } };
    return [rewindowView({ ...state, mode: next }, next), []];
  }
  const row = report.rows[mode.grid.row];
  const cell = row?.cells[mode.grid.col];
  if (!row || !cell) return [state, []];
  if (cell.state === 'missing') return toast(state, `${row.key} is missing in ${cell.env}: nothing to open there.`, 'warning');
  const app = cell.source === 'shared' ? SHARED_SCOPE : report.app;
  return [jumpTo(state, { app, env: cell.env, key: row.key }), []];
}

function openFromDiff(state: UiState, mode: DiffMode): Update {
  const entry = mode.result ? diffEntries(mode.result.diff)[mode.list.cursor] : undefined;
  if (!entry || !mode.result) return [state, []];
  const env = entry.status === 'removed' ? mode.from : mode.to;
  const row = mode.result.report.rows.find((r) => r.key === entry.key);
  const cell = row?.cells[mode.result.report.envs.indexOf(env)];
  const app = cell?.source === 'shared' ? SHARED_SCOPE : mode.app;
  return [jumpTo(state, { app, env, key: entry.key }), []];
}

function openFromLog(state: UiState, mode: LogMode): Update {
  const entry = mode.entries?.[mode.list.cursor];
  if (!entry) return [state, []];
  const { app, env, key } = entry;
  if (app === undefined || env === undefined) return toast(state, 'This entry is about the whole vault or an app: nothing to open.');
  if (!exists(state, app, env, key)) return toast(state, `${[app, env, key].filter(Boolean).join('/')} no longer exists.`, 'warning');
  return [jumpTo(state, key === undefined ? { app, env } : { app, env, key }), []];
}

function withAudit(handler: (state: UiState, mode: AuditMode) => Update) {
  return (state: UiState): Update => (state.mode.type === 'audit' ? handler(state, state.mode) : [state, []]);
}

export const viewHandlers: CommandHandlers = {
  [Command.Audit]: (s, d) => openAudit(s, d.app?.name as string),
  [Command.ViewClose]: (s) => [{ ...s, mode: { type: 'browse' } }, []],
  [Command.ViewOpen]: (s) => {
    const { mode } = s;
    if (mode.type === 'audit') return openFromAudit(s, mode);
    if (mode.type === 'diff') return openFromDiff(s, mode);
    if (mode.type === 'log') return openFromLog(s, mode);
    return [s, []];
  },
  [Command.GridLeft]: withAudit((s, m) => [moveGridColumn(s, m, -1), []]),
  [Command.GridRight]: withAudit((s, m) => [moveGridColumn(s, m, 1), []]),
  [Command.AuditSwitchPane]: withAudit((s, m) => [{ ...s, mode: { ...m, pane: m.pane === 'grid' ? 'findings' : 'grid' } }, []]),
  [Command.AuditCopy]: withAudit(startCopy),
};
