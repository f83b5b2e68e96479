// Colours and glyphs in one place. Chalk (inside Ink) drops colour by itself for NO_COLOR and
// non-colour terminals; meaning never rests on colour alone (markers ! ~ × ◆ * carry it too).
import type { RowTone } from './presenters/rows.js';
import type { Tone } from './state/types.js';

export const theme = {
  accent: 'cyan',
  border: 'gray',
  muted: 'gray',
  danger: 'red',
  warning: 'yellow',
  success: 'green',
  info: 'blue',
  selectedBackground: 'cyan',
  selectedText: 'black',
  idleSelectedBackground: 'gray',
  idleSelectedText: 'white',
  headerBackground: 'blue',
  headerText: 'white',
} as const;

export const ROW_COLOURS: Record<RowTone, string | undefined> = {
  normal: undefined,
  muted: theme.muted,
  warning: theme.warning,
  danger: theme.danger,
  success: theme.success,
};

/** A list row in a view: the cursor's row as in the columns (cyan bar), others in their tone. */
export function rowStyle(selected: boolean, colour: string | undefined): { color?: string; backgroundColor?: string; bold?: boolean } {
  if (selected) return { color: theme.selectedText, backgroundColor: theme.selectedBackground, bold: true };
  return colour ? { color: colour } : {};
}

export const TOAST_COLOURS: Record<Tone, string> = {
  info: theme.accent,
  success: theme.success,
  warning: theme.warning,
  error: theme.danger,
};
