// What the large-commit writer imports, shared with the test that checks it after each kill.
import { secretId } from '../../../src/domain/ids.js';
import type { RecordChange } from '../../../src/domain/ports.js';

export const IMPORT_CANARY = 'import-canary-6c1d92';

export function importValue(i: number): string {
  return `${IMPORT_CANARY}-${i}`;
}

export function importChanges(count: number): RecordChange[] {
  const at = '2026-01-01T00:00:00.000Z';
  return Array.from({ length: count }, (_, i) => ({
    id: secretId('imp', 'production', `K_${i}`),
    record: {
      type: 'secret' as const,
      value: {
        app: 'imp', env: 'production', key: `K_${i}`, type: 'secret' as const, kind: 'env' as const, comment: '', tags: [], path: '/', maxVersions: 10, createdAt: at, updatedAt: at,
        versions: [{ n: 1, value: importValue(i), createdAt: at, author: 'crash-writer', origin: { type: 'import' as const }, state: 'live' as const }],
      },
    },
  }));
}
