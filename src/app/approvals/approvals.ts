import { pageWindow, toPage } from '../common/paging.ts';
import { nextStatus } from '../../core/case/lifecycle.ts';
import { entities } from '../audit/entities.ts';
import { DomainError } from '../../core/errors.ts';
import { isOneOf, verdictOutcomes } from '../../core/vocabulary.ts';
import type { Role } from '../../core/vocabulary.ts';
import {
  findApprovalParties,
  findApprovalRequest,
  listApprovalRequests,
} from '../../db/repositories/approvals.repository.ts';
import {
  findCase,
  findCharge,
  findPerson,
  findVictimRecord,
} from '../../db/repositories/cases.repository.ts';
import {
  deleteRow,
  referencesToCase,
  referencesToCharge,
  referencesToPerson,
} from '../../db/repositories/integrity.repository.ts';
import { findAllegation, findTraining } from '../../db/repositories/registers.repository.ts';
import {
  findSentencesOfConviction,
  findVerdict,
} from '../../db/repositories/integrity.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { appendAudit } from '../audit/audit.ts';
import { allows, authorize, authorizeAny } from '../access/access.ts';
import type { Permission } from '../../core/access/policy.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { applyUserChange } from '../agencies/agencies.ts';
import { applyPassword, issuePassword } from '../auth/auth.ts';
import type { IssuedPassword } from '../auth/auth.ts';
import { refuseOutsideReach } from '../cases/case-scope.ts';
import { applyCaseEvent } from '../cases/events.ts';
import { findUser } from '../../db/repositories/agencies.repository.ts';
import { updateUserInput } from '../schemas/agencies.schemas.ts';
import { sealInTransaction, unsealInTransaction } from '../cases/sealing.ts';
import {
  assertCaseAccess,
  assertCaseIdAccess,
  sealedCasesHiddenFor,
} from '../access/seal-guard.ts';
import type { Page } from '../schemas/common.ts';
import {
  approvalDecisionInput,
  approvalRequestInput,
  listApprovalsQuery,
} from '../schemas/approvals.schemas.ts';
import type {
  ApprovalListItemView,
  ApprovalRequestInput,
  ApprovalRequestView,
  DeletableType,
} from '../schemas/approvals.schemas.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  staleVersion,
} from '../common/validate.ts';
import {
  allegationView,
  caseSummaryView,
  chargeView,
  personView,
  trainingView,
  verdictView,
  victimRecordView,
} from '../common/views.ts';
import { approvalView, insertPendingRequest } from './requests.ts';
import type { PendingChange } from './requests.ts';

/** The role a second person needs to approve or reject a request about a case or a record. */
export const approverRole: Role = 'supervisor';

/**
 * Who decides a request: a supervisor for cases and records; a different administrator for a
 * role that opens identities or approvals, or a password of a user who holds one.
 */
function deciderOf(action: ApprovalRequestView['action']): {
  readonly permission: Permission;
  readonly role: Role;
} {
  switch (action) {
    case 'user.grant_roles':
    case 'user.reset_password':
      return { permission: 'user.manage', role: 'administrator' };
    case 'case.close':
    case 'case.suspend':
    case 'charge.drop':
    case 'verdict.correct':
    case 'case.unseal':
    case 'case.seal':
    case 'record.delete':
      return { permission: 'approval.decide', role: approverRole };
  }
}

/** A record about to be deleted: where it lives, its case, and its full view for the log. */
interface DeletionTarget {
  readonly jurisdiction: string | null;
  readonly caseId: string | null;
  readonly view: unknown;
  readonly blockers: readonly string[];
}

