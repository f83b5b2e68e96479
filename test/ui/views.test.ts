// The audit grid, the diff, the history and the palette's command line, through the reducer:
// the data arrives as actions (computed here with the domain and a keyless fingerprint).
import { describe, expect, it } from 'vitest';
import { auditApp, diffEnvironments } from '../../src/domain/index.js';
import type { AuditEntry, VaultState } from '../../src/domain/index.js';
import { commandChoices } from '../../src/ui/presenters/palette.js';
import type { Effect } from '../../src/ui/state/actions.js';
import { contextOf } from '../../src/ui/state/context.js';
import { currentPath, derive } from '../../src/ui/state/selectors.js';
import type { UiState } from '../../src/ui/state/types.js';
import { bigVault, commits, dispatch, keys, NOW, ui } from './fixtures.js';
import { auditVault, fakeFingerprint } from './operator-fixtures.js';

type Run = { state: UiState; effects: Effect[] };

function analyse(run: Run, vault: VaultState = auditVault()): UiState {
  const effect = run.effects.find((e): e is Extract<Effect, { type: 'analyse' }> => e.type === 'analyse');
  if (!effect) throw new Error('no analyse effect');
  const { analysis, token } = effect;
  const report = auditApp(vault, analysis.app, { now: NOW, fingerprint: fakeFingerprint });
  const result =
    analysis.kind === 'audit'
      ? { kind: 'audit' as const, report }
      : { kind: 'diff' as const, report, diff: diffEnvironments(vault, analysis.app, analysis.from, analysis.to, fakeFingerprint) };
  return dispatch(run.state, { type: 'analysed', token, result }).state;
}

const onApi = (): UiState => ui(auditVault(), { app: 'api', env: 'production' });
const audit = (): UiState => analyse(keys(onApi(), 'a'));

function cellAt(state: UiState): string {
  if (state.mode.type !== 'audit' || !state.mode.report) return '';
  const row = state.mode.report.rows[state.mode.grid.row];
  return `${row?.key}/${row?.cells[state.mode.grid.col]?.env}`;
}

describe('audit grid', () => {
  it('opens on a, asking for the app’s analysis', () => {
    const run = keys(onApi(), 'a');
    expect(run.state.mode).toMatchObject({ type: 'audit', app: 'api', pane: 'grid' });
    expect(run.effects).toContainEqual(expect.objectContaining({ type: 'analyse', analysis: { kind: 'audit', app: 'api' } }));
    const state = analyse(run);
    expect(state.mode.type === 'audit' && state.mode.report?.rows.map((r) => r.key)).toEqual(['DATABASE_URL', 'PORT', 'SEALED_KEY', 'TOKEN']);
  });

  it('moves over cells with j/k and h/l, and scrolls a big grid', () => {
    expect(cellAt(keys(audit(), 'j', 'l', 'l').state)).toBe('PORT/production');
    expect(cellAt(keys(audit(), 'G', 'l', 'l', 'l', 'l').state)).toBe('TOKEN/production');
    const big = analyse(keys(ui(bigVault(300), { app: 'big', env: 'production' }), 'a'), bigVault(300));
    const bottom = keys(big, 'G').state;
    expect(bottom.mode.type === 'audit' && bottom.mode.grid).toMatchObject({ row: 299 });
    expect(bottom.mode.type === 'audit' && bottom.mode.grid.top).toBeGreaterThan(250);
  });

  it('jumps to the cell’s secret on enter, and explains a missing cell', () => {
    const jumped = keys(audit(), 'G', 'l', 'l', 'enter').state;
    expect(jumped.mode.type).toBe('browse');
    expect(jumped.focus).toBe('secrets');
    expect(currentPath(jumped)).toMatchObject({ app: 'api', env: 'production', key: 'TOKEN' });
    expect(keys(audit(), 'enter').state.toast?.text).toBe('DATABASE_URL is missing in development: nothing to open there.');
  });

  it('lists findings, high first — production sharing staging’s value among them; enter opens one', () => {
    const state = keys(audit(), 'tab').state;
    const findings = state.mode.type === 'audit' ? (state.mode.report?.findings ?? []) : [];
    const reuse = findings.findIndex((f) => f.kind === 'prod-reuse');
    expect(findings[reuse]).toMatchObject({ severity: 'high', key: 'TOKEN', env: 'production', message: 'TOKEN in production holds the same value as staging' });
    expect(findings.map((f) => f.severity)).toEqual([...findings.map((f) => f.severity)].sort((a, b) => ['high', 'medium', 'low'].indexOf(a) - ['high', 'medium', 'low'].indexOf(b)));
    expect(keys(state, 'h').state.toast?.text).toBe('Env: the findings list has no columns (tab goes to the grid).');
    const onReuse = keys(state, ...Array<string>(reuse).fill('j')).state;
    expect(currentPath(keys(onReuse, 'enter').state)).toMatchObject({ app: 'api', env: 'production', key: 'TOKEN' });
  });

  it('copies a value to an environment that lacks it, as a new secret with the same metadata', () => {
    const picking = keys(audit(), 'l', 'c').state; // DATABASE_URL in staging
    expect(contextOf(picking)).toBe('copy-target');
    const asked = dispatch(picking, { type: 'pick', value: 'development' }).state;
    expect(asked.mode).toMatchObject({ type: 'confirm', title: 'Copy DATABASE_URL from staging to development?' });
    expect(asked.mode.type === 'confirm' && asked.mode.lines[0]).toBe("staging's value (v1) becomes v1 of a new secret in api/development.");
    const run = keys(asked, 'y');
    expect(commits(run)[0]?.op).toEqual({
      kind: 'set-many',
      purpose: 'copy',
      from: 'staging',
      writes: [{ app: 'api', env: 'development', key: 'DATABASE_URL', value: 'postgres://staging', expectedVersion: 0, meta: { type: 'secret', kind: 'env', tags: [], path: '/' } }],
    });
    expect(run.state.mode.type).toBe('audit'); // back to the grid once saved
    const refreshed = dispatch(run.state, { type: 'committed', vault: auditVault(), message: 'Copied' });
    expect(refreshed.effects).toContainEqual(expect.objectContaining({ type: 'analyse' }));
  });

  it('asks for the typed key to copy into a protected environment, and refuses a copy of the same value', () => {
    const toProduction = dispatch(keys(audit(), 'l', 'c').state, { type: 'pick', value: 'production' }).state;
    expect(toProduction.mode).toMatchObject({ type: 'confirm-typed', expected: 'DATABASE_URL' });
    expect(toProduction.mode.type === 'confirm-typed' && toProduction.mode.lines[0]).toBe("staging's value (v1) becomes production's v2; v1 stays in the history.");
    expect(keys(toProduction, 'esc').state.mode.type).toBe('audit');
    const same = dispatch(keys(audit(), 'G', 'l', 'c').state, { type: 'pick', value: 'production' }).state;
    expect(same.toast?.text).toBe('TOKEN in production already holds the same value.');
    expect(keys(audit(), 'c').state.toast?.text).toBe('Copy to…: DATABASE_URL is missing in development: nothing to copy.');
  });
});

