// The decrypted payload: every record with the save counter at which it last changed, the
// hash-chained audit log, and the key for value fingerprints.
//
// Layout (all inside the authenticated encryption):
//
//   u32 indexLength | index JSON | each record's JSON, back to back | audit entries, one JSON per line
//
// Why not one JSON document: at 10,000 secrets × 10 versions that document is ~18 MB, and
// parsing, validating and freezing all of it on every open, then stringifying all of it on every
// save, costs several hundred milliseconds. Here an open parses only the index; a record is
// parsed (with its schema) and frozen the first time it is read, and a save re-serialises only
// the records it changed — the others are copied as the bytes they already were. The audit log
// is append-only, so a save appends lines and the log is parsed only when someone reads it.
//
// A record that fails its schema can only have been written by a broken coffer (the payload is
// authenticated), and is reported as CorruptVaultError naming the record when it is read.
import { randomBytes } from 'node:crypto';
import type { AuditHead } from '../domain/audit.js';
import type { AuditEntry } from '../domain/model.js';
import type { RecordId, Revision, VaultRecord } from '../domain/ports.js';
import { CorruptVaultError } from './errors.js';
import { deepFreeze } from './freeze.js';
import { auditEntrySchema, payloadIndexSchema, vaultRecordSchema } from './payload-schema.js';

const INDEX_LENGTH_BYTES = 4;
const NEWLINE = 0x0a;

/** One record as stored: its bytes, parsed on first access. Safe to hand out: read-only. */
export class StoredRecord {
  readonly #text: Buffer;
  readonly #source: string;
  #parsed: VaultRecord | undefined;

  constructor(
    readonly id: RecordId,
    /** The seq of the save that last changed this record. */
    readonly seq: number,
    text: Buffer,
    parsed: VaultRecord | undefined,
    source: string,
  ) {
    this.#text = text;
    this.#parsed = parsed;
    this.#source = source;
    Object.freeze(this);
  }

  static fromRecord(id: RecordId, seq: number, record: VaultRecord): StoredRecord {
    const copy = deepFreeze(structuredClone(record));
    return new StoredRecord(id, seq, Buffer.from(JSON.stringify(copy), 'utf8'), copy, 'memory');
  }

  get revision(): Revision {
    return String(this.seq);
  }

  /** The record, deep-frozen: edit a copy and commit it. */
  get record(): VaultRecord {
    this.#parsed ??= parseRecord(this.#source, this.id, this.#text);
    return this.#parsed;
  }

  get text(): Buffer {
    return this.#text;
  }
}

/** An immutable snapshot of a vault's payload. Commits make new snapshots that share records. */
export class VaultFileData {
  #audit: AuditEntry[] | undefined;

  private constructor(
    readonly fingerprintKey: string,
    readonly records: ReadonlyMap<RecordId, StoredRecord>,
    private readonly auditChunks: readonly Buffer[],
    readonly auditCount: number,
    readonly auditHead: AuditHead | null,
    /** Where it came from, for error messages. */
    private readonly source: string,
  ) {
    Object.freeze(this);
  }

  /** A new vault's payload, with a fresh fingerprint key. */
  static empty(source = 'memory'): VaultFileData {
    return new VaultFileData(randomBytes(32).toString('base64'), new Map(), [], 0, null, source);
  }

