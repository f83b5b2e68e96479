// Per-environment audit: a grid of every key across an app's environments (its own and the
// shared scope's), which cells hold the same value — judged by keyed fingerprint, never by
// showing it — and hygiene findings. `coffer audit` and the TUI's audit view both use this.
import type { App, Secret, VaultState } from './model.js';
import { SHARED_SCOPE } from './model.js';
import { currentValue, currentVersion, findApp, findEnv, listSecrets, rotationStatus } from './queries.js';

export type Severity = 'high' | 'medium' | 'low';

export type FindingKind =
  | 'prod-reuse'
  | 'reused'
  | 'rotation-overdue'
  | 'stale'
  | 'whitespace'
  | 'invisible'
  | 'empty'
  | 'weak'
  | 'missing';

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  app: string;
  env?: string;
  key: string;
  /** A sentence without the value. */
  message: string;
}

export type CellState = 'missing' | 'live' | 'deleted' | 'destroyed';

export interface GridCell {
  env: string;
  state: CellState;
  version?: number;
  sealed?: boolean;
  /** Where the value comes from when the app has no own secret: the shared scope. */
  source?: 'app' | 'shared';
  /** Cells of one row holding the same value share a group letter (A, B, …); unique values have none. */
  sameAs?: string;
  fingerprint?: string;
}

export interface GridRow {
  key: string;
  cells: GridCell[];
}

export interface AuditReport {
  app: string;
  envs: string[];
  rows: GridRow[];
  findings: Finding[];
}

export interface AuditOptions {
  now: Date;
  fingerprint: (value: string) => string;
  /** Values older than this with no rotation policy are reported as stale. */
  staleDays?: number;
}

const DAY_MS = 86_400_000;
const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Environments treated as production: the protected ones, or any named like production. */
export function isProductionLike(app: App, env: string): boolean {
  return app.envs.some((e) => e.name === env && e.protected) || /^prod(uction)?([-_].*)?$/.test(env);
}

export function auditApp(state: VaultState, appName: string, options: AuditOptions): AuditReport {
  const app = findApp(state, appName);
  const envs = app.envs.map((e) => e.name);
  const shared = appName === SHARED_SCOPE ? undefined : state.apps[SHARED_SCOPE];

  // key → env → the secret in force there (app's own, else shared)
  const table = new Map<string, Map<string, { secret: Secret; source: 'app' | 'shared' }>>();
  const put = (secret: Secret, env: string, source: 'app' | 'shared') => {
    let row = table.get(secret.key);
    if (!row) table.set(secret.key, (row = new Map()));
    if (source === 'app' || !row.has(env)) row.set(env, { secret, source });
  };
  for (const env of envs) {
    if (shared?.envs.some((e) => e.name === env)) {
      for (const secret of listSecrets(state, SHARED_SCOPE, env)) put(secret, env, 'shared');
    }
    for (const secret of listSecrets(state, appName, env)) put(secret, env, appName === SHARED_SCOPE ? 'shared' : 'app');
  }

  const rows: GridRow[] = [];
  const findings: Finding[] = [];
  for (const key of [...table.keys()].sort()) {
    const inForce = table.get(key)!;
    const cells: GridCell[] = envs.map((env) => cellFor(env, inForce.get(env), options));
    labelSameValues(cells);
    rows.push({ key, cells });
    findings.push(...rowFindings(app, key, cells, inForce, options));
  }
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.key.localeCompare(b.key));
  return { app: appName, envs, rows, findings };
}

function cellFor(env: string, entry: { secret: Secret; source: 'app' | 'shared' } | undefined, options: AuditOptions): GridCell {
  if (!entry) return { env, state: 'missing' };
  const { secret, source } = entry;
  const current = currentVersion(secret);
  const cell: GridCell = { env, state: current?.state ?? 'destroyed', source };
  if (current) cell.version = current.n;
  if (secret.type === 'sealed') cell.sealed = true;
  const value = currentValue(secret);
  if (value !== undefined) cell.fingerprint = options.fingerprint(value);
  return cell;
}

