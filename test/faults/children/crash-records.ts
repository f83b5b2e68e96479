// What the crash writer stores, shared with the test that checks it after every kill.
import type { VaultRecord } from '../../../src/domain/ports.js';

/** In every value, so the test can look for plaintext in whatever a killed writer left on disk. */
export const CRASH_CANARY = 'crash-canary-0b7e44';
export const CRASH_SCRYPT_COST = { N: 2 ** 14, r: 8, p: 1 };
export const CRASH_PASSPHRASE = (n: number) => `crash passphrase ${n}`;

export function crashValue(n: number): string {
  return `${CRASH_CANARY}-${n}-${'v'.repeat(n % 97)}`;
}

export function crashRecord(n: number): VaultRecord {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    type: 'secret',
    value: {
      app: 'crash', env: 'env', key: `C_${n}`, type: 'secret', kind: 'env', comment: '', tags: [], path: '/', maxVersions: 10, createdAt: at, updatedAt: at,
      versions: [{ n: 1, value: crashValue(n), createdAt: at, author: 'crash', origin: { type: 'set' }, state: 'live' }],
    },
  };
}