async function deletionTarget(
  executor: Executor,
  type: DeletableType,
  id: string,
): Promise<DeletionTarget> {
  switch (type) {
    case 'case': {
      const row = await findCase(executor, id);
      if (row === undefined) throw notFound('case', id);
      return {
        jurisdiction: row.jurisdiction,
        caseId: row.id,
        view: caseSummaryView(row),
        blockers: await referencesToCase(executor, id),
      };
    }
    case 'person': {
      const row = await findPerson(executor, id);
      if (row === undefined) throw notFound('person', id);
      return {
        jurisdiction: row.jurisdiction,
        caseId: row.case_id,
        view: personView(row),
        blockers: await referencesToPerson(executor, id),
      };
    }
    case 'victim_record': {
      const row = await findVictimRecord(executor, id);
      if (row === undefined) throw notFound('victim record', id);
      return {
        jurisdiction: row.jurisdiction,
        caseId: row.case_id,
        view: victimRecordView(row),
        blockers: [],
      };
    }
    case 'charge': {
      const row = await findCharge(executor, id);
      if (row === undefined) throw notFound('charge', id);
      return {
        jurisdiction: row.jurisdiction,
        caseId: row.case_id,
        view: chargeView(row),
        blockers: await referencesToCharge(executor, id),
      };
    }
    case 'training': {
      const row = await findTraining(executor, id);
      if (row === undefined) throw notFound('training', id);
      return {
        jurisdiction: row.jurisdiction,
        caseId: null,
        view: trainingView(row),
        blockers: [],
      };
    }
    case 'complicity_allegation': {
      const row = await findAllegation(executor, id);
      if (row === undefined) throw notFound('complicity allegation', id);
      return {
        jurisdiction: row.jurisdiction,
        caseId: null,
        view: allegationView(row),
        blockers: [],
      };
    }
  }
}

const tableOf = (type: DeletableType) => entities[type].table;

function refuseBlocked(type: string, id: string, blockers: readonly string[]): void {
  if (blockers.length > 0) {
    throw new DomainError(
      'Conflict',
      `${type} ${id} cannot be deleted while ${blockers.join(', ')} refer to it; delete or correct those first`,
      { details: { blockers: [...blockers] } },
    );
  }
}

/**
 * Refuses to turn a conviction into an acquittal or a dismissal while a sentence stands on it:
 * a sentence cannot be removed (sentences are not deleted, only corrected), and a sentence
 * without a conviction would be counted as one. Checked when asked and again when approved.
 */
