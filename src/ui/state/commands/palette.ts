// The command palette (:). Its first page is a command line (typed text filters the choices;
// ↑/↓ move, enter runs); its other pages are pickers (ink-select-input shows the choices and
// reports the chosen value with a `pick` action). What each value does is decided here.
import { Command } from '../../keymap/commands.js';
import { commandChoices } from '../../presenters/palette.js';
import type { Update } from '../actions.js';
import { applyPick, META_FIELDS } from '../meta-form.js';
import { moveCursor, selectPath } from '../navigation.js';
import { derive, indexIn } from '../selectors.js';
import { andToast } from '../toast.js';
import type { PaletteMode, PromptPurpose, UiState } from '../types.js';
import { newPrompt } from './edit.js';
import { PaletteValue } from './palette-values.js';
import { clearMarks } from './rotate.js';
import { openSettings } from './settings.js';
import type { CommandHandlers } from './types.js';
import { chooseCopyTarget } from './audit-copy.js';
import { openAudit, openDiff, openLog } from './views.js';
import { chooseTarget } from './members.js';
import { NO_TEAM } from '../../keymap/team-disabled.js';

import { paletteMode } from './palette-mode.js';

export { PaletteValue };

function paletteChoice(state: UiState, value: string, run: (s: UiState, c: Command) => Update): Update {
  const browse: UiState = { ...state, mode: { type: 'browse' } };
  if (value === PaletteValue.jumpPage) return [{ ...state, mode: paletteMode('jump') }, []];
  if (value === PaletteValue.rollbackPage) return [{ ...state, mode: paletteMode('rollback') }, []];
  if (value === PaletteValue.help) return run(browse, Command.Help);
  if (value === PaletteValue.quit) return run(browse, Command.Quit);
  if (value === PaletteValue.lock) return run(browse, Command.Lock);
  if (value === PaletteValue.settings) return openSettings(browse);
  if (value === PaletteValue.members) return run(browse, Command.Members);
  if (value === PaletteValue.clearMarks) return andToast([clearMarks(browse), []], 'Marks cleared.');
  const [verb, arg = ''] = splitOnce(value, ':');
  const args = arg.split('/');
  switch (verb) {
    case 'fill':
      return [{ ...state, mode: paletteMode('root', arg) }, []];
    case 'jump':
      return [{ ...selectPath(browse, { app: args[0], env: args[1] }), focus: 'secrets' }, []];
    case 'new': {
      const d = derive(state);
      return [{ ...browse, mode: newPrompt(arg as PromptPurpose, d.app?.name, d.env?.name) }, []];
    }
    case 'rollback': {
      const index = indexIn(browse, 'versions', Number(arg));
      if (index < 0) return [browse, []];
      return run({ ...moveCursor(browse, 'versions', index), focus: 'versions' }, Command.Rollback);
    }
    case 'audit':
      return openAudit(browse, arg);
    case 'diff':
      return openDiff(browse, args[0] as string, args[1] as string, args[2] as string);
    case 'log':
      return openLog(browse, { ...(args[0] && { app: args[0] }), ...(args[1] && { env: args[1] }) });
    default:
      return [browse, []];
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/** A picker chose `value`: a palette entry, a metadata field's new value, or where a copy goes. */
export function pickWith(run: (s: UiState, c: Command) => Update) {
  return (state: UiState, value: string): Update => {
    if (state.mode.type === 'palette') return paletteChoice(state, value, run);
    if (state.mode.type === 'edit-meta' && state.mode.picking) {
      const field = META_FIELDS[state.mode.field];
      if (!field) return [state, []];
      return [{ ...state, mode: { ...state.mode, picking: false, draft: applyPick(state.mode.draft, field.name, value) } }, []];
    }
    if (state.mode.type === 'audit' && state.mode.copying) return chooseCopyTarget(state, state.mode, value);
    if (state.mode.type === 'members' && state.mode.choosing) return chooseTarget(state, state.mode, value);
    return [state, []];
  };
}

const HINT = 'Try: diff ENV_A ENV_B · log [ENV|all] · audit · jump APP/ENV · settings · lock';

/** Why a typed command matched nothing, in words. */
function explain(state: UiState, query: string): string {
  const [word, ...args] = query.trim().split(/\s+/);
  const app = derive(state).app;
  if ((word === 'diff' || word === 'log' || word === 'audit') && !app) return `${word}: select an app first.`;
  if (word === 'members' && !state.team) return `members: ${NO_TEAM}.`;
  if (word === 'diff' && app) {
    const unknown = args.filter((name) => !app.envs.some((e) => e.name === name));
    if (unknown.length) return `${app.name} has no environment ${unknown.join(', ')}: it has ${app.envs.map((e) => e.name).join(', ')}.`;
    if (args.length !== 2 || args[0] === args[1]) return 'diff takes two different environments: diff ENV_A ENV_B.';
  }
  return `No command matches “${query.trim()}”. ${HINT}`;
}

function withRoot(handler: (state: UiState, mode: PaletteMode) => Update) {
  return (state: UiState): Update => (state.mode.type === 'palette' && state.mode.page === 'root' ? handler(state, state.mode) : [state, []]);
}

function moveChoice(step: 1 | -1) {
  return withRoot((state, mode) => {
    const count = commandChoices(state, derive(state), mode.query).length;
    if (count === 0) return [state, []];
    return [{ ...state, mode: { ...mode, cursor: (mode.cursor + step + count) % count } }, []];
  });
}

export function paletteHandlers(run: (s: UiState, c: Command) => Update): CommandHandlers {
  const pick = pickWith(run);
  return {
    [Command.CommandLineDown]: moveChoice(1),
    [Command.CommandLineUp]: moveChoice(-1),
    [Command.CommandLineRun]: withRoot((state, mode) => {
      const chosen = commandChoices(state, derive(state), mode.query)[mode.cursor];
      if (chosen) return pick(state, chosen.value);
      return [{ ...state, mode: { ...mode, error: explain(state, mode.query) } }, []];
    }),
  };
}

/** Typing on the command line: a new filter, from the first choice. */
export function onCommandLineDraft(state: UiState, mode: PaletteMode, query: string): Update {
  const { error: _cleared, ...rest } = mode;
  return [{ ...state, mode: { ...rest, query, cursor: 0 } }, []];
}
