// How records become etcd keys and back (README "Keys in etcd"): a secret is a head (the Secret
// with every version's value removed) plus one key per version value, and a value over 64 KiB
// is a pointer `{ chunks, bytes, sha256 }` with its bytes in ≤ 512 KiB chunks, so ten versions
// of a 1 MB value stay under etcd's 1.5 MiB request cap. Meta is an envelope that also carries
// the fingerprint key. Every value is sealed (record-crypto.ts) for the key it is stored at.
import { createHash, randomBytes } from 'node:crypto';
import { parseRecordId } from '../../domain/ids.js';
import type { AuditEntry, Secret, VaultMeta } from '../../domain/model.js';
import type { RecordId, VaultRecord } from '../../domain/ports.js';
import { CorruptVaultError } from '../errors.js';
import { deepFreeze } from '../freeze.js';
import { auditEntrySchema, vaultRecordSchema } from '../payload-schema.js';
import * as s from '../shape.js';
import { TamperedRecordError } from './errors.js';
import type { TeamLayout } from './layout.js';

/** Values up to this many UTF-8 bytes sit in their version key; larger ones are chunked. */
export const INLINE_VALUE_MAX = 64 * 1024;
export const CHUNK_BYTES = 512 * 1024;

/** One key to write: sealed bytes to put, or null to delete. */
export interface KeyWrite {
  key: string;
  value: Buffer | null;
}

/** Seals plaintext for the key it will be stored at (with that key's scope's current key). */
export type SealFor = (etcdKey: string, plaintext: Buffer) => Buffer;

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

// ── meta envelope ───────────────────────────────────────────────────────────────────────────

const metaEnvelopeSchema = s.object({
  meta: s.nullable(s.looseObject({})),
  fingerprintKey: s.string({ refine: (text) => Buffer.from(text, 'base64').length === 32 }),
});

export interface MetaEnvelope {
  /** The meta record, or null while the vault has none. */
  meta: VaultMeta | null;
  fingerprintKey: string;
}

export function newFingerprintKey(): string {
  return randomBytes(32).toString('base64');
}

export function encodeMeta(envelope: MetaEnvelope): Buffer {
  return json(envelope);
}

export function decodeMeta(plaintext: Buffer, location: string, key: string): { envelope: MetaEnvelope; record: VaultRecord | null } {
  const parsed = metaEnvelopeSchema.parse(parseJson(plaintext));
  if (!parsed) throw damaged(location, key);
  if (parsed.meta === null) return { envelope: { meta: null, fingerprintKey: parsed.fingerprintKey }, record: null };
  const record = vaultRecordSchema.parse({ type: 'meta', value: parsed.meta });
  if (!record) throw damaged(location, key);
  return { envelope: { meta: record.value as VaultMeta, fingerprintKey: parsed.fingerprintKey }, record: deepFreeze(record as VaultRecord) };
}

// ── secrets: heads, version values, chunks ──────────────────────────────────────────────────

type HeadVersion = Omit<Secret['versions'][number], 'value'>;
type Head = Omit<Secret, 'versions'> & { versions: HeadVersion[] };

function headOf(secret: Secret): Head {
  return { ...secret, versions: secret.versions.map(({ value: _value, ...rest }) => rest) };
}

const pointerSchema = s.object({ chunks: s.int({ min: 1 }), bytes: s.int({ min: 0 }), sha256: s.string({ pattern: /^[0-9a-f]{64}$/ }) });
const inlineSchema = s.object({ value: s.string() });
export type ChunkPointer = { chunks: number; bytes: number; sha256: string };
export type VersionValue = { value: string } | ChunkPointer;

export function decodeVersionValue(plaintext: Buffer, location: string, key: string): VersionValue {
  const raw = parseJson(plaintext);
  const value = inlineSchema.parse(raw) ?? pointerSchema.parse(raw);
  if (!value) throw damaged(location, key);
  return value;
}

/** The writes that store `value` as version n of a secret (the version key, and chunks). */
function versionValueWrites(layout: TeamLayout, seal: SealFor, secret: Secret, n: number, value: string): KeyWrite[] {
  const key = layout.version(secret.app, secret.env, secret.key, n);
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length <= INLINE_VALUE_MAX) return [{ key, value: seal(key, json({ value })) }];
  const writes: KeyWrite[] = [];
  const chunks = Math.ceil(bytes.length / CHUNK_BYTES);
  for (let i = 0; i < chunks; i++) {
    const chunkKey = layout.chunk(secret.app, secret.env, secret.key, n, i);
    writes.push({ key: chunkKey, value: seal(chunkKey, bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES)) });
  }
  const pointer: ChunkPointer = { chunks, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  writes.push({ key, value: seal(key, json(pointer)) });
  return writes;
}

/** The deletes that remove version n's value (its key and its chunks, when it had any). */
function versionValueDeletes(layout: TeamLayout, secret: Secret, n: number, value: string): KeyWrite[] {
  const deletes: KeyWrite[] = [{ key: layout.version(secret.app, secret.env, secret.key, n), value: null }];
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > INLINE_VALUE_MAX) {
    for (let i = 0; i < Math.ceil(bytes / CHUNK_BYTES); i++) deletes.push({ key: layout.chunk(secret.app, secret.env, secret.key, n, i), value: null });
  }
  return deletes;
}

/**
 * The writes that turn `prev` (as stored now; undefined when the record does not exist) into
 * `next` (null: delete): the head or app or meta key, plus only the version values that changed.
 */