async function refuseSentencedConviction(
  executor: Executor,
  verdict: { id: string; case_id: string; person_id: string; charge_id: string; outcome: string },
  outcome: string,
): Promise<void> {
  if (verdict.outcome !== 'convicted' || outcome === 'convicted') return;
  const sentences = await findSentencesOfConviction(executor, verdict);
  const convictions = sentences.convictions - 1;
  if (sentences.ids.length > convictions) {
    throw new DomainError(
      'Conflict',
      `verdict ${verdict.id} is a conviction with a sentence (${sentences.ids.join(', ')}): a sentence cannot be removed, so the conviction cannot become ${outcome} while it stands; if the sentence itself is wrong, correct it, and if the court's decision changed, record the verdict on appeal`,
      {
        details: { reason: 'SentenceExists', sentenceIds: sentences.ids },
        issues: [{ path: 'outcome', message: 'a sentence stands on this conviction' }],
      },
    );
  }
}

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
      const row = await findCase(trx, input.caseId);
      if (row === undefined) throw notFound('case', input.caseId);
      await assertCaseAccess(trx, actor, row);
      nextStatus(row.status, input.action === 'case.close' ? 'close' : 'suspend');
      if (input.occurredOn < row.opened_on)
        throw invalidField('occurredOn', `is before the case opened (${row.opened_on})`);
      return {
        action: input.action,
        jurisdiction: row.jurisdiction,
        caseId: row.id,
        targetType: 'case',
        targetId: row.id,
        ...reason,
        payload: { occurredOn: input.occurredOn },
      };
    }
    case 'charge.drop': {
      const row = await findCharge(trx, input.chargeId);
      if (row === undefined) throw notFound('charge', input.chargeId);
      await assertCaseIdAccess(trx, actor, row.case_id);
      if (row.status !== 'active')
        throw new DomainError('Conflict', `charge ${row.id} is already dropped`);
      return {
        action: input.action,
        jurisdiction: row.jurisdiction,
        caseId: row.case_id,
        targetType: 'charge',
        targetId: row.id,
        ...reason,
        payload: {},
      };
    }
    case 'verdict.correct': {
      const row = await findVerdict(trx, input.verdictId);
      if (row === undefined) throw notFound('verdict', input.verdictId);
      await assertCaseIdAccess(trx, actor, row.case_id);
      if (row.outcome === input.outcome)
        throw invalidField('outcome', `the verdict is already recorded as ${input.outcome}`);
      await refuseSentencedConviction(trx, row, input.outcome);
      return {
        action: input.action,
        jurisdiction: row.jurisdiction,
        caseId: row.case_id,
        targetType: 'verdict',
        targetId: row.id,
        ...reason,
        payload: { from: row.outcome, outcome: input.outcome },
      };
    }
    case 'case.unseal': {
      const row = await findCase(trx, input.caseId);
      if (row === undefined) throw notFound('case', input.caseId);
      await assertCaseAccess(trx, actor, row);
      if (row.sealed !== 1) throw new DomainError('Conflict', `case ${row.id} is not sealed`);
      return {
        action: input.action,
        jurisdiction: row.jurisdiction,
        caseId: row.id,
        targetType: 'case',
        targetId: row.id,
        ...reason,
        payload: {},
      };
    }
    case 'record.delete': {
      const target = await deletionTarget(trx, input.entityType, input.entityId);
      if (target.caseId !== null) await assertCaseIdAccess(trx, actor, target.caseId);
      refuseBlocked(input.entityType, input.entityId, target.blockers);
      return {
        action: input.action,
        jurisdiction: target.jurisdiction,
        caseId: target.caseId,
        targetType: input.entityType,
        targetId: input.entityId,
        ...reason,
        payload: {},
      };
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
  raw: unknown,
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

/** Who may ask for each four-eyes change (a supervisor then decides). */
const requestPermissions: Readonly<
  Record<ApprovalRequestInput['action'], readonly [Permission, ...Permission[]]>
> = {
  'case.close': ['case.investigate', 'case.prosecute'],
  'case.suspend': ['case.investigate', 'case.prosecute'],
  'charge.drop': ['case.investigate', 'case.prosecute'],
  // Whoever records verdicts (a court) asks; a different supervisor decides.
  'verdict.correct': ['case.adjudicate'],
  // Whoever runs a sealed operation may ask to end it; a supervisor decides.
  'case.unseal': ['case.seal', 'case.investigate', 'case.prosecute'],
  'record.delete': ['case.write', 'training.write', 'complicity.manage'],
};

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
 * Refuses a decision by the requester (logged, so that attempts are visible) or by someone
 * without the supervisor role.
 */
async function assertMayDecide(
  ctx: AppContext,
  actor: Actor,
  id: string,
  decision: 'approve' | 'reject',
): Promise<void> {
  const row = await findApprovalRequest(ctx.db, id);
  if (row === undefined) throw notFound('approval request', id);
  const decider = deciderOf(approvalView(row).action);
  // A user whose own roles or password are at stake is not the second pair of eyes either.
  const ownAccount = row.target_type === 'user' && row.target_id === actor.id;
  if (row.requested_by === actor.id || ownAccount) {
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
    throw new DomainError(
      'SelfApprovalRefused',
      ownAccount
        ? `request ${id} is about your own account: a different ${decider.role} must ${decision} it`
        : `you asked for request ${id} yourself: a different ${decider.role} must ${decision} it`,
      { details: { approvalRequestId: id } },
    );
  }
  if (!actor.roles.includes(decider.role)) {
    throw new DomainError('Forbidden', `only a ${decider.role} may ${decision} this request`);
  }
}

/** Carries out an approved request in the approval's transaction. */
async function execute(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  request: ApprovalRequestView,
  issued: IssuedPassword | null,
): Promise<void> {
  const approvedBy = { requestedBy: request.requestedBy, approvalRequestId: request.id };
  switch (request.action) {
    case 'case.close':
    case 'case.suspend': {
      const row = await findCase(trx, request.targetId);
      if (row === undefined) throw notFound('case', request.targetId);
      const occurredOn = String(request.payload['occurredOn']);
      // The approver decides on the case as it is now, so its current version is used.
      await applyCaseEvent(
        trx,
        ctx,
        actor,
        row.id,
        {
          kind: request.action === 'case.close' ? 'close' : 'suspend',
          caseVersion: row.version,
          occurredOn,
          reasonCode: request.reasonCode as never,
          reasonText: request.reasonText,
        },
        approvedBy,
      );
      return;
    }
    case 'charge.drop': {
      const before = await findCharge(trx, request.targetId);
      if (before === undefined) throw notFound('charge', request.targetId);
      await assertCaseIdAccess(trx, actor, before.case_id);
      if (before.status !== 'active')
        throw new DomainError('Conflict', `charge ${before.id} is already dropped`);
      const values = { status: 'dropped' as const, updated_at: ctx.now().toISOString() };
      if (
        !(await updateVersioned(
          trx,
          'charges',
          { column: 'id', value: before.id },
          before.version,
          values,
        ))
      ) {
        throw staleVersion('charge', before.id, before.version);
      }
      const after = (await findCharge(trx, before.id))!;
      await appendAudit(trx, ctx, actor, {
        action: 'charge.drop',
        entityType: 'charge',
        entityId: before.id,
        caseId: before.case_id,
        before: chargeView(before),
        after: { ...chargeView(after), approvalRequestId: request.id },
      });
      return;
    }
    case 'verdict.correct': {
      const before = await findVerdict(trx, request.targetId);
      if (before === undefined) throw notFound('verdict', request.targetId);
      await assertCaseIdAccess(trx, actor, before.case_id);
      const asked = request.payload['outcome'];
      const outcome = typeof asked === 'string' && isOneOf(verdictOutcomes, asked) ? asked : null;
      if (outcome === null)
        throw new DomainError(
          'IntegrityViolation',
          `request ${request.id} names no verdict outcome the system knows: ${String(asked)}`,
        );
      // Decided on the verdict as it is now: changed meanwhile, the request no longer fits it.
      if (before.outcome !== request.payload['from'])
        throw new DomainError(
          'Conflict',
          `verdict ${before.id} is now ${before.outcome}, not ${String(request.payload['from'])} as when the correction was asked`,
        );
      await refuseSentencedConviction(trx, before, outcome);
      const at = ctx.now().toISOString();
      if (
        !(await updateVersioned(
          trx,
          'verdicts',
          { column: 'id', value: before.id },
          before.version,
          { outcome, updated_at: at },
        ))
      )
        throw staleVersion('verdict', before.id, before.version);
      await appendAudit(trx, ctx, actor, {
        action: 'verdict.correct',
        entityType: 'verdict',
        entityId: before.id,
        caseId: before.case_id,
        before: verdictView(before),
        after: {
          ...verdictView((await findVerdict(trx, before.id))!),
          correctionReason: request.reasonText,
          reasonCode: request.reasonCode,
          ...approvedBy,
        },
      });
      return;
    }
    case 'case.unseal':
      await unsealInTransaction(trx, ctx, actor, request.targetId, {
        approvalRequestId: request.id,
      });
      return;
    case 'case.seal': {
      const row = await findCase(trx, request.targetId);
      if (row === undefined) throw notFound('case', request.targetId);
      if (row.sealed === 1) throw new DomainError('Conflict', `case ${row.id} is already sealed`);
      const list = request.payload['userIds'];
      if (!Array.isArray(list) || !list.every((id): id is string => typeof id === 'string')) {
        throw new DomainError('Conflict', `request ${request.id} names no access list`);
      }
      await sealInTransaction(trx, ctx, actor, row, list, {
        reason: request.reasonText,
        ...approvedBy,
      });
      return;
    }
    case 'user.grant_roles': {
      const user = await findUser(trx, request.targetId);
      if (user === undefined) throw notFound('user', request.targetId);
      const { added: _added, ...change } = request.payload;
      // The approver decides on the account as it is now, so its current version is used.
      await applyUserChange(
        trx,
        ctx,
        actor,
        user.id,
        parseInput(updateUserInput, { ...change, version: user.version }),
        request.id,
      );
      return;
    }
    case 'user.reset_password': {
      if (issued === null) throw new Error(`request ${request.id}: no one-time password issued`);
      await applyPassword(trx, ctx, actor, request.targetId, {
        hash: issued.hash,
        bySelf: false,
        approvalRequestId: request.id,
      });
      return;
    }
    case 'record.delete': {
      const type = request.targetType as DeletableType;
      const target = await deletionTarget(trx, type, request.targetId);
      if (target.caseId !== null) await assertCaseIdAccess(trx, actor, target.caseId);
      refuseBlocked(type, request.targetId, target.blockers);
      await deleteRow(trx, tableOf(type), request.targetId);
      await appendAudit(trx, ctx, actor, {
        action: `${type}.delete`,
        entityType: type,
        entityId: request.targetId,
        caseId: target.caseId,
        before: target.view,
        after: null,
      });
      return;
    }
  }
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
  raw: unknown,
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
  raw: unknown,
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
  raw: unknown,
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
