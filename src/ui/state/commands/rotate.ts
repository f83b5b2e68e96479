// o: rotate the selected secret — or the rows marked with space, together — to generated values.
// The panel picks a preset and length and previews the values masked; enter asks once (y/N, or
// the typed name in a protected environment) and saves every value as a new version with origin
// "generate" in ONE check-and-set commit. Values come from the 'generate' effect (randomness
// stays outside the reducer).
import { clampLength, currentValue, currentVersion, GENERATOR_PRESETS, isProtected, presetInfo, secretId } from '../../../domain/index.js';
import type { GeneratorPreset, Secret, SetSecretInput } from '../../../domain/index.js';
import { Command } from '../../keymap/commands.js';
import type { Update } from '../actions.js';
import { moveBy } from '../navigation.js';
import type { Derived } from '../selectors.js';
import { andToast, toast } from '../toast.js';
import type { RotateTarget } from '../panel-types.js';
import type { ConfirmMode, Marks, RotateMode, TypedConfirmMode, UiState } from '../types.js';
import type { WriteOp } from '../write-ops.js';
import type { CommandHandlers } from './types.js';

/** The secrets the marks name that still exist, in key order. */
export function markedSecrets(state: UiState): Secret[] {
  const marks = state.marks;
  if (!marks) return [];
  return marks.keys
    .map((key) => state.vault.secrets[secretId(marks.app, marks.env, key)])
    .filter((s): s is Secret => s !== undefined)
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** A first guess from the current value's shape, so a hex key stays hex; letters and digits otherwise. */
export function suggestPreset(value: string | undefined): { preset: GeneratorPreset; length: number } {
  if (value && /^[0-9a-f]{16,512}$/.test(value)) return { preset: 'hex', length: clampLength('hex', value.length) };
  if (value && /^[a-z]+(-[a-z]+){3,}$/.test(value)) return { preset: 'words', length: clampLength('words', value.split('-').length) };
  return { preset: 'alnum', length: presetInfo('alnum').defaultLength };
}

function target(secret: Secret): RotateTarget {
  return { address: { app: secret.app, env: secret.env, key: secret.key }, expectedVersion: currentVersion(secret)?.n ?? 0, type: secret.type };
}

/** Asks for new values for the panel's current preset and length. */
function regenerate(state: UiState, mode: RotateMode): Update {
  const token = state.serial + 1;
  const next: RotateMode = { ...mode, token, values: [] };
  return [
    { ...state, serial: token, mode: next },
    [{ type: 'generate', token, spec: { preset: next.preset, length: next.length }, count: next.targets.length }],
  ];
}

function open(state: UiState, d: Derived): Update {
  const marked = markedSecrets(state);
  const secrets = marked.length ? marked : [d.secret as Secret];
  const first = secrets[0] as Secret;
  const { preset, length } = suggestPreset(first.type === 'sealed' ? undefined : currentValue(first));
  const mode: RotateMode = { type: 'rotate', targets: secrets.map(target), preset, length, values: [], show: false, token: 0, fromMarks: marked.length > 0 };
  return regenerate(state, mode);
}

function withRotate(handler: (state: UiState, mode: RotateMode) => Update) {
  return (state: UiState): Update => (state.mode.type === 'rotate' ? handler(state, state.mode) : [state, []]);
}

function stepPreset(step: 1 | -1) {
  return withRotate((state, mode) => {
    const at = GENERATOR_PRESETS.findIndex((p) => p.preset === mode.preset);
    const next = GENERATOR_PRESETS[(at + step + GENERATOR_PRESETS.length) % GENERATOR_PRESETS.length] ?? (GENERATOR_PRESETS[0] as (typeof GENERATOR_PRESETS)[number]);
    return regenerate(state, { ...mode, preset: next.preset, length: next.defaultLength });
  });
}

function stepLength(step: 1 | -1) {
  return withRotate((state, mode) => {
    const length = clampLength(mode.preset, mode.length + step);
    if (length === mode.length) {
      const { min, max, unit } = presetInfo(mode.preset);
      return toast(state, `${step > 0 ? `At most ${max}` : `At least ${min}`} ${unit} for this preset.`, 'warning');
    }
    return regenerate(state, { ...mode, length });
  });
}

export function describeSpec(mode: Pick<RotateMode, 'preset' | 'length'>): string {
  const info = presetInfo(mode.preset);
  return `${info.label}, ${mode.length} ${info.unit}`;
}

const LISTED = 6;

/** One confirmation for all targets: y/N, or the typed name when any lies in a protected environment. */
function confirmRotation(state: UiState, mode: RotateMode): Update {
  if (mode.values.length !== mode.targets.length) return toast(state, 'Still generating…', 'warning');
  const writes: SetSecretInput[] = mode.targets.map((t, i) => ({
    ...t.address,
    value: mode.values[i] as string,
    expectedVersion: t.expectedVersion,
    origin: { type: 'generate' },
  }));
  const op: WriteOp = { kind: 'set-many', purpose: 'rotate', writes };
  const first = mode.targets[0] as RotateTarget;
  const where = `${first.address.app}/${first.address.env}`;
  const single = mode.targets.length === 1;
  const title = single ? `Rotate ${first.address.key} in ${where}?` : `Rotate ${mode.targets.length} secrets in ${where}?`;
  const lines = single
    ? [
        `A generated value (${describeSpec(mode)}) becomes v${first.expectedVersion + 1}.`,
        `v${first.expectedVersion} and every other version stay in the history; ctrl-z undoes.`,
      ]
    : [
        `Each gets its own generated value (${describeSpec(mode)}), all in one commit:`,
        ...mode.targets.slice(0, LISTED).map((t) => `  ${t.address.key}  v${t.expectedVersion} → v${t.expectedVersion + 1}`),
        ...(mode.targets.length > LISTED ? [`  … and ${mode.targets.length - LISTED} more`] : []),
      ];
  const sealed = mode.targets.filter((t) => t.type === 'sealed').length;
  if (sealed) lines.push(`Sealed: ${single ? 'the new value is' : `${sealed} new values are`} never shown again after saving.`);
  const protectedEnv = isProtected(state.vault, first.address.app, first.address.env);
  if (protectedEnv) {
    lines.push(`${first.address.env} is a protected environment.`);
    const expected = single ? first.address.key : first.address.env;
    const typed: TypedConfirmMode = { type: 'confirm-typed', title, lines, expected, typed: '', op, back: mode };
    return [{ ...state, mode: typed }, []];
  }
  const confirm: ConfirmMode = { type: 'confirm', title, lines, op, danger: false, back: mode };
  return [{ ...state, mode: confirm }, []];
}

function toggleMark(state: UiState, d: Derived): Update {
  const secret = d.secret as Secret;
  const { app, env, key } = secret;
  const previous = state.marks;
  const elsewhere = previous && (previous.app !== app || previous.env !== env) ? previous : undefined;
  const keys = elsewhere ? [] : [...(previous?.keys ?? [])];
  const at = keys.indexOf(key);
  if (at >= 0) keys.splice(at, 1);
  else keys.push(key);
  const marks: Marks | undefined = keys.length ? { app, env, keys } : undefined;
  const { marks: _old, ...rest } = state;
  const next = moveBy(marks ? { ...rest, marks } : rest, 1);
  const count = keys.length;
  const text = elsewhere
    ? `Marks are per environment: dropped ${elsewhere.keys.length} in ${elsewhere.app}/${elsewhere.env}. 1 marked here.`
    : count
      ? `${count} marked in ${app}/${env}: o rotates ${count === 1 ? 'it' : 'them together'}.`
      : 'No marks left.';
  return toast(next, text);
}

export function clearMarks(state: UiState): UiState {
  const { marks: _dropped, ...rest } = state;
  return rest;
}

export const rotateHandlers: CommandHandlers = {
  [Command.Rotate]: open,
  [Command.Mark]: toggleMark,
  [Command.RotatePresetNext]: stepPreset(1),
  [Command.RotatePresetPrev]: stepPreset(-1),
  [Command.RotateLonger]: stepLength(1),
  [Command.RotateShorter]: stepLength(-1),
  [Command.RotateRegenerate]: withRotate(regenerate),
  [Command.RotateReveal]: withRotate((state, mode) => [{ ...state, mode: { ...mode, show: !mode.show } }, []]),
  [Command.RotateSave]: withRotate(confirmRotation),
  [Command.RotateCancel]: (state) => andToast([{ ...state, mode: { type: 'browse' } }, []], 'Rotation cancelled: nothing changed.'),
};

/** The generator answered: keep the values if they are for the panel's current settings. */
export function onGenerated(state: UiState, token: number, values: string[]): Update {
  if (state.mode.type !== 'rotate' || state.mode.token !== token) return [state, []];
  return [{ ...state, mode: { ...state.mode, values } }, []];
}
