import type { Permission } from '../../core/access/policy.ts';
import { decodeAuditLeaf } from '../../core/audit/index.ts';
import { findAuditEntriesForEntity } from '../../db/repositories/audit.repository.ts';
import { authorizeAny } from '../access/access.ts';
import type { Actor, AppContext } from '../common/context.ts';
import type { HistoryType } from '../audit/entities.ts';
import type { HistoryEntryView } from '../schemas/registers.schemas.ts';
import { assertCaseIdAccess } from '../access/seal-guard.ts';

/**
 * Who may read the history of each kind of record: whoever may read the record itself. A
 * history holds every version of the record (an allegation's text, a user's sign-in
 * addresses), so a general permission to read cases or the log is not enough for it.
 */
const historyReaders: Readonly<Record<HistoryType, readonly [Permission, ...Permission[]]>> = {
  agency: ['case.read', 'agency.manage', 'audit.read'],
  user: ['user.manage', 'audit.read'],
  case: ['case.read', 'audit.read'],
  charge: ['case.read', 'audit.read'],
  case_event: ['case.read', 'audit.read'],
  verdict: ['case.read', 'audit.read'],
  sentence: ['case.read', 'audit.read'],
  screening: ['case.read', 'audit.read'],
  person: ['case.read', 'audit.read'],
  victim_record: ['case.read', 'audit.read'],
  identity: ['identity.read'],
  victim_link: ['victims.match'],
  training: ['training.read'],
  complicity_allegation: ['complicity.read'],
  period_certification: ['report.read', 'certification.write'],
  published_figures: ['report.read', 'certification.write'],
};

// Records the history route does not offer (approval requests, for the CLI and tests).
const otherReaders: readonly [Permission, ...Permission[]] = ['case.read', 'audit.read'];

function isHistoryType(type: string): type is HistoryType {
  return Object.hasOwn(historyReaders, type);
}

/** The history of changes of one record, oldest first, as the log recorded them. */
export async function historyOf(
  ctx: AppContext,
  actor: Actor,
  entityType: string,
  entityId: string,
): Promise<HistoryEntryView[]> {
  const readers = isHistoryType(entityType) ? historyReaders[entityType] : otherReaders;
  await authorizeAny(ctx, actor, readers, {
    action: `read the history of a ${entityType}`,
    entityType: 'history',
    entityId: `${entityType}/${entityId}`,
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
