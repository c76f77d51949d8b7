import { createHash } from 'node:crypto';
import {
  appendLeaves,
  canonicalJson,
  decodeAuditLeaf,
  encodeAuditLeaf,
  hashLeaf,
  toHex,
} from '../core/audit/index.ts';
import type { AuditEntry } from '../core/audit/index.ts';
import { authorizeAny } from './access.ts';
import { assertCaseIdAccess } from './sealing.ts';
import type { Actor, AppContext, Executor } from './context.ts';
import {
  findAuditEntriesForEntity,
  insertAuditEntry,
  lockAuditHead,
  merkleNodeStore,
  saveAuditHead,
} from '../db/repositories/audit.repository.ts';
import type { HistoryEntryView } from './schemas/registers.schemas.ts';

/** What a use-case says about the change it made. */
export interface AuditChange {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly caseId: string | null;
  /** The record's full view before the change (null for a creation or a read). */
  readonly before: unknown;
  /** The record's full view after the change (null for a deletion or a read): the replay compares it with the row. */
  readonly after: unknown;
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
  const entry: AuditEntry = {
    at: ctx.now().toISOString(),
    actor: actor.id,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    caseId: change.caseId,
    before: change.before ?? null,
    after: change.after ?? null,
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

/** The history of changes of one record, oldest first, as the log recorded them. */
export async function historyOf(
  ctx: AppContext,
  actor: Actor,
  entityType: string,
  entityId: string,
): Promise<HistoryEntryView[]> {
  await authorizeAny(ctx, actor, ['case.read', 'audit.read'], {
    action: 'read the history of a record',
    entityType: 'history',
  });
  const rows = await findAuditEntriesForEntity(ctx.db, entityType, entityId);
  // The history of anything in a sealed case is as sealed as the case.
  for (const caseId of new Set(
    rows.map((row) => row.case_id).filter((id): id is string => id !== null),
  )) {
    await assertCaseIdAccess(ctx.db, actor, caseId);
  }
  return rows.map((row) => {
    const entry = decodeAuditLeaf(new TextEncoder().encode(row.leaf));
    return {
      index: Number(row.idx),
      at: entry.at,
      actorId: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      caseId: entry.caseId,
      before: entry.before,
      after: entry.after,
    };
  });
}