function labelSameValues(cells: GridCell[]): void {
  const counts = new Map<string, number>();
  for (const cell of cells) if (cell.fingerprint) counts.set(cell.fingerprint, (counts.get(cell.fingerprint) ?? 0) + 1);
  const letters = new Map<string, string>();
  for (const cell of cells) {
    if (!cell.fingerprint || (counts.get(cell.fingerprint) ?? 0) < 2) continue;
    if (!letters.has(cell.fingerprint)) letters.set(cell.fingerprint, String.fromCharCode(65 + letters.size));
    cell.sameAs = letters.get(cell.fingerprint);
  }
}

function rowFindings(
  app: App,
  key: string,
  cells: GridCell[],
  inForce: Map<string, { secret: Secret; source: 'app' | 'shared' }>,
  options: AuditOptions,
): Finding[] {
  const findings: Finding[] = [];
  const base = { app: app.name, key };
  const present = cells.filter((c) => c.state === 'live').map((c) => c.env);
  const missing = cells.filter((c) => c.state !== 'live').map((c) => c.env);
  // A key only the shared scope provides is the shared scope's business (its own audit reports
  // gaps there); the app is told only about keys it sets itself somewhere.
  const appSetsIt = app.name === SHARED_SCOPE || cells.some((c) => c.source === 'app');
  if (present.length && missing.length && appSetsIt) {
    findings.push({
      ...base,
      kind: 'missing',
      severity: missing.some((env) => isProductionLike(app, env)) ? 'high' : 'medium',
      message: `${key} is set in ${present.join(', ')} but not in ${missing.join(', ')}`,
    });
  }

  // Shared-scope values are meant to repeat; reuse only counts between the app's own secrets.
  const groups = new Map<string, string[]>();
  for (const cell of cells) {
    const secret = inForce.get(cell.env)?.secret;
    if (!cell.sameAs || cell.source !== 'app' || secret?.type === 'config') continue;
    groups.set(cell.sameAs, [...(groups.get(cell.sameAs) ?? []), cell.env]);
  }
  for (const envsWithSame of groups.values()) {
    if (envsWithSame.length < 2) continue;
    const prod = envsWithSame.filter((env) => isProductionLike(app, env));
    const nonProd = envsWithSame.filter((env) => !isProductionLike(app, env));
    if (prod.length && nonProd.length) {
      findings.push({
        ...base,
        env: prod[0],
        kind: 'prod-reuse',
        severity: 'high',
        message: `${key} in ${prod.join(', ')} holds the same value as ${nonProd.join(', ')}`,
      });
    } else {
      findings.push({ ...base, kind: 'reused', severity: 'medium', message: `${key} holds the same value in ${envsWithSame.join(', ')}` });
    }
  }

  for (const [env, { secret, source }] of inForce) {
    if (source !== 'app') continue; // shared secrets are audited with the shared scope
    findings.push(...valueFindings(secret, env, app, options));
  }
  return findings;
}

/** Findings about one secret's current value, judged without revealing it. */
export function valueFindings(secret: Secret, env: string, app: App, options: AuditOptions): Finding[] {
  const value = currentValue(secret);
  if (value === undefined) return [];
  const base = { app: app.name, env, key: secret.key };
  const prod = isProductionLike(app, env);
  const findings: Finding[] = [];
  const rotation = rotationStatus(secret, options.now);
  if (rotation.state === 'overdue') {
    findings.push({
      ...base,
      kind: 'rotation-overdue',
      severity: prod ? 'high' : 'medium',
      message: `${secret.key} in ${env} is ${-(rotation.daysLeft ?? 0)} days past its ${secret.rotation!.everyDays}-day rotation`,
    });
  } else if (!secret.rotation && secret.type !== 'config') {
    const ageDays = Math.floor((options.now.getTime() - Date.parse(currentVersion(secret)!.createdAt)) / DAY_MS);
    const staleDays = options.staleDays ?? 365;
    if (ageDays > staleDays) {
      findings.push({ ...base, kind: 'stale', severity: 'low', message: `${secret.key} in ${env} has not changed for ${ageDays} days` });
    }
  }
  if (value.length === 0) {
    findings.push({ ...base, kind: 'empty', severity: prod ? 'high' : 'medium', message: `${secret.key} in ${env} is empty` });
    return findings;
  }
  if (/^\s|\s$/.test(value) && secret.kind === 'env') {
    findings.push({ ...base, kind: 'whitespace', severity: 'medium', message: `${secret.key} in ${env} has leading or trailing whitespace` });
  }
  const invisible = describeInvisible(value, secret.kind === 'env');
  if (invisible) {
    findings.push({ ...base, kind: 'invisible', severity: 'medium', message: `${secret.key} in ${env} contains ${invisible}` });
  }
  if (secret.type !== 'config') {
    const weakness = weaknessOf(value);
    if (weakness) findings.push({ ...base, kind: 'weak', severity: prod ? 'high' : 'low', message: `${secret.key} in ${env} looks weak: ${weakness}` });
  }
  return findings;
}

