import type { InputOf } from '../common/validate.ts';
import { isOneOf } from '../../core/vocabulary.ts';
import { DomainError } from '../../core/errors.ts';
import { checkEventTransition, decideCaseEvent, namedByEvent } from '../../core/case/events.ts';
import type { CaseEventCommand, CaseSnapshot } from '../../core/case/events.ts';
import type { EventKind } from '../../core/case/lifecycle.ts';
import type { Permission } from '../../core/access/policy.ts';
import { authorizeAny } from '../access/access.ts';
import type { CaseStatus } from '../../core/case/lifecycle.ts';
import { findAgency } from '../../db/repositories/agencies.repository.ts';
import {
  findCase,
  findCharge,
  findEventsOfCase,
  findPerson,
  findSentencesOfCase,
  findVerdictsOfCase,
  insertEvent,
  insertSentence,
  insertVerdict,
} from '../../db/repositories/cases.repository.ts';
import { findSentence, findVerdict } from '../../db/repositories/integrity.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { insertPendingRequest, pending } from '../approvals/requests.ts';
import type { Pending } from '../approvals/requests.ts';
import { appendAudit } from '../audit/audit.ts';
import type { AuditChange } from '../audit/audit.ts';
import { loadCaseView } from './cases.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { caseEventInput } from '../schemas/cases.schemas.ts';
import type { CaseEventInput, CaseView } from '../schemas/cases.schemas.ts';
import {
  assertVersion,
  notFound,
  parseInput,
  staleVersion,
  refuseEarlyDates,
} from '../common/validate.ts';
import { refuseOutsideReach } from './case-scope.ts';
import { assertCaseAccess, refuseSealedWrite } from '../access/seal-guard.ts';
import { caseSummaryView, eventView, sentenceView, verdictView } from '../common/views.ts';

/** Lifecycle events that need a second person's approval before they happen (four eyes). */
export const eventsNeedingApproval = ['suspend', 'close'] as const;

function needsApproval(
  input: CaseEventInput,
): input is Extract<CaseEventInput, { kind: (typeof eventsNeedingApproval)[number] }> {
  return isOneOf(eventsNeedingApproval, input.kind);
}

/**
 * Records one lifecycle event: checks it against the transition table and the case's
 * contents, appends it to the timeline, writes the verdict or sentence it carries, moves the
 * case to its next state and logs the change, all in one transaction. Suspending or closing
 * a case changes nothing yet: it files a request that a different supervisor must approve
 * and answers `pending` with it.
 */
