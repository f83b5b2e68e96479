// Mutations of real vault files, each a pure function of a seeded PRNG, so a failure found at
// attempt i of seed s is replayed exactly by running attempt i of seed s again.
//
// Two families:
//   file mutations — what a damaged disk, a bad sync tool or an attacker without the key can do:
//     bit flips, byte edits, insertions, deletions, truncations, duplicated and moved ranges, and
//     header edits framed with a recomputed length and SHA-256 (so the checksum passes and the
//     AEAD check is what has to catch them): structured JSON edits, slots swapped, duplicated,
//     dropped or grafted from another vault, the header of one save over the payload of another.
//   payload mutations — what a broken or hostile writer holding the key could produce: the
//     decrypted payload (index, records, audit lines) edited and sealed again with the real key,
//     so the parsing after authentication is exercised too.
import { createHash } from 'node:crypto';
import type { Rng } from './prng.js';

const MAGIC_BYTES = 8;
const PREFIX_BYTES = MAGIC_BYTES + 2 + 4;
const HASH_BYTES = 32;
const TAG_BYTES = 16;

export interface Mutated {
  /** What was done, for failure messages: "flip 3 bits; header: slots[1] deleted". */
  label: string;
  bytes: Buffer;
}

/** A vault file split at its framing, without any validation. */
export interface Framed {
  version: number;
  header: Buffer;
  /** Everything after the header's hash: ciphertext and tag. */
  rest: Buffer;
}

export function splitFrame(bytes: Buffer): Framed | undefined {
  if (bytes.length < PREFIX_BYTES) return undefined;
  const length = bytes.readUInt32BE(MAGIC_BYTES + 2);
  const headerEnd = PREFIX_BYTES + length;
  if (headerEnd + HASH_BYTES > bytes.length) return undefined;
  return { version: bytes.readUInt16BE(MAGIC_BYTES), header: bytes.subarray(PREFIX_BYTES, headerEnd), rest: bytes.subarray(headerEnd + HASH_BYTES) };
}

/** Frames header bytes and a payload with a correct length field and checksum, as an attacker can. */
export function frame(magic: Buffer, version: number, header: Buffer, rest: Buffer): Buffer {
  const prefix = Buffer.alloc(PREFIX_BYTES);
  magic.copy(prefix, 0, 0, MAGIC_BYTES);
  prefix.writeUInt16BE(version & 0xffff, MAGIC_BYTES);
  prefix.writeUInt32BE(header.length, MAGIC_BYTES + 2);
  return Buffer.concat([prefix, header, createHash('sha256').update(header).digest(), rest]);
}

function flipBit(bytes: Buffer, at: number, bit: number): void {
  bytes[at] = (bytes[at] ?? 0) ^ (1 << bit);
}

// ── JSON structure edits ────────────────────────────────────────────────────────────────────

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

function pathsOf(value: Json, path: Path = [], out: Path[] = []): Path[] {
  if (path.length > 0) out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...path, i], out));
  else if (value !== null && typeof value === 'object') for (const key of Object.keys(value)) pathsOf(value[key]!, [...path, key], out);
  return out;
}

function getAt(root: Json, path: Path): Json {
  let node: Json = root;
  for (const step of path) node = (node as Record<string | number, Json>)[step]!;
  return node;
}

function hostileValue(rng: Rng, current: Json): Json {
  const base64 = (n: number) => rng.bytes(n).toString('base64');
  const choices: Array<() => Json> = [
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => 1.5,
    () => 2 ** 31,
    () => 2 ** 32 + 1,
    () => 2 ** 53,
    () => -(2 ** 53),
    () => 1e308,
    () => '',
    () => '\u0000',
    () => '\u001b[2J\u202e',
    () => 'A'.repeat(rng.pick([1, 17, 300, 70_000])),
    () => base64(rng.pick([0, 11, 12, 13, 16, 31, 32, 33, 64])),
    () => [],
    () => {
      let nested: Json = [];
      for (let i = 0; i < rng.pick([2, 50, 2000]); i++) nested = [nested];
      return nested;
    },
    () => ({}),
    () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}') as Json,
  ];
  if (typeof current === 'number') {
    choices.push(() => current + 1, () => current - 1, () => current * 2, () => -current, () => current + 0.5, () => String(current));
  }
  if (typeof current === 'string') {
    choices.push(
      () => current.slice(0, rng.int(current.length + 1)),
      () => current + rng.pick(['=', 'A', '==', '\u00e9', '!']),
      () => current.split('').reverse().join(''),
      () => current.toUpperCase(),
    );
  }
  return rng.pick(choices)();
}

