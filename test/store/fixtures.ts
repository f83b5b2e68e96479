// Builders for records and throwaway vault folders shared by the store tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/domain/model.js';
import type { App, Secret } from '../../src/domain/model.js';
import { META_ID, appId, secretId } from '../../src/domain/ids.js';
import type { RecordChange, VaultRecord } from '../../src/domain/ports.js';

export const T0 = '2026-01-02T03:04:05.000Z';

export function metaRecord(vaultId = 'v-test'): VaultRecord {
  return { type: 'meta', value: { vaultId, createdAt: T0, settings: { ...DEFAULT_SETTINGS } } };
}

export function appRecord(name: string): VaultRecord {
  const app: App = { name, description: '', envs: [{ name: 'production', protected: true }], createdAt: T0 };
  return { type: 'app', value: app };
}

export function secretRecord(app: string, env: string, key: string, values: string[] = ['v1']): VaultRecord {
  const secret: Secret = {
    app,
    env,
    key,
    type: 'secret',
    kind: 'env',
    comment: '',
    tags: [],
    path: '/',
    maxVersions: 10,
    createdAt: T0,
    updatedAt: T0,
    versions: values.map((value, i) => ({ n: i + 1, value, createdAt: T0, author: 'tester', origin: { type: 'set' }, state: 'live' })),
  };
  return { type: 'secret', value: secret };
}

export function put(id: string, record: VaultRecord): RecordChange {
  return { id, record };
}

export const ids = { meta: META_ID, app: appId, secret: secretId };

export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

export async function tempDir(prefix = 'coffer-store-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The lowest scrypt cost coffer accepts: keeps passphrase tests fast (~15 ms a derive). */
export const TEST_SCRYPT_COST = { N: 2 ** 14, r: 8, p: 1 };
