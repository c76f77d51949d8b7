import { DomainError, isDomainError } from '../../core/errors.ts';
import type { AgeKind, TriState } from '../../core/vocabulary.ts';
import { findAgency } from '../../db/repositories/agencies.repository.ts';
import {
  findCase,
  findCharge,
  findIdentity,
  findPerson,
  findVictimRecord,
  insertCharge,
  insertIdentity,
  insertPersons,
  insertVictimRecord,
} from '../../db/repositories/cases.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { appendAudit, appendAuditEntries, digestOf } from '../audit/audit.ts';
import { assertStatute, reasonOf } from '../cases/cases.ts';
import { authorize } from '../access/access.ts';
import { refuseOutsideReach } from '../cases/case-scope.ts';
import { assertCaseAccess, assertCaseIdAccess, refuseSealedWrite } from '../access/seal-guard.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import {
  createChargeInput,
  createPersonInput,
  identityInput,
  updateChargeInput,
  updatePersonInput,
  victimRecordInput,
} from '../schemas/cases.schemas.ts';
import type {
  AgeInput,
  ChargeView,
  IdentityView,
  PersonView,
  VictimRecordView,
} from '../schemas/cases.schemas.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  staleVersion,
  refuseEarlyDates,
} from '../common/validate.ts';
import { chargeView, personView, victimRecordView } from '../common/views.ts';
import { logRefusal, notOnTeam, refusable, teamBasesOf } from '../cases/case-team.ts';
import { openRow, payloadOf, sealPayload } from '../crypto/identity-record.ts';

function ageColumns(age: AgeInput | null | undefined): {
  age_kind: AgeKind | null;
  age_years: number | null;
} {
  if (age == null) return { age_kind: null, age_years: null };
  return { age_kind: age.kind, age_years: age.kind === 'unknown' ? null : age.years };
}

async function requireCase(executor: Executor, caseId: string) {
  const row = await findCase(executor, caseId);
  if (row === undefined) throw notFound('case', caseId);
  return row;
}

async function requirePerson(executor: Executor, personId: string) {
  const row = await findPerson(executor, personId);
  if (row === undefined) throw notFound('person', personId);
  return row;
}

/** Adds a suspect, victim or witness to a case (without identity: see recordIdentity). */
export async function addPerson(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: unknown,
): Promise<PersonView> {
  const [view] = await addPersons(ctx, actor, caseId, [raw]);
  if (view === undefined) throw new Error('addPersons returned no person');
  return view;
}

/**
 * Adds several persons to one case in one transaction (an import's rows): the same rules as
 * `addPerson`, the access checks made once for the case, one audit entry per person.
 */
export async function addPersons(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raws: readonly unknown[],
): Promise<PersonView[]> {
  await authorize(ctx, actor, 'case.write', {
    action: 'add a person to a case',
    entityType: 'case',
    entityId: caseId,
    caseId: caseId,
  });
  await refuseSealedWrite(ctx, actor, caseId, 'add a person');
  await refuseOutsideReach(ctx, actor, caseId, ['case.write'], 'add a person');
  const inputs = raws.map((raw) => parseInput(createPersonInput, raw));
  return inTransaction(ctx, async (trx) => {
    const caseRow = await requireCase(trx, caseId);
    await assertCaseAccess(trx, actor, caseRow);
    let last = 0;
    const rows = inputs.map((input) => {
      // Lists order persons by created_at (then by random id): each person of the batch gets a
      // later millisecond than the one before, so they list in the order given, as one
      // addPerson after another would.
      last = Math.max(ctx.now().getTime(), last + 1);
      const at = new Date(last).toISOString();
      if (
        input.publicOfficial !== 'yes' &&
        (input.officialAgency != null || input.officialPosition != null)
      ) {
        throw invalidField(
          'publicOfficial',
          'must be "yes" when an official agency or position is given',
        );
      }
      return {
        id: ctx.newId(),
        jurisdiction: caseRow.jurisdiction,
        case_id: caseId,
        role: input.role,
        label: input.label ?? null,
        sex: input.sex ?? null,
        ...ageColumns(input.age),
        citizenship: input.citizenship ?? null,
        public_official: input.publicOfficial ?? null,
        official_agency: input.officialAgency ?? null,
        official_position: input.officialPosition ?? null,
        version: 1,
        created_at: at,
        updated_at: at,
      };
    });
    await insertPersons(trx, rows);
    const views = rows.map(personView);
    await appendAuditEntries(
      trx,
      ctx,
      actor,
      views.map((view) => ({
        action: 'person.add',
        entityType: 'person',
        entityId: view.id,
        caseId,
        before: null,
        after: view,
      })),
    );
    return views;
  });
}

