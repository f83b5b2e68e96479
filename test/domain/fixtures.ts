// Builders for domain tests: a deterministic clock and actor, and a way to run a chain of
// mutations without any repository.
import { applyChanges, newVaultRecords, stateFromRecords } from '../../src/domain/index.js';
import type { Context, Mutation, VaultRecord, VaultState } from '../../src/domain/index.js';

export function fixedContext(start = '2026-01-01T00:00:00.000Z', actor = 'alice'): Context & { advance(ms: number): void } {
  let now = Date.parse(start);
  return {
    actor,
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export function emptyState(ctx: Context = fixedContext()): VaultState {
  const records = new Map<string, { record: VaultRecord; revision: string }>();
  for (const change of newVaultRecords(ctx, 'vault-test')) {
    if (change.record) records.set(change.id, { record: change.record, revision: '1' });
  }
  return stateFromRecords({ records }).state;
}

/** Applies each mutation in turn, as a session would after a successful commit. */
export function run(state: VaultState, ...steps: ((state: VaultState) => Mutation)[]): VaultState {
  return steps.reduce((current, step) => applyChanges(current, step(current).changes), state);
}