/** One structured edit of a JSON document; returns the edited copy and what was done. */
export function editJson(rng: Rng, original: Json): { value: Json; label: string } {
  const root = structuredClone(original);
  const paths = pathsOf(root);
  if (paths.length === 0) return { value: hostileValue(rng, root), label: 'root replaced' };
  const path = rng.pick(paths);
  const parentPath = path.slice(0, -1);
  const key = path.at(-1)!;
  const parent = parentPath.length === 0 ? root : getAt(root, parentPath);
  const where = path.join('.');
  const op = rng.int(5);
  if (Array.isArray(parent) && typeof key === 'number') {
    if (op === 0) {
      parent.splice(key, 1);
      return { value: root, label: `${where} removed` };
    }
    if (op === 1) {
      parent.splice(key, 0, structuredClone(parent[key]!));
      return { value: root, label: `${where} duplicated` };
    }
    if (op === 2 && parent.length > 1) {
      const other = rng.int(parent.length);
      [parent[key], parent[other]] = [parent[other]!, parent[key]!];
      return { value: root, label: `${where} swapped with [${other}]` };
    }
  } else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
    const object = parent as Record<string, Json>;
    if (op === 0) {
      delete object[key as string];
      return { value: root, label: `${where} deleted` };
    }
    if (op === 1) {
      object[rng.pick(['extra', '__proto__', 'constructor', `${String(key)}_`, String(key).toUpperCase()])] = hostileValue(rng, object[key as string]!);
      return { value: root, label: `${parentPath.join('.') || '(root)'}: field added` };
    }
  }
  (parent as Record<string | number, Json>)[key] = hostileValue(rng, getAt(root, path));
  return { value: root, label: `${where} replaced` };
}

/** Edits the bytes of a JSON text: a few flips, insertions or deletions (hits the JSON parser). */
function editText(rng: Rng, text: Buffer): { bytes: Buffer; label: string } {
  const op = rng.int(3);
  if (op === 0) {
    const copy = Buffer.from(text);
    const n = rng.range(1, 4);
    for (let i = 0; i < n && copy.length; i++) flipBit(copy, rng.int(copy.length), rng.int(8));
    return { bytes: copy, label: `${n} bit(s) flipped in the text` };
  }
  const at = rng.int(text.length + 1);
  if (op === 1) {
    const insert = Buffer.from(rng.pick(['"', '{', '}', ',', '\\', ']', '0', '\u0000', '\ud800', 'null', '"x":1,']), 'utf8');
    return { bytes: Buffer.concat([text.subarray(0, at), insert, text.subarray(at)]), label: `${JSON.stringify(insert.toString())} inserted in the text` };
  }
  const n = rng.range(1, 8);
  return { bytes: Buffer.concat([text.subarray(0, at), text.subarray(at + n)]), label: `${n} byte(s) deleted from the text` };
}

// ── file mutations ──────────────────────────────────────────────────────────────────────────

/** Offsets worth aiming at: framing fields and section boundaries. */
function boundaries(bytes: Buffer): number[] {
  const framed = splitFrame(bytes);
  const points = [0, MAGIC_BYTES, MAGIC_BYTES + 2, PREFIX_BYTES, bytes.length - TAG_BYTES, bytes.length];
  if (framed) {
    const headerEnd = PREFIX_BYTES + framed.header.length;
    points.push(headerEnd, headerEnd + HASH_BYTES);
  }
  return points.filter((p) => p >= 0 && p <= bytes.length);
}

function position(rng: Rng, bytes: Buffer): number {
  return rng.chance(0.3) ? Math.min(bytes.length, rng.pick(boundaries(bytes)) + rng.range(-2, 2)) : rng.int(bytes.length + 1);
}