/** Corrects a person's role, sex, age, citizenship or official status. */
export async function updatePerson(
  ctx: AppContext,
  actor: Actor,
  personId: string,
  raw: unknown,
): Promise<PersonView> {
  await authorize(ctx, actor, 'case.write', {
    action: 'correct a person',
    entityType: 'person',
    entityId: personId,
  });
  const caseOfCorrectAPerson = (await findPerson(ctx.db, personId))?.case_id;
  await refuseSealedWrite(ctx, actor, caseOfCorrectAPerson, 'correct a person');
  await refuseOutsideReach(ctx, actor, caseOfCorrectAPerson, ['case.write'], 'correct a person');
  const input = parseInput(updatePersonInput, raw);
  return inTransaction(ctx, async (trx) => {
    const before = await requirePerson(trx, personId);
    await assertCaseIdAccess(trx, actor, before.case_id);
    assertVersion('person', personId, before.version, input.version);
    const publicOfficial =
      input.publicOfficial === undefined ? before.public_official : input.publicOfficial;
    const officialAgency =
      input.officialAgency === undefined ? before.official_agency : input.officialAgency;
    const officialPosition =
      input.officialPosition === undefined ? before.official_position : input.officialPosition;
    if (publicOfficial !== 'yes' && (officialAgency !== null || officialPosition !== null)) {
      throw invalidField(
        'publicOfficial',
        'must be "yes" when an official agency or position is given',
      );
    }
    const values = {
      role: input.role ?? before.role,
      label: input.label === undefined ? before.label : input.label,
      sex: input.sex === undefined ? before.sex : input.sex,
      ...(input.age === undefined
        ? { age_kind: before.age_kind, age_years: before.age_years }
        : ageColumns(input.age)),
      citizenship: input.citizenship === undefined ? before.citizenship : input.citizenship,
      public_official: publicOfficial,
      official_agency: officialAgency,
      official_position: officialPosition,
      updated_at: ctx.now().toISOString(),
    };
    if (
      !(await updateVersioned(
        trx,
        'persons',
        { column: 'id', value: personId },
        input.version,
        values,
      ))
    ) {
      throw staleVersion('person', personId, input.version);
    }
    const view = personView({ ...before, ...values, version: input.version + 1 });
    await appendAudit(trx, ctx, actor, {
      action: 'person.update',
      entityType: 'person',
      entityId: personId,
      caseId: before.case_id,
      before: personView(before),
      after: { ...view, ...reasonOf(input) },
    });
    return view;
  });
}

/**
 * Records or replaces a person's identity, encrypted under a fresh data key bound to the row
 * (person, jurisdiction, version). Only the case's team may; a refusal is logged. The log
 * keeps a digest of the ciphertext, never the personal data nor a digest of it (a digest of
 * a name could be confirmed by guessing).
 */
export async function recordIdentity(
  ctx: AppContext,
  actor: Actor,
  personId: string,
  raw: unknown,
): Promise<IdentityView> {
  await authorize(ctx, actor, 'identity.write', {
    action: 'record an identity',
    entityType: 'identity',
    entityId: personId,
  });
  await refuseSealedWrite(
    ctx,
    actor,
    (await findPerson(ctx.db, personId))?.case_id,
    'record an identity',
  );
  const input = parseInput(identityInput, raw);
  return refusable<IdentityView>(ctx, async (trx) => {
    const person = await requirePerson(trx, personId);
    const caseRow = await requireCase(trx, person.case_id);
    await assertCaseAccess(trx, actor, caseRow);
    if ((await teamBasesOf(trx, actor.id, caseRow)).length === 0) {
      await logRefusal(trx, ctx, actor, 'identity.record', {
        entityType: 'identity',
        entityId: personId,
        caseId: person.case_id,
      });
      return { refused: notOnTeam(actor, caseRow, 'record identities') };
    }
    const before = await findIdentity(trx, personId);
    const at = ctx.now().toISOString();
    const payload = payloadOf(input);
    const binding = { personId, jurisdiction: person.jurisdiction };
    let version: number;
    if (before === undefined) {
      if (input.version !== undefined)
        throw invalidField('version', 'there is no identity to replace yet: omit the version');
      version = 1;
      await insertIdentity(trx, {
        person_id: personId,
        jurisdiction: person.jurisdiction,
        case_id: person.case_id,
        ...sealPayload(ctx.keyring, { ...binding, version }, payload),
        shredded_at: null,
        shred_reason: null,
        version,
        created_at: at,
        updated_at: at,
      });
    } else {
      if (before.shredded_at !== null)
        throw new DomainError(
          'Conflict',
          `the identity of person ${personId} was shredded on ${before.shredded_at} and cannot be recorded again`,
        );
      if (input.version === undefined)
        throw invalidField('version', 'is required to replace an identity');
      assertVersion('identity', personId, before.version, input.version);
      version = input.version + 1;
      if (
        !(await updateVersioned(
          trx,
          'person_identities',
          { column: 'person_id', value: personId },
          input.version,
          {
            ...sealPayload(ctx.keyring, { ...binding, version }, payload),
            updated_at: at,
          },
        ))
      ) {
        throw staleVersion('identity', personId, input.version);
      }
    }
    const stored = (await findIdentity(trx, personId))!;
    await appendAudit(trx, ctx, actor, {
      action: before === undefined ? 'identity.record' : 'identity.replace',
      entityType: 'identity',
      entityId: personId,
      caseId: person.case_id,
      before:
        before === undefined
          ? null
          : { digest: digestOf(before.identity_ciphertext), version: before.version },
      after: { digest: digestOf(stored.identity_ciphertext), version, keyId: stored.key_id },
    });
    return { ok: openRow(ctx.keyring, stored) };
  });
}

