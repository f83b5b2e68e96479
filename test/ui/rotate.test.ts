// Rotation (o), marks (space) and undo (ctrl-z) through the reducer, without rendering: the
// effects it asks for, the confirmation it builds, and the one commit it makes.
import { describe, expect, it } from 'vitest';
import { applyChanges, findSecret, generateValue } from '../../src/domain/index.js';
import type { VaultState } from '../../src/domain/index.js';
import { footerHints } from '../../src/ui/presenters/footer.js';
import { helpLines } from '../../src/ui/presenters/help.js';
import { suggestPreset } from '../../src/ui/state/commands/rotate.js';
import { derive } from '../../src/ui/state/selectors.js';
import type { Effect } from '../../src/ui/state/actions.js';
import { mutationFor } from '../../src/ui/state/write-ops.js';
import type { UiState } from '../../src/ui/state/types.js';
import { commits, ctx, dispatch, keys, smallVault, ui } from './fixtures.js';
import { seededRandom } from './operator-fixtures.js';

const token = { app: 'api', env: 'production', key: 'TOKEN' };
const onToken = (): UiState => ({ ...ui(smallVault(), token), focus: 'secrets' });
const staging = (): UiState => ({ ...ui(smallVault(), { app: 'api', env: 'staging', key: 'DATABASE_URL' }), focus: 'secrets' });

function generateEffect(effects: Effect[]): Extract<Effect, { type: 'generate' }> {
  const effect = effects.find((e): e is Extract<Effect, { type: 'generate' }> => e.type === 'generate');
  if (!effect) throw new Error('no generate effect');
  return effect;
}

/** Answers the last generate effect the way the effect runner would. */
function answer(run: { state: UiState; effects: Effect[] }, seed = 7): UiState {
  const effect = generateEffect(run.effects);
  const random = seededRandom(seed);
  const values = Array.from({ length: effect.count }, () => generateValue(effect.spec, random));
  return dispatch(run.state, { type: 'generated', token: effect.token, values }).state;
}

/** What the vault would hold after the commit effects of a run. */
function committed(vault: VaultState, run: { state: UiState; effects: Effect[] }): VaultState {
  return commits(run).reduce((state, e) => applyChanges(state, mutationFor(e.op)(state, ctx).changes), vault);
}

describe('rotate one secret', () => {
  it('opens the panel on letters and digits, 32 long, and asks for one value', () => {
    const run = keys(onToken(), 'o');
    expect(run.state.mode).toMatchObject({ type: 'rotate', preset: 'alnum', length: 32, values: [], show: false });
    expect(generateEffect(run.effects)).toMatchObject({ spec: { preset: 'alnum', length: 32 }, count: 1 });
  });

  it('changes preset and length, asking for new values each time and ignoring late answers', () => {
    const opened = keys(onToken(), 'o');
    const hex = keys(opened.state, 'j');
    expect(hex.state.mode).toMatchObject({ preset: 'hex', length: 64 });
    expect(generateEffect(hex.effects).spec).toEqual({ preset: 'hex', length: 64 });
    const longer = keys(hex.state, '+', '+');
    expect(longer.state.mode).toMatchObject({ length: 66 });
    // The first answer (for alnum) arrives late: it is not shown for hex.
    const late = dispatch(longer.state, { type: 'generated', token: generateEffect(opened.effects).token, values: ['stale'] });
    expect(late.state.mode).toMatchObject({ values: [] });
    expect(keys(opened.state, 'k').state.mode).toMatchObject({ preset: 'words', length: 6 });
  });

  it('refuses a length out of the preset’s range with its bounds', () => {
    let state = keys(onToken(), 'o').state;
    state = keys(state, ...Array<string>(30).fill('-')).state;
    expect(state.mode).toMatchObject({ length: 12 });
    expect(state.toast?.text).toBe('At least 12 characters for this preset.');
  });

  it('previews masked until x, and waits for the values before asking', () => {
    const opened = keys(onToken(), 'o');
    expect(keys(opened.state, 'enter').state.toast?.text).toBe('Still generating…');
    const ready = answer(opened);
    expect(keys(ready, 'x').state.mode).toMatchObject({ show: true });
    expect(keys(ready, 'x', 'x').state.mode).toMatchObject({ show: false });
  });

  it('asks for the typed key in a protected environment, then commits a generated version', () => {
    const ready = answer(keys(onToken(), 'o'));
    const asked = keys(ready, 'enter').state;
    expect(asked.mode).toMatchObject({ type: 'confirm-typed', title: 'Rotate TOKEN in api/production?', expected: 'TOKEN' });
    const value = ready.mode.type === 'rotate' ? ready.mode.values[0] : undefined;
    const run = keys(dispatch(asked, { type: 'draft', text: 'TOKEN' }).state, 'enter');
    expect(commits(run)).toEqual([
      expect.objectContaining({
        op: { kind: 'set-many', purpose: 'rotate', writes: [{ ...token, value, expectedVersion: 3, origin: { type: 'generate' } }] },
        message: 'Rotated TOKEN: generated v4.',
      }),
    ]);
    const after = findSecret(committed(smallVault(), run), 'api', 'production', 'TOKEN').versions.at(-1);
    expect(after).toMatchObject({ n: 4, value, origin: { type: 'generate' } });
  });

  it('asks y/N elsewhere; N goes back to the panel, esc leaves it', () => {
    const ready = answer(keys(staging(), 'o'));
    const asked = keys(ready, 'enter').state;
    expect(asked.mode).toMatchObject({ type: 'confirm', title: 'Rotate DATABASE_URL in api/staging?' });
    const no = keys(asked, 'n');
    expect(no.state.mode.type).toBe('rotate');
    expect(commits(no)).toEqual([]);
    expect(keys(no.state, 'esc').state.mode.type).toBe('browse');
    expect(commits(keys(asked, 'y'))).toHaveLength(1);
  });

  it('guesses the preset from the current value’s shape', () => {
    expect(suggestPreset('a'.repeat(40).replace(/a/g, 'f'))).toEqual({ preset: 'hex', length: 40 });
    expect(suggestPreset('correct-horse-battery-staple-x')).toEqual({ preset: 'words', length: 5 });
    expect(suggestPreset('postgres://u:p@h/db')).toEqual({ preset: 'alnum', length: 32 });
  });
});