type FileMutation = (rng: Rng, bytes: Buffer, others: readonly Buffer[]) => Mutated;

const flipBits: FileMutation = (rng, bytes) => {
  const copy = Buffer.from(bytes);
  const n = rng.pick([1, 1, 1, 2, 3, 8]);
  for (let i = 0; i < n && copy.length; i++) flipBit(copy, rng.int(copy.length), rng.int(8));
  return { label: `flip ${n} bit(s)`, bytes: copy };
};

const overwriteBytes: FileMutation = (rng, bytes) => {
  const copy = Buffer.from(bytes);
  const at = Math.min(position(rng, bytes), copy.length - 1);
  const values = [0x00, 0xff, 0x7f, 0x80, 0x01, rng.int(256)];
  const n = rng.range(1, 4);
  for (let i = 0; i < n && at + i < copy.length; i++) copy[at + i] = rng.pick(values);
  return { label: `overwrite ${n} byte(s) at ${at}`, bytes: copy };
};

const interestingNumber: FileMutation = (rng, bytes) => {
  const copy = Buffer.from(bytes);
  const framed = splitFrame(bytes);
  const field = rng.pick(['version', 'headerLength'] as const);
  if (field === 'version') {
    const value = rng.pick([0, 2, 0xffff, 0x0100, framed ? framed.version + 1 : 1]);
    copy.writeUInt16BE(value, MAGIC_BYTES);
    return { label: `framing version set to ${value}`, bytes: copy };
  }
  const length = framed?.header.length ?? 0;
  const value = rng.pick([0, 1, 2, length - 1, length + 1, length + 32, 65_536, 65_537, 0x7fffffff, 0xffffffff, bytes.length]);
  copy.writeUInt32BE(value >>> 0, MAGIC_BYTES + 2);
  return { label: `header length set to ${value}`, bytes: copy };
};

const insertBytes: FileMutation = (rng, bytes) => {
  const at = position(rng, bytes);
  const insert = rng.bytes(rng.pick([1, 1, 2, 16, 32]));
  return { label: `insert ${insert.length} byte(s) at ${at}`, bytes: Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]) };
};

const deleteBytes: FileMutation = (rng, bytes) => {
  const at = position(rng, bytes);
  const n = rng.pick([1, 1, 2, 16, 32, 200]);
  return { label: `delete ${n} byte(s) at ${at}`, bytes: Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + n)]) };
};

const truncate: FileMutation = (rng, bytes) => {
  const at = position(rng, bytes);
  return { label: `truncate to ${at} of ${bytes.length}`, bytes: bytes.subarray(0, at) };
};

const append: FileMutation = (rng, bytes, others) => {
  const tail = rng.chance(0.5) ? rng.bytes(rng.range(1, 64)) : rng.pick(others);
  return { label: `append ${tail.length} byte(s)`, bytes: Buffer.concat([bytes, tail]) };
};

const duplicateRange: FileMutation = (rng, bytes) => {
  const a = position(rng, bytes);
  const b = Math.min(bytes.length, a + rng.pick([1, 8, 16, 32, 100, 1000]));
  const at = position(rng, bytes);
  const section = bytes.subarray(a, b);
  return { label: `duplicate [${a},${b}) at ${at}`, bytes: Buffer.concat([bytes.subarray(0, at), section, bytes.subarray(at)]) };
};

const swapRanges: FileMutation = (rng, bytes) => {
  const n = rng.pick([1, 4, 16, 32]);
  const a = rng.int(Math.max(1, bytes.length - n));
  const b = rng.int(Math.max(1, bytes.length - n));
  const copy = Buffer.from(bytes);
  bytes.copy(copy, a, b, b + n);
  bytes.copy(copy, b, a, a + n);
  return { label: `swap ${n} byte(s) at ${a} and ${b}`, bytes: copy };
};