describe('command line, diff and history', () => {
  const palette = (text: string) => dispatch(keys(onApi(), ':').state, { type: 'draft', text });

  it('lists a typed command’s forms and runs diff ENV_A ENV_B', () => {
    const typed = palette('diff staging prod').state;
    expect(commandChoices(typed, derive(typed), 'diff staging prod').map((c) => c.typed)).toEqual(['diff staging production']);
    const run = keys(typed, 'enter');
    expect(run.state.mode).toMatchObject({ type: 'diff', app: 'api', from: 'staging', to: 'production' });
    const diff = analyse(run);
    expect(diff.mode.type === 'diff' && diff.mode.result?.diff).toMatchObject({ added: ['PORT', 'SEALED_KEY'], changed: ['DATABASE_URL'], same: ['TOKEN'] });
    const opened = keys(diff, 'j', 'enter').state; // PORT, only in production
    expect(currentPath(opened)).toMatchObject({ app: 'api', env: 'production', key: 'PORT' });
  });

  it('says why a typed command cannot run', () => {
    expect(keys(palette('diff staging nowhere').state, 'enter').state.mode).toMatchObject({
      error: 'api has no environment nowhere: it has development, staging, production.',
    });
    expect(keys(palette('frobnicate').state, 'enter').state.mode).toMatchObject({ error: expect.stringMatching(/^No command matches “frobnicate”/) });
  });

  it('moves through the choices with ↑/↓ and fills in a command that takes arguments', () => {
    const state = keys(onApi(), ':', 'down', 'down').state;
    expect(state.mode).toMatchObject({ cursor: 2 });
    expect(keys(state, 'enter').state.mode).toMatchObject({ type: 'palette', page: 'root', query: 'diff ' });
  });

  it('opens the history of the app, newest first, and jumps from an entry', () => {
    const run = keys(palette('log').state, 'enter');
    expect(run.effects).toContainEqual(expect.objectContaining({ type: 'load-log', scope: { app: 'api' } }));
    const token = run.state.mode.type === 'log' ? run.state.mode.token : 0;
    const entry = (seq: number, key: string): AuditEntry => ({ seq, at: NOW.toISOString(), actor: 'tester', action: 'secret.set', app: 'api', env: 'production', key, prev: '', hash: '' });
    const loaded = dispatch(run.state, { type: 'log-loaded', token, entries: [entry(1, 'DATABASE_URL'), entry(2, 'TOKEN')], chain: { ok: true, entries: 2 } }).state;
    expect(loaded.mode.type === 'log' && loaded.mode.entries?.map((e) => e.seq)).toEqual([2, 1]);
    expect(currentPath(keys(loaded, 'enter').state)).toMatchObject({ env: 'production', key: 'TOKEN' });
  });

  it('opens the settings form from the command line', () => {
    expect(keys(palette('settings').state, 'enter').state.mode).toMatchObject({
      type: 'settings',
      draft: { clipboardSeconds: '45', idleLockMinutes: '5', revealSeconds: '30' },
    });
  });
});
