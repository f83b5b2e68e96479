// The diff view's rows: every key of either environment, in key order, with what changed.
import type { EnvironmentDiff } from '../../domain/index.js';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'same';

export interface DiffEntry {
  key: string;
  status: DiffStatus;
}

const cache = new WeakMap<EnvironmentDiff, DiffEntry[]>();

export function diffEntries(diff: EnvironmentDiff): DiffEntry[] {
  let entries = cache.get(diff);
  if (!entries) {
    entries = [
      ...diff.added.map((key): DiffEntry => ({ key, status: 'added' })),
      ...diff.removed.map((key): DiffEntry => ({ key, status: 'removed' })),
      ...diff.changed.map((key): DiffEntry => ({ key, status: 'changed' })),
      ...diff.same.map((key): DiffEntry => ({ key, status: 'same' })),
    ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    cache.set(diff, entries);
  }
  return entries;
}
