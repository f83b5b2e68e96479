// audit, diff: per-environment hygiene. The grid, findings and comparisons are the domain's
// (hygiene.ts); values are compared by keyed fingerprint and never printed.
import type { Command } from 'commander';
import { auditApp, diffEnvironments } from '../../domain/hygiene.js';
import type { AuditReport, Finding, Severity } from '../../domain/hygiene.js';
import type { App } from '../../domain/model.js';
import { validateAppName, validateEnvName } from '../../domain/names.js';
import { findApp, findEnv, listApps } from '../../domain/queries.js';
import { parseScope } from '../address.js';
import type { Cli } from '../cli.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../output.js';
import {
  FINDING_COLUMNS,
  GRID_LEGEND,
  SEVERITIES,
  auditJson,
  diffRows,
  diffSummary,
  findingRow,
  findingsSummary,
  gridHeader,
  gridRows,
} from '../present-audit.js';
import { UsageError } from '../usage.js';
import { vaultCommand } from './common.js';

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

export function registerAuditCommands(program: Command, cli: Cli): void {
  const { io } = cli;

  vaultCommand(program, 'audit', "an app's keys across its environments, and hygiene findings; exit 9 when there are any")
    .argument('[app]', 'one app (or shared); every app when left out')
    .option('--json', 'print JSON for scripts (format in the README)')
    .option('--fail-on <severity>', `exit 9 only for findings this severe or worse: ${SEVERITIES.join(' | ')}`, 'low')
    .addHelpText(
      'after',
      [
        '',
        "The grid has one row per key found in any of the app's environments (shared-scope secrets",
        'included) and one column per environment (* = protected). A cell is "missing", the current',
        'version "vN", "vN deleted" or "vN destroyed", with "sealed" and "shared" (inherited from',
        'the shared scope) when they apply. Cells marked with the same =A, =B … hold the same value:',
        'compared by keyed fingerprint, never shown.',
        '',
        'Findings (severity high, medium or low): production holding the same value as another',
        'environment, values reused across environments, rotation overdue, values unchanged for',
        'over a year without a policy, leading/trailing whitespace, invisible or control characters,',
        'empty and weak values, and keys set in some environments but missing in others.',
        '',
        'Exit 0 when there is no finding at or above --fail-on (default low: any finding), 9',
        'otherwise, so `coffer audit` can gate a deploy pipeline.',
        '',
        'Examples:',
        '  coffer audit api',
        '  coffer audit --fail-on high || exit 1',
        "  coffer audit --json | jq -r '.findings[] | select(.severity == \"high\") | .message'",
      ].join('\n'),
    )
    .action(async (appText: string | undefined, options: { json?: boolean; failOn: string }, command: Command) => {
      const scope = parseScope(appText);
      if (scope.env !== undefined) {
        throw new UsageError('audit takes an app, not an environment.', `Run \`coffer audit ${scope.app}\`: it covers every environment of it.`);
      }
      const failOn = parseSeverity(options.failOn);
      const audited = await cli.withSession(command, async (session) => {
        const apps = scope.app === undefined ? listApps(session.state) : [findApp(session.state, scope.app)];
        const auditOptions = { now: cli.now, fingerprint: (value: string) => session.fingerprint(value) };
        return apps.map((app) => ({ app, report: auditApp(session.state, app.name, auditOptions) }));
      });
      const findings = sortFindings(audited);
      if (options.json) io.json(auditJson(audited, findings));
      else printAudit(cli, audited, findings);
      if (findings.some((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[failOn])) cli.exitCode = EXIT.findings;
    });

  vaultCommand(program, 'diff', 'compare two environments of an app: keys added, removed, changed or the same (never values)')
    .argument('<app>', 'the app (or shared)')
    .argument('<from>', 'the environment to compare from, e.g. staging')
    .argument('<to>', 'the environment to compare to, e.g. production')
    .option('--json', 'print JSON for scripts: {app, from, to, added, removed, changed, same}')
    .addHelpText(
      'after',
      [
        '',
        'Compares the resolved environments (shared-scope secrets included), by keyed fingerprint:',
        'added = live only in TO, removed = live only in FROM, changed = live in both with',
        'different values, same = live in both with the same value. A deleted secret counts as',
        'absent. Always exits 0 when the comparison could be made.',
        '',
        'Examples:',
        '  coffer diff api staging production',
        "  coffer diff api staging production --json | jq -r '.removed[]'",
      ].join('\n'),
    )
    .action(async (appText: string, from: string, to: string, options: { json?: boolean }, command: Command) => {
      if (appText.includes('/')) throw new UsageError('diff takes the app and the two environments as three words.', 'e.g. coffer diff api staging production');
      const app = validateAppName(appText, { allowShared: true });
      validateEnvName(from);
      validateEnvName(to);
      const diff = await cli.withSession(command, async (session) => {
        const found = findApp(session.state, app);
        findEnv(found, from);
        findEnv(found, to);
        return diffEnvironments(session.state, app, from, to, (value) => session.fingerprint(value));
      });
      if (options.json) {
        io.json(diff);
        return;
      }
      const rows = diffRows(diff, io.out);
      if (rows.length) io.print(renderTable(['KEY', `${from} → ${to}`], rows, io.out));
      io.print(`${app}: ${from} → ${to}: ${diffSummary(diff)}`);
    });
}

function parseSeverity(text: string): Severity {
  if ((SEVERITIES as readonly string[]).includes(text)) return text as Severity;
  throw new UsageError(`${JSON.stringify(text)} is not a severity.`, `Use one of ${SEVERITIES.join(', ')}.`);
}

/** Most severe first; then apps in display order, then key. */
function sortFindings(audited: ReadonlyArray<{ app: App; report: AuditReport }>): Finding[] {
  const appOrder = new Map(audited.map(({ app }, i) => [app.name, i]));
  return audited
    .flatMap(({ report }) => report.findings)
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        (appOrder.get(a.app) ?? 0) - (appOrder.get(b.app) ?? 0) ||
        a.key.localeCompare(b.key) ||
        (a.env ?? '').localeCompare(b.env ?? ''),
    );
}

function printAudit(cli: Cli, audited: ReadonlyArray<{ app: App; report: AuditReport }>, findings: Finding[]): void {
  const { io } = cli;
  const blocks: string[] = [];
  for (const { app, report } of audited) {
    if (report.rows.length === 0) {
      blocks.push(`${io.out.bold(app.name)}: no secrets\n`);
      continue;
    }
    blocks.push(`${io.out.bold(app.name)}\n${renderTable(gridHeader(app), gridRows(report, io.out), io.out)}`);
  }
  io.print(blocks.join('\n'));
  if (audited.some(({ report }) => report.rows.length > 0)) io.print(io.out.dim(GRID_LEGEND));
  io.print('');
  if (findings.length) io.print(renderTable(FINDING_COLUMNS, findings.map((f) => findingRow(f, io.out)), io.out));
  io.print(findingsSummary(findings));
}