  /** Parses the index and locates everything else; throws CorruptVaultError. `path` names the file. */
  static decode(path: string, plaintext: Buffer): VaultFileData {
    const corrupt = (problem: string) => new CorruptVaultError(path, `its decrypted contents ${problem} (written by an incompatible tool?)`);
    if (plaintext.length < INDEX_LENGTH_BYTES) throw corrupt('are too short');
    const indexEnd = INDEX_LENGTH_BYTES + plaintext.readUInt32BE(0);
    if (indexEnd > plaintext.length) throw corrupt('have an impossible index length');
    let json: unknown;
    try {
      json = JSON.parse(plaintext.toString('utf8', INDEX_LENGTH_BYTES, indexEnd));
    } catch {
      throw corrupt('have an unreadable index');
    }
    const index = payloadIndexSchema.parse(json);
    if (!index) throw corrupt('have an invalid index');
    const records = new Map<RecordId, StoredRecord>();
    let offset = indexEnd;
    for (const [id, seq, length] of index.records) {
      if (records.has(id)) throw corrupt(`list ${id} twice`);
      records.set(id, new StoredRecord(id, seq, plaintext.subarray(offset, offset + length), undefined, path));
      offset += length;
    }
    const audit = plaintext.subarray(offset, offset + index.audit.bytes);
    offset += index.audit.bytes;
    if (offset !== plaintext.length) throw corrupt('do not match their index');
    return new VaultFileData(index.fingerprintKey, records, [audit], index.audit.entries, index.audit.head, path);
  }

  /** The payload bytes as pieces, ready to encrypt. Unchanged records are reused, not re-serialised. */
  encode(): Buffer[] {
    const stored = [...this.records.values()];
    const index = {
      fingerprintKey: this.fingerprintKey,
      records: stored.map((r) => [r.id, r.seq, r.text.length]),
      audit: { bytes: this.auditChunks.reduce((sum, chunk) => sum + chunk.length, 0), entries: this.auditCount, head: this.auditHead },
    };
    const indexBytes = Buffer.from(JSON.stringify(index), 'utf8');
    const indexLength = Buffer.alloc(INDEX_LENGTH_BYTES);
    indexLength.writeUInt32BE(indexBytes.length);
    return [indexLength, indexBytes, ...stored.map((r) => r.text), ...this.auditChunks];
  }

  revisionOf(id: RecordId): Revision | null {
    return this.records.get(id)?.revision ?? null;
  }

  /** A new snapshot with `puts` stored at revision `seq`, `deletes` gone and `audit` appended. */
  withChanges(changes: { puts: ReadonlyMap<RecordId, VaultRecord>; deletes: ReadonlySet<RecordId>; seq: number; audit: readonly AuditEntry[] }): VaultFileData {
    const records = new Map(this.records);
    for (const id of changes.deletes) records.delete(id);
    for (const [id, record] of changes.puts) records.set(id, StoredRecord.fromRecord(id, changes.seq, record));
    const lines = changes.audit.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    const chunks = lines ? [...this.auditChunks, Buffer.from(lines, 'utf8')] : this.auditChunks;
    const last = changes.audit.at(-1);
    const head = last ? { seq: last.seq, hash: last.hash } : this.auditHead;
    return new VaultFileData(this.fingerprintKey, records, chunks, this.auditCount + changes.audit.length, head, this.source);
  }

  /** Every audit entry, oldest first, parsed (and validated) on first use. */
  audit(): readonly AuditEntry[] {
    this.#audit ??= deepFreeze(parseAuditLines(this.source, Buffer.concat([...this.auditChunks])));
    return this.#audit;
  }

  /** Overwrites the decrypted bytes in memory; the snapshot is unusable afterwards. */
  wipe(): void {
    for (const chunk of this.auditChunks) chunk.fill(0);
    for (const stored of this.records.values()) stored.text.fill(0);
  }
}

function parseRecord(source: string, id: RecordId, text: Buffer): VaultRecord {
  let json: unknown;
  try {
    json = JSON.parse(text.toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = vaultRecordSchema.parse(json);
  if (!parsed) throw new CorruptVaultError(source, `its record ${id} is not valid (written by an incompatible tool?)`);
  return deepFreeze(parsed as VaultRecord);
}

function parseAuditLines(source: string, text: Buffer): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf(NEWLINE, start);
    const line = text.toString('utf8', start, end === -1 ? text.length : end);
    start = end === -1 ? text.length : end + 1;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    const parsed = auditEntrySchema.parse(json);
    if (!parsed) throw new CorruptVaultError(source, `its audit entry ${entries.length + 1} is not valid`);
    entries.push(parsed);
  }
  return entries;
}
