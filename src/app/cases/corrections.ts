import type { InputOf } from '../common/validate.ts';
import { auditedUpdate } from '../common/audited-update.ts';
import { checkSentenceMeasures } from '../../core/case/events.ts';
import { eventKinds } from '../../core/case/lifecycle.ts';
import type { EventKind } from '../../core/case/lifecycle.ts';
import { DomainError } from '../../core/errors.ts';
import {
  correctEventRow,
  findCase,
  findEventOfCase,
  findEventRecords,
  findEventsOfCase,
} from '../../db/repositories/cases.repository.ts';
import { findSentence, findVerdict } from '../../db/repositories/integrity.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { authorize, authorizeAny } from '../access/access.ts';
import { appendAudit } from '../audit/audit.ts';
import { refuseOutsideReach } from './case-scope.ts';
import { loadCaseView } from './cases.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { eventPermissions } from './events.ts';
import { correctEventInput, correctSentenceInput } from '../schemas/cases.schemas.ts';
import type { CaseView, SentenceView } from '../schemas/cases.schemas.ts';
import { assertCaseAccess, assertCaseIdAccess, refuseSealedWrite } from '../access/seal-guard.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  refuseEarlyDates,
  staleVersion,
} from '../common/validate.ts';
import { caseSummaryView, eventView, sentenceView, verdictView } from '../common/views.ts';

/** Events whose explanation is part of the record; those of the first two may not be empty. */
const explained: Readonly<Partial<Record<EventKind, 'required' | 'optional'>>> = {
  suspend: 'required',
  close: 'required',
  reopen: 'required',
  resume: 'optional',
  appeal: 'optional',
};

/**
 * Corrects a recorded event's date or explanation, with a reason kept in its history: whoever
 * may record that kind of event may correct it. The date stays between the events before and
 * after it (the timeline's order is part of the record), on or after the case's opening and not
 * in the future; a verdict's or sentence's date moves with its event. The case's version guards
 * the change (409 on a stale one) and moves on; one transaction, every changed row logged.
 */
