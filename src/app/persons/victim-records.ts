import type { InputOf } from '../common/validate.ts';
import type { TriState } from '../../core/vocabulary.ts';
import { findAgency } from '../../db/repositories/agencies.repository.ts';
import {
  findPerson,
  findVictimRecord,
  insertVictimRecord,
} from '../../db/repositories/cases.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { appendAudit } from '../audit/audit.ts';
import { reasonOf } from '../cases/cases.ts';
import { authorize } from '../access/access.ts';
import { refuseOutsideReach } from '../cases/case-scope.ts';
import { assertCaseIdAccess, refuseSealedWrite } from '../access/seal-guard.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { victimRecordInput } from '../schemas/cases.schemas.ts';
import type { VictimRecordInput, VictimRecordView } from '../schemas/cases.schemas.ts';
import type { VictimRecordsTable } from '../../db/tables/victim-records.table.ts';
import {
  assertVersion,
  invalidField,
  parseInput,
  staleVersion,
  refuseEarlyDates,
} from '../common/validate.ts';
import { victimRecordView } from '../common/views.ts';
import { requirePerson } from './persons.ts';

/**
 * A victim record's columns from its input: a field the input leaves out keeps its value in
 * `before` (the record being updated), or is null for a new record.
 */
export function victimRecordValues(
  input: VictimRecordInput,
  before: VictimRecordsTable | undefined,
  at: string,
) {
  const pick = <K extends keyof VictimRecordInput, C extends string | null>(
    key: K,
    column: C | undefined,
    encode: (v: NonNullable<VictimRecordInput[K]>) => NonNullable<C>,
  ): C | null => {
    const value = input[key];
    if (value === undefined) return column ?? null;
    return value === null ? null : encode(value);
  };
  return {
    forms: pick('forms', before?.forms, (forms) => JSON.stringify(forms)),
    identified_on: pick('identifiedOn', before?.identified_on, (v) => v),
    identifying_agency_id: pick('identifyingAgencyId', before?.identifying_agency_id, (v) => v),
    referred_to_services: pick(
      'referredToServices',
      before?.referred_to_services,
      (v): TriState => v,
    ),
    cooperating_as_witness: pick(
      'cooperatingAsWitness',
      before?.cooperating_as_witness,
      (v): TriState => v,
    ),
    updated_at: at,
  };
}

/** Records or updates the victim record of a person whose role is victim. */
export async function recordVictim(
  ctx: AppContext,
  actor: Actor,
  personId: string,
  raw: InputOf<typeof victimRecordInput>,
): Promise<VictimRecordView> {
  await authorize(ctx, actor, 'case.write', {
    action: 'record a victim record',
    entityType: 'victim_record',
    entityId: personId,
  });
  const caseOfRecordAVictimRecord = (await findPerson(ctx.db, personId))?.case_id;
  await refuseSealedWrite(ctx, actor, caseOfRecordAVictimRecord, 'record a victim record');
  await refuseOutsideReach(
    ctx,
    actor,
    caseOfRecordAVictimRecord,
    ['case.write'],
    'record a victim record',
  );
  const input = parseInput(victimRecordInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  return inTransaction(ctx, async (trx) => {
    const person = await requirePerson(trx, personId);
    await assertCaseIdAccess(trx, actor, person.case_id);
    if (person.role !== 'victim')
      throw invalidField('personId', `person ${personId} is a ${person.role}, not a victim`);
    if (
      input.identifyingAgencyId != null &&
      (await findAgency(trx, input.identifyingAgencyId)) === undefined
    ) {
      throw invalidField(
        'identifyingAgencyId',
        `agency ${input.identifyingAgencyId} does not exist`,
      );
    }
    const before = await findVictimRecord(trx, personId);
    const at = ctx.now().toISOString();
    const values = victimRecordValues(input, before, at);
    if (before === undefined) {
      if (input.version !== undefined)
        throw invalidField('version', 'there is no victim record to update yet: omit the version');
      await insertVictimRecord(trx, {
        person_id: personId,
        jurisdiction: person.jurisdiction,
        case_id: person.case_id,
        ...values,
        version: 1,
        created_at: at,
      });
    } else {
      if (input.version === undefined)
        throw invalidField('version', 'is required to update a victim record');
      assertVersion('victim record', personId, before.version, input.version);
      if (input.reason === undefined)
        throw invalidField(
          'reason',
          'is required to correct a victim record: say why it changes (kept in its history)',
        );
      if (
        !(await updateVersioned(
          trx,
          'victim_records',
          { column: 'person_id', value: personId },
          input.version,
          values,
        ))
      ) {
        throw staleVersion('victim record', personId, input.version);
      }
    }
    const view = victimRecordView((await findVictimRecord(trx, personId))!);
    await appendAudit(trx, ctx, actor, {
      action: before === undefined ? 'victim.record' : 'victim.update',
      entityType: 'victim_record',
      entityId: personId,
      caseId: person.case_id,
      before: before === undefined ? null : victimRecordView(before),
      after: { ...view, ...reasonOf(input) },
    });
    return view;
  });
}
