// Record identifiers shared by every repository.
import type { RecordId } from './ports.js';

export const META_ID: RecordId = 'meta';

export function appId(app: string): RecordId {
  return `app:${app}`;
}

export function secretId(app: string, env: string, key: string): RecordId {
  return `secret:${app}/${env}/${key}`;
}

export type ParsedRecordId =
  | { type: 'meta' }
  | { type: 'app'; app: string }
  | { type: 'secret'; app: string; env: string; key: string };

export function parseRecordId(id: RecordId): ParsedRecordId | undefined {
  if (id === META_ID) return { type: 'meta' };
  if (id.startsWith('app:')) return { type: 'app', app: id.slice(4) };
  if (id.startsWith('secret:')) {
    const parts = id.slice(7).split('/');
    const [app, env, key] = parts;
    if (parts.length === 3 && app && env && key) return { type: 'secret', app, env, key };
  }
  return undefined;
}
