// a: the audit of one app — a grid of its keys (rows) across its environments (columns), which
// cells hold the same value (by fingerprint), and the hygiene findings below. Both lists are
// windowed: only the rows (and environment columns) that fit are drawn.
import { Box, Text } from 'ink';
import type { AuditReport, GridRow } from '../../domain/index.js';
import { Picker } from '../components/picker.js';
import { cellView, findingsSummary, findingText, GRID_LEGEND, SEVERITY_TONE } from '../presenters/audit.js';
import { sanitise } from '../presenters/sanitise.js';
import { fitText } from '../presenters/width.js';
import { copyTargets } from '../state/commands/audit-copy.js';
import type { UiState, Viewport } from '../state/types.js';
import { auditRows, gridGeometry } from '../state/view-layout.js';
import type { GridGeometry } from '../state/view-layout.js';
import type { AuditMode } from '../state/view-types.js';
import { ROW_COLOURS, rowStyle, theme } from '../theme.js';
import { DialogFrame } from './dialog-frame.js';

const GROUP_COLOURS = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'];

function groupColour(letter: string): string {
  return GROUP_COLOURS[(letter.charCodeAt(0) - 65) % GROUP_COLOURS.length] as string;
}

interface GridProps {
  report: AuditReport;
  mode: AuditMode;
  geometry: GridGeometry;
  rows: number;
  protectedEnvs: ReadonlySet<string>;
}

function GridHeader({ report, mode, geometry, protectedEnvs }: Omit<GridProps, 'rows'>) {
  const envs = report.envs.slice(mode.grid.left, mode.grid.left + geometry.cols);
  const more = report.envs.length > geometry.cols ? ` ${mode.grid.left + 1}–${mode.grid.left + envs.length}/${report.envs.length}` : '';
  return (
    <Text bold color={theme.muted} wrap="truncate-end">
      {`${fitText(` KEY${more}`, geometry.keyWidth - 1)} `}
      {envs.map((env) => fitText(`${sanitise(env)}${protectedEnvs.has(env) ? ' ◆' : ''}`, geometry.cellWidth)).join('')}
    </Text>
  );
}

function GridLine({ row, index, report, mode, geometry }: { row: GridRow; index: number } & Omit<GridProps, 'rows' | 'protectedEnvs'>) {
  const current = index === mode.grid.row;
  const focused = current && mode.pane === 'grid';
  const cells = row.cells.slice(mode.grid.left, mode.grid.left + geometry.cols);
  return (
    <Text wrap="truncate-end">
      <Text bold={current} color={focused ? theme.accent : undefined}>
        {`${fitText(`${current ? '▸' : ' '}${sanitise(row.key)}`, geometry.keyWidth - 1)} `}
      </Text>
      {cells.map((cell, i) => {
        const view = cellView(cell, report.app);
        const selected = focused && mode.grid.left + i === mode.grid.col;
        const text = fitText(view.text, geometry.cellWidth - 1);
        const colour = view.group ? groupColour(view.group) : ROW_COLOURS[view.tone];
        return (
          <Text key={cell.env}>
            <Text inverse={selected} {...(colour ? { color: colour } : {})}>
              {text}
            </Text>{' '}
          </Text>
        );
      })}
    </Text>
  );
}

export interface AuditViewProps {
  mode: AuditMode;
  state: UiState;
  onPick: (value: string) => void;
  viewport: Viewport;
  width: number;
  rows: number;
}

export function AuditView({ mode, state, onPick, viewport, width, rows }: AuditViewProps) {
  const report = mode.report;
  const title = `Audit of ${sanitise(mode.app)}`;
  if (!report) {
    return (
      <DialogFrame title={title} width={width} rows={rows}>
        <Text color={theme.muted}>Auditing…</Text>
      </DialogFrame>
    );
  }
  const sizes = auditRows(viewport, report.rows.length, report.findings.length);
  const geometry = gridGeometry(viewport, report.envs.length);
  const protectedEnvs = new Set(state.vault.apps[mode.app]?.envs.filter((e) => e.protected).map((e) => e.name) ?? []);
  const gridRows = report.rows.slice(mode.grid.top, mode.grid.top + sizes.grid);
  const findings = report.findings.slice(mode.findings.top, mode.findings.top + sizes.findings);
  const shape = `${report.rows.length} key${report.rows.length === 1 ? '' : 's'} × ${report.envs.length} environment${report.envs.length === 1 ? '' : 's'}`;
  return (
    <DialogFrame title={`${title} · ${shape}`} note={GRID_LEGEND} width={width} rows={rows}>
      <GridHeader report={report} mode={mode} geometry={geometry} protectedEnvs={protectedEnvs} />
      <Box flexDirection="column" height={sizes.grid}>
        {gridRows.length === 0 ? <Text color={theme.muted}> no secrets in any environment yet</Text> : null}
        {gridRows.map((row, i) => (
          <GridLine key={row.key} row={row} index={mode.grid.top + i} report={report} mode={mode} geometry={geometry} />
        ))}
      </Box>
      {mode.copying ? (
        <CopyPicker mode={mode} state={state} onPick={onPick} rows={sizes.findings} />
      ) : (
        <>
          <Text wrap="truncate-end" bold={mode.pane === 'findings'} color={mode.pane === 'findings' ? theme.accent : theme.muted}>
            {`Findings (tab) · ${findingsSummary(report.findings)}`}
          </Text>
          <Box flexDirection="column" height={sizes.findings}>
            {report.findings.length === 0 ? <Text color={theme.success}> Nothing to report: no reuse, gaps, weak or stale values.</Text> : null}
            {findings.map((finding, i) => {
              const selected = mode.pane === 'findings' && mode.findings.top + i === mode.findings.cursor;
              return (
                <Text key={i} wrap="truncate-end" {...rowStyle(selected, ROW_COLOURS[SEVERITY_TONE[finding.severity]])}>
                  {`${selected ? '▸' : ' '}${findingText(finding)}`}
                </Text>
              );
            })}
          </Box>
        </>
      )}
    </DialogFrame>
  );
}

function CopyPicker({ mode, state, onPick, rows }: { mode: AuditMode; state: UiState; onPick: (value: string) => void; rows: number }) {
  const copying = mode.copying as NonNullable<AuditMode['copying']>;
  const choices = copyTargets(state, mode).map((target) => {
    const view = cellView(target.cell, mode.app);
    const source = mode.report?.rows.find((r) => r.key === copying.key)?.cells.find((c) => c.env === copying.env);
    const same = source?.sameAs !== undefined && source.sameAs === target.cell.sameAs;
    const holds = same ? 'already holds the same value' : target.cell.state === 'missing' ? 'missing: gets a new secret' : `now ${view.text}: a new version`;
    return { value: target.env, label: `${sanitise(target.env)}${target.protected ? ' ◆ (type the key to confirm)' : ''} — ${holds}` };
  });
  return (
    <Box flexDirection="column">
      <Text bold color={theme.accent} wrap="truncate-end">
        {`Copy ${sanitise(copying.key)} from ${sanitise(copying.env)} to… (the value is not shown)`}
      </Text>
      <Picker choices={choices} onPick={onPick} limit={Math.max(1, rows)} />
    </Box>
  );
}
