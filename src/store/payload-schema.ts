// Schemas for what the decrypted payload holds: domain records, audit entries, and the index
// that locates them. Parsed at the boundary, so the rest of coffer only sees well-formed types.
//
// Domain objects are parsed as loose objects: a field added by a newer coffer (same format
// version) is kept through a save by this one rather than silently dropped.
import * as s from './shape.js';
import type { Infer } from './shape.js';
import { ORIGINS, PURPOSES, SECRET_KINDS, SECRET_TYPES, VERSION_STATES } from '../domain/model.js';
import type { AuditAction } from '../domain/model.js';

const AUDIT_ACTIONS = [
  'vault.init', 'vault.rekey', 'vault.passwd', 'vault.settings',
  'app.add', 'app.update', 'app.remove',
  'env.add', 'env.update', 'env.remove',
  'secret.set', 'secret.generate', 'secret.import', 'secret.rollback', 'secret.meta', 'secret.remove',
  'version.delete', 'version.undelete', 'version.destroy', 'version.prune',
] as const satisfies readonly AuditAction[];
// Fails to compile when the domain adds an action this list lacks.
const everyActionListed: Exclude<AuditAction, (typeof AUDIT_ACTIONS)[number]> extends never ? true : false = true;
void everyActionListed;

const timestamp = s.string({ max: 40 });
const count = s.int({ min: 0 });

const versionSchema = s.looseObject({
  n: s.int({ min: 1 }),
  value: s.nullable(s.string()),
  createdAt: timestamp,
  author: s.string(),
  origin: s.looseObject({ type: s.oneOf(ORIGINS), of: s.optional(s.int()) }),
  state: s.oneOf(VERSION_STATES),
  deletedAt: s.optional(timestamp),
  destroyedAt: s.optional(timestamp),
});

const secretSchema = s.looseObject({
  app: s.string(),
  env: s.string(),
  key: s.string(),
  type: s.oneOf(SECRET_TYPES),
  kind: s.oneOf(SECRET_KINDS),
  purpose: s.optional(s.oneOf(PURPOSES)),
  comment: s.string(),
  tags: s.array(s.string()),
  path: s.string(),
  rotation: s.optional(s.looseObject({ everyDays: s.number({ positive: true }) })),
  maxVersions: s.int({ min: 1 }),
  createdAt: timestamp,
  updatedAt: timestamp,
  versions: s.array(versionSchema),
});

const appSchema = s.looseObject({
  name: s.string(),
  description: s.string(),
  envs: s.array(s.looseObject({ name: s.string(), protected: s.boolean })),
  createdAt: timestamp,
});

const metaSchema = s.looseObject({
  vaultId: s.string(),
  createdAt: timestamp,
  settings: s.looseObject({ revealSeconds: count, clipboardSeconds: count, idleLockMinutes: count }),
});

export const vaultRecordSchema = s.discriminatedUnion('type', [
  s.tagged('type', 'meta', { value: metaSchema }),
  s.tagged('type', 'app', { value: appSchema }),
  s.tagged('type', 'secret', { value: secretSchema }),
]);

export const auditEntrySchema = s.object({
  action: s.oneOf(AUDIT_ACTIONS),
  app: s.optional(s.string()),
  env: s.optional(s.string()),
  key: s.optional(s.string()),
  version: s.optional(s.int()),
  detail: s.optional(s.string()),
  seq: s.int({ min: 1 }),
  at: timestamp,
  actor: s.string(),
  prev: s.string(),
  hash: s.string(),
});

const byteLength = s.int({ min: 0, max: 2 ** 31 });

/** Locates every record and the audit log inside the payload; small, so parsed eagerly. */
export const payloadIndexSchema = s.object({
  fingerprintKey: s.string({ refine: (text) => Buffer.from(text, 'base64').length === 32 }),
  /** [record id, revision (the seq of the save that last changed it), length of its JSON]. */
  records: s.array(s.tuple(s.string({ min: 1 }), s.int({ min: 1 }), byteLength)),
  audit: s.object({
    bytes: byteLength,
    entries: s.int({ min: 0 }),
    head: s.nullable(s.object({ seq: s.int({ min: 1 }), hash: s.string() })),
  }),
});
export type PayloadIndex = Infer<typeof payloadIndexSchema>;
