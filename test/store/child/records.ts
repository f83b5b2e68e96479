// Records the child writers commit, shared with the tests that check them.
import { secretId } from '../../../src/domain/ids.js';
import type { VaultRecord } from '../../../src/domain/ports.js';

export const SHARED_ID = secretId('shared', 'production', 'COUNTER');

/** A config secret whose single version holds `value` (a counter, readable in clear on purpose). */
export function counterRecord(app: string, env: string, key: string, value: string): VaultRecord {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    type: 'secret',
    value: {
      app, env, key, type: 'config', kind: 'env', comment: '', tags: [], path: '/', maxVersions: 10, createdAt: at, updatedAt: at,
      versions: [{ n: 1, value, createdAt: at, author: 'child', origin: { type: 'set' }, state: 'live' }],
    },
  };
}

export function counterValue(record: VaultRecord | undefined): number {
  return record?.type === 'secret' ? Number(record.value.versions[0]?.value) : 0;
}

/** Part of every value the writers store, so tests can look for it in the bytes on disk. */
export const PLAINTEXT_CANARY = 'plaintext-canary-5e1d';
