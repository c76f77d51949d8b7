import type { InputOf } from '../common/validate.ts';
/**
 * Victim-identification screenings: a person's answers to a screening set's indicators, who
 * screened, and the status the set's policy gives them (possible victim, presumed victim, not
 * a victim) with the reasoning. The assessment itself is the pure `assessScreening`.
 */
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { PackRegistry } from '../../core/statutes/registry.ts';
import {
  assessScreening,
  screeningAnswers,
  screeningStatuses,
} from '../../core/statutes/screening.ts';
import { findCase, findPerson } from '../../db/repositories/cases.repository.ts';
import {
  findScreeningsOfPerson,
  insertScreening,
} from '../../db/repositories/screenings.repository.ts';
import type { ScreeningsTable } from '../../db/tables/screenings.table.ts';
import { appendAudit } from '../audit/audit.ts';
import { authorize } from '../access/access.ts';
import { refuseOutsideReach } from '../cases/case-scope.ts';
import { assertCaseIdAccess } from '../access/seal-guard.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { screeningInput, screeningSetsQuery } from '../schemas/screenings.schemas.ts';
import type {
  ScreeningListView,
  ScreeningSetListView,
  ScreeningView,
} from '../schemas/screenings.schemas.ts';
import { invalidField, notFound, parseInput, refuseEarlyDates } from '../common/validate.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

// The JSON columns are parsed back through schemas rather than cast, so a row written by
// hand (or by a future migration) that breaks the shape fails loudly instead of leaking out.
const storedAnswers = z.record(z.string(), z.enum(screeningAnswers));
const storedReasoning = z.array(z.string());
const storedStatus = z.enum(screeningStatuses);

/** The API's view of a screening row. */
export function screeningView(row: Selectable<ScreeningsTable>): ScreeningView {
  return {
    id: row.id,
    jurisdiction: row.jurisdiction,
    caseId: row.case_id,
    personId: row.person_id,
    setId: row.screening_set,
    answers: storedAnswers.parse(JSON.parse(row.answers)),
    screenedBy: row.screened_by,
    screenedOn: row.screened_on,
    status: storedStatus.parse(row.status),
    complete: row.complete === 1,
    reasoning: storedReasoning.parse(JSON.parse(row.reasoning)),
    createdAt: row.created_at,
  };
}

async function requirePerson(executor: Executor, personId: string) {
  const row = await findPerson(executor, personId);
  if (row === undefined) throw notFound('person', personId);
  return row;
}

/** The screening sets the pack of `jurisdiction` lists. */
function setsOf(registry: PackRegistry, jurisdiction: JurisdictionCode): readonly string[] {
  return registry.packs.get(jurisdiction)?.screening ?? [];
}

/**
 * Screens a person against one of the sets their case's jurisdiction uses and records the
 * result. Any person in a case can be screened, whatever their role: screening is how a
 * witness, or a suspect made to offend, comes to be identified as a victim.
 */
export async function screenPerson(
  ctx: AppContext,
  actor: Actor,
  personId: string,
  raw: InputOf<typeof screeningInput>,
): Promise<ScreeningView> {
  await authorize(ctx, actor, 'screening.write', {
    action: 'record a screening',
    entityType: 'person',
    entityId: personId,
  });
  await refuseOutsideReach(
    ctx,
    actor,
    (await findPerson(ctx.db, personId))?.case_id,
    ['screening.write'],
    'record a screening',
  );
  const input = parseInput(screeningInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  const registry = ctx.statutes();
  return inTransaction(ctx, async (trx) => {
    const person = await requirePerson(trx, personId);
    await assertCaseIdAccess(trx, actor, person.case_id);
    const caseRow = await findCase(trx, person.case_id);
    if (caseRow === undefined) throw notFound('case', person.case_id);
    const allowed = setsOf(registry, caseRow.jurisdiction);
    const set = allowed.includes(input.setId) ? registry.screening.get(input.setId) : undefined;
    if (set === undefined) {
      throw invalidField(
        'setId',
        allowed.length === 0
          ? `${caseRow.jurisdiction} has no statute pack listing screening sets`
          : `is not a screening set of ${caseRow.jurisdiction} (sets: ${allowed.join(', ')})`,
      );
    }
    if (input.screenedOn > ctx.now().toISOString().slice(0, 10))
      throw invalidField('screenedOn', 'is in the future');
    // An estimated age counts: the child threshold must apply to a person who looks under 18.
    const victimAge =
      person.age_kind === 'exact' || person.age_kind === 'estimated' ? person.age_years : null;
    const assessed = assessScreening(set, {
      setId: set.id,
      screenedBy: actor.id,
      screenedOn: input.screenedOn,
      victimAge,
      answers: input.answers,
    });
    const row: ScreeningsTable = {
      id: ctx.newId(),
      jurisdiction: caseRow.jurisdiction,
      case_id: caseRow.id,
      person_id: personId,
      screening_set: assessed.setId,
      answers: JSON.stringify(assessed.answers),
      screened_by: assessed.screenedBy,
      screened_on: assessed.screenedOn,
      status: assessed.status,
      complete: assessed.complete ? 1 : 0,
      reasoning: JSON.stringify(assessed.reasoning),
      created_at: ctx.now().toISOString(),
    };
    await insertScreening(trx, row);
    const view = screeningView(row);
    await appendAudit(trx, ctx, actor, {
      action: 'screening.record',
      entityType: 'screening',
      entityId: row.id,
      caseId: caseRow.id,
      before: null,
      after: view,
    });
    return view;
  });
}

/** The screenings of a person, oldest first. */
export async function listScreenings(
  ctx: AppContext,
  actor: Actor,
  personId: string,
): Promise<ScreeningListView> {
  await authorize(ctx, actor, 'case.read', {
    action: 'list screenings',
    entityType: 'person',
    entityId: personId,
  });
  const person = await requirePerson(ctx.db, personId);
  await assertCaseIdAccess(ctx.db, actor, person.case_id);
  const rows = await findScreeningsOfPerson(ctx.db, personId);
  return { items: rows.map(screeningView) };
}

/** The loaded screening sets with their indicators, optionally only those a jurisdiction uses. */
export function listScreeningSets(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof screeningSetsQuery> = {},
): ScreeningSetListView {
  const query = parseInput(screeningSetsQuery, raw);
  const registry = ctx.statutes();
  const wanted = query.jurisdiction === undefined ? null : setsOf(registry, query.jurisdiction);
  const sets = [...registry.screening.values()]
    .filter((set) => wanted === null || wanted.includes(set.id))
    .map((set) => ({
      ...set,
      jurisdictions: [...registry.packs.values()]
        .filter((pack) => pack.screening.includes(set.id))
        .map((pack) => pack.code),
    }));
  return { sets };
}
