// The full-screen views the audit opens: the grid with its findings, the diff of two
// environments, and the audit log's history. Each keeps its own cursor and window, like the
// columns do; their data (computed outside the reducer: it needs fingerprints or the repository)
// arrives with an action matching the view's token.
import type { AuditChainReport, AuditEntry, AuditReport, EnvironmentDiff } from '../../domain/index.js';
import type { ListView } from './types.js';

export interface GridView {
  row: number;
  col: number;
  /** First visible row and environment column. */
  top: number;
  left: number;
}

export interface AuditMode {
  type: 'audit';
  app: string;
  /** Matches the analysis that was asked for, so a late answer for another view is ignored. */
  token: number;
  report?: AuditReport;
  pane: 'grid' | 'findings';
  grid: GridView;
  findings: ListView;
  /** Copying the cell under the cursor: choosing the environment it goes to. */
  copying?: { env: string; key: string };
}

export interface DiffMode {
  type: 'diff';
  app: string;
  from: string;
  to: string;
  token: number;
  result?: { diff: EnvironmentDiff; report: AuditReport };
  list: ListView;
}

export interface LogScope {
  app?: string;
  env?: string;
}

export interface LogMode {
  type: 'log';
  scope: LogScope;
  token: number;
  /** Newest first. */
  entries?: AuditEntry[];
  chain?: AuditChainReport;
  error?: string;
  list: ListView;
}