describe('marks and rotating several together', () => {
  const marked = () => keys({ ...ui(smallVault(), { app: 'api', env: 'production', key: 'DATABASE_URL' }), focus: 'secrets' }, 'space', 'j', 'space');

  it('marks rows with space, moving down, and says o rotates them together', () => {
    const { state } = marked();
    expect(state.marks).toEqual({ app: 'api', env: 'production', keys: ['DATABASE_URL', 'SEALED_KEY'] });
    expect(state.toast?.text).toBe('2 marked in api/production: o rotates them together.');
    expect(keys(state, 'k', 'space').state.marks?.keys).toEqual(['DATABASE_URL']);
  });

  it('keeps marks to one environment at a time', () => {
    const state = marked().state;
    const moved = keys({ ...state, focus: 'envs' }, 'k', 'l', 'space').state; // api/staging
    expect(moved.marks).toEqual({ app: 'api', env: 'staging', keys: ['DATABASE_URL'] });
    expect(moved.toast?.text).toContain('dropped 2 in api/production');
  });

  it('rotates the marked rows with one confirmation listing them, as ONE commit', () => {
    const opened = keys(marked().state, 'o');
    expect(opened.state.mode).toMatchObject({ type: 'rotate', fromMarks: true, targets: [{ address: { key: 'DATABASE_URL' } }, { address: { key: 'SEALED_KEY' } }] });
    expect(generateEffect(opened.effects).count).toBe(2);
    const asked = keys(answer(opened), 'enter').state;
    expect(asked.mode).toMatchObject({ type: 'confirm-typed', title: 'Rotate 2 secrets in api/production?', expected: 'production' });
    expect(asked.mode.type === 'confirm-typed' && asked.mode.lines).toEqual(
      expect.arrayContaining(['  DATABASE_URL  v1 → v2', '  SEALED_KEY  v1 → v2', 'Sealed: 1 new values are never shown again after saving.']),
    );
    const run = keys(dispatch(asked, { type: 'draft', text: 'production' }).state, 'enter');
    const [commit] = commits(run);
    expect(commits(run)).toHaveLength(1);
    expect(commit).toMatchObject({ clearMarks: true, journal: { push: { writes: [{ before: 1, after: 2 }, { before: 1, after: 2 }] } } });
    expect(commit?.op.kind === 'set-many' && commit.op.writes.map((w) => w.key)).toEqual(['DATABASE_URL', 'SEALED_KEY']);
    const values = commit?.op.kind === 'set-many' ? commit.op.writes.map((w) => w.value) : [];
    expect(new Set(values).size).toBe(2); // each its own value
    const vault = committed(smallVault(), run);
    const done = dispatch(run.state, { type: 'committed', vault, message: 'Rotated', clearMarks: true, ...(commit?.journal && { journal: commit.journal }) }).state;
    expect(done.marks).toBeUndefined();
    expect(done.journal).toHaveLength(1);
  });

  it('greys o without a selection and says why', () => {
    const state: UiState = { ...ui(smallVault(), { app: 'api', env: 'development' }), focus: 'secrets' };
    expect(keys(state, 'o').state.toast?.text).toBe('Rotate: no secret selected.');
  });
});