export async function correctEvent(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  eventId: string,
  raw: InputOf<typeof correctEventInput>,
): Promise<CaseView> {
  const input = parseInput(correctEventInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  const found = await findEventOfCase(ctx.db, caseId, eventId);
  if (found === undefined) throw notFound('event', eventId);
  const kind = eventKinds.find((known) => known === found.kind);
  if (kind === undefined) throw new Error(`event ${eventId} has an unknown kind ${found.kind}`);
  const permissions = eventPermissions[kind];
  const attempted = `correct a ${kind} event`;
  await authorizeAny(ctx, actor, permissions, {
    action: attempted,
    entityType: 'case_event',
    entityId: eventId,
    caseId,
  });
  await refuseSealedWrite(ctx, actor, caseId, attempted);
  await refuseOutsideReach(ctx, actor, caseId, permissions, attempted);
  return inTransaction(ctx, async (trx) => {
    const caseRow = await findCase(trx, caseId);
    if (caseRow === undefined) throw notFound('case', caseId);
    await assertCaseAccess(trx, actor, caseRow);
    assertVersion('case', caseId, caseRow.version, input.caseVersion);
    const event = await findEventOfCase(trx, caseId, eventId);
    if (event === undefined) throw notFound('event', eventId);
    const timeline = await findEventsOfCase(trx, caseId);
    const previous = timeline.filter((e) => e.seq < event.seq).at(-1);
    const next = timeline.find((e) => e.seq > event.seq);
    const occurredOn = input.occurredOn ?? event.occurred_on;
    if (occurredOn < caseRow.opened_on)
      throw invalidField('occurredOn', `is before the case was opened (${caseRow.opened_on})`);
    if (occurredOn > ctx.now().toISOString().slice(0, 10))
      throw invalidField('occurredOn', 'is in the future');
    if (previous !== undefined && occurredOn < previous.occurred_on)
      throw invalidField(
        'occurredOn',
        `is before the event recorded before it (${previous.kind}, ${previous.occurred_on})`,
      );
    if (next !== undefined && occurredOn > next.occurred_on)
      throw invalidField(
        'occurredOn',
        `is after the event recorded after it (${next.kind}, ${next.occurred_on})`,
      );
    const explanation = explained[kind];
    let reasonText = event.reason_text;
    if (input.reasonText !== undefined) {
      if (explanation === undefined)
        throw invalidField('reasonText', `a ${kind} event has no explanation to correct`);
      if (input.reasonText === null && explanation === 'required')
        throw invalidField('reasonText', `a ${kind} event needs an explanation`);
      reasonText = input.reasonText;
    }
    if (occurredOn === event.occurred_on && reasonText === event.reason_text)
      throw invalidField(
        'occurredOn',
        'nothing to correct: the date and explanation are as recorded',
      );
    const at = ctx.now().toISOString();
    await correctEventRow(trx, eventId, { occurred_on: occurredOn, reason_text: reasonText });
    const correction = { correctionReason: input.reason };
    await appendAudit(trx, ctx, actor, {
      action: 'case_event.update',
      entityType: 'case_event',
      entityId: eventId,
      caseId,
      before: eventView(event),
      after: {
        ...eventView({ ...event, occurred_on: occurredOn, reason_text: reasonText }),
        ...correction,
      },
    });
    // The verdict or sentence the event carries is dated by it.
    const carried = await findEventRecords(trx, eventId);
    if (carried.verdict !== undefined && carried.verdict.decided_on !== occurredOn) {
      const verdict = carried.verdict;
      const values = { decided_on: occurredOn, updated_at: at };
      await auditedUpdate(
        trx,
        ctx,
        actor,
        {
          table: 'verdicts',
          key: { column: 'id', value: verdict.id },
          version: verdict.version,
          values,
          entity: 'verdict',
        },
        {
          action: 'verdict.update',
          entityType: 'verdict',
          entityId: verdict.id,
          caseId,
          before: verdictView(verdict),
          after: { ...verdictView((await findVerdict(trx, verdict.id))!), ...correction },
        },
      );
    }
    if (carried.sentence !== undefined && carried.sentence.sentenced_on !== occurredOn) {
      const sentence = carried.sentence;
      const values = { sentenced_on: occurredOn, updated_at: at };
      await auditedUpdate(
        trx,
        ctx,
        actor,
        {
          table: 'sentences',
          key: { column: 'id', value: sentence.id },
          version: sentence.version,
          values,
          entity: 'sentence',
        },
        {
          action: 'sentence.update',
          entityType: 'sentence',
          entityId: sentence.id,
          caseId,
          before: sentenceView(sentence),
          after: { ...sentenceView((await findSentence(trx, sentence.id))!), ...correction },
        },
      );
    }
    if (
      !(await updateVersioned(trx, 'cases', { column: 'id', value: caseId }, input.caseVersion, {
        updated_at: at,
      }))
    ) {
      throw staleVersion('case', caseId, input.caseVersion);
    }
    await appendAudit(trx, ctx, actor, {
      action: 'case.update',
      entityType: 'case',
      entityId: caseId,
      caseId,
      before: caseSummaryView(caseRow),
      after: { ...caseSummaryView((await findCase(trx, caseId))!), eventId, ...correction },
    });
    return loadCaseView(trx, caseId);
  });
}

const measureColumns = [
  'imprisonment_months',
  'life',
  'suspended',
  'probation_months',
  'house_arrest_months',
  'fine_amount',
  'fine_currency',
  'other_measures',
] as const;

/**
 * Corrects a sentence's measures: the corrected sentence replaces the recorded one (which stays
 * in the sentence's history with the reason). This is how a wrong sentence is fixed, since a
 * second sentence for one conviction is refused: the conviction is still counted once. Only a
 * court may; the sentence's version guards the change (409 on a stale one).
 */
export async function correctSentence(
  ctx: AppContext,
  actor: Actor,
  sentenceId: string,
  raw: InputOf<typeof correctSentenceInput>,
): Promise<SentenceView> {
  const attempted = 'correct a sentence';
  await authorize(ctx, actor, 'case.adjudicate', {
    action: attempted,
    entityType: 'sentence',
    entityId: sentenceId,
  });
  const input = parseInput(correctSentenceInput, raw);
  checkSentenceMeasures(input);
  const caseId = (await findSentence(ctx.db, sentenceId))?.case_id;
  await refuseSealedWrite(ctx, actor, caseId, attempted);
  await refuseOutsideReach(ctx, actor, caseId, ['case.adjudicate'], attempted);
  return inTransaction(ctx, async (trx) => {
    const before = await findSentence(trx, sentenceId);
    if (before === undefined) throw notFound('sentence', sentenceId);
    await assertCaseIdAccess(trx, actor, before.case_id);
    assertVersion('sentence', sentenceId, before.version, input.version);
    const values = {
      imprisonment_months: input.imprisonmentMonths,
      life: input.life ? 1 : 0,
      suspended: input.suspended ? 1 : 0,
      probation_months: input.probationMonths ?? null,
      house_arrest_months: input.houseArrestMonths ?? null,
      fine_amount: input.fine?.amount ?? null,
      fine_currency: input.fine?.currency ?? null,
      other_measures: input.otherMeasures ?? null,
      updated_at: ctx.now().toISOString(),
    };
    const unchanged = measureColumns.every(
      (column) => String(values[column]) === String(before[column]),
    );
    if (unchanged)
      throw new DomainError(
        'ValidationFailed',
        'nothing to correct: the measures are as recorded',
        {
          issues: [{ path: 'imprisonmentMonths', message: 'the measures are as recorded' }],
        },
      );
    if (
      !(await updateVersioned(
        trx,
        'sentences',
        { column: 'id', value: sentenceId },
        input.version,
        values,
      ))
    ) {
      throw staleVersion('sentence', sentenceId, input.version);
    }
    const view = sentenceView((await findSentence(trx, sentenceId))!);
    await appendAudit(trx, ctx, actor, {
      action: 'sentence.update',
      entityType: 'sentence',
      entityId: sentenceId,
      caseId: before.case_id,
      before: sentenceView(before),
      after: { ...view, correctionReason: input.reason },
    });
    return view;
  });
}
