import { z } from 'zod';
import {
  closeReasons,
  deleteReasons,
  dropReasons,
  unsealReasons,
  verdictCorrectionReasons,
  verdictOutcomes,
} from '../../core/vocabulary.ts';
import { deletableTypes } from '../audit/entities.ts';
import { approvalActions } from '../../core/approvals/actions.ts';
import { entityId, isoDate, longText, pageQuery } from './common.ts';

/**
 * Records that can be deleted, each only when nothing else refers to it. Identities are not
 * deleted but shredded (their own use-case), which keeps the proof that one existed.
 */
export { deletableTypes } from '../audit/entities.ts';
export type { DeletableType } from '../audit/entities.ts';

/** The actions that need a second person's approval (core/approvals/actions.ts). */
export { approvalActions } from '../../core/approvals/actions.ts';
export type { ApprovalAction } from '../../core/approvals/actions.ts';

const reasonText = longText.trim().min(1);

/** A request for a four-eyes change, by action. */
export const approvalRequestInput = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('case.close'),
    caseId: entityId,
    occurredOn: isoDate,
    reasonCode: z.enum(closeReasons),
    reasonText,
  }),
  z.object({
    action: z.literal('case.suspend'),
    caseId: entityId,
    occurredOn: isoDate,
    reasonCode: z.enum(closeReasons),
    reasonText,
  }),
  z.object({
    action: z.literal('charge.drop'),
    chargeId: entityId,
    reasonCode: z.enum(dropReasons),
    reasonText,
  }),
  z.object({
    action: z.literal('verdict.correct'),
    verdictId: entityId,
    outcome: z.enum(verdictOutcomes),
    reasonCode: z.enum(verdictCorrectionReasons),
    reasonText,
  }),
  z.object({
    action: z.literal('case.unseal'),
    caseId: entityId,
    reasonCode: z.enum(unsealReasons),
    reasonText,
  }),
  z.object({
    action: z.literal('record.delete'),
    entityType: z.enum(deletableTypes),
    entityId,
    reasonCode: z.enum(deleteReasons),
    reasonText,
  }),
]);
export type ApprovalRequestInput = z.infer<typeof approvalRequestInput>;

/** Approving or rejecting: the request version read, and a note (required to reject). */
export const approvalDecisionInput = z.object({
  version: z.number().int().min(1),
  note: longText.trim().min(1).nullable().optional(),
});

export const listApprovalsQuery = pageQuery.extend({
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
  caseId: entityId.optional(),
  action: z.enum(approvalActions).optional(),
});

/** An approval request as the API shows it. */
export const approvalRequestView = z.object({
  id: z.string(),
  action: z.enum(approvalActions),
  caseId: z.string().nullable(),
  targetType: z.string(),
  targetId: z.string(),
  reasonCode: z.string(),
  reasonText: z.string(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'approved', 'rejected']),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  version: z.number().int(),
});

/** A four-eyes change answered 202: nothing changed yet; the request waits for a second person. */
export const pendingView = z.object({
  result: z.literal('pending'),
  approval: approvalRequestView,
});
export type ApprovalRequestView = z.infer<typeof approvalRequestView>;

/**
 * A request as the approvals list shows it: with who asked and who decided by name, and the
 * case's reference (null for a sealed case, whose reference the list does not reveal).
 */
export const approvalListItemView = approvalRequestView.extend({
  requestedByName: z.string().nullable(),
  decidedByName: z.string().nullable(),
  caseReference: z.string().nullable(),
});
export type ApprovalListItemView = z.infer<typeof approvalListItemView>;

/** Sealing a case to named users (the sealing user is always among them). */
export const sealCaseInput = z.object({
  version: z.number().int().min(1),
  userIds: z.array(entityId).min(1).max(100),
  reasonText,
});

/** Adding or removing a user on a sealed case's access list. */
export const sealAccessInput = z.object({ userId: entityId });

/** One user's access to a sealed case, and the views they made. */
export const sealAccessView = z.object({
  userId: z.string(),
  grantedBy: z.string(),
  grantedAt: z.string(),
  revokedBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type SealAccessView = z.infer<typeof sealAccessView>;

/** The reviewable record of a sealed case: who could see it and every view or refused view. */
export const sealReviewView = z.object({
  caseId: z.string(),
  sealed: z.boolean(),
  access: z.array(sealAccessView),
  views: z.array(
    z.object({
      index: z.number().int(),
      at: z.string(),
      actorId: z.string(),
      action: z.string(),
    }),
  ),
});
export type SealReviewView = z.infer<typeof sealReviewView>;
