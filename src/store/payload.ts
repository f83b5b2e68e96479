// The decrypted payload of a vault file: records by id, the save counter at which each last
// changed, the hash-chained audit log, and the key for value fingerprints. Parsed with a schema
// right after decrypting, so the rest of coffer only ever sees well-formed domain types.
//
// Domain objects are parsed as loose objects: a field added by a newer coffer (same format
// version) is kept through a save by this one rather than silently dropped.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ORIGINS, PURPOSES, SECRET_KINDS, SECRET_TYPES, VERSION_STATES } from '../domain/model.js';
import type { AuditAction, AuditEntry } from '../domain/model.js';
import type { RecordId, VaultRecord } from '../domain/ports.js';

export interface VaultFileData {
  records: Record<RecordId, VaultRecord>;
  /** Save counter (seq) at which each record last changed; same keys as `records`. */
  revisions: Record<RecordId, number>;
  audit: AuditEntry[];
  /** base64 of 32 random bytes: the HMAC key for value fingerprints. */
  fingerprintKey: string;
}

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

const auditEntrySchema = z.object({
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

export const vaultFileDataSchema = z
  .object({
    records: z.record(z.string(), vaultRecordSchema),
    revisions: z.record(z.string(), z.number().int().min(1)),
    audit: z.array(auditEntrySchema),
    fingerprintKey: z.string().refine((text) => Buffer.from(text, 'base64').length === 32),
  })
  .refine((data) => sameKeys(data.records, data.revisions), { message: 'every record needs a revision and vice versa' });

/** Parses decrypted JSON; returns undefined when it is not a well-formed payload. */
export function parseVaultFileData(json: unknown): VaultFileData | undefined {
  const parsed = vaultFileDataSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** A new vault's payload before its first save. */
export function emptyVaultFileData(): VaultFileData {
  return { records: {}, revisions: {}, audit: [], fingerprintKey: randomBytes(32).toString('base64') };
}

function sameKeys(a: object, b: object): boolean {
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => Object.hasOwn(b, key));
}
