// Key → command, for the context the screen is in. Built from the keymap table once.
import { appliesIn, isBrowse, LEAF_CONTEXTS, TEXT_CONTEXTS } from './contexts.js';
import type { LeafContext } from './contexts.js';
import { KEYMAP } from './keymap.js';
import type { Binding } from './keymap.js';
import { isTextKey } from './keys.js';
import type { KeyName } from './keys.js';

export type KeyMatch =
  | { type: 'command'; binding: Binding }
  /** The key means something in another column; the caller can say where. */
  | { type: 'elsewhere'; binding: Binding }
  | { type: 'none' };

/** Bindings that apply in each context, in table order (the footer's order). */
const applicable = new Map<LeafContext, Binding[]>(
  LEAF_CONTEXTS.map((context) => [context, KEYMAP.filter((b) => appliesIn(b.where, context))]),
);

const byKey = new Map<LeafContext, Map<KeyName, Binding>>(
  LEAF_CONTEXTS.map((context) => {
    const keys = new Map<KeyName, Binding>();
    for (const binding of applicable.get(context) ?? []) {
      if (binding.handledBy) continue;
      for (const key of binding.keys) if (!keys.has(key)) keys.set(key, binding);
    }
    return [context, keys];
  }),
);

export function bindingsIn(context: LeafContext): readonly Binding[] {
  return applicable.get(context) ?? [];
}

/**
 * `pasted` marks keys that arrived as part of a multi-character input: in a text field that is
 * typing or a paste, never a command (an Enter inside a pasted value must not save it).
 */
export function matchKey(context: LeafContext, key: KeyName, pasted = false): KeyMatch {
  if (TEXT_CONTEXTS.has(context) && (pasted || isTextKey(key))) return { type: 'none' };
  const binding = byKey.get(context)?.get(key);
  if (binding) return { type: 'command', binding };
  if (isBrowse(context)) {
    for (const column of ['apps', 'envs', 'secrets', 'versions'] as const) {
      const other = byKey.get(column)?.get(key);
      if (other) return { type: 'elsewhere', binding: other };
    }
  }
  return { type: 'none' };
}
