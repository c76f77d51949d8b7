import {
  approvedCaseEvent,
  approvedChargeDrop,
  approvedDeletion,
  approvedSeal,
  approvedUserChange,
  approvedVerdictCorrection,
} from '../../core/approvals/decide.ts';
import { DomainError } from '../../core/errors.ts';
import { findUser } from '../../db/repositories/agencies.repository.ts';
import { findCharge } from '../../db/repositories/cases.repository.ts';
import { deleteRow, findVerdict } from '../../db/repositories/integrity.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { assertCaseIdAccess } from '../access/seal-guard.ts';
import { applyUserChange } from '../agencies/agencies.ts';
import { entities } from '../audit/entities.ts';
import { appendAudit } from '../audit/audit.ts';
import type { IssuedPassword } from '../auth/passwords.ts';
import { applyPassword } from '../auth/passwords.ts';
import { applyCaseEvent } from '../cases/events.ts';
import { sealInTransaction, unsealInTransaction } from '../cases/sealing.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { notFound, parseInput, staleVersion } from '../common/validate.ts';
import { chargeView, verdictView } from '../common/views.ts';
import { updateUserInput } from '../schemas/agencies.schemas.ts';
import { deletableTypes } from '../schemas/approvals.schemas.ts';
import type { ApprovalRequestView } from '../schemas/approvals.schemas.ts';
import { isOneOf } from '../../core/vocabulary.ts';
import { caseFacts, loadCase, loadCharge, loadDeletionTarget, loadVerdict } from './targets.ts';

/**
 * Carries out an approved request in the approval's transaction: loads its target as it is now,
 * asks the rule (`core/approvals/decide.ts`), writes what it returns and logs it with the request.
 */
export async function execute(
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
      const row = await loadCase(trx, request.targetId);
      // The approver decides on the case as it is now, so its current version is used.
      const event = approvedCaseEvent(request.action, request);
      await applyCaseEvent(
        trx,
        ctx,
        actor,
        row.id,
        { ...event, caseVersion: row.version },
        approvedBy,
      );
      return;
    }
    case 'charge.drop': {
      const { row: before, facts } = await loadCharge(trx, request.targetId);
      await assertCaseIdAccess(trx, actor, before.case_id);
      const values = { ...approvedChargeDrop(facts), updated_at: ctx.now().toISOString() };
      const key = { column: 'id', value: before.id } as const;
      if (!(await updateVersioned(trx, 'charges', key, before.version, values)))
        throw staleVersion('charge', before.id, before.version);
      const after = await findCharge(trx, before.id);
      if (after === undefined) throw notFound('charge', before.id);
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
      const { row: before, facts } = await loadVerdict(trx, request.targetId);
      await assertCaseIdAccess(trx, actor, before.case_id);
      // Decided on the verdict as it is now: changed meanwhile, the request no longer fits it.
      const { outcome } = approvedVerdictCorrection(request, facts);
      const key = { column: 'id', value: before.id } as const;
      const values = { outcome, updated_at: ctx.now().toISOString() };
      if (!(await updateVersioned(trx, 'verdicts', key, before.version, values)))
        throw staleVersion('verdict', before.id, before.version);
      const after = await findVerdict(trx, before.id);
      if (after === undefined) throw notFound('verdict', before.id);
      await appendAudit(trx, ctx, actor, {
        action: 'verdict.correct',
        entityType: 'verdict',
        entityId: before.id,
        caseId: before.case_id,
        before: verdictView(before),
        after: {
          ...verdictView(after),
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
      const row = await loadCase(trx, request.targetId);
      const { userIds } = approvedSeal(request, caseFacts(row));
      await sealInTransaction(trx, ctx, actor, row, userIds, {
        reason: request.reasonText,
        ...approvedBy,
      });
      return;
    }
    case 'user.grant_roles': {
      const user = await findUser(trx, request.targetId);
      if (user === undefined) throw notFound('user', request.targetId);
      // The approver decides on the account as it is now, so its current version is used.
      const change = { ...approvedUserChange(request), version: user.version };
      await applyUserChange(
        trx,
        ctx,
        actor,
        user.id,
        parseInput(updateUserInput, change),
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
      const type = request.targetType;
      if (!isOneOf(deletableTypes, type))
        throw new DomainError(
          'IntegrityViolation',
          `request ${request.id} names no kind of record that can be deleted: ${type}`,
        );
      const target = await loadDeletionTarget(trx, type, request.targetId);
      if (target.facts.caseId !== null) await assertCaseIdAccess(trx, actor, target.facts.caseId);
      approvedDeletion(target.facts);
      await deleteRow(trx, entities[type].table, request.targetId);
      await appendAudit(trx, ctx, actor, {
        action: `${type}.delete`,
        entityType: type,
        entityId: request.targetId,
        caseId: target.facts.caseId,
        before: target.view,
        after: null,
      });
      return;
    }
  }
}