export function recordWrites(layout: TeamLayout, seal: SealFor, id: RecordId, next: VaultRecord | null, prev: VaultRecord | undefined, fingerprintKey: string): KeyWrite[] {
  const parsed = parseRecordId(id);
  if (!parsed) throw new Error(`not a record id: ${id}`);
  const key = layout.recordKey(id);
  if (parsed.type === 'meta') {
    const meta = next === null ? null : (next.value as VaultMeta);
    return [{ key, value: seal(key, encodeMeta({ meta, fingerprintKey })) }];
  }
  if (parsed.type === 'app') return [{ key, value: next === null ? null : seal(key, json(next.value)) }];
  const nextSecret = next === null ? undefined : (next.value as Secret);
  const prevSecret = prev?.type === 'secret' ? prev.value : undefined;
  const writes: KeyWrite[] = [];
  const prevValues = new Map<number, string>();
  for (const version of prevSecret?.versions ?? []) if (version.value !== null) prevValues.set(version.n, version.value);
  const kept = new Set<number>();
  for (const version of nextSecret?.versions ?? []) {
    if (version.value === null) continue;
    kept.add(version.n);
    const before = prevValues.get(version.n);
    if (before === version.value) continue;
    const puts = versionValueWrites(layout, seal, nextSecret!, version.n, version.value);
    if (before !== undefined) {
      const putKeys = new Set(puts.map((w) => w.key));
      writes.push(...versionValueDeletes(layout, prevSecret!, version.n, before).filter((w) => !putKeys.has(w.key)));
    }
    writes.push(...puts);
  }
  for (const [n, value] of prevValues) if (!kept.has(n)) writes.push(...versionValueDeletes(layout, prevSecret!, n, value));
  writes.push({ key, value: nextSecret ? seal(key, json(headOf(nextSecret))) : null });
  return writes;
}

/** Reads a head's JSON (authenticated already) without its values. */
export function decodeHead(plaintext: Buffer, location: string, key: string): Head {
  const raw = parseJson(plaintext) as { versions?: unknown } | undefined;
  if (!raw || typeof raw !== 'object' || !Array.isArray(raw.versions)) throw damaged(location, key);
  return raw as Head;
}

/**
 * A Secret from its head and the values of its versions (a live or deleted version whose value
 * key is missing makes the record damaged: a value was removed behind coffer's back).
 */
export function assembleSecret(head: Head, values: ReadonlyMap<number, string>, location: string, headKey: string, versionKey: (n: number) => string): VaultRecord {
  const versions = head.versions.map((version) => {
    const value = values.get(version.n);
    // A value key removed behind coffer's back: the record no longer is what coffer wrote.
    if (value === undefined && version.state !== 'destroyed') throw new TamperedRecordError(location, versionKey(version.n));
    return { ...version, value: version.state === 'destroyed' ? null : (value ?? null) };
  });
  const record = vaultRecordSchema.parse({ type: 'secret', value: { ...head, versions } });
  if (!record) throw damaged(location, headKey);
  return deepFreeze(record as VaultRecord);
}

export function decodeApp(plaintext: Buffer, location: string, key: string): VaultRecord {
  const record = vaultRecordSchema.parse({ type: 'app', value: parseJson(plaintext) });
  if (!record) throw damaged(location, key);
  return deepFreeze(record as VaultRecord);
}

export function encodeApp(record: VaultRecord): Buffer {
  return json(record.value);
}

/** Joins and checks the chunks of a large value. */
export function joinChunks(pointer: ChunkPointer, chunks: Buffer[], location: string, key: string): string {
  const bytes = Buffer.concat(chunks);
  if (chunks.length !== pointer.chunks || bytes.length !== pointer.bytes || createHash('sha256').update(bytes).digest('hex') !== pointer.sha256) {
    throw damaged(location, key, 'does not match its chunks');
  }
  return bytes.toString('utf8');
}

// ── personal overrides ──────────────────────────────────────────────────────────────────────

const personalSchema = s.object({ value: s.string(), updatedAt: s.string({ max: 40 }) });
export interface PersonalOverride {
  value: string;
  /** ISO time. */
  updatedAt: string;
}

export function encodePersonal(override: PersonalOverride): Buffer {
  return json(override);
}

export function decodePersonal(plaintext: Buffer, location: string, key: string): PersonalOverride {
  const override = personalSchema.parse(parseJson(plaintext));
  if (!override) throw damaged(location, key);
  return override;
}

// ── audit ───────────────────────────────────────────────────────────────────────────────────

const auditHeadSchema = s.object({ seq: s.int({ min: 0 }), hash: s.string(), writeId: s.string(), actor: s.string() });
export type StoredAuditHead = { seq: number; hash: string; writeId: string; actor: string };

export function encodeAuditHead(head: StoredAuditHead): Buffer {
  return json(head);
}

export function decodeAuditHead(plaintext: Buffer, location: string, key: string): StoredAuditHead {
  const head = auditHeadSchema.parse(parseJson(plaintext));
  if (!head) throw damaged(location, key);
  return head;
}

export function encodeAuditEntry(entry: AuditEntry): Buffer {
  return json(entry);
}

export function decodeAuditEntry(plaintext: Buffer, location: string, key: string): AuditEntry {
  const entry = auditEntrySchema.parse(parseJson(plaintext));
  if (!entry) throw damaged(location, key);
  return entry as AuditEntry;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** An authenticated value that is not what coffer writes there: a broken writer holding the key. */
function damaged(location: string, key: string, problem = 'does not hold what coffer writes there'): CorruptVaultError {
  return new CorruptVaultError(location, `the key ${key} ${problem}`, 'A coffer with a bug, or a tool holding the team key, wrote it. Restore the key from an etcd snapshot.');
}