describe('undo (ctrl-z)', () => {
  it('has nothing to undo at first, and says so when pressed and in help — the footer shows it once it applies', () => {
    expect(keys(onToken(), 'ctrl-z').state.toast?.text).toBe('Undo: nothing to undo: no value changed in this session.');
    const c = { state: onToken(), derived: derive(onToken()) };
    expect(helpLines('secrets', c)).toContainEqual(expect.objectContaining({ keys: 'ctrl-z', disabled: 'nothing to undo: no value changed in this session' }));
    expect(footerHints('secrets', c).map((h) => h.key)).not.toContain('ctrl-z');
    const later = { ...onToken(), journal: [{ writes: [{ address: token, before: 1, after: 3 }] }] };
    expect(footerHints('secrets', { state: later, derived: derive(later) })).toContainEqual({ key: 'ctrl-z', label: 'undo' });
  });

  /** TOKEN edited to "mine" (v4), committed and journalled like the effect runner does. */
  function edited(): { state: UiState; vault: VaultState } {
    const run = dispatch(keys(onToken(), 'e').state, { type: 'draft', text: 'mine' }, { type: 'key', key: 'enter' });
    const [commit] = commits(run);
    expect(commit?.journal).toEqual({ push: { writes: [{ address: token, before: 3, after: 4 }] } });
    const vault = committed(smallVault(), run);
    const state = dispatch(run.state, { type: 'committed', vault, message: 'Saved', ...(commit?.journal && { journal: commit.journal }) }).state;
    return { state, vault };
  }

  it('writes the previous value as a new version, expecting the version it made', () => {
    const { state, vault } = edited();
    const run = keys(state, 'ctrl-z');
    const [commit] = commits(run);
    expect(commit).toMatchObject({
      op: { kind: 'set-many', purpose: 'undo', writes: [{ ...token, value: 'token-3', expectedVersion: 4, origin: { type: 'rollback', of: 3 } }] },
      journal: { pop: true },
      message: "Undid your change to TOKEN: v3's value is now v5 (history kept).",
    });
    const after = committed(vault, run);
    expect(findSecret(after, 'api', 'production', 'TOKEN').versions.map((v) => v.n)).toEqual([1, 2, 3, 4, 5]);
    const done = dispatch(run.state, { type: 'committed', vault: after, message: 'Undid', journal: { pop: true } }).state;
    expect(keys(done, 'ctrl-z').state.toast?.text).toMatch(/nothing to undo/);
  });

  it('refuses once the secret changed since, or when the change created it', () => {
    const { state, vault } = edited();
    const theirs = applyChanges(vault, mutationFor({ kind: 'set-value', address: token, value: 'theirs', expectedVersion: 4 })(vault, ctx).changes);
    const moved = dispatch(state, { type: 'vault-changed', vault: theirs }).state;
    expect(keys(moved, 'ctrl-z').state.toast?.text).toBe('Undo: TOKEN changed since (now v5).');
    const created = { ...state, journal: [{ writes: [{ address: { ...token, key: 'NEW' }, before: 0, after: 1 }] }] };
    expect(keys(created, 'ctrl-z').state.toast?.text).toBe('Undo: NEW no longer exists.');
    const made = { ...state, journal: [{ writes: [{ address: { ...token, key: 'DATABASE_URL' }, before: 0, after: 1 }] }] };
    expect(keys(made, 'ctrl-z').state.toast?.text).toBe('Undo: DATABASE_URL was created by that change: d deletes it.');
  });
});
