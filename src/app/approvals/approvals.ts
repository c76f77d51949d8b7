import type { InputOf } from '../common/validate.ts';
import { deciderOf, refusalToDecide, requestPermissions } from '../../core/approvals/actions.ts';
import type { Permission } from '../../core/access/policy.ts';
import {
  askCaseEvent,
  askChargeDrop,
  askDeletion,
  askUnseal,
  askVerdictCorrection,
} from '../../core/approvals/decide.ts';
import type { PendingChange } from '../../core/approvals/decide.ts';
import { DomainError } from '../../core/errors.ts';
import {
  findApprovalParties,
  findApprovalRequest,
  listApprovalRequests,
} from '../../db/repositories/approvals.repository.ts';
import { findCharge } from '../../db/repositories/cases.repository.ts';
import { findVerdict } from '../../db/repositories/integrity.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { allows, authorize, authorizeAny } from '../access/access.ts';
import {
  assertCaseAccess,
  assertCaseIdAccess,
  sealedCasesHiddenFor,
} from '../access/seal-guard.ts';
import { appendAudit } from '../audit/audit.ts';
import { issuePassword } from '../auth/passwords.ts';
import { refuseOutsideReach } from '../cases/case-scope.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { pageWindow, toPage } from '../common/paging.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  staleVersion,
} from '../common/validate.ts';
import {
  approvalDecisionInput,
  approvalRequestInput,
  listApprovalsQuery,
} from '../schemas/approvals.schemas.ts';
import type {
  ApprovalListItemView,
  ApprovalRequestInput,
  ApprovalRequestView,
} from '../schemas/approvals.schemas.ts';
import type { Page } from '../schemas/common.ts';
import { execute } from './execute.ts';
import { approvalView, insertPendingRequest } from './requests.ts';
import { caseFacts, loadCase, loadCharge, loadDeletionTarget, loadVerdict } from './targets.ts';

/** Checks that the change can be made now and describes it as a pending request. */
async function pendingChangeOf(
  trx: Executor,
  actor: Actor,
  input: ApprovalRequestInput,
): Promise<PendingChange> {
  const reason = { reasonCode: input.reasonCode, reasonText: input.reasonText };
  switch (input.action) {
    case 'case.close':
    case 'case.suspend': {
      const row = await loadCase(trx, input.caseId);
      await assertCaseAccess(trx, actor, row);
      return askCaseEvent(input.action, caseFacts(row), input.occurredOn, reason);
    }
    case 'charge.drop': {
      const { row, facts } = await loadCharge(trx, input.chargeId);
      await assertCaseIdAccess(trx, actor, row.case_id);
      return askChargeDrop(facts, reason);
    }
    case 'verdict.correct': {
      const { row, facts } = await loadVerdict(trx, input.verdictId);
      await assertCaseIdAccess(trx, actor, row.case_id);
      return askVerdictCorrection(facts, input.outcome, reason);
    }
    case 'case.unseal': {
      const row = await loadCase(trx, input.caseId);
      await assertCaseAccess(trx, actor, row);
      return askUnseal(caseFacts(row), reason);
    }
    case 'record.delete': {
      const target = await loadDeletionTarget(trx, input.entityType, input.entityId);
      if (target.facts.caseId !== null) await assertCaseIdAccess(trx, actor, target.facts.caseId);
      return askDeletion(target.facts, reason);
    }
  }
}

/**
 * Asks for a four-eyes change: closing or suspending a case, dropping a charge, unsealing a
 * case, or deleting a record, with a reason code and text. Nothing changes until a different
 * supervisor approves.
 */
export async function requestApproval(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof approvalRequestInput>,
): Promise<ApprovalRequestView> {
  const input = parseInput(approvalRequestInput, raw);
  await authorizeAny(ctx, actor, requestPermissions[input.action], {
    action: `ask for ${input.action}`,
    entityType: 'approval_request',
  });
  await refuseOutsideReach(
    ctx,
    actor,
    await caseOfRequest(ctx, input),
    requestPermissions[input.action],
    `ask for ${input.action}`,
  );
  return inTransaction(ctx, async (trx) =>
    insertPendingRequest(trx, ctx, actor, await pendingChangeOf(trx, actor, input)),
  );
}

