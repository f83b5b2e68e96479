// Schemas for what the decrypted payload holds: domain records, audit entries, and the index
// that locates them. Parsed at the boundary, so the rest of coffer only sees well-formed types.
//
// Domain objects are parsed as loose objects: a field added by a newer coffer (same format
// version) is kept through a save by this one rather than silently dropped.
import * as z from 'zod/mini';
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

const timestamp = z.string().check(z.maxLength(40));
const count = z.int().check(z.minimum(0));

const versionSchema = z.looseObject({
  n: z.int().check(z.minimum(1)),
  value: z.nullable(z.string()),
  createdAt: timestamp,
  author: z.string(),
  origin: z.looseObject({ type: z.enum(ORIGINS), of: z.optional(z.int()) }),
  state: z.enum(VERSION_STATES),
  deletedAt: z.optional(timestamp),
  destroyedAt: z.optional(timestamp),
});

const secretSchema = z.looseObject({
  app: z.string(),
  env: z.string(),
  key: z.string(),
  type: z.enum(SECRET_TYPES),
  kind: z.enum(SECRET_KINDS),
  purpose: z.optional(z.enum(PURPOSES)),
  comment: z.string(),
  tags: z.array(z.string()),
  path: z.string(),
  rotation: z.optional(z.looseObject({ everyDays: z.number().check(z.positive()) })),
  maxVersions: z.int().check(z.minimum(1)),
  createdAt: timestamp,
  updatedAt: timestamp,
  versions: z.array(versionSchema),
});

const appSchema = z.looseObject({
  name: z.string(),
  description: z.string(),
  envs: z.array(z.looseObject({ name: z.string(), protected: z.boolean() })),
  createdAt: timestamp,
});

const metaSchema = z.looseObject({
  vaultId: z.string(),
  createdAt: timestamp,
  settings: z.looseObject({ revealSeconds: count, clipboardSeconds: count, idleLockMinutes: count }),
});

export const vaultRecordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('meta'), value: metaSchema }),
  z.object({ type: z.literal('app'), value: appSchema }),
  z.object({ type: z.literal('secret'), value: secretSchema }),
]);

export const auditEntrySchema = z.object({
  action: z.enum(AUDIT_ACTIONS),
  app: z.optional(z.string()),
  env: z.optional(z.string()),
  key: z.optional(z.string()),
  version: z.optional(z.int()),
  detail: z.optional(z.string()),
  seq: z.int().check(z.minimum(1)),
  at: timestamp,
  actor: z.string(),
  prev: z.string(),
  hash: z.string(),
});

const byteLength = z.int().check(z.minimum(0), z.maximum(2 ** 31));

/** Locates every record and the audit log inside the payload; small, so parsed eagerly. */
export const payloadIndexSchema = z.object({
  fingerprintKey: z.string().check(z.refine((text: string) => Buffer.from(text, 'base64').length === 32)),
  /** [record id, revision (the seq of the save that last changed it), length of its JSON]. */
  records: z.array(z.tuple([z.string().check(z.minLength(1)), z.int().check(z.minimum(1)), byteLength])),
  audit: z.object({
    bytes: byteLength,
    entries: z.int().check(z.minimum(0)),
    head: z.nullable(z.object({ seq: z.int().check(z.minimum(1)), hash: z.string() })),
  }),
});
export type PayloadIndex = z.infer<typeof payloadIndexSchema>;
