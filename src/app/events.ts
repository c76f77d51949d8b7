import { nextStatus } from '../core/case/lifecycle.ts';
import type { EventKind } from '../core/case/lifecycle.ts';
import type { Permission } from '../core/access/policy.ts';
import { authorizeAny } from './access.ts';
import type { CaseStatus } from '../core/case/lifecycle.ts';
import { DomainError } from '../core/errors.ts';
import { findAgency } from '../db/repositories/agencies.repository.ts';
import {
  findCase,
  findCharge,
  findEventsOfCase,
  findPerson,
  findVerdictsOfCase,
  insertEvent,
  insertSentence,
  insertVerdict,
} from '../db/repositories/cases.repository.ts';
import { findSentence, findVerdict } from '../db/repositories/integrity.repository.ts';
import { updateVersioned } from '../db/repositories/versioned.ts';
import { approvalRequired, insertPendingRequest } from './approvals/requests.ts';
import { appendAudit } from './audit.ts';
import type { AuditChange } from './audit.ts';
import { loadCaseView } from './cases.ts';
import type { Actor, AppContext, Executor } from './context.ts';
import { inTransaction } from './context.ts';
import { caseEventInput } from './schemas/cases.schemas.ts';
import type { CaseEventInput, CaseView } from './schemas/cases.schemas.ts';
import { assertVersion, invalidField, notFound, parseInput, staleVersion } from './validate.ts';
import { assertCaseAccess, refuseSealedWrite } from './seal-guard.ts';
import { caseSummaryView, eventView, sentenceView, verdictView } from './views.ts';

async function requireSuspectOfCase(executor: Executor, caseId: string, personId: string) {
  const person = await findPerson(executor, personId);
  if (person?.case_id !== caseId)
    throw invalidField('personId', `person ${personId} is not in this case`);
  if (person.role !== 'suspect')
    throw invalidField(
      'personId',
      `person ${personId} is a ${person.role}, not a suspect or defendant`,
    );
  return person;
}

async function requireAgency(
  executor: Executor,
  path: string,
  agencyId: string | null | undefined,
): Promise<string | null> {
  if (agencyId == null) return null;
  if ((await findAgency(executor, agencyId)) === undefined)
    throw invalidField(path, `agency ${agencyId} does not exist`);
  return agencyId;
}

/** Lifecycle events that need a second person's approval before they happen (four eyes). */
export const eventsNeedingApproval = ['suspend', 'close'] as const;

function needsApproval(
  input: CaseEventInput,
): input is Extract<CaseEventInput, { kind: (typeof eventsNeedingApproval)[number] }> {
  return (eventsNeedingApproval as readonly string[]).includes(input.kind);
}

/**
 * Records one lifecycle event: checks it against the transition table and the case's
 * contents, appends it to the timeline, writes the verdict or sentence it carries, moves the
 * case to its next state and logs the change, all in one transaction. Suspending or closing
 * a case changes nothing yet: it files a request that a different supervisor must approve
 * (ApprovalRequired, with the request's id).
 */
