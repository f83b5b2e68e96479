// The audit views in words: grid cells (missing / vN / deleted / sealed, and a letter shared by
// the cells holding the same value — judged by fingerprint, never shown), findings, diff rows
// and history entries. Every name passes through the sanitiser.
import type { AuditEntry, Finding, GridCell, Severity } from '../../domain/index.js';
import type { DiffStatus } from '../state/diff-entries.js';
import type { RowTone } from './rows.js';
import { sanitise } from './sanitise.js';
import { MASK } from './value.js';

export interface CellView {
  text: string;
  tone: RowTone;
  /** The same-value group letter, coloured apart from the rest. */
  group?: string;
}

/** "v7 =A sealed shared", "missing", "v2 deleted". */
export function cellView(cell: GridCell, appName: string): CellView {
  if (cell.state === 'missing') return { text: 'missing', tone: 'muted' };
  const parts = [cell.version === undefined ? '—' : `v${cell.version}`];
  if (cell.sameAs) parts.push(`=${cell.sameAs}`);
  if (cell.state !== 'live') parts.push(cell.state);
  if (cell.sealed) parts.push('sealed');
  if (cell.source === 'shared' && appName !== 'shared') parts.push('shared');
  const tone: RowTone = cell.state === 'deleted' ? 'warning' : cell.state === 'destroyed' ? 'danger' : 'normal';
  return { text: parts.join(' '), tone, ...(cell.sameAs && { group: cell.sameAs }) };
}

export const GRID_LEGEND = '=A same value (by fingerprint) · ◆ protected · shared: inherited';

export const SEVERITY_TONE: Record<Severity, RowTone> = { high: 'danger', medium: 'warning', low: 'muted' };

/** "high    prod-reuse   DATABASE_URL in production holds the same value as staging". */
export function findingText(finding: Finding): string {
  return `${finding.severity.padEnd(6)} ${finding.kind.padEnd(16)} ${sanitise(finding.message)}`;
}

export function findingsSummary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${count('high')} high, ${count('medium')} medium, ${count('low')} low`;
}

export const DIFF_MARK: Record<DiffStatus, { mark: string; tone: RowTone; words: string }> = {
  added: { mark: '+', tone: 'success', words: 'added' },
  removed: { mark: '-', tone: 'danger', words: 'removed' },
  changed: { mark: '~', tone: 'warning', words: 'changed' },
  same: { mark: '=', tone: 'muted', words: 'same' },
};

/** One side of a diff row: the version and a fixed mask, or a dash where the key is absent. */
export function diffSide(cell: GridCell | undefined, appName: string): string {
  if (!cell || cell.state !== 'live') return cell && cell.state !== 'missing' ? `v${cell.version} ${cell.state}` : '—';
  const flags = [cell.sealed ? 'sealed' : '', cell.source === 'shared' && appName !== 'shared' ? 'shared' : ''].filter(Boolean).join(' ');
  return `v${cell.version} ${MASK.slice(0, 8)}${flags ? ` ${flags}` : ''}`;
}

/** "2026-03-01 12:00" (UTC): the log's times, sortable and the same on every machine. */
export function logTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** "billing-api/production/DATABASE_URL v7", or "vault" for vault-wide entries. */
export function logTarget(entry: AuditEntry): string {
  const where = [entry.app, entry.env, entry.key].filter((p): p is string => p !== undefined).map((p) => sanitise(p)).join('/');
  return `${where || 'vault'}${entry.version !== undefined ? ` v${entry.version}` : ''}`;
}
