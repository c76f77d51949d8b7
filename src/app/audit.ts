import { createHash } from 'node:crypto';
import {
  appendLeaves,
  canonicalJson,
  encodeAuditLeaf,
  hashLeaf,
  toHex,
} from '../core/audit/index.ts';
import type { AuditEntry } from '../core/audit/index.ts';
import { actionKind } from './audit-actions.ts';
import type { AuditAction, AuditEntityType } from './audit-actions.ts';
import { findRecordRow, recordOf } from './audit-records.ts';
import type { LoggedRecord } from './audit-records.ts';
import { entities, isEntityType } from './entities.ts';
import type { Actor, AppContext, Executor } from './context.ts';
import {
  insertAuditEntry,
  lockAuditHead,
  merkleNodeStore,
  saveAuditHead,
} from '../db/repositories/audit.repository.ts';

/** What a use-case says about the change it made. */
export interface AuditChange {
  readonly action: AuditAction;
  readonly entityType: AuditEntityType;
  readonly entityId: string;
  readonly caseId: string | null;
  /** The record's view before the change (null for a creation or a read), for readers of its history. */
  readonly before: unknown;
  /**
   * The record's view after the change (null for a deletion or a read), or the context of a
   * read or refusal. The entry also carries the record as stored (see `recordFor`), which is
   * what the verifier compares.
   */
  readonly after: unknown;
}

/**
 * The record an entry carries: for a change, the row as stored now (the use-case appends after
 * its write, in the same transaction); for a deletion, that the row is gone; for a note, none.
 * A change naming a row that is not stored is a programming error, refused before it is logged.
 */
async function recordFor(trx: Executor, change: AuditChange): Promise<LoggedRecord | null> {
  const kind = actionKind(change.action);
  if (kind === undefined) throw new Error(`the audit log has no action ${change.action}`);
  if (kind === 'note') return null;
  const type = change.entityType;
  if (!isEntityType(type)) {
    throw new Error(`${change.action} changes a record, but ${type} is no kind of record`);
  }
  const row = await findRecordRow(trx, type, change.entityId);
  if (kind === 'delete') {
    if (row !== undefined) {
      throw new Error(`${change.action}: ${type} ${change.entityId} is still stored`);
    }
    return { shape: entities[type].shape, row: null };
  }
  if (row === undefined) {
    if (kind === 'attempt') return null;
    throw new Error(`${change.action}: ${type} ${change.entityId} is not stored`);
  }
  return recordOf(type, row);
}

/** A SHA-256 digest of a value's canonical JSON, used in the log in place of personal data. */
export function digestOf(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}

/**
 * Appends an entry to the audit log inside the caller's transaction, so that the change and
 * its record land together or not at all. The entry becomes the next RFC 6962 leaf: its
 * perfect-subtree nodes are written to `merkle_nodes` and the head's root is updated, so an
 * append costs O(log n) and a proof needs no rebuild. Returns the entry's index.
 */
export async function appendAudit(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  change: AuditChange,
): Promise<number> {
  // The head row lock serialises appends on PostgreSQL, so indices are dense and the
  // frontier read below is the one this append extends.
  const head = await lockAuditHead(trx, ctx.engine);
  const index = head?.size ?? 0;
  const record = await recordFor(trx, change);
  const entry: AuditEntry = {
    at: ctx.now().toISOString(),
    actor: actor.id,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    caseId: change.caseId,
    before: change.before ?? null,
    after: change.after ?? null,
    record,
  };
  // The stored text is exactly the hashed bytes, so anyone can recompute the leaf hash from it.
  const bytes = encodeAuditLeaf(entry);
  const leaf = new TextDecoder().decode(bytes);
  const leafHash = hashLeaf(bytes);
  await insertAuditEntry(trx, {
    idx: index,
    at: entry.at,
    actor_id: entry.actor,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    case_id: entry.caseId,
    leaf,
    leaf_hash: toHex(leafHash),
  });
  const appended = await appendLeaves(merkleNodeStore(trx), BigInt(index), [leafHash]);
  await saveAuditHead(
    trx,
    { size: Number(appended.size), rootHash: toHex(appended.root) },
    entry.at,
    head !== null,
  );
  return index;
}