const INVISIBLE: [RegExp, string][] = [
  [/[\u200B-\u200D\u2060\uFEFF]/, 'zero-width characters'],
  [/[\u202A-\u202E\u2066-\u2069]/, 'bidirectional override characters'],
  [/[\u00A0\u2007\u202F]/, 'non-breaking spaces'],
  [/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/, 'control characters'],
];

function describeInvisible(value: string, singleLine: boolean): string | undefined {
  const found = INVISIBLE.filter(([pattern]) => pattern.test(value)).map(([, label]) => label);
  if (singleLine && /[\r\n]/.test(value)) found.push('line breaks');
  return found.length ? found.join(' and ') : undefined;
}

const COMMON_VALUES = new Set([
  'password', 'passw0rd', 'password1', 'password123', 'changeme', 'change-me', 'changeit', 'secret', 'secret123',
  'admin', 'admin123', 'root', 'toor', 'letmein', 'welcome', 'default', 'test', 'testing', 'test123', 'qwerty',
  '123456', '12345678', '123456789', '1234567890', 'abc123', 'dev', 'development', 'staging', 'production',
  'example', 'sample', 'dummy', 'foobar', 'foo', 'bar', 'todo', 'xxx', 'null', 'none', 'undefined', 'token',
  'apikey', 'api_key', 'your-api-key', 'your_api_key', 'insert-key-here', 'postgres', 'mysql', 'redis', 'guest',
]);

/** Estimated entropy in bits: length × log2(size of the character classes used). */
export function estimateEntropyBits(value: string): number {
  let pool = 0;
  if (/[a-z]/.test(value)) pool += 26;
  if (/[A-Z]/.test(value)) pool += 26;
  if (/[0-9]/.test(value)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(value)) pool += 33;
  const distinct = new Set(value).size;
  // A long run of few distinct characters is not as strong as its length suggests.
  const effectiveLength = Math.min(value.length, distinct * 3);
  return pool ? effectiveLength * Math.log2(pool) : 0;
}

export function weaknessOf(value: string): string | undefined {
  const trimmed = value.trim();
  if (COMMON_VALUES.has(trimmed.toLowerCase())) return 'a common placeholder or default';
  if (trimmed.length < 12) return `only ${trimmed.length} character${trimmed.length === 1 ? '' : 's'}`;
  // Structured values (URLs with credentials, PEM blocks) are judged by length only.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || trimmed.startsWith('-----BEGIN')) return undefined;
  const bits = estimateEntropyBits(trimmed);
  if (bits < 60) return `low entropy (about ${Math.round(bits)} bits)`;
  return undefined;
}

export interface EnvironmentDiff {
  app: string;
  from: string;
  to: string;
  added: string[];
  removed: string[];
  changed: string[];
  same: string[];
}

/** Keys added / removed / changed going from one environment to another (values compared by fingerprint). */
export function diffEnvironments(
  state: VaultState,
  appName: string,
  from: string,
  to: string,
  fingerprint: (value: string) => string,
): EnvironmentDiff {
  const app = findApp(state, appName);
  findEnv(app, from);
  findEnv(app, to);
  const report = auditApp(state, appName, { now: new Date(0), fingerprint });
  const fromIndex = report.envs.indexOf(from);
  const toIndex = report.envs.indexOf(to);
  const diff: EnvironmentDiff = { app: appName, from, to, added: [], removed: [], changed: [], same: [] };
  for (const row of report.rows) {
    const a = row.cells[fromIndex];
    const b = row.cells[toIndex];
    const inA = a?.state === 'live';
    const inB = b?.state === 'live';
    if (!inA && inB) diff.added.push(row.key);
    else if (inA && !inB) diff.removed.push(row.key);
    else if (inA && inB) (a.fingerprint === b.fingerprint ? diff.same : diff.changed).push(row.key);
  }
  return diff;
}
