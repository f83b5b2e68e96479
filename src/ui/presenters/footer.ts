// The footer: key hints for the context the screen is in, generated from the keymap. Keys that
// do not apply right now are greyed, and their reasons fill what room is left.
import type { LeafContext } from '../keymap/contexts.js';
import type { CommandContext } from '../keymap/disabled.js';
import type { Binding, Group } from '../keymap/keymap.js';
import { keyLabel } from '../keymap/keys.js';
import { bindingsIn } from '../keymap/match.js';

export interface Hint {
  key: string;
  label: string;
  /** Why it is greyed. */
  disabled?: string;
  danger?: boolean;
}

/** `c` is absent on the start-up screens, whose bindings depend on no vault state. */
export function hintOf(binding: Binding, c?: CommandContext): Hint | undefined {
  if (!binding.hint || (!c && typeof binding.hint !== 'string')) return undefined;
  const hint: Hint = {
    key: binding.footerKey ?? keyLabel(binding.keys[0] as string),
    label: typeof binding.hint === 'string' ? binding.hint : binding.hint(c as CommandContext),
  };
  const disabled = c ? binding.disabled?.(c) : undefined;
  if (disabled && binding.footerWhenEnabled) return undefined;
  if (disabled) hint.disabled = disabled;
  if (binding.danger) hint.danger = true;
  return hint;
}

/**
 * What the footer shows first: what can be done to the selection, then help and quit, then
 * moving around (which the help overlay also lists), so narrow terminals keep the actions.
 */
export const FOOTER_ORDER: readonly Group[] = ['Dialogs', 'Start-up', 'Edit', 'Rotate', 'Clipboard', 'Versions', 'Audit', 'Team', 'General', 'Find', 'Navigate'];

export function footerHints(context: LeafContext, c?: CommandContext): Hint[] {
  const bindings = [...bindingsIn(context)].sort((a, b) => FOOTER_ORDER.indexOf(a.group) - FOOTER_ORDER.indexOf(b.group));
  return bindings.flatMap((binding) => hintOf(binding, c) ?? []);
}

export const HINT_GAP = 2;

export function hintWidth(hint: Hint): number {
  return hint.key.length + 1 + hint.label.length;
}

export interface FooterLayout {
  lines: Hint[][];
  /** "R: v7 is already the current version · …", for the room left on the last line. */
  reasons: string;
}

/**
 * Two lines: hints on the first; on the second, the reasons greyed hints do not apply, or the
 * hints that did not fit when nothing is greyed.
 */
export function layoutFooter(hints: Hint[], width: number, maxLines = 2): FooterLayout {
  const reasons = hints
    .filter((h) => h.disabled)
    .map((h) => `${h.key}: ${h.disabled}`)
    .join(' · ');
  const lines: Hint[][] = [[]];
  const room = reasons && maxLines > 1 ? maxLines - 1 : maxLines;
  let used = 0;
  for (const hint of hints) {
    let line = lines[lines.length - 1] as Hint[];
    if (line.length && used + HINT_GAP + hintWidth(hint) > width) {
      if (lines.length === room) break;
      line = [];
      lines.push(line);
      used = 0;
    }
    used += (line.length ? HINT_GAP : 0) + hintWidth(hint);
    line.push(hint);
  }
  return { lines, reasons };
}
