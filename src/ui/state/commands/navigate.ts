// Moving around: cursors, columns, ends, half pages, filter, palette, help, quit.
import { Command } from '../../keymap/commands.js';
import { GROUPS, KEYMAP } from '../../keymap/keymap.js';
import { layoutFor } from '../layout.js';
import type { UiState } from '../types.js';
import { focusColumn, focusStep, listRows, moveBy, moveCursor, setFilter } from '../navigation.js';
import { columnLength } from '../selectors.js';
import type { CommandHandlers } from './types.js';

/** The help overlay lists every binding under its group heading, in the body's rows less its frame. */
const HELP_LINES = KEYMAP.length + GROUPS.filter((g) => KEYMAP.some((b) => b.group === g)).length;

function helpScrollLimit(state: UiState): number {
  const visible = layoutFor(state.viewport).height - 4 - 3;
  return Math.max(0, HELP_LINES - visible);
}

export const navigateHandlers: CommandHandlers = {
  [Command.MoveDown]: (s) => [moveBy(s, 1), []],
  [Command.MoveUp]: (s) => [moveBy(s, -1), []],
  [Command.Top]: (s) => [moveCursor(s, s.focus, 0), []],
  [Command.Bottom]: (s) => [moveCursor(s, s.focus, columnLength(s, s.focus) - 1), []],
  [Command.HalfPageDown]: (s) => [moveBy(s, Math.max(1, Math.floor(listRows(s) / 2))), []],
  [Command.HalfPageUp]: (s) => [moveBy(s, -Math.max(1, Math.floor(listRows(s) / 2))), []],
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

  [Command.Palette]: (s) => [{ ...s, mode: { type: 'palette', page: 'root' } }, []],
  [Command.PickerBack]: (s) => {
    if (s.mode.type === 'palette' && s.mode.page !== 'root') return [{ ...s, mode: { type: 'palette', page: 'root' } }, []];
    if (s.mode.type === 'edit-meta') return [{ ...s, mode: { ...s.mode, picking: false } }, []];
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
