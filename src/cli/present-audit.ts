// Pure presenters for `coffer audit` and `coffer diff`: the grid, the findings and their JSON.
// Cells say which ones hold the same value by a group letter derived from keyed fingerprints;
// neither values nor fingerprints are ever printed.
import type { App, AuditReport, EnvironmentDiff, Finding, GridCell, Severity } from '../domain/index.js';
import type { Row, Style } from './output.js';

export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

/** "v3 sealed shared =A", "missing", "v2 deleted". */
export function gridCellText(cell: GridCell, appName: string): string {
  if (cell.state === 'missing') return 'missing';
  const parts = [cell.version === undefined ? '-' : `v${cell.version}`];
  if (cell.state !== 'live') parts.push(cell.state);
  if (cell.sealed) parts.push('sealed');
  if (cell.source === 'shared' && appName !== 'shared') parts.push('shared');
  if (cell.sameAs) parts.push(`=${cell.sameAs}`);
  return parts.join(' ');
}

function gridCell(cell: GridCell, appName: string, style: Style) {
  const text = gridCellText(cell, appName);
  if (cell.state === 'missing') return { text, paint: style.dim };
  if (cell.state === 'deleted') return { text, paint: style.yellow };
  if (cell.state === 'destroyed') return { text, paint: style.red };
  return { text };
}

/** Protected environments carry a trailing '*', as in `app ls`. */
export function gridHeader(app: App): string[] {
  return ['KEY', ...app.envs.map((e) => (e.protected ? `${e.name}*` : e.name))];
}

export function gridRows(report: AuditReport, style: Style): Row[] {
  return report.rows.map((row) => [row.key, ...row.cells.map((cell) => gridCell(cell, report.app, style))]);
}

export const GRID_LEGEND =
  'vN current version · =A same value as the other cells marked =A (compared by keyed fingerprint) · ' +
  'shared inherited from the shared scope · * protected environment';

export const FINDING_COLUMNS = ['SEVERITY', 'KIND', 'WHERE', 'MESSAGE'];

export function findingWhere(finding: Finding): string {
  return [finding.app, finding.env, finding.key].filter((part) => part !== undefined).join('/');
}

export function findingRow(finding: Finding, style: Style): Row {
  const paint = finding.severity === 'high' ? style.red : finding.severity === 'medium' ? style.yellow : undefined;
  return [paint ? { text: finding.severity, paint } : finding.severity, finding.kind, findingWhere(finding), finding.message];
}

export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** "3 findings: 1 high, 2 medium, 0 low", or "No findings." */
export function findingsSummary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  const counts = severityCounts(findings);
  const noun = findings.length === 1 ? 'finding' : 'findings';
  return `${findings.length} ${noun}: ${SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ')}`;
}

/** The documented, stable JSON of `coffer audit --json` (see the README). */
export function auditJson(apps: ReadonlyArray<{ app: App; report: AuditReport }>, findings: readonly Finding[]) {
  return {
    apps: apps.map(({ app, report }) => ({
      app: app.name,
      envs: app.envs.map((e) => ({ name: e.name, protected: e.protected })),
      rows: report.rows.map((row) => ({
        key: row.key,
        cells: row.cells.map((cell) => ({
          env: cell.env,
          state: cell.state,
          version: cell.version ?? null,
          sealed: cell.sealed === true,
          source: cell.source ?? null,
          group: cell.sameAs ?? null,
        })),
      })),
    })),
    findings: findings.map((f) => ({ severity: f.severity, kind: f.kind, app: f.app, env: f.env ?? null, key: f.key, message: f.message })),
    counts: severityCounts(findings),
  };
}

// ---- diff ---------------------------------------------------------------------------------

type DiffStatus = 'added' | 'removed' | 'changed' | 'same';

export function diffRows(diff: EnvironmentDiff, style: Style): Row[] {
  const explain: Record<DiffStatus, { text: string; paint?: (s: string) => string }> = {
    added: { text: `added (only in ${diff.to})`, paint: style.green },
    removed: { text: `removed (only in ${diff.from})`, paint: style.red },
    changed: { text: 'changed (different values)', paint: style.yellow },
    same: { text: 'same value', paint: style.dim },
  };
  const entries: Array<[string, DiffStatus]> = [
    ...diff.added.map((key): [string, DiffStatus] => [key, 'added']),
    ...diff.removed.map((key): [string, DiffStatus] => [key, 'removed']),
    ...diff.changed.map((key): [string, DiffStatus] => [key, 'changed']),
    ...diff.same.map((key): [string, DiffStatus] => [key, 'same']),
  ].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([key, status]) => {
    const { text, paint } = explain[status];
    return [key, paint ? { text, paint } : { text }];
  });
}

export function diffSummary(diff: EnvironmentDiff): string {
  return `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.same.length} same`;
}
