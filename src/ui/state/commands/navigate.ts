// Moving around: cursors, columns, ends, half pages, filter, palette, help, quit.
import { Command } from '../../keymap/commands.js';
import { GROUPS, KEYMAP } from '../../keymap/keymap.js';
import { layoutFor } from '../layout.js';
import type { Update } from '../actions.js';
import type { UiState } from '../types.js';
import { focusColumn, focusStep, listRows, moveBy, moveCursor, setFilter } from '../navigation.js';
import { columnLength } from '../selectors.js';
import { isView, moveInView, STEPS } from '../view-nav.js';
import type { Step } from '../view-nav.js';
import { paletteMode } from './palette-mode.js';
import { moveInMembers } from './members.js';
import type { CommandHandler, CommandHandlers } from './types.js';

/** The same keys move a column's cursor, or the cursor of the view on screen. */
function move(inColumns: (state: UiState) => UiState, inView: Step): CommandHandler {
  return (s): Update => {
    if (s.mode.type === 'members') return [moveInMembers(s, s.mode, inView), []];
    return [isView(s.mode) ? moveInView(s, s.mode, inView) : inColumns(s), []];
  };
}

/** The help overlay lists every binding under its group heading, in the body's rows less its frame. */
const HELP_LINES = KEYMAP.length + GROUPS.filter((g) => KEYMAP.some((b) => b.group === g)).length;

function helpScrollLimit(state: UiState): number {
  const visible = layoutFor(state.viewport).height - 4 - 3;
  return Math.max(0, HELP_LINES - visible);
}

export const navigateHandlers: CommandHandlers = {
  [Command.MoveDown]: move((s) => moveBy(s, 1), STEPS.down),
  [Command.MoveUp]: move((s) => moveBy(s, -1), STEPS.up),
  [Command.Top]: move((s) => moveCursor(s, s.focus, 0), STEPS.top),
  [Command.Bottom]: move((s) => moveCursor(s, s.focus, columnLength(s, s.focus) - 1), STEPS.bottom),
  [Command.HalfPageDown]: move((s) => moveBy(s, Math.max(1, Math.floor(listRows(s) / 2))), STEPS.halfDown),
  [Command.HalfPageUp]: move((s) => moveBy(s, -Math.max(1, Math.floor(listRows(s) / 2))), STEPS.halfUp),
  [Command.FocusLeft]: (s) => [focusStep(s, -1), []],
  [Command.FocusRight]: (s) => [focusStep(s, 1), []],
  [Command.FocusApps]: (s) => [focusColumn(s, 'apps'), []],
  [Command.FocusEnvs]: (s) => [focusColumn(s, 'envs'), []],
  [Command.FocusSecrets]: (s) => [focusColumn(s, 'secrets'), []],
  [Command.FocusVersions]: (s) => [focusColumn(s, 'versions'), []],
  [Command.DrillIn]: (s) => [focusStep(s, 1), []],
  [Command.Back]: (s) => [focusStep(s, -1), []],

  [Command.Filter]: (s) => [{ ...s, mode: { type: 'filter', column: s.focus, previous: s.lists[s.focus].filter } }, []],
  [Command.FilterApply]: (s) => [{ ...s, mode: { type: 'browse' } }, []],
  [Command.FilterClear]: (s) => {
    const column = s.mode.type === 'filter' ? s.mode.column : s.focus;
    return [{ ...setFilter(s, column, ''), mode: { type: 'browse' } }, []];
  },

  [Command.Palette]: (s) => [{ ...s, mode: paletteMode('root') }, []],
  [Command.PickerBack]: (s) => {
    if (s.mode.type === 'palette' && s.mode.page !== 'root') return [{ ...s, mode: paletteMode('root') }, []];
    if (s.mode.type === 'edit-meta') return [{ ...s, mode: { ...s.mode, picking: false } }, []];
    if (s.mode.type === 'audit' && s.mode.copying) {
      const { copying: _closed, ...audit } = s.mode;
      return [{ ...s, mode: audit }, []];
    }
    if (s.mode.type === 'members' && s.mode.choosing) {
      const { choosing: _closed, ...members } = s.mode;
      return [{ ...s, mode: members }, []];
    }
    return [{ ...s, mode: { type: 'browse' } }, []];
  },

  [Command.Help]: (s) => [{ ...s, mode: { type: 'help', scroll: 0 } }, []],
  [Command.HelpClose]: (s) => [{ ...s, mode: { type: 'browse' } }, []],
  [Command.HelpScrollDown]: (s) =>
    s.mode.type === 'help' ? [{ ...s, mode: { type: 'help', scroll: Math.min(helpScrollLimit(s), s.mode.scroll + 1) } }, []] : [s, []],
  [Command.HelpScrollUp]: (s) =>
    s.mode.type === 'help' ? [{ ...s, mode: { type: 'help', scroll: Math.max(0, s.mode.scroll - 1) } }, []] : [s, []],

  [Command.Quit]: (s) => [s, [{ type: 'quit' }]],
  [Command.ForceQuit]: (s) => [s, [{ type: 'quit' }]],
};
