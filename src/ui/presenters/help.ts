// The ? overlay: every command by group, generated from the keymap. Commands of the columns
// show whether they apply to the current selection and, if not, why.
import { appliesIn } from '../keymap/contexts.js';
import type { LeafContext } from '../keymap/contexts.js';
import type { CommandContext } from '../keymap/disabled.js';
import { GROUPS, KEYMAP } from '../keymap/keymap.js';
import { keyLabel } from '../keymap/keys.js';

export type HelpLine =
  | { type: 'heading'; text: string }
  | { type: 'row'; keys: string; description: string; disabled?: string; danger?: boolean };

/** `from` is the column the overlay was opened from: its greyed commands show their reason. */
export function helpLines(from: LeafContext, c: CommandContext): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const group of GROUPS) {
    const bindings = KEYMAP.filter((b) => b.group === group);
    if (!bindings.length) continue;
    lines.push({ type: 'heading', text: group });
    for (const binding of bindings) {
      const row: HelpLine = { type: 'row', keys: binding.keys.map(keyLabel).join(' '), description: binding.description };
      if (appliesIn(binding.where, from)) {
        const reason = binding.disabled?.(c);
        if (reason) row.disabled = reason;
      }
      if (binding.danger) row.danger = true;
      lines.push(row);
    }
  }
  return lines;
}
