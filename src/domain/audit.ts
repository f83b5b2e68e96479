// The audit log: append-only and hash-chained, so an edit to history is detectable. Entries
// record who did what to which app/env/key/version, never a value. Hashing is injected to keep
// the domain free of crypto imports.
import type { AuditDraft, AuditEntry } from './model.js';
import type { AuditChainReport } from './ports.js';

export type Sha256Hex = (text: string) => string;

export interface AuditHead {
  seq: number;
  hash: string;
}

const FIELDS = ['seq', 'at', 'actor', 'action', 'app', 'env', 'key', 'version', 'detail', 'prev'] as const;

/** A stable serialisation of everything an entry's hash covers. */
export function canonicalAuditText(entry: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify(FIELDS.map((field) => entry[field] ?? null));
}

/** Turns drafts into entries that continue the chain after `head` (null for an empty log). */
export function chainAudit(
  head: AuditHead | null,
  drafts: readonly AuditDraft[],
  stamp: { actor: string; at: string },
  sha256: Sha256Hex,
): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? '';
  for (const draft of drafts) {
    seq += 1;
    const unsigned: Omit<AuditEntry, 'hash'> = { ...pickDraft(draft), seq, at: stamp.at, actor: stamp.actor, prev };
    const hash = sha256(canonicalAuditText(unsigned));
    entries.push({ ...unsigned, hash });
    prev = hash;
  }
  return entries;
}

/** Checks every link and hash from the first entry on. */
export function verifyAuditChain(entries: readonly AuditEntry[], sha256: Sha256Hex): AuditChainReport {
  let prev = '';
  let expectedSeq = entries[0]?.seq ?? 1;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      return { ok: false, entries: entries.length, brokenAt: entry.seq, reason: `entry ${expectedSeq} is missing` };
    }
    if (entry.prev !== prev) {
      return { ok: false, entries: entries.length, brokenAt: entry.seq, reason: 'link to the previous entry does not match' };
    }
    const { hash, ...unsigned } = entry;
    if (sha256(canonicalAuditText(unsigned)) !== hash) {
      return { ok: false, entries: entries.length, brokenAt: entry.seq, reason: 'entry was altered after it was written' };
    }
    prev = hash;
    expectedSeq += 1;
  }
  return { ok: true, entries: entries.length };
}

export function auditHead(entries: readonly AuditEntry[]): AuditHead | null {
  const last = entries[entries.length - 1];
  return last ? { seq: last.seq, hash: last.hash } : null;
}

function pickDraft(draft: AuditDraft): AuditDraft {
  const picked: AuditDraft = { action: draft.action };
  if (draft.app !== undefined) picked.app = draft.app;
  if (draft.env !== undefined) picked.env = draft.env;
  if (draft.key !== undefined) picked.key = draft.key;
  if (draft.version !== undefined) picked.version = draft.version;
  if (draft.detail !== undefined) picked.detail = draft.detail;
  return picked;
}
