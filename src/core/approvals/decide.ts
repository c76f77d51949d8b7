import { nextStatus } from '../case/lifecycle.ts';
import type { CaseStatus } from '../case/lifecycle.ts';
import { DomainError, invalidField } from '../errors.ts';
import { closeReasons, isOneOf, verdictOutcomes } from '../vocabulary.ts';
import type { CloseReason, VerdictOutcome } from '../vocabulary.ts';
import type { ApprovalAction } from './actions.ts';
import type { JurisdictionCode } from '../jurisdiction.ts';

/**
 * The rules of four-eyes changes, as pure decisions: what is asked and a snapshot of its target
 * in, the pending request (when asked) or what to write (when approved) or a refusal out. The
 * use-cases (`src/app/approvals/`) load the snapshot, check the actor's reach, call these, write
 * what they return and log it; nothing here reads a database or the clock.
 *
 * A request is checked twice: when asked, and again when approved, on the target as it is then
 * (a case closed meanwhile, a sentence recorded on a conviction meanwhile).
 */

/** What a use-case asks a second person to approve. */
export interface PendingChange {
  readonly action: ApprovalAction;
  readonly jurisdiction: JurisdictionCode | null;
  readonly caseId: string | null;
  readonly targetType: string;
  readonly targetId: string;
  readonly reasonCode: string;
  readonly reasonText: string;
  readonly payload: Record<string, unknown>;
}

/** The reason every request carries. */
export interface Reason {
  readonly reasonCode: string;
  readonly reasonText: string;
}

