// Keys as the keymap names them ('j', 'G', 'down', 'enter', 'ctrl-u', 'shift-tab' …), how Ink's
// input events become such names, and the bytes a terminal sends for each (for tests, the
// end-to-end driver and the benchmark).
import type { Key } from 'ink';

export type KeyName = string;

const SPECIAL_BYTES: Record<string, string> = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageup: '\u001b[5~',
  pagedown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  esc: '\u001b',
  tab: '\t',
  'shift-tab': '\u001b[Z',
  backspace: '\u007f',
  space: ' ',
};

/** The bytes a terminal sends for a key name. */
export function keyBytes(name: KeyName): string {
  const special = SPECIAL_BYTES[name];
  if (special !== undefined) return special;
  const ctrl = /^ctrl-([a-z])$/.exec(name);
  if (ctrl) return String.fromCharCode((ctrl[1] as string).charCodeAt(0) - 96);
  return name;
}

const LABELS: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'pgup',
  pagedown: 'pgdn',
};

/** How a key is written in the footer and the help overlay. */
export function keyLabel(name: KeyName): string {
  return LABELS[name] ?? name;
}

/** One character typed outside a text field, as a key name. */
function charKey(char: string): KeyName {
  switch (char) {
    case '\r':
    case '\n':
      return 'enter';
    case '\t':
      return 'tab';
    case '\u001b':
      return 'esc';
    case '\u007f':
    case '\b':
      return 'backspace';
    case ' ':
      return 'space';
    default: {
      const code = char.codePointAt(0) as number;
      if (code >= 1 && code <= 26) return `ctrl-${String.fromCharCode(code + 96)}`;
      return char;
    }
  }
}

/**
 * Turns one Ink input event into key names. Ink delivers characters that arrived in one read
 * (fast typing, key repeat over ssh, a paste) as one string, e.g. "jjj"; outside text fields
 * that is three presses of j, so it is split here.
 */
export function keysFromInk(input: string, key: Key): KeyName[] {
  if (key.upArrow) return ['up'];
  if (key.downArrow) return ['down'];
  if (key.leftArrow) return ['left'];
  if (key.rightArrow) return ['right'];
  if (key.pageUp) return ['pageup'];
  if (key.pageDown) return ['pagedown'];
  if (key.home) return ['home'];
  if (key.end) return ['end'];
  if (key.return) return ['enter'];
  if (key.escape) return ['esc'];
  if (key.tab) return [key.shift ? 'shift-tab' : 'tab'];
  // Terminals send DEL (0x7f) for Backspace; Ink calls it `delete`.
  if (key.backspace || key.delete) return ['backspace'];
  if (key.ctrl && input.length === 1) return [`ctrl-${input.toLowerCase()}`];
  if (key.meta && input) return [`meta-${input}`];
  return Array.from(input, charKey);
}

/** Keys that type text when a text field has focus, so the keymap leaves them to the field. */
export function isTextKey(name: KeyName): boolean {
  return name === 'space' || name === 'backspace' || (Array.from(name).length === 1 && name >= ' ');
}

export interface KeyPress {
  key: KeyName;
  /** Part of a multi-character input (typing faster than the app reads, or a paste). */
  pasted: boolean;
}

/**
 * The key presses in one Ink input event. In a text field the keymap ignores pasted keys, with
 * one exception: an Enter that ends the chunk ("shop⏎" typed quickly arrives as one read) still
 * submits, as it would in a shell; Enters inside a pasted value never do.
 */
export function keyPresses(input: string, key: Key): KeyPress[] {
  const names = keysFromInk(input, key);
  const several = names.length > 1;
  return names.map((name, i) => ({ key: name, pasted: several && !(name === 'enter' && i === names.length - 1) }));
}
