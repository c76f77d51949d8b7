import type { InputOf } from '../common/validate.ts';
import { auditedUpdate } from '../common/audited-update.ts';
import { DomainError } from '../../core/errors.ts';
import { findCharge, findPerson, insertCharge } from '../../db/repositories/cases.repository.ts';
import { appendAudit } from '../audit/audit.ts';
import { assertStatute, reasonOf } from '../cases/cases.ts';
import { authorize } from '../access/access.ts';
import { refuseOutsideReach } from '../cases/case-scope.ts';
import { assertCaseAccess, assertCaseIdAccess, refuseSealedWrite } from '../access/seal-guard.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { createChargeInput, updateChargeInput } from '../schemas/cases.schemas.ts';
import type { CasesTable } from '../../db/tables/cases.table.ts';
import type { ChargesTable } from '../../db/tables/charges.table.ts';
import type { PersonsTable } from '../../db/tables/persons.table.ts';
import type { ChargeView, CreateChargeInput } from '../schemas/cases.schemas.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  refuseEarlyDates,
} from '../common/validate.ts';
import { chargeView } from '../common/views.ts';
import { requireCase } from './persons.ts';

/**
 * A new charge's row, after the rules every path that charges a suspect keeps (this use-case and
 * the import's bulk path): the person is a suspect of the case (`person` is undefined when not in
 * it), the charge is not dated before the case opened nor the offence after the charge, and the
 * provision is in the pack at the offence's date (or the charge's when the offence has none).
 */
export function newChargeRow(
  ctx: AppContext,
  caseRow: Pick<CasesTable, 'id' | 'jurisdiction' | 'reference' | 'opened_on'>,
  person: Pick<PersonsTable, 'role'> | undefined,
  input: CreateChargeInput,
  at: string,
): ChargesTable {
  if (person === undefined)
    throw invalidField('personId', `person ${input.personId} is not in case ${caseRow.reference}`);
  if (person.role !== 'suspect')
    throw invalidField(
      'personId',
      `person ${input.personId} is a ${person.role}; only a suspect can be charged`,
    );
  if (input.chargedOn < caseRow.opened_on)
    throw invalidField('chargedOn', `is before the case opened (${caseRow.opened_on})`);
  if (input.offenceDate != null && input.offenceDate > input.chargedOn)
    throw invalidField('offenceDate', 'is after the charge date');
  assertStatute(ctx, 'statute', input.statute, input.offenceDate ?? input.chargedOn);
  return {
    id: ctx.newId(),
    jurisdiction: caseRow.jurisdiction,
    case_id: caseRow.id,
    person_id: input.personId,
    statute_jurisdiction: input.statute.jurisdiction,
    instrument: input.statute.instrument,
    article: input.statute.article,
    part: input.statute.part ?? null,
    form: input.form ?? null,
    charged_on: input.chargedOn,
    offence_date: input.offenceDate ?? null,
    status: 'active',
    version: 1,
    created_at: at,
    updated_at: at,
  };
}

/** Charges a suspect under a provision of the jurisdiction's pack. */
export async function addCharge(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: InputOf<typeof createChargeInput>,
): Promise<ChargeView> {
  await authorize(ctx, actor, 'case.write', {
    action: 'charge a suspect',
    entityType: 'case',
    entityId: caseId,
    caseId: caseId,
  });
  await refuseSealedWrite(ctx, actor, caseId, 'charge a suspect');
  await refuseOutsideReach(ctx, actor, caseId, ['case.write'], 'charge a suspect');
  const input = parseInput(createChargeInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  return inTransaction(ctx, async (trx) => {
    const caseRow = await requireCase(trx, caseId);
    await assertCaseAccess(trx, actor, caseRow);
    const person = await findPerson(trx, input.personId);
    const row = newChargeRow(
      ctx,
      caseRow,
      person?.case_id === caseId ? person : undefined,
      input,
      ctx.now().toISOString(),
    );
    await insertCharge(trx, row);
    const view = chargeView(row);
    await appendAudit(trx, ctx, actor, {
      action: 'charge.add',
      entityType: 'charge',
      entityId: row.id,
      caseId,
      before: null,
      after: view,
    });
    return view;
  });
}

/** Corrects a charge's provision, form or offence date. */
export async function updateCharge(
  ctx: AppContext,
  actor: Actor,
  chargeId: string,
  raw: InputOf<typeof updateChargeInput>,
): Promise<ChargeView> {
  await authorize(ctx, actor, 'case.write', {
    action: 'correct a charge',
    entityType: 'charge',
    entityId: chargeId,
  });
  const caseOfCorrectACharge = (await findCharge(ctx.db, chargeId))?.case_id;
  await refuseSealedWrite(ctx, actor, caseOfCorrectACharge, 'correct a charge');
  await refuseOutsideReach(ctx, actor, caseOfCorrectACharge, ['case.write'], 'correct a charge');
  const input = parseInput(updateChargeInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  return inTransaction(ctx, async (trx) => {
    const before = await findCharge(trx, chargeId);
    if (before === undefined) throw notFound('charge', chargeId);
    await assertCaseIdAccess(trx, actor, before.case_id);
    assertVersion('charge', chargeId, before.version, input.version);
    if (before.status !== 'active')
      throw new DomainError('Conflict', `charge ${chargeId} was dropped and cannot be changed`);
    const offenceDate = input.offenceDate === undefined ? before.offence_date : input.offenceDate;
    if (offenceDate !== null && offenceDate > before.charged_on)
      throw invalidField('offenceDate', 'is after the charge date');
    if (input.statute !== undefined)
      assertStatute(ctx, 'statute', input.statute, offenceDate ?? before.charged_on);
    const values = {
      statute_jurisdiction: input.statute?.jurisdiction ?? before.statute_jurisdiction,
      instrument: input.statute?.instrument ?? before.instrument,
      article: input.statute?.article ?? before.article,
      part: input.statute === undefined ? before.part : (input.statute.part ?? null),
      form: input.form === undefined ? before.form : input.form,
      offence_date: offenceDate,
      updated_at: ctx.now().toISOString(),
    };
    const view = chargeView({ ...before, ...values, version: input.version + 1 });
    await auditedUpdate(
      trx,
      ctx,
      actor,
      {
        table: 'charges',
        key: { column: 'id', value: chargeId },
        version: input.version,
        values,
        entity: 'charge',
      },
      {
        action: 'charge.update',
        entityType: 'charge',
        entityId: chargeId,
        caseId: before.case_id,
        before: chargeView(before),
        after: { ...view, ...reasonOf(input) },
      },
    );
    return view;
  });
}