/** Re-frames a file after changing its header JSON (object form). */
function withHeaderObject(bytes: Buffer, edit: (header: Record<string, Json>) => string): Mutated | undefined {
  const framed = splitFrame(bytes);
  if (!framed) return undefined;
  let header: Record<string, Json>;
  try {
    header = JSON.parse(framed.header.toString('utf8')) as Record<string, Json>;
  } catch {
    return undefined;
  }
  const label = edit(header);
  return { label: `header: ${label}`, bytes: frame(bytes, framed.version, Buffer.from(JSON.stringify(header), 'utf8'), framed.rest) };
}

const headerJsonEdit: FileMutation = (rng, bytes) => {
  const framed = splitFrame(bytes);
  if (!framed) return flipBits(rng, bytes, []);
  const { value, label } = editJson(rng, JSON.parse(framed.header.toString('utf8')) as Json);
  const text = value === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(value), 'utf8');
  return { label: `header: ${label}`, bytes: frame(bytes, framed.version, text, framed.rest) };
};

const headerTextEdit: FileMutation = (rng, bytes) => {
  const framed = splitFrame(bytes);
  if (!framed) return flipBits(rng, bytes, []);
  const edited = editText(rng, framed.header);
  return { label: `header: ${edited.label}`, bytes: frame(bytes, framed.version, edited.bytes, framed.rest) };
};

const slotsEdit: FileMutation = (rng, bytes, others) =>
  withHeaderObject(bytes, (header) => {
    const slots = Array.isArray(header.slots) ? header.slots : [];
    const op = rng.int(5);
    if (op === 0 && slots.length > 1) {
      slots.reverse();
      return 'slots reversed';
    }
    if (op === 1 && slots.length > 0) {
      const i = rng.int(slots.length);
      slots.splice(i, 0, structuredClone(slots[i]!));
      return `slot ${i} duplicated`;
    }
    if (op === 2) {
      const filler = slots[0] ?? {};
      while (slots.length < 17) slots.push(structuredClone(filler));
      return 'slots padded to 17';
    }
    if (op === 3 && others.length > 0) {
      const other = splitFrame(rng.pick(others));
      const theirs = other ? ((JSON.parse(other.header.toString('utf8')) as { slots?: Json[] }).slots ?? []) : [];
      if (theirs.length > 0) {
        slots[rng.int(Math.max(1, slots.length))] = rng.pick(theirs);
        return 'a slot grafted from another vault';
      }
    }
    if (slots.length > 0) slots.splice(rng.int(slots.length), 1);
    return 'a slot dropped';
  }) ?? flipBits(rng, bytes, []);

/** The header of this file over the payload of another save or vault (lengths made consistent). */
const splice: FileMutation = (rng, bytes, others) => {
  const mine = splitFrame(bytes);
  const theirs = splitFrame(rng.pick(others));
  if (!mine || !theirs) return flipBits(rng, bytes, []);
  const header = JSON.parse(mine.header.toString('utf8')) as { payload?: { length?: number } };
  if (header.payload) header.payload.length = Math.max(0, theirs.rest.length - TAG_BYTES);
  const label = rng.chance(0.5) ? 'header of one save, payload of another' : 'payload of one save, header of another (data key grafted)';
  if (label.startsWith('payload')) {
    const their = JSON.parse(theirs.header.toString('utf8')) as Record<string, Json>;
    (header as Record<string, Json>).dataKey = their.dataKey!;
  }
  return { label, bytes: frame(bytes, mine.version, Buffer.from(JSON.stringify(header), 'utf8'), theirs.rest) };
};

/** The ciphertext grown or shrunk, with the header's payload length matching it. */
const resizePayload: FileMutation = (rng, bytes) =>
  withHeaderObject(bytes, (header) => {
    const payload = header.payload as { length?: number } | undefined;
    const delta = rng.pick([-16, -1, 1, 16]);
    if (payload && typeof payload.length === 'number') payload.length = Math.max(0, payload.length + delta);
    return `payload length ${delta > 0 ? '+' : ''}${delta}`;
  }) ?? flipBits(rng, bytes, []);