// The case a request would change, for the agency scope (deletions are checked by their target).
async function caseOfRequest(ctx: AppContext, input: ApprovalRequestInput) {
  switch (input.action) {
    case 'case.close':
    case 'case.suspend':
    case 'case.unseal':
      return input.caseId;
    case 'charge.drop':
      return (await findCharge(ctx.db, input.chargeId))?.case_id;
    case 'verdict.correct':
      return (await findVerdict(ctx.db, input.verdictId))?.case_id;
    case 'record.delete':
      return null;
  }
}

async function requirePending(trx: Executor, id: string, version: number) {
  const row = await findApprovalRequest(trx, id);
  if (row === undefined) throw notFound('approval request', id);
  assertVersion('approval request', id, row.version, version);
  if (row.status !== 'pending') {
    throw new DomainError('Conflict', `request ${id} was already ${row.status}`, {
      details: { status: row.status },
    });
  }
  return row;
}

/**
 * Refuses a decision by the requester (logged, so that attempts are visible), by the user a
 * request is about, or by someone without the deciding role (`refusalToDecide`).
 */
async function assertMayDecide(
  ctx: AppContext,
  actor: Actor,
  id: string,
  decision: 'approve' | 'reject',
): Promise<void> {
  const row = await findApprovalRequest(ctx.db, id);
  if (row === undefined) throw notFound('approval request', id);
  const refusal = refusalToDecide(approvalView(row), actor, decision);
  if (refusal === null) return;
  if (refusal.logged) {
    await inTransaction(ctx, (trx) =>
      appendAudit(trx, ctx, actor, {
        action: 'approval.self_approval_refused',
        entityType: 'approval_request',
        entityId: id,
        caseId: row.case_id,
        before: null,
        after: null,
      }),
    );
  }
  throw refusal.error;
}

/** The permission deciding request `id` needs (that of a supervisor when there is no such request). */
async function decidingPermission(ctx: AppContext, id: string): Promise<Permission> {
  const row = await findApprovalRequest(ctx.db, id);
  return row === undefined ? 'approval.decide' : deciderOf(approvalView(row).action).permission;
}

/**
 * Approves a request and carries it out, in one transaction; the approver must not be the
 * requester (nor, for a user request, the user). An approved password reset returns the new
 * one-time password, once, to the approver.
 */
export async function approveRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: InputOf<typeof approvalDecisionInput>,
): Promise<ApprovalRequestView & { oneTimePassword?: string }> {
  await authorize(ctx, actor, await decidingPermission(ctx, id), {
    action: 'approve a request',
    entityType: 'approval_request',
    entityId: id,
  });
  const input = parseInput(approvalDecisionInput, raw);
  await assertMayDecide(ctx, actor, id, 'approve');
  // A password reset carries no secret while it waits: the approver receives a one-time
  // password, hashed here, outside the transaction.
  const issued =
    (await findApprovalRequest(ctx.db, id))?.action === 'user.reset_password'
      ? await issuePassword()
      : null;
  return inTransaction(ctx, async (trx) => {
    const row = await requirePending(trx, id, input.version);
    const decided = await decide(trx, ctx, actor, row, 'approved', input.note ?? null);
    await execute(trx, ctx, actor, decided, issued);
    return issued === null ? decided : { ...decided, oneTimePassword: issued.password };
  });
}

/** Rejects a request: nothing changes; the rejection and its note are logged. */
export async function rejectRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: InputOf<typeof approvalDecisionInput>,
): Promise<ApprovalRequestView> {
  await authorize(ctx, actor, await decidingPermission(ctx, id), {
    action: 'reject a request',
    entityType: 'approval_request',
    entityId: id,
  });
  const input = parseInput(approvalDecisionInput, raw);
  if (input.note == null) throw invalidField('note', 'say why the request is rejected');
  await assertMayDecide(ctx, actor, id, 'reject');
  return inTransaction(ctx, async (trx) => {
    const row = await requirePending(trx, id, input.version);
    return decide(trx, ctx, actor, row, 'rejected', input.note ?? null);
  });
}

