// Schemas for what the decrypted payload holds: domain records, audit entries, and the index
// that locates them. Parsed at the boundary, so the rest of coffer only sees well-formed types.
//
// Domain objects are parsed as loose objects: a field added by a newer coffer (same format
// version) is kept through a save by this one rather than silently dropped.
import { z } from 'zod';
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

const timestamp = z.string().max(40);
const count = z.number().int().min(0);

const versionSchema = z.looseObject({
  n: z.number().int().min(1),
  value: z.string().nullable(),
  createdAt: timestamp,
  author: z.string(),
  origin: z.looseObject({ type: z.enum(ORIGINS), of: z.number().int().optional() }),
  state: z.enum(VERSION_STATES),
  deletedAt: timestamp.optional(),
  destroyedAt: timestamp.optional(),
});

const secretSchema = z.looseObject({
  app: z.string(),
  env: z.string(),
  key: z.string(),
  type: z.enum(SECRET_TYPES),
  kind: z.enum(SECRET_KINDS),
  purpose: z.enum(PURPOSES).optional(),
  comment: z.string(),
  tags: z.array(z.string()),
  path: z.string(),
  rotation: z.looseObject({ everyDays: z.number().positive() }).optional(),
  maxVersions: z.number().int().min(1),
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
  app: z.string().optional(),
  env: z.string().optional(),
  key: z.string().optional(),
  version: z.number().int().optional(),
  detail: z.string().optional(),
  seq: z.number().int().min(1),
  at: timestamp,
  actor: z.string(),
  prev: z.string(),
  hash: z.string(),
});

const byteLength = z.number().int().min(0).max(2 ** 31);

/** Locates every record and the audit log inside the payload; small, so parsed eagerly. */
export const payloadIndexSchema = z.object({
  fingerprintKey: z.string().refine((text) => Buffer.from(text, 'base64').length === 32),
  /** [record id, revision (the seq of the save that last changed it), length of its JSON]. */
  records: z.array(z.tuple([z.string().min(1), z.number().int().min(1), byteLength])),
  audit: z.object({
    bytes: byteLength,
    entries: z.number().int().min(0),
    head: z.object({ seq: z.number().int().min(1), hash: z.string() }).nullable(),
  }),
});
export type PayloadIndex = z.infer<typeof payloadIndexSchema>;