/** A request as it was stored, when a second person approves it. */
export interface ApprovedRequest extends Reason {
  readonly id: string;
  readonly targetId: string;
  readonly targetType: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** A case, as the rules see it. */
export interface CaseFacts {
  readonly id: string;
  readonly jurisdiction: JurisdictionCode;
  readonly status: CaseStatus;
  readonly openedOn: string;
  readonly sealed: boolean;
}

/** A charge, as the rules see it. */
export interface ChargeFacts {
  readonly id: string;
  readonly jurisdiction: JurisdictionCode;
  readonly caseId: string;
  readonly status: 'active' | 'dropped';
}

/** A verdict, with the sentences that stand on its conviction. */
export interface VerdictFacts {
  readonly id: string;
  readonly jurisdiction: JurisdictionCode;
  readonly caseId: string;
  readonly outcome: VerdictOutcome;
  /**
   * The sentences recorded for this defendant under this charge (or under no charge), and the
   * convictions of this defendant under this charge (this verdict's included when convicted).
   */
  readonly sentences: { readonly ids: readonly string[]; readonly convictions: number };
}

/** A record about to be deleted: where it lives, its case, and the kinds of records that refer to it. */
export interface DeletionFacts<T extends string = string> {
  readonly type: T;
  readonly id: string;
  readonly jurisdiction: JurisdictionCode | null;
  readonly caseId: string | null;
  readonly blockers: readonly string[];
}

/** Refuses to delete a record that others still refer to. */
function refuseBlocked(target: DeletionFacts): void {
  if (target.blockers.length > 0) {
    throw new DomainError(
      'Conflict',
      `${target.type} ${target.id} cannot be deleted while ${target.blockers.join(', ')} refer to it; delete or correct those first`,
      { details: { blockers: [...target.blockers] } },
    );
  }
}

/**
 * Refuses to turn a conviction into an acquittal or a dismissal while a sentence stands on it:
 * a sentence cannot be removed (sentences are not deleted, only corrected), and a sentence
 * without a conviction would be counted as one. A sentence stands on this conviction when the
 * defendant has more sentences under the charge than other convictions under it.
 */
function refuseSentencedConviction(verdict: VerdictFacts, outcome: VerdictOutcome): void {
  if (verdict.outcome !== 'convicted' || outcome === 'convicted') return;
  const { ids, convictions } = verdict.sentences;
  if (ids.length > convictions - 1) {
    throw new DomainError(
      'Conflict',
      `verdict ${verdict.id} is a conviction with a sentence (${ids.join(', ')}): a sentence cannot be removed, so the conviction cannot become ${outcome} while it stands; if the sentence itself is wrong, correct it, and if the court's decision changed, record the verdict on appeal`,
      {
        details: { reason: 'SentenceExists', sentenceIds: [...ids] },
        issues: [{ path: 'outcome', message: 'a sentence stands on this conviction' }],
      },
    );
  }
}

function refuseDropped(charge: ChargeFacts): void {
  if (charge.status !== 'active')
    throw new DomainError('Conflict', `charge ${charge.id} is already dropped`);
}

const eventOf = (action: 'case.close' | 'case.suspend') =>
  action === 'case.close' ? 'close' : 'suspend';

// ---- Asking ----------------------------------------------------------------------------------

/** Asking to close or suspend a case: the lifecycle must allow it, on or after the case opened. */
export function askCaseEvent(
  action: 'case.close' | 'case.suspend',
  kase: CaseFacts,
  occurredOn: string,
  reason: Reason,
): PendingChange {
  nextStatus(kase.status, eventOf(action));
  if (occurredOn < kase.openedOn)
    throw invalidField('occurredOn', `is before the case opened (${kase.openedOn})`);
  return {
    action,
    jurisdiction: kase.jurisdiction,
    caseId: kase.id,
    targetType: 'case',
    targetId: kase.id,
    ...reason,
    payload: { occurredOn },
  };
}

/** Asking to drop a charge: only an active one. */
export function askChargeDrop(charge: ChargeFacts, reason: Reason): PendingChange {
  refuseDropped(charge);
  return {
    action: 'charge.drop',
    jurisdiction: charge.jurisdiction,
    caseId: charge.caseId,
    targetType: 'charge',
    targetId: charge.id,
    ...reason,
    payload: {},
  };
}

/**
 * Asking to correct a verdict's outcome: to another outcome, and never a sentenced conviction
 * into an acquittal or a dismissal. The outcome it had is kept, to be checked when approved.
 */
export function askVerdictCorrection(
  verdict: VerdictFacts,
  outcome: VerdictOutcome,
  reason: Reason,
): PendingChange {
  if (verdict.outcome === outcome)
    throw invalidField('outcome', `the verdict is already recorded as ${outcome}`);
  refuseSentencedConviction(verdict, outcome);
  return {
    action: 'verdict.correct',
    jurisdiction: verdict.jurisdiction,
    caseId: verdict.caseId,
    targetType: 'verdict',
    targetId: verdict.id,
    ...reason,
    payload: { from: verdict.outcome, outcome },
  };
}

/** Asking to unseal a case: only a sealed one. */
export function askUnseal(kase: CaseFacts, reason: Reason): PendingChange {
  if (!kase.sealed) throw new DomainError('Conflict', `case ${kase.id} is not sealed`);
  return {
    action: 'case.unseal',
    jurisdiction: kase.jurisdiction,
    caseId: kase.id,
    targetType: 'case',
    targetId: kase.id,
    ...reason,
    payload: {},
  };
}

/** Asking to delete a record: only one nothing else refers to. */
export function askDeletion(target: DeletionFacts, reason: Reason): PendingChange {
  refuseBlocked(target);
  return {
    action: 'record.delete',
    jurisdiction: target.jurisdiction,
    caseId: target.caseId,
    targetType: target.type,
    targetId: target.id,
    ...reason,
    payload: {},
  };
}

// ---- Approved --------------------------------------------------------------------------------

/** The lifecycle event an approved close or suspend records (its rules are the event's own). */
export interface ApprovedCaseEvent {
  readonly kind: 'close' | 'suspend';
  readonly occurredOn: string;
  readonly reasonCode: CloseReason;
  readonly reasonText: string;
}

/** A stored request that no longer reads as one the system writes: the log was tampered with or a bug wrote it. */
function malformed(request: ApprovedRequest, what: string): DomainError {
  return new DomainError('IntegrityViolation', `request ${request.id} ${what}`);
}

/** An approved close or suspend: the event to record, from the request as it was asked. */
export function approvedCaseEvent(
  action: 'case.close' | 'case.suspend',
  request: ApprovedRequest,
): ApprovedCaseEvent {
  const occurredOn = request.payload['occurredOn'];
  if (typeof occurredOn !== 'string') throw malformed(request, 'names no date for the event');
  if (!isOneOf(closeReasons, request.reasonCode))
    throw malformed(request, `names no reason the system knows: ${request.reasonCode}`);
  return {
    kind: eventOf(action),
    occurredOn,
    reasonCode: request.reasonCode,
    reasonText: request.reasonText,
  };
}

/** An approved charge drop, on the charge as it is now: its new status. */
export function approvedChargeDrop(charge: ChargeFacts): { readonly status: 'dropped' } {
  refuseDropped(charge);
  return { status: 'dropped' };
}

/**
 * An approved verdict correction, on the verdict as it is now: its new outcome. Changed since
 * it was asked, the request no longer fits it; a sentence recorded meanwhile refuses it too.
 */
export function approvedVerdictCorrection(
  request: ApprovedRequest,
  verdict: VerdictFacts,
): { readonly outcome: VerdictOutcome } {
  const asked = request.payload['outcome'];
  const outcome = typeof asked === 'string' && isOneOf(verdictOutcomes, asked) ? asked : null;
  if (outcome === null)
    throw malformed(request, `names no verdict outcome the system knows: ${String(asked)}`);
  const from = request.payload['from'];
  if (verdict.outcome !== from)
    throw new DomainError(
      'Conflict',
      `verdict ${verdict.id} is now ${verdict.outcome}, not ${String(from)} as when the correction was asked`,
    );
  refuseSentencedConviction(verdict, outcome);
  return { outcome };
}

/** An approved seal, on the case as it is now: the access list the request named. */
export function approvedSeal(
  request: ApprovedRequest,
  kase: CaseFacts,
): { readonly userIds: readonly string[] } {
  if (kase.sealed) throw new DomainError('Conflict', `case ${kase.id} is already sealed`);
  const list = request.payload['userIds'];
  if (!Array.isArray(list) || !list.every((id): id is string => typeof id === 'string')) {
    throw new DomainError('Conflict', `request ${request.id} names no access list`);
  }
  return { userIds: list };
}

/** An approved role change: the change as asked (what it added is shown, not applied). */
export function approvedUserChange(request: ApprovedRequest): Readonly<Record<string, unknown>> {
  const { added: _added, ...change } = request.payload;
  return change;
}

/** An approved deletion, on the record as it is now: refused while others refer to it. */
export function approvedDeletion<T extends string>(target: DeletionFacts<T>): { readonly type: T } {
  refuseBlocked(target);
  return { type: target.type };
}
