// The pieces of the large-commit protocol that need no data key (README "Large commits"): the
// public `intent` row, the pieces that carry ciphertext already bound to its final key, and the
// roll-forward anyone may run once an intent says "apply". Kept apart from the repository so
// that the roll-forward stays obviously key-free.
import type { IRequestOp } from 'etcd3';
import * as s from '../shape.js';
import type { KeyWrite } from './codec.js';
import type { EtcdClient } from './client.js';
import type { TeamLayout } from './layout.js';

/** Each piece stays under etcd's 1.5 MiB request cap with room to spare. */
export const PIECE_MAX_ENTRIES = 100;
export const PIECE_MAX_BYTES = 700 * 1024;

const intentSchema = s.object({
  id: s.string({ pattern: /^[0-9a-f]{8,64}$/ }),
  state: s.oneOf(['prepare', 'apply'] as const),
  owner: s.string(),
  pieces: s.optional(s.int({ min: 0 })),
  writeId: s.optional(s.string()),
});
export interface Intent {
  id: string;
  state: 'prepare' | 'apply';
  /** Who is writing, for "busy" messages. */
  owner: string;
  /** How many pieces (set at the commit point). */
  pieces?: number;
  writeId?: string;
}

export function encodeIntent(intent: Intent): Buffer {
  return Buffer.from(JSON.stringify(intent), 'utf8');
}

export function decodeIntent(bytes: Buffer): Intent | undefined {
  try {
    return intentSchema.parse(JSON.parse(bytes.toString('utf8'))) as Intent | undefined;
  } catch {
    return undefined;
  }
}

const pieceSchema = s.array(s.tuple(s.string({ min: 1 }), s.nullable(s.string())));

/** Splits writes into pieces of ≤ PIECE_MAX_ENTRIES entries and ≤ PIECE_MAX_BYTES of ciphertext. */
export function splitIntoPieces(writes: readonly KeyWrite[]): KeyWrite[][] {
  const pieces: KeyWrite[][] = [];
  let current: KeyWrite[] = [];
  let bytes = 0;
  for (const write of writes) {
    const size = write.key.length + (write.value?.length ?? 0);
    if (current.length > 0 && (current.length >= PIECE_MAX_ENTRIES || bytes + size > PIECE_MAX_BYTES)) {
      pieces.push(current);
      current = [];
      bytes = 0;
    }
    current.push(write);
    bytes += size;
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

export function encodePiece(writes: readonly KeyWrite[]): Buffer {
  return Buffer.from(JSON.stringify(writes.map((w) => [w.key, w.value === null ? null : w.value.toString('base64')])), 'utf8');
}

export function decodePiece(bytes: Buffer): KeyWrite[] | undefined {
  try {
    const parsed = pieceSchema.parse(JSON.parse(bytes.toString('utf8')));
    return parsed?.map(([key, value]) => ({ key, value: value === null ? null : Buffer.from(value, 'base64') }));
  } catch {
    return undefined;
  }
}

export function writeOps(writes: readonly KeyWrite[]): IRequestOp[] {
  return writes.map((w) =>
    w.value === null ? { request_delete_range: { key: Buffer.from(w.key, 'utf8') } } : { request_put: { key: Buffer.from(w.key, 'utf8'), value: w.value } },
  );
}

export interface RollForwardResult {
  /** The revision at which each key was written by this roll-forward (pieces others copied are absent). */
  written: Map<string, string>;
}

/**
 * Copies every remaining piece of the intent `id` (in state apply, at `intentRevision`) into
 * place, each copy in one transaction that also deletes the piece and checks that both the
 * intent and the piece are unchanged (so two clients rolling forward never apply a piece twice),
 * then deletes the intent. Needs no keys: the pieces hold ciphertext bound to its final key.
 */
export async function rollForward(
  client: EtcdClient,
  layout: TeamLayout,
  id: string,
  intentRevision: string,
  afterPiece?: (index: number) => Promise<void> | void,
): Promise<RollForwardResult> {
  const written = new Map<string, string>();
  // Keys only: a piece is up to ~1 MB, and a response is capped (64 MiB, client.ts).
  const { kvs: names } = await client.rangePrefix(layout.intentPieces(id), { keysOnly: true });
  const pieces = names
    .map((kv) => ({ key: kv.key.toString('utf8'), parsed: layout.parse(kv.key.toString('utf8')) }))
    .filter((p) => p.parsed?.type === 'intent-piece')
    .sort((a, b) => (a.parsed as { index: number }).index - (b.parsed as { index: number }).index);
  for (const { key, parsed } of pieces) {
    const kv = await client.get(key);
    if (!kv) continue; // copied by someone else meanwhile
    const writes = decodePiece(kv.value);
    if (!writes) throw new Error(`${kv.key.toString('utf8')}: not a piece coffer wrote`);
    const response = await client.txn({
      compare: [
        { key: Buffer.from(layout.intent(), 'utf8'), target: 'Mod', result: 'Equal', mod_revision: intentRevision },
        { key: kv.key, target: 'Mod', result: 'Equal', mod_revision: kv.mod_revision },
      ],
      success: [...writeOps(writes), { request_delete_range: { key: kv.key } }],
    });
    if (!response.succeeded) return { written }; // someone else is rolling forward, or finished
    for (const write of writes) written.set(write.key, response.header.revision);
    await afterPiece?.((parsed as { index: number }).index);
  }
  await client.txn({
    compare: [{ key: Buffer.from(layout.intent(), 'utf8'), target: 'Mod', result: 'Equal', mod_revision: intentRevision }],
    success: [{ request_delete_range: { key: Buffer.from(layout.intent(), 'utf8') } }],
  });
  return { written };
}
