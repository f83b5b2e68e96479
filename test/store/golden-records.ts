// What the golden vault file holds (see make-golden.ts and golden.test.ts).
import { META_ID, appId, secretId } from '../../src/domain/ids.js';
import type { RecordChange } from '../../src/domain/ports.js';

export const GOLDEN_PASSPHRASE = 'golden passphrase, not a secret';
const at = '2026-01-02T03:04:05.000Z';

export function goldenRecords(): RecordChange[] {
  return [
    { id: META_ID, record: { type: 'meta', value: { vaultId: 'golden', createdAt: at, settings: { revealSeconds: 30, clipboardSeconds: 45, idleLockMinutes: 5 } } } },
    { id: appId('api'), record: { type: 'app', value: { name: 'api', description: 'golden app', envs: [{ name: 'staging', protected: false }, { name: 'production', protected: true }], createdAt: at } } },
    {
      id: secretId('api', 'production', 'DATABASE_URL'),
      record: {
        type: 'secret',
        value: {
          app: 'api', env: 'production', key: 'DATABASE_URL', type: 'secret', kind: 'env', purpose: 'username-password', comment: 'primary', tags: ['db'], path: '/db',
          rotation: { everyDays: 90 }, maxVersions: 10, createdAt: at, updatedAt: at,
          versions: [
            { n: 1, value: null, createdAt: at, author: 'golden', origin: { type: 'set' }, state: 'destroyed', destroyedAt: at },
            { n: 2, value: 'postgres://app:ünïcødé@db/prod', createdAt: at, author: 'golden', origin: { type: 'rollback', of: 1 }, state: 'live' },
          ],
        },
      },
    },
  ];
}
