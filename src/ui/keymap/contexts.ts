// Where a key binding applies. The screen is always in exactly one leaf context; 'global' and
// 'browse' are groups that leaf contexts inherit from.
import type { ColumnId } from '../state/types.js';

export type LeafContext =
  | ColumnId
  | 'filter'
  | 'help'
  | 'palette'
  | 'edit-line'
  | 'edit-lines'
  | 'form'
  | 'form-picker'
  | 'confirm'
  | 'confirm-typed'
  | 'prompt'
  | 'command-line'
  | 'rotate'
  | 'settings'
  | 'audit'
  | 'copy-target'
  | 'diff'
  | 'log'
  | 'conflict'
  | 'members'
  | 'member-target'
  | 'unlock'
  | 'locked'
  | 'create-vault'
  | 'recovery'
  | 'error';

export type Where = LeafContext | 'browse' | 'global';

export const LEAF_CONTEXTS: readonly LeafContext[] = [
  'apps',
  'envs',
  'secrets',
  'versions',
  'filter',
  'help',
  'palette',
  'edit-line',
  'edit-lines',
  'form',
  'form-picker',
  'confirm',
  'confirm-typed',
  'prompt',
  'command-line',
  'rotate',
  'settings',
  'audit',
  'copy-target',
  'diff',
  'log',
  'conflict',
  'members',
  'member-target',
  'unlock',
  'locked',
  'create-vault',
  'recovery',
  'error',
];

const BROWSE: ReadonlySet<LeafContext> = new Set(['apps', 'envs', 'secrets', 'versions']);

/** Contexts where printable keys type into a field, so only non-text keys are commands. */
export const TEXT_CONTEXTS: ReadonlySet<LeafContext> = new Set([
  'filter',
  'edit-line',
  'edit-lines',
  'form',
  'confirm-typed',
  'prompt',
  'command-line',
  'settings',
  'unlock',
  'create-vault',
]);

/** Full-screen views that list things (audit grid and findings, diff, history): they scroll like columns. */
export const VIEWS: readonly LeafContext[] = ['audit', 'diff', 'log'];

export function isBrowse(context: LeafContext): boolean {
  return BROWSE.has(context);
}

/** Whether a binding listed for `where` applies in `context`. */
export function appliesIn(where: readonly Where[], context: LeafContext): boolean {
  return where.includes('global') || where.includes(context) || (where.includes('browse') && isBrowse(context));
}

export const COLUMN_TITLES: Record<ColumnId, string> = {
  apps: 'Apps',
  envs: 'Environments',
  secrets: 'Secrets',
  versions: 'Versions',
};
