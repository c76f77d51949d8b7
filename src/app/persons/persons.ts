import type { InputOf } from '../common/validate.ts';
import { auditedUpdate } from '../common/audited-update.ts';
import type { AgeKind } from '../../core/vocabulary.ts';
import { findCase, findPerson, insertPersons } from '../../db/repositories/cases.repository.ts';
import type { PersonsTable } from '../../db/tables/persons.table.ts';
import { appendAuditEntries } from '../audit/audit.ts';
import { reasonOf } from '../cases/cases.ts';
import { authorize } from '../access/access.ts';
import { refuseOutsideReach } from '../cases/case-scope.ts';
import { assertCaseAccess, assertCaseIdAccess, refuseSealedWrite } from '../access/seal-guard.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { createPersonInput, updatePersonInput } from '../schemas/cases.schemas.ts';
import type { AgeInput, CreatePersonInput, PersonView } from '../schemas/cases.schemas.ts';
import { assertVersion, invalidField, notFound, parseInput } from '../common/validate.ts';
import { personView } from '../common/views.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

function ageColumns(age: AgeInput | null | undefined): {
  age_kind: AgeKind | null;
  age_years: number | null;
} {
  if (age == null) return { age_kind: null, age_years: null };
  return { age_kind: age.kind, age_years: age.kind === 'unknown' ? null : age.years };
}

/** The case row, or NotFound. */
export async function requireCase(executor: Executor, caseId: string) {
  const row = await findCase(executor, caseId);
  if (row === undefined) throw notFound('case', caseId);
  return row;
}

/** The person row, or NotFound. */
export async function requirePerson(executor: Executor, personId: string) {
  const row = await findPerson(executor, personId);
  if (row === undefined) throw notFound('person', personId);
  return row;
}

/**
 * The row of a new person of the case `caseRow` (addPersons, and an import's new cases);
 * refuses an official's agency or position given without the official status.
 */
export function newPersonRow(
  id: string,
  caseRow: { readonly id: string; readonly jurisdiction: JurisdictionCode },
  input: CreatePersonInput,
  at: string,
): PersonsTable {
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
    id,
    jurisdiction: caseRow.jurisdiction,
    case_id: caseRow.id,
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
}

/** Adds a suspect, victim or witness to a case (without identity: see recordIdentity). */
export async function addPerson(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: InputOf<typeof createPersonInput>,
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
      return newPersonRow(ctx.newId(), caseRow, input, new Date(last).toISOString());
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
  raw: InputOf<typeof updatePersonInput>,
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
    const view = personView({ ...before, ...values, version: input.version + 1 });
    await auditedUpdate(
      trx,
      ctx,
      actor,
      {
        table: 'persons',
        key: { column: 'id', value: personId },
        version: input.version,
        values,
        entity: 'person',
      },
      {
        action: 'person.update',
        entityType: 'person',
        entityId: personId,
        caseId: before.case_id,
        before: personView(before),
        after: { ...view, ...reasonOf(input) },
      },
    );
    return view;
  });
}
