import { createHash } from 'node:crypto';
import type { Actor, AppContext, Executor } from './context.ts';
import {
  findAuditEntriesForEntity,
  insertAuditEntry,
  lockAuditHead,
  saveAuditHead,
} from '../db/repositories/audit.repository.ts';
import type { HistoryEntryView } from './schemas/registers.schemas.ts';

/** What a use-case says about the change it made. */
export interface AuditChange {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly caseId: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

/** JSON with object keys sorted at every depth and no whitespace: the same value always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort())
      sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}

/** A SHA-256 digest of a value's canonical JSON, used in the log in place of personal data. */
export function digestOf(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}

function leafHashHex(leaf: string): string {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(leaf, 'utf8')
    .digest('hex');
}

/**
 * Appends an entry to the audit log inside the caller's transaction, so that the change and
 * its record land together or not at all.
 */
export async function appendAudit(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  change: AuditChange,
): Promise<number> {
  const head = await lockAuditHead(trx, ctx.engine);
  const index = head?.size ?? 0;
  const at = ctx.now().toISOString();
  const leaf = canonicalJson({
    v: 1,
    at,
    actor: actor.id,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    caseId: change.caseId,
    before: change.before ?? null,
    after: change.after ?? null,
  });
  const leafHash = leafHashHex(leaf);
  await insertAuditEntry(trx, {
    idx: index,
    at,
    actor_id: actor.id,
    action: change.action,
    entity_type: change.entityType,
    entity_id: change.entityId,
    case_id: change.caseId,
    leaf,
    leaf_hash: leafHash,
  });
  await saveAuditHead(trx, { size: index + 1, rootHash: head?.rootHash ?? '' }, at, head !== null);
  return index;
}

/** The history of changes of one record, oldest first, as the log recorded them. */
export async function historyOf(
  ctx: AppContext,
  _actor: Actor,
  entityType: string,
  entityId: string,
): Promise<HistoryEntryView[]> {
  const rows = await findAuditEntriesForEntity(ctx.db, entityType, entityId);
  return rows.map((row) => {
    const leaf = JSON.parse(row.leaf) as { before: unknown; after: unknown };
    return {
      index: Number(row.idx),
      at: row.at,
      actorId: row.actor_id,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      caseId: row.case_id,
      before: leaf.before,
      after: leaf.after,
    };
  });
}