/**
 * A person's identity, decrypted, for the case's team only; every read and every refusal is
 * logged. A shredded identity reads as shredded (when and why), not as an error.
 */
export async function getIdentity(
  ctx: AppContext,
  actor: Actor,
  personId: string,
): Promise<IdentityView> {
  await authorize(ctx, actor, 'identity.read', {
    action: 'read an identity',
    entityType: 'identity',
    entityId: personId,
  });
  try {
    return await readIdentity(ctx, actor, personId);
  } catch (error) {
    if (isDomainError(error, 'IntegrityViolation')) {
      // The failed check leaves a trace: an entry naming the identity (never its content).
      const person = await findPerson(ctx.db, personId);
      await inTransaction(ctx, (trx) =>
        appendAudit(trx, ctx, actor, {
          action: 'identity.integrity_failed',
          entityType: 'identity',
          entityId: personId,
          caseId: person?.case_id ?? null,
          before: null,
          after: { check: 'failed', details: { ...error.details } },
        }),
      );
    }
    throw error;
  }
}

function readIdentity(ctx: AppContext, actor: Actor, personId: string): Promise<IdentityView> {
  return refusable<IdentityView>(ctx, async (trx) => {
    const person = await requirePerson(trx, personId);
    const caseRow = await requireCase(trx, person.case_id);
    await assertCaseAccess(trx, actor, caseRow);
    if ((await teamBasesOf(trx, actor.id, caseRow)).length === 0) {
      await logRefusal(trx, ctx, actor, 'identity.read', {
        entityType: 'identity',
        entityId: personId,
        caseId: person.case_id,
      });
      return { refused: notOnTeam(actor, caseRow, 'read identities') };
    }
    const row = await findIdentity(trx, personId);
    if (row === undefined) throw notFound('identity of person', personId);
    // A failed integrity check throws before the entry: nothing was disclosed to log.
    const view = openRow(ctx.keyring, row);
    await appendAudit(trx, ctx, actor, {
      action: 'identity.read',
      entityType: 'identity',
      entityId: personId,
      caseId: person.case_id,
      before: null,
      after: null,
    });
    return { ok: view };
  });
}

/** Records or updates the victim record of a person whose role is victim. */
export async function recordVictim(
  ctx: AppContext,
  actor: Actor,
  personId: string,
  raw: unknown,
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
    const pick = <K extends keyof typeof input, C extends string | null>(
      key: K,
      column: C | undefined,
      encode: (v: NonNullable<(typeof input)[K]>) => NonNullable<C>,
    ): C | null => {
      const value = input[key];
      if (value === undefined) return column ?? null;
      return value === null ? null : encode(value);
    };
    const values = {
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

/** Charges a suspect under a provision of the jurisdiction's pack. */
export async function addCharge(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: unknown,
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
    if (person?.case_id !== caseId)
      throw invalidField(
        'personId',
        `person ${input.personId} is not in case ${caseRow.reference}`,
      );
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
    const at = ctx.now().toISOString();
    const row = {
      id: ctx.newId(),
      jurisdiction: caseRow.jurisdiction,
      case_id: caseId,
      person_id: input.personId,
      statute_jurisdiction: input.statute.jurisdiction,
      instrument: input.statute.instrument,
      article: input.statute.article,
      part: input.statute.part ?? null,
      form: input.form ?? null,
      charged_on: input.chargedOn,
      offence_date: input.offenceDate ?? null,
      status: 'active' as const,
      version: 1,
      created_at: at,
      updated_at: at,
    };
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
  raw: unknown,
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
    if (
      !(await updateVersioned(
        trx,
        'charges',
        { column: 'id', value: chargeId },
        input.version,
        values,
      ))
    ) {
      throw staleVersion('charge', chargeId, input.version);
    }
    const view = chargeView({ ...before, ...values, version: input.version + 1 });
    await appendAudit(trx, ctx, actor, {
      action: 'charge.update',
      entityType: 'charge',
      entityId: chargeId,
      caseId: before.case_id,
      before: chargeView(before),
      after: { ...view, ...reasonOf(input) },
    });
    return view;
  });
}