export async function recordCaseEvent(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: unknown,
): Promise<CaseView> {
  const input: CaseEventInput = parseInput(caseEventInput, raw);
  await authorizeAny(ctx, actor, eventPermissions[input.kind], {
    action: `record a ${input.kind} event`,
    entityType: 'case',
    entityId: caseId,
    caseId,
  });
  await refuseSealedWrite(ctx, actor, caseId, `record a ${input.kind} event`);
  if (needsApproval(input)) {
    const request = await inTransaction(ctx, async (trx) => {
      const caseRow = await findCase(trx, caseId);
      if (caseRow === undefined) throw notFound('case', caseId);
      await assertCaseAccess(trx, actor, caseRow);
      assertVersion('case', caseId, caseRow.version, input.caseVersion);
      nextStatus(caseRow.status as CaseStatus, input.kind);
      await checkEventDate(trx, ctx, caseRow, input.occurredOn);
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
    throw approvalRequired(request);
  }
  return inTransaction(ctx, async (trx) => {
    await applyCaseEvent(trx, ctx, actor, caseId, input);
    return loadCaseView(trx, caseId);
  });
}

/** Who may record each event: the police investigate, prosecutors prosecute, courts decide. */
const eventPermissions: Readonly<Record<EventKind, readonly [Permission, ...Permission[]]>> = {
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

async function checkEventDate(
  executor: Executor,
  ctx: AppContext,
  caseRow: { id: string; opened_on: string },
  occurredOn: string,
) {
  const events = await findEventsOfCase(executor, caseRow.id);
  const last = events.at(-1);
  if (occurredOn < caseRow.opened_on)
    throw invalidField('occurredOn', `is before the case opened (${caseRow.opened_on})`);
  if (last !== undefined && occurredOn < last.occurred_on) {
    throw invalidField(
      'occurredOn',
      `is before the case's last event (${last.kind} on ${last.occurred_on})`,
    );
  }
  if (occurredOn > ctx.now().toISOString().slice(0, 10))
    throw invalidField('occurredOn', 'is in the future');
  return events;
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
  {
    const caseRow = await findCase(trx, caseId);
    if (caseRow === undefined) throw notFound('case', caseId);
    await assertCaseAccess(trx, actor, caseRow);
    assertVersion('case', caseId, caseRow.version, input.caseVersion);
    const from = caseRow.status as CaseStatus;
    const to = nextStatus(from, input.kind);
    const events = await checkEventDate(trx, ctx, caseRow, input.occurredOn);
    const last = events.at(-1);

    const at = ctx.now().toISOString();
    const eventId = ctx.newId();
    const event = {
      id: eventId,
      jurisdiction: caseRow.jurisdiction,
      case_id: caseId,
      seq: (last?.seq ?? 0) + 1,
      kind: input.kind,
      occurred_on: input.occurredOn,
      from_status: from,
      to_status: to,
      person_id: null as string | null,
      charge_id: null as string | null,
      agency_id: null as string | null,
      reason_code: null as string | null,
      reason_text: null as string | null,
      details: null as string | null,
      recorded_by: approvedBy?.requestedBy ?? actor.id,
      recorded_at: at,
    };
    const writeAfterEvent: ((trx: Executor) => Promise<AuditChange>)[] = [];

    switch (input.kind) {
      case 'suspend':
      case 'close':
        event.reason_code = input.reasonCode;
        event.reason_text = input.reasonText;
        break;
      case 'resume':
        event.reason_text = input.reasonText ?? null;
        break;
      case 'reopen':
        event.reason_text = input.reasonText;
        break;
      case 'refer':
        event.agency_id = await requireAgency(trx, 'agencyId', input.agencyId);
        break;
      case 'indict': {
        await requireSuspectOfCase(trx, caseId, input.personId);
        if (events.some((e) => e.kind === 'indict' && e.person_id === input.personId)) {
          throw new DomainError(
            'Conflict',
            `person ${input.personId} is already indicted in this case`,
            {
              issues: [{ path: 'personId', message: 'already indicted' }],
            },
          );
        }
        event.person_id = input.personId;
        event.agency_id = await requireAgency(trx, 'agencyId', input.agencyId);
        break;
      }
      case 'verdict': {
        await requireSuspectOfCase(trx, caseId, input.personId);
        const charge = await findCharge(trx, input.chargeId);
        if (charge?.case_id !== caseId || charge.person_id !== input.personId) {
          throw invalidField(
            'chargeId',
            `charge ${input.chargeId} is not a charge against person ${input.personId} in this case`,
          );
        }
        if (charge.status !== 'active')
          throw invalidField('chargeId', `charge ${input.chargeId} was dropped`);
        const onAppeal = from === 'appeal';
        const verdicts = await findVerdictsOfCase(trx, caseId);
        if (
          verdicts.some((v) => v.charge_id === input.chargeId && (v.on_appeal === 1) === onAppeal)
        ) {
          throw new DomainError(
            'Conflict',
            `charge ${input.chargeId} already has a ${onAppeal ? 'verdict on appeal' : 'verdict'}`,
            {
              issues: [{ path: 'chargeId', message: 'already decided at this instance' }],
            },
          );
        }
        event.person_id = input.personId;
        event.charge_id = input.chargeId;
        event.agency_id = await requireAgency(trx, 'courtAgencyId', input.courtAgencyId);
        event.details = JSON.stringify({ outcome: input.outcome });
        const verdictId = ctx.newId();
        writeAfterEvent.push(async (executor) => {
          await insertVerdict(executor, {
            id: verdictId,
            jurisdiction: caseRow.jurisdiction,
            case_id: caseId,
            event_id: eventId,
            person_id: input.personId,
            charge_id: input.chargeId,
            outcome: input.outcome,
            decided_on: input.occurredOn,
            court_agency_id: event.agency_id,
            on_appeal: onAppeal ? 1 : 0,
            version: 1,
            created_at: at,
            updated_at: at,
          });
          const stored = (await findVerdict(executor, verdictId))!;
          return {
            action: 'verdict.record',
            entityType: 'verdict',
            entityId: verdictId,
            caseId,
            before: null,
            after: verdictView(stored),
          };
        });
        break;
      }
      case 'sentence': {
        await requireSuspectOfCase(trx, caseId, input.personId);
        const verdicts = await findVerdictsOfCase(trx, caseId);
        const convictions = verdicts.filter(
          (v) => v.person_id === input.personId && v.outcome === 'convicted',
        );
        if (convictions.length === 0)
          throw invalidField(
            'personId',
            `person ${input.personId} has no conviction in this case to sentence`,
          );
        if (input.chargeId != null && !convictions.some((v) => v.charge_id === input.chargeId)) {
          throw invalidField(
            'chargeId',
            `charge ${input.chargeId} has no conviction of this person`,
          );
        }
        const hasMeasure =
          input.imprisonmentMonths != null ||
          input.life ||
          input.probationMonths != null ||
          input.houseArrestMonths != null ||
          input.fine != null ||
          input.otherMeasures != null;
        if (!hasMeasure)
          throw invalidField(
            'imprisonmentMonths',
            'a sentence needs at least one measure (imprisonment, life, probation, house arrest, fine or other)',
          );
        if (input.life && input.imprisonmentMonths != null)
          throw invalidField('imprisonmentMonths', 'must be empty for a life sentence');
        if (input.suspended && input.imprisonmentMonths == null)
          throw invalidField('suspended', 'only a term of imprisonment can be suspended');
        event.person_id = input.personId;
        event.charge_id = input.chargeId ?? null;
        const sentenceId = ctx.newId();
        writeAfterEvent.push(async (executor) => {
          await insertSentence(executor, {
            id: sentenceId,
            jurisdiction: caseRow.jurisdiction,
            case_id: caseId,
            event_id: eventId,
            person_id: input.personId,
            charge_id: input.chargeId ?? null,
            sentenced_on: input.occurredOn,
            imprisonment_months: input.imprisonmentMonths ?? null,
            life: input.life ? 1 : 0,
            suspended: input.suspended ? 1 : 0,
            probation_months: input.probationMonths ?? null,
            house_arrest_months: input.houseArrestMonths ?? null,
            fine_amount: input.fine?.amount ?? null,
            fine_currency: input.fine?.currency ?? null,
            other_measures: input.otherMeasures ?? null,
            version: 1,
            created_at: at,
            updated_at: at,
          });
          const stored = (await findSentence(executor, sentenceId))!;
          return {
            action: 'sentence.record',
            entityType: 'sentence',
            entityId: sentenceId,
            caseId,
            before: null,
            after: sentenceView(stored),
          };
        });
        break;
      }
      case 'appeal':
        if (input.personId != null) {
          await requireSuspectOfCase(trx, caseId, input.personId);
          event.person_id = input.personId;
        }
        event.reason_text = input.reasonText ?? null;
        break;
      case 'final':
        break;
      default: {
        const exhaustive: never = input;
        throw new Error(`unhandled event ${JSON.stringify(exhaustive)}`);
      }
    }

    await insertEvent(trx, event);
    const written: AuditChange[] = [];
    for (const write of writeAfterEvent) written.push(await write(trx));
    if (
      !(await updateVersioned(trx, 'cases', { column: 'id', value: caseId }, input.caseVersion, {
        status: to,
        updated_at: at,
      }))
    ) {
      throw staleVersion('case', caseId, input.caseVersion);
    }
    const updated = (await findCase(trx, caseId))!;
    await appendAudit(trx, ctx, actor, {
      action: `case.${input.kind}`,
      entityType: 'case',
      entityId: caseId,
      caseId,
      before: caseSummaryView(caseRow),
      after: {
        ...caseSummaryView(updated),
        eventId,
        ...(approvedBy === undefined ? {} : { approvalRequestId: approvedBy.approvalRequestId }),
      },
    });
    await appendAudit(trx, ctx, actor, {
      action: 'case_event.record',
      entityType: 'case_event',
      entityId: eventId,
      caseId,
      before: null,
      after: eventView(event),
    });
    for (const change of written) await appendAudit(trx, ctx, actor, change);
  }
}
