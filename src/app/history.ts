import { decodeAuditLeaf } from '../core/audit/index.ts';
import { findAuditEntriesForEntity } from '../db/repositories/audit.repository.ts';
import { authorizeAny } from './access.ts';
import type { Actor, AppContext } from './context.ts';
import type { HistoryEntryView } from './schemas/registers.schemas.ts';
import { assertCaseIdAccess } from './seal-guard.ts';

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