async function decide(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  row: NonNullable<Awaited<ReturnType<typeof findApprovalRequest>>>,
  status: 'approved' | 'rejected',
  note: string | null,
): Promise<ApprovalRequestView> {
  const at = ctx.now().toISOString();
  const values = {
    status,
    decided_by: actor.id,
    decided_at: at,
    decision_note: note,
    updated_at: at,
  };
  if (
    !(await updateVersioned(
      trx,
      'approval_requests',
      { column: 'id', value: row.id },
      row.version,
      values,
    ))
  ) {
    throw staleVersion('approval request', row.id, row.version);
  }
  const after = approvalView((await findApprovalRequest(trx, row.id))!);
  await appendAudit(trx, ctx, actor, {
    action: status === 'approved' ? 'approval.approve' : 'approval.reject',
    entityType: 'approval_request',
    entityId: row.id,
    caseId: row.case_id,
    before: approvalView(row),
    after,
  });
  return after;
}

/** One request. */
export async function getApproval(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<ApprovalRequestView> {
  await authorizeAny(ctx, actor, ['case.read', 'audit.read'], {
    action: 'read an approval request',
    entityType: 'approval_request',
    entityId: id,
  });
  const row = await findApprovalRequest(ctx.db, id);
  if (row === undefined) throw notFound('approval request', id);
  return withholdSealed(actor, await sealedCasesHiddenFor(ctx.db, actor), approvalView(row));
}

const withheld = '(withheld: sealed case)';

/**
 * A request as `actor` may see it: the reason, payload and note of a request about a sealed
 * case are for its access list only, and so are those of a pending seal (the reason for
 * sealing, the list) beyond its requester, the users it names and the supervisors who decide.
 */
function withholdSealed<T extends ApprovalRequestView>(
  actor: Actor,
  hidden: ReadonlySet<string>,
  view: T,
): T {
  const named = view.payload['userIds'];
  const pendingSeal =
    view.action === 'case.seal' &&
    view.status === 'pending' &&
    view.requestedBy !== actor.id &&
    !(Array.isArray(named) && named.includes(actor.id)) &&
    !allows(actor, 'approval.decide');
  if (!pendingSeal && (view.caseId === null || !hidden.has(view.caseId))) return view;
  return {
    ...view,
    reasonText: withheld,
    payload: {},
    decisionNote: view.decisionNote === null ? null : withheld,
  };
}

/** Requests, oldest first, filtered by status, case and action. */
export async function listApprovals(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof listApprovalsQuery>,
): Promise<Page<ApprovalListItemView>> {
  await authorizeAny(ctx, actor, ['case.read', 'audit.read'], {
    action: 'list approval requests',
    entityType: 'approval_request',
  });
  const query = parseInput(listApprovalsQuery, raw);
  const { rows, total } = await listApprovalRequests(
    ctx.db,
    { status: query.status, caseId: query.caseId, action: query.action },
    pageWindow(query),
  );
  const parties = await findApprovalParties(
    ctx.db,
    [...new Set(rows.flatMap((row) => [row.requested_by, row.decided_by ?? []].flat()))],
    [...new Set(rows.flatMap((row) => (row.case_id === null ? [] : [row.case_id])))],
  );
  const nameOf = (id: string | null) =>
    id === null ? null : (parties.users.find((user) => user.id === id)?.display_name ?? null);
  const hidden = await sealedCasesHiddenFor(ctx.db, actor);
  const items = rows.map((row): ApprovalListItemView => {
    const caseRow = parties.cases.find((c) => c.id === row.case_id);
    return {
      ...withholdSealed(actor, hidden, approvalView(row)),
      requestedByName: nameOf(row.requested_by),
      decidedByName: nameOf(row.decided_by),
      caseReference: caseRow === undefined || caseRow.sealed !== 0 ? null : caseRow.reference,
    };
  });
  return toPage(query, total, items);
}
