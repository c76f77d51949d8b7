import { createHash } from 'node:crypto';
import {
  appendLeaves,
  canonicalJson,
  encodeAuditLeaf,
  hashLeaf,
  toHex,
} from '../core/audit/index.ts';
import type { AuditEntry } from '../core/audit/index.ts';
import type { Actor, AppContext, Executor } from './context.ts';
import {
  insertAuditEntry,
  lockAuditHead,
  merkleNodeStore,
  saveAuditHead,
} from '../db/repositories/audit.repository.ts';

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
