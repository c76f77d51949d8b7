import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeCase, testActor, unique } from '../../../test/factories.ts';
import { DomainError } from '../../core/errors.ts';
import { createAgency } from '../agencies/agencies.ts';
import { openCase } from '../cases/cases.ts';
import { addPerson } from '../persons/persons.ts';
import { listScreeningSets, listScreenings, screenPerson } from './screenings.ts';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the use-case to refuse');
}

const everyIndicatorNo = {
  moved_between_places: 'no',
  sleeps_where_works: 'no',
  long_hours_no_days_off: 'no',
  no_control_over_earnings: 'no',
  cannot_refuse: 'no',
  no_identity_documents: 'no',
  marks_of_control: 'no',
  sold_or_debt: 'no',
  escorted_and_watched: 'no',
} as const;

describe.each(engines)('screenings on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(async () => {
    await db.close();
  });

  async function count(table: 'screenings' | 'audit_log'): Promise<number> {
    const row = await db.handle.db
      .selectFrom(table)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A case in another jurisdiction, with its own agency (a case's agency must share it). */
  async function caseIn(jurisdiction: string) {
    const agency = await createAgency(db.ctx, testActor, {
      jurisdiction,
      name: unique('police'),
      kind: 'police',
    });
    const opened = await openCase(db.ctx, testActor, {
      jurisdiction,
      reference: unique(jurisdiction),
      openedOn: '2020-01-10',
      openingAgencyId: agency.id,
    });
    return opened.id;
  }

  it('records a child victim as presumed on one indicator, with answers, screener, reasoning and audit entry', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    // The factory's victim has an estimated age of 16: estimated ages count as child.
    const { caseId, victim } = await makeCase(ctx, police.id);
    const view = await screenPerson(ctx, testActor, victim.id, {
      setId: 'sexual-exploitation',
      screenedOn: '2016-03-02',
      answers: { cannot_refuse: 'yes', sleeps_where_works: 'no' },
    });
    expect(view).toMatchObject({
      jurisdiction: 'KG',
      caseId,
      personId: victim.id,
      setId: 'sexual-exploitation',
      screenedBy: testActor.id,
      screenedOn: '2016-03-02',
      status: 'presumed_victim',
      complete: false,
    });
    expect(view.answers).toMatchObject({
      cannot_refuse: 'yes',
      sleeps_where_works: 'no',
      marks_of_control: 'unknown',
    });
    expect(Object.keys(view.answers)).toHaveLength(9);
    expect(view.reasoning.join('\n')).toMatch(/child/);
    expect(view.reasoning.join('\n')).toMatch(/threshold of 1/);

    const row = await db.handle.db
      .selectFrom('screenings')
      .selectAll()
      .where('id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      jurisdiction: 'KG',
      case_id: caseId,
      person_id: victim.id,
      screening_set: 'sexual-exploitation',
      screened_by: testActor.id,
      status: 'presumed_victim',
      complete: 0,
    });
    expect(JSON.parse(row.reasoning)).toEqual(view.reasoning);
    expect(JSON.parse(row.answers)).toEqual(view.answers);

    const audit = await db.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'screening')
      .where('entity_id', '=', view.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'screening.record',
      case_id: caseId,
      actor_id: testActor.id,
    });

    expect((await listScreenings(ctx, testActor, victim.id)).items).toEqual([view]);
  });

  it('gives an adult the adult threshold: one indicator is possible, none of all answered is not a victim', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const { caseId } = await makeCase(ctx, police.id);
    // A witness with unknown age: any person can be screened, and no age means the adult threshold.
    const witness = await addPerson(ctx, testActor, caseId, {
      role: 'witness',
      age: { kind: 'unknown' },
    });
    const possible = await screenPerson(ctx, testActor, witness.id, {
      setId: 'sexual-exploitation',
      screenedOn: '2016-03-05',
      answers: { ...everyIndicatorNo, sold_or_debt: 'yes' },
    });
    expect(possible).toMatchObject({ status: 'possible_victim', complete: true });
    expect(possible.reasoning.join('\n')).toMatch(/below the policy threshold of 2/);
    const cleared = await screenPerson(ctx, testActor, witness.id, {
      setId: 'sexual-exploitation',
      screenedOn: '2016-03-09',
      answers: everyIndicatorNo,
    });
    expect(cleared).toMatchObject({ status: 'not_a_victim', complete: true });
    expect((await listScreenings(ctx, testActor, witness.id)).items.map((s) => s.status)).toEqual([
      'possible_victim',
      'not_a_victim',
    ]);
  });

  it('refuses a set the jurisdiction does not use, naming the field, and writes nothing', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const { victim } = await makeCase(ctx, police.id);
    const [screenings, audit] = [await count('screenings'), await count('audit_log')];
    const error = await rejection(
      screenPerson(ctx, testActor, victim.id, {
        setId: 'organ-removal',
        screenedOn: '2016-03-02',
        answers: {},
      }),
    );
    expect(error.code).toBe('ValidationFailed');
    expect(error.issues.map((i) => i.path)).toEqual(['setId']);
    expect(error.issues[0]?.message).toContain('ilo-forced-labour');
    expect([await count('screenings'), await count('audit_log')]).toEqual([screenings, audit]);
  });

  it('refuses an answer to an indicator the set does not have, a future date, and an unknown person', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const { victim } = await makeCase(ctx, police.id);
    const stray = await rejection(
      screenPerson(ctx, testActor, victim.id, {
        setId: 'sexual-exploitation',
        screenedOn: '2016-03-02',
        answers: { debt_bondage: 'yes' },
      }),
    );
    expect(stray.issues.map((i) => i.path)).toEqual(['answers.debt_bondage']);
    const future = await rejection(
      screenPerson(ctx, testActor, victim.id, {
        setId: 'sexual-exploitation',
        screenedOn: '2999-01-01',
        answers: {},
      }),
    );
    expect(future.issues.map((i) => i.path)).toEqual(['screenedOn']);
    const missing = await rejection(
      screenPerson(ctx, testActor, 'no-such-person', {
        setId: 'sexual-exploitation',
        screenedOn: '2016-03-02',
        answers: {},
      }),
    );
    expect(missing.code).toBe('NotFound');
  });

  it("screens a person in another jurisdiction's case under that jurisdiction, and refuses one without a pack", async () => {
    const { ctx } = db;
    const usPerson = await addPerson(ctx, testActor, await caseIn('US'), {
      role: 'victim',
      age: { kind: 'exact', years: 34 },
    });
    const view = await screenPerson(ctx, testActor, usPerson.id, {
      setId: 'ilo-forced-labour',
      screenedOn: '2020-02-01',
      answers: {},
    });
    expect(view).toMatchObject({
      jurisdiction: 'US',
      caseId: usPerson.caseId,
      status: 'possible_victim',
      complete: false,
    });

    const frPerson = await addPerson(ctx, testActor, await caseIn('FR'), { role: 'victim' });
    const error = await rejection(
      screenPerson(ctx, testActor, frPerson.id, {
        setId: 'ilo-forced-labour',
        screenedOn: '2020-02-01',
        answers: {},
      }),
    );
    expect(error.code).toBe('ValidationFailed');
    expect(error.issues).toEqual([
      { path: 'setId', message: 'FR has no statute pack listing screening sets' },
    ]);
  });

  it('lists the screening sets with their indicators and the jurisdictions using them', () => {
    const { sets } = listScreeningSets(db.ctx, testActor, { jurisdiction: 'KG' });
    expect(sets.map((s) => s.id).sort()).toEqual(['ilo-forced-labour', 'sexual-exploitation']);
    const sexual = sets.find((s) => s.id === 'sexual-exploitation');
    expect(sexual?.jurisdictions.sort()).toEqual(['KG', 'US']);
    expect(sexual?.indicators.map((i) => i.id)).toContain('cannot_refuse');
    expect(listScreeningSets(db.ctx, testActor, { jurisdiction: 'FR' }).sets).toEqual([]);
  });
});