export async function recordCaseEvent(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: InputOf<typeof caseEventInput>,
): Promise<CaseEventOutcome> {
  const input: CaseEventInput = parseInput(caseEventInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  await authorizeAny(ctx, actor, eventPermissions[input.kind], {
    action: `record a ${input.kind} event`,
    entityType: 'case',
    entityId: caseId,
    caseId,
  });
  await refuseSealedWrite(ctx, actor, caseId, `record a ${input.kind} event`);
  await refuseOutsideReach(
    ctx,
    actor,
    caseId,
    eventPermissions[input.kind],
    `record a ${input.kind} event`,
  );
  if (needsApproval(input)) {
    const request = await inTransaction(ctx, async (trx) => {
      const caseRow = await findCase(trx, caseId);
      if (caseRow === undefined) throw notFound('case', caseId);
      await assertCaseAccess(trx, actor, caseRow);
      assertVersion('case', caseId, caseRow.version, input.caseVersion);
      const events = await findEventsOfCase(trx, caseId);
      checkEventTransition(
        {
          status: caseRow.status,
          openedOn: caseRow.opened_on,
          today: today(ctx),
          events: events.map(eventFact),
        },
        input.kind,
        input.occurredOn,
      );
      return insertPendingRequest(trx, ctx, actor, {
        action: `case.${input.kind}`,
        jurisdiction: caseRow.jurisdiction,
        caseId,
        targetType: 'case',
        targetId: caseId,
        reasonCode: input.reasonCode,
        reasonText: input.reasonText,
        payload: { occurredOn: input.occurredOn },
      });
    });
    return pending(request);
  }
  return inTransaction(ctx, async (trx) => {
    await applyCaseEvent(trx, ctx, actor, caseId, input);
    return { result: 'applied', case: await loadCaseView(trx, caseId) };
  });
}

/** An event recorded (the case as it now stands), or a suspension or closure waiting for approval. */
export type CaseEventOutcome = { readonly result: 'applied'; readonly case: CaseView } | Pending;

/**
 * The case after an event that its caller records only when it applies at once (an import, the
 * demo): a suspension or closure, which waits for a second supervisor, is refused with the reason.
 */
export function appliedCase(outcome: CaseEventOutcome): CaseView {
  if (outcome.result === 'applied') return outcome.case;
  throw new DomainError(
    'TransitionNotAllowed',
    `${outcome.approval.action} needs a second supervisor's approval and cannot be recorded here: record it on the case itself (web or \`palermo case event\`), where it waits for that approval`,
  );
}

/** Who may record each event: the police investigate, prosecutors prosecute, courts decide. */
export const eventPermissions: Readonly<Record<EventKind, readonly [Permission, ...Permission[]]>> =
  {
    suspend: ['case.investigate', 'case.prosecute'],
    resume: ['case.investigate', 'case.prosecute'],
    close: ['case.investigate', 'case.prosecute'],
    reopen: ['case.investigate', 'case.prosecute'],
    refer: ['case.investigate'],
    indict: ['case.prosecute'],
    verdict: ['case.adjudicate'],
    sentence: ['case.adjudicate'],
    appeal: ['case.prosecute', 'case.adjudicate'],
    final: ['case.adjudicate'],
  };

function today(ctx: AppContext): string {
  return ctx.now().toISOString().slice(0, 10);
}

function eventFact(row: {
  seq: number;
  kind: string;
  person_id: string | null;
  occurred_on: string;
}) {
  return { seq: row.seq, kind: row.kind, personId: row.person_id, occurredOn: row.occurred_on };
}

/** Loads what `decideCaseEvent` needs: the timeline, the verdicts and what the event names. */
async function loadSnapshot(
  trx: Executor,
  ctx: AppContext,
  caseRow: { id: string; status: CaseStatus; opened_on: string },
  input: CaseEventCommand,
): Promise<CaseSnapshot> {
  const named = namedByEvent(input);
  const persons = new Map<string, { caseId: string; role: string }>();
  for (const id of named.persons) {
    const person = await findPerson(trx, id);
    if (person !== undefined) persons.set(id, { caseId: person.case_id, role: person.role });
  }
  const charges = new Map<string, { caseId: string; personId: string; status: string }>();
  for (const id of named.charges) {
    const charge = await findCharge(trx, id);
    if (charge !== undefined)
      charges.set(id, {
        caseId: charge.case_id,
        personId: charge.person_id,
        status: charge.status,
      });
  }
  const agencies = new Set<string>();
  for (const id of named.agencies) {
    if ((await findAgency(trx, id)) !== undefined) agencies.add(id);
  }
  const verdicts =
    input.kind === 'verdict' || input.kind === 'sentence'
      ? await findVerdictsOfCase(trx, caseRow.id)
      : [];
  return {
    caseId: caseRow.id,
    status: caseRow.status,
    openedOn: caseRow.opened_on,
    today: today(ctx),
    events: (await findEventsOfCase(trx, caseRow.id)).map(eventFact),
    verdicts: verdicts.map((v) => ({
      personId: v.person_id,
      chargeId: v.charge_id,
      outcome: v.outcome,
      onAppeal: v.on_appeal === 1,
    })),
    sentences: (input.kind === 'sentence' ? await findSentencesOfCase(trx, caseRow.id) : []).map(
      (s) => ({ personId: s.person_id, chargeId: s.charge_id }),
    ),
    persons,
    charges,
    agencies,
  };
}

/** How an approved request records its event: who asked, and the request that allowed it. */
export interface ApprovedBy {
  readonly requestedBy: string;
  readonly approvalRequestId: string;
}

/**
 * Writes one lifecycle event in the caller's transaction (see recordCaseEvent). The log gets
 * the case's full view before and after, and the event, verdict or sentence as entities of
 * their own, so that a replay can compare every field with the rows.
 */
export async function applyCaseEvent(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: CaseEventInput,
  approvedBy?: ApprovedBy,
): Promise<void> {
  // Load.
  const caseRow = await findCase(trx, caseId);
  if (caseRow === undefined) throw notFound('case', caseId);
  await assertCaseAccess(trx, actor, caseRow);
  assertVersion('case', caseId, caseRow.version, input.caseVersion);
  // Decide: the rules are the core's (src/core/case/events.ts).
  const decision = decideCaseEvent(await loadSnapshot(trx, ctx, caseRow, input), input);
  // Write.
  const at = ctx.now().toISOString();
  const decided = decision.event;
  const event = {
    id: ctx.newId(),
    jurisdiction: caseRow.jurisdiction,
    case_id: caseId,
    seq: decided.seq,
    kind: decided.kind,
    occurred_on: decided.occurredOn,
    from_status: decided.from,
    to_status: decided.to,
    person_id: decided.personId,
    charge_id: decided.chargeId,
    agency_id: decided.agencyId,
    reason_code: decided.reasonCode,
    reason_text: decided.reasonText,
    details: decided.details === null ? null : JSON.stringify(decided.details),
    recorded_by: approvedBy?.requestedBy ?? actor.id,
    recorded_at: at,
  };
  await insertEvent(trx, event);
  const written: AuditChange[] = [];
  if (decision.verdict !== null) {
    const verdict = decision.verdict;
    const verdictId = ctx.newId();
    await insertVerdict(trx, {
      id: verdictId,
      jurisdiction: caseRow.jurisdiction,
      case_id: caseId,
      event_id: event.id,
      person_id: verdict.personId,
      charge_id: verdict.chargeId,
      outcome: verdict.outcome,
      decided_on: verdict.decidedOn,
      court_agency_id: verdict.courtAgencyId,
      on_appeal: verdict.onAppeal ? 1 : 0,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    const stored = (await findVerdict(trx, verdictId))!;
    written.push({
      action: 'verdict.record',
      entityType: 'verdict',
      entityId: verdictId,
      caseId,
      before: null,
      after: verdictView(stored),
    });
  }
  if (decision.sentence !== null) {
    const sentence = decision.sentence;
    const sentenceId = ctx.newId();
    await insertSentence(trx, {
      id: sentenceId,
      jurisdiction: caseRow.jurisdiction,
      case_id: caseId,
      event_id: event.id,
      person_id: sentence.personId,
      charge_id: sentence.chargeId,
      sentenced_on: sentence.sentencedOn,
      imprisonment_months: sentence.imprisonmentMonths,
      life: sentence.life ? 1 : 0,
      suspended: sentence.suspended ? 1 : 0,
      probation_months: sentence.probationMonths,
      house_arrest_months: sentence.houseArrestMonths,
      fine_amount: sentence.fine?.amount ?? null,
      fine_currency: sentence.fine?.currency ?? null,
      other_measures: sentence.otherMeasures,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    const stored = (await findSentence(trx, sentenceId))!;
    written.push({
      action: 'sentence.record',
      entityType: 'sentence',
      entityId: sentenceId,
      caseId,
      before: null,
      after: sentenceView(stored),
    });
  }
  if (
    !(await updateVersioned(trx, 'cases', { column: 'id', value: caseId }, input.caseVersion, {
      status: decided.to,
      updated_at: at,
    }))
  ) {
    throw staleVersion('case', caseId, input.caseVersion);
  }
  // Audit.
  const updated = (await findCase(trx, caseId))!;
  await appendAudit(trx, ctx, actor, {
    action: `case.${input.kind}`,
    entityType: 'case',
    entityId: caseId,
    caseId,
    before: caseSummaryView(caseRow),
    after: {
      ...caseSummaryView(updated),
      eventId: event.id,
      ...(approvedBy === undefined ? {} : { approvalRequestId: approvedBy.approvalRequestId }),
    },
  });
  await appendAudit(trx, ctx, actor, {
    action: 'case_event.record',
    entityType: 'case_event',
    entityId: event.id,
    caseId,
    before: null,
    after: eventView(event),
  });
  for (const change of written) await appendAudit(trx, ctx, actor, change);
}