const FILE_MUTATIONS: Array<[string, FileMutation, number]> = [
  ['flip', flipBits, 20],
  ['overwrite', overwriteBytes, 8],
  ['number', interestingNumber, 5],
  ['insert', insertBytes, 8],
  ['delete', deleteBytes, 8],
  ['truncate', truncate, 6],
  ['append', append, 3],
  ['duplicate', duplicateRange, 5],
  ['swap', swapRanges, 4],
  ['header-json', headerJsonEdit, 18],
  ['header-text', headerTextEdit, 6],
  ['slots', slotsEdit, 6],
  ['splice', splice, 4],
  ['resize', resizePayload, 3],
];
const FILE_WEIGHT = FILE_MUTATIONS.reduce((sum, [, , weight]) => sum + weight, 0);

function weighted<T>(rng: Rng, table: Array<[string, T, number]>, total: number): [string, T] {
  let roll = rng.next() * total;
  for (const [name, item, weight] of table) {
    roll -= weight;
    if (roll < 0) return [name, item];
  }
  const [name, item] = table.at(-1)!;
  return [name, item];
}

/** One to three stacked file mutations of `bytes`; `family` names the first, for statistics. */
export function mutateFile(rng: Rng, bytes: Buffer, others: readonly Buffer[]): Mutated & { family: string } {
  const steps = rng.chance(0.8) ? 1 : rng.range(2, 3);
  let current = bytes;
  const labels: string[] = [];
  let family = '';
  for (let i = 0; i < steps; i++) {
    const [name, mutation] = weighted(rng, FILE_MUTATIONS, FILE_WEIGHT);
    family ||= name;
    let result: Mutated;
    try {
      result = mutation(rng, current, others);
    } catch {
      result = flipBits(rng, current, others); // an earlier step left a header that is not JSON
    }
    labels.push(result.label);
    current = result.bytes;
  }
  return { family: steps > 1 ? `${family}+` : family, label: labels.join('; '), bytes: current };
}

// ── payload mutations ───────────────────────────────────────────────────────────────────────

interface PayloadParts {
  index: { records: Array<[string, number, number]>; audit: { bytes: number } } & Record<string, Json>;
  records: Buffer[];
  audit: Buffer;
}

function splitPayload(plaintext: Buffer): PayloadParts {
  const indexEnd = 4 + plaintext.readUInt32BE(0);
  const index = JSON.parse(plaintext.toString('utf8', 4, indexEnd)) as PayloadParts['index'];
  const records: Buffer[] = [];
  let offset = indexEnd;
  for (const [, , length] of index.records) {
    records.push(plaintext.subarray(offset, offset + length));
    offset += length;
  }
  return { index, records, audit: plaintext.subarray(offset) };
}

