// The command palette (:) and pickers. ink-select-input shows the choices and reports the chosen
// value with a `pick` action; what each value does is decided here.
import { Command } from '../../keymap/commands.js';
import type { Update } from '../actions.js';
import { applyPick, META_FIELDS } from '../meta-form.js';
import { moveCursor, selectPath } from '../navigation.js';
import { derive, indexIn } from '../selectors.js';
import type { PromptPurpose, UiState } from '../types.js';
import { newPrompt } from './edit.js';

/** Values the palette's items carry; presenters/palette.ts builds the items. */
export const PaletteValue = {
  jumpPage: 'page:jump',
  rollbackPage: 'page:rollback',
  jump: (app: string, env: string) => `jump:${app}/${env}`,
  create: (what: PromptPurpose) => `new:${what}`,
  rollback: (n: number) => `rollback:${n}`,
  help: 'help',
  quit: 'quit',
} as const;

function paletteChoice(state: UiState, value: string, run: (s: UiState, c: Command) => Update): Update {
  const browse: UiState = { ...state, mode: { type: 'browse' } };
  if (value === PaletteValue.jumpPage) return [{ ...state, mode: { type: 'palette', page: 'jump' } }, []];
  if (value === PaletteValue.rollbackPage) return [{ ...state, mode: { type: 'palette', page: 'rollback' } }, []];
  if (value === PaletteValue.help) return run(browse, Command.Help);
  if (value === PaletteValue.quit) return run(browse, Command.Quit);
  const [verb, arg = ''] = splitOnce(value, ':');
  if (verb === 'jump') {
    const [app, env] = splitOnce(arg, '/');
    return [{ ...selectPath(browse, { app, env }), focus: 'secrets' }, []];
  }
  if (verb === 'new') {
    const d = derive(state);
    return [{ ...browse, mode: newPrompt(arg as PromptPurpose, d.app?.name, d.env?.name) }, []];
  }
  if (verb === 'rollback') {
    const index = indexIn(browse, 'versions', Number(arg));
    if (index < 0) return [browse, []];
    return run({ ...moveCursor(browse, 'versions', index), focus: 'versions' }, Command.Rollback);
  }
  return [browse, []];
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/** A picker chose `value`: a palette entry, or a metadata field's new value. */
export function pickWith(run: (s: UiState, c: Command) => Update) {
  return (state: UiState, value: string): Update => {
    if (state.mode.type === 'palette') return paletteChoice(state, value, run);
    if (state.mode.type === 'edit-meta' && state.mode.picking) {
      const field = META_FIELDS[state.mode.field];
      if (!field) return [state, []];
      return [{ ...state, mode: { ...state.mode, picking: false, draft: applyPick(state.mode.draft, field.name, value) } }, []];
    }
    return [state, []];
  };
}
