// The commit semantics every repository shares: check-and-set on per-record revisions, all
// changes or none, audit entries chained in the same step. Pure: the caller supplies the fresh
// state, the revision to stamp and the time, and stores the result.
import { auditHead, chainAudit, verifyAuditChain } from '../domain/audit.js';
import { ConflictError } from '../domain/errors.js';
import { parseRecordId } from '../domain/ids.js';
import type { AuditEntry } from '../domain/model.js';
import type { AuditChainReport, AuditQuery, CommitRequest, CommitResult, LoadedVault, RecordId } from '../domain/ports.js';
import { deepFreeze } from './freeze.js';
import { sha256Hex } from './hashing.js';
import type { VaultFileData } from './payload.js';

export interface CommitStamp {
  /** The revision (save counter) given to every record this commit puts. */
  revision: number;
  /** ISO time for the audit entries. */
  at: string;
  /** Says who else wrote, for the conflict message ("another coffer", "another writer"). */
  otherWriter: string;
}

/**
 * Applies `request` onto `state` (the freshest state there is) and returns the next state; throws
 * ConflictError naming every stale record and leaves `state` untouched. The new state shares
 * unchanged records with the old one; both are deep-frozen.
 */
export function applyCommit(state: VaultFileData, request: CommitRequest, stamp: CommitStamp): { state: VaultFileData; result: CommitResult } {
  checkRequestShape(request);
  const stale = staleRecords(state, request.expected);
  if (stale.length > 0) {
    throw new ConflictError(
      `The vault changed since it was loaded: ${stale.join(', ')} ${stale.length === 1 ? 'was' : 'were'} changed by ${stamp.otherWriter}. Nothing was saved.`,
      stale,
    );
  }
  const records = { ...state.records };
  const revisions = { ...state.revisions };
  const putRevisions: Record<RecordId, string> = {};
  for (const change of request.changes) {
    if (change.record === null) {
      delete records[change.id];
      delete revisions[change.id];
      delete putRevisions[change.id];
    } else {
      records[change.id] = deepFreeze(structuredClone(change.record));
      revisions[change.id] = stamp.revision;
      putRevisions[change.id] = String(stamp.revision);
    }
  }
  const entries = chainAudit(auditHead(state.audit), request.audit, { actor: request.actor, at: stamp.at }, sha256Hex);
  const next: VaultFileData = { records, revisions, audit: [...state.audit, ...entries], fingerprintKey: state.fingerprintKey };
  return { state: deepFreeze(next), result: { revisions: putRevisions, audit: entries } };
}

/** Ids whose current revision differs from the expected one (null = must not exist). */
export function staleRecords(state: VaultFileData, expected: CommitRequest['expected']): RecordId[] {
  const stale: RecordId[] = [];
  for (const [id, revision] of Object.entries(expected)) {
    const current = Object.hasOwn(state.revisions, id) ? String(state.revisions[id]) : null;
    if (current !== revision) stale.push(id);
  }
  return stale.sort();
}

export function toLoadedVault(state: VaultFileData): LoadedVault {
  const records: LoadedVault['records'] = new Map();
  for (const [id, record] of Object.entries(state.records)) {
    records.set(id, { record, revision: String(state.revisions[id]) });
  }
  return { records };
}

/** Entries matching app/env, oldest first, the newest `limit` of them. */
export function queryAudit(audit: readonly AuditEntry[], query: AuditQuery = {}): AuditEntry[] {
  const matching = audit.filter((entry) => (query.app === undefined || entry.app === query.app) && (query.env === undefined || entry.env === query.env));
  return query.limit === undefined ? matching : matching.slice(Math.max(0, matching.length - query.limit));
}

export function verifyAudit(audit: readonly AuditEntry[]): AuditChainReport {
  return verifyAuditChain(audit, sha256Hex);
}

/**
 * Programming errors, not user errors: every changed record must say what it expects (that is
 * what makes a write check-and-set), and a record must be stored under an id of its own type.
 */
function checkRequestShape(request: CommitRequest): void {
  for (const change of request.changes) {
    if (!Object.hasOwn(request.expected, change.id)) {
      throw new Error(`commit: the change to ${change.id} has no expected revision (use null for "must not exist yet")`);
    }
    if (change.record !== null && parseRecordId(change.id)?.type !== change.record.type) {
      throw new Error(`commit: a ${change.record.type} record cannot be stored under the id ${change.id}`);
    }
  }
}