function joinPayload(parts: PayloadParts, fixLengths = true): Buffer {
  if (fixLengths) {
    parts.index.records.forEach((entry, i) => {
      if (Array.isArray(entry) && parts.records[i]) entry[2] = parts.records[i]!.length;
    });
    if (parts.index.audit && typeof parts.index.audit === 'object') parts.index.audit.bytes = parts.audit.length;
  }
  const indexBytes = Buffer.from(JSON.stringify(parts.index), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(indexBytes.length);
  return Buffer.concat([length, indexBytes, ...parts.records, parts.audit]);
}

type PayloadMutation = (rng: Rng, plaintext: Buffer) => Mutated;

const payloadRaw: PayloadMutation = (rng, plaintext) => {
  const edited = editText(rng, plaintext);
  return { label: `payload bytes: ${edited.label}`, bytes: edited.bytes };
};

const payloadLength: PayloadMutation = (rng, plaintext) => {
  const copy = Buffer.from(plaintext);
  const value = rng.pick([0, 1, 0xffffffff, plaintext.length, plaintext.length - 3, copy.readUInt32BE(0) + 1]);
  copy.writeUInt32BE(value >>> 0, 0);
  return { label: `index length set to ${value}`, bytes: copy };
};

const indexEdit: PayloadMutation = (rng, plaintext) => {
  const parts = splitPayload(plaintext);
  const { value, label } = editJson(rng, parts.index as unknown as Json);
  parts.index = value as PayloadParts['index'];
  // Lengths are left as edited: the index is what is being attacked.
  try {
    return { label: `index: ${label}`, bytes: joinPayload(parts, false) };
  } catch {
    return payloadRaw(rng, plaintext);
  }
};

const recordEdit: PayloadMutation = (rng, plaintext) => {
  const parts = splitPayload(plaintext);
  if (parts.records.length === 0) return payloadRaw(rng, plaintext);
  const i = rng.int(parts.records.length);
  if (rng.chance(0.25)) {
    const edited = editText(rng, parts.records[i]!);
    parts.records[i] = edited.bytes;
    return { label: `record ${parts.index.records[i]?.[0]}: ${edited.label}`, bytes: joinPayload(parts) };
  }
  const { value, label } = editJson(rng, JSON.parse(parts.records[i]!.toString('utf8')) as Json);
  parts.records[i] = Buffer.from(JSON.stringify(value) ?? '', 'utf8');
  return { label: `record ${parts.index.records[i]?.[0]}: ${label}`, bytes: joinPayload(parts) };
};

const recordShuffle: PayloadMutation = (rng, plaintext) => {
  const parts = splitPayload(plaintext);
  const n = parts.records.length;
  if (n < 2) return recordEdit(rng, plaintext);
  const a = rng.int(n);
  const b = (a + 1 + rng.int(n - 1)) % n;
  if (rng.chance(0.5)) {
    [parts.records[a], parts.records[b]] = [parts.records[b]!, parts.records[a]!];
    return { label: `records ${a} and ${b} swapped under their ids`, bytes: joinPayload(parts) };
  }
  parts.index.records.splice(b, 0, structuredClone(parts.index.records[a]!));
  parts.records.splice(b, 0, parts.records[a]!);
  return { label: `record ${parts.index.records[a]?.[0]} listed twice`, bytes: joinPayload(parts) };
};

const auditEdit: PayloadMutation = (rng, plaintext) => {
  const parts = splitPayload(plaintext);
  const lines = parts.audit.toString('utf8').split('\n');
  const filled = lines.map((line, i) => [line, i] as const).filter(([line]) => line !== '');
  if (filled.length === 0) return recordEdit(rng, plaintext);
  const [line, i] = rng.pick(filled);
  const op = rng.int(3);
  let label: string;
  if (op === 0) {
    const edited = editJson(rng, JSON.parse(line) as Json);
    lines[i] = JSON.stringify(edited.value) ?? '';
    label = `audit line ${i}: ${edited.label}`;
  } else if (op === 1) {
    lines.splice(i, 1);
    label = `audit line ${i} removed`;
  } else {
    lines[i] = editText(rng, Buffer.from(line)).bytes.toString('utf8');
    label = `audit line ${i}: text edited`;
  }
  parts.audit = Buffer.from(lines.join('\n'), 'utf8');
  return { label, bytes: joinPayload(parts) };
};

const PAYLOAD_MUTATIONS: Array<[string, PayloadMutation, number]> = [
  ['raw', payloadRaw, 15],
  ['length', payloadLength, 5],
  ['index', indexEdit, 20],
  ['record', recordEdit, 35],
  ['shuffle', recordShuffle, 10],
  ['audit', auditEdit, 15],
];
const PAYLOAD_WEIGHT = PAYLOAD_MUTATIONS.reduce((sum, [, , weight]) => sum + weight, 0);

/** One or two stacked mutations of a decrypted payload. */
export function mutatePayload(rng: Rng, plaintext: Buffer): Mutated & { family: string } {
  const steps = rng.chance(0.85) ? 1 : 2;
  let current = plaintext;
  const labels: string[] = [];
  let family = '';
  for (let i = 0; i < steps; i++) {
    const [name, mutation] = weighted(rng, PAYLOAD_MUTATIONS, PAYLOAD_WEIGHT);
    family ||= name;
    let result: Mutated;
    try {
      result = mutation(rng, current);
    } catch {
      result = payloadRaw(rng, current); // an earlier step left something splitPayload cannot read
    }
    labels.push(result.label);
    current = result.bytes;
  }
  return { family: steps > 1 ? `${family}+` : family, label: labels.join('; '), bytes: current };
}
