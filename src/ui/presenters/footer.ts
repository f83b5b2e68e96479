// The footer: key hints for the context the screen is in, generated from the keymap. Keys that
// do not apply right now are greyed, and their reasons fill what room is left.
import type { LeafContext } from '../keymap/contexts.js';
import type { CommandContext } from '../keymap/disabled.js';
import type { Binding } from '../keymap/keymap.js';
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
  if (disabled) hint.disabled = disabled;
  if (binding.danger) hint.danger = true;
  return hint;
}

export function footerHints(context: LeafContext, c?: CommandContext): Hint[] {
  return bindingsIn(context).flatMap((binding) => hintOf(binding, c) ?? []);
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

/** Packs hints into at most `maxLines` lines of `width`; greyed hints' reasons follow. */
export function layoutFooter(hints: Hint[], width: number, maxLines = 2): FooterLayout {
  const lines: Hint[][] = [[]];
  let used = 0;
  for (const hint of hints) {
    let line = lines[lines.length - 1] as Hint[];
    if (line.length && used + HINT_GAP + hintWidth(hint) > width) {
      if (lines.length === maxLines) break;
      line = [];
      lines.push(line);
      used = 0;
    }
    used += (line.length ? HINT_GAP : 0) + hintWidth(hint);
    line.push(hint);
  }
  const reasons = hints
    .filter((h) => h.disabled)
    .map((h) => `${h.key}: ${h.disabled}`)
    .join(' · ');
  return { lines, reasons };
}
