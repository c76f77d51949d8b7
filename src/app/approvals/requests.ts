import type { PendingChange } from '../../core/approvals/decide.ts';
import { DomainError } from '../../core/errors.ts';
import {
  findPendingRequestFor,
  insertApprovalRequest,
} from '../../db/repositories/approvals.repository.ts';
import type { ApprovalRequestRow } from '../../db/repositories/approvals.repository.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import type { ApprovalRequestView } from '../schemas/approvals.schemas.ts';

/** The API's (and the log's) view of an approval request: the whole row. */
export function approvalView(row: ApprovalRequestRow): ApprovalRequestView {
  return {
    id: row.id,
    action: row.action,
    caseId: row.case_id,
    targetType: row.target_type,
    targetId: row.target_id,
    reasonCode: row.reason_code,
    reasonText: row.reason_text,
    payload: row.payload,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
    version: row.version,
  };
}

/** Records a pending request in the caller's transaction and logs it; one pending request per change. */
export async function insertPendingRequest(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  change: PendingChange,
): Promise<ApprovalRequestView> {
  const existing = await findPendingRequestFor(
    trx,
    change.action,
    change.targetType,
    change.targetId,
  );
  if (existing !== undefined) {
    throw new DomainError(
      'Conflict',
      `request ${existing.id} for ${change.action} on ${change.targetType} ${change.targetId} is already waiting for approval`,
      { details: { approvalRequestId: existing.id } },
    );
  }
  const at = ctx.now().toISOString();
  const row: ApprovalRequestRow = {
    id: ctx.newId(),
    jurisdiction: change.jurisdiction,
    case_id: change.caseId,
    action: change.action,
    target_type: change.targetType,
    target_id: change.targetId,
    reason_code: change.reasonCode,
    reason_text: change.reasonText,
    payload: change.payload,
    status: 'pending',
    requested_by: actor.id,
    requested_at: at,
    decided_by: null,
    decided_at: null,
    decision_note: null,
    version: 1,
    created_at: at,
    updated_at: at,
  };
  await insertApprovalRequest(trx, row);
  const view = approvalView(row);
  await appendAudit(trx, ctx, actor, {
    action: 'approval.request',
    entityType: 'approval_request',
    entityId: row.id,
    caseId: row.case_id,
    before: null,
    after: view,
  });
  return view;
}

/** Records a request in its own transaction (for use-cases that then refuse to act alone). */
export function createPendingRequest(
  ctx: AppContext,
  actor: Actor,
  change: PendingChange,
): Promise<ApprovalRequestView> {
  return inTransaction(ctx, (trx) => insertPendingRequest(trx, ctx, actor, change));
}

/**
 * A four-eyes change that waits: nothing changed yet; the request waits for a second person.
 * Use-cases answer it as a result, beside their `applied` result, never as a thrown error.
 */
export interface Pending {
  readonly result: 'pending';
  readonly approval: ApprovalRequestView;
}

export function pending(approval: ApprovalRequestView): Pending {
  return { result: 'pending', approval };
}

/** What a person is told of a pending change: who must act, and the command that does it. */
export function pendingMessage(approval: ApprovalRequestView): string {
  return `${approval.action} needs a supervisor's approval: request ${approval.id} is waiting (palermo approval approve ${approval.id})`;
}
