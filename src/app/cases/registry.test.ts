import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeCase, makeUser, testActor, unique } from '../../../test/factories.ts';
import { DomainError } from '../../core/errors.ts';
import { approveRequest } from '../approvals/approvals.ts';
import { historyOf } from '../integrity/history.ts';
import { getCase, listCases, openCase, updateCase } from './cases.ts';
import { appliedCase, recordCaseEvent } from './events.ts';
import type { CaseEventOutcome } from './events.ts';
import { addCharge } from '../persons/charges.ts';
import { addPerson, updatePerson } from '../persons/persons.ts';
import { getIdentity, recordIdentity } from '../persons/identity.ts';
import { recordVictim } from '../persons/victim-records.ts';
import { advanceAllegation, createAllegation } from '../registers/complicity.ts';
import { certifyPeriod } from '../registers/certifications.ts';
import { createTraining, listTrainings, updateTraining } from '../registers/training.ts';
import { createAgency, findActor, listAgencies, updateAgency } from '../agencies/agencies.ts';

const art124 = { jurisdiction: 'KG', instrument: 'cc1997', article: '124' };

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the use-case to refuse');
}

async function count(
  db: TestDatabase,
  table: 'cases' | 'case_events' | 'audit_log' | 'verdicts' | 'sentences' | 'persons',
): Promise<number> {
  const row = await db.handle.db
    .selectFrom(table)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(engines)('case registry on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('records the whole life of a case, from complaint to final sentence', async () => {
    const { ctx } = db;
    const { police, prosecutor, court } = await makeAgencies(ctx);
    const { caseId, suspect, victim, version } = await makeCase(ctx, police.id, {
      registeredProvision: art124,
    });
    await recordVictim(ctx, testActor, victim.id, {
      forms: ['sexual'],
      identifiedOn: '2016-03-02',
      identifyingAgencyId: police.id,
      referredToServices: 'yes',
      cooperatingAsWitness: 'unknown',
    });
    const official = await addPerson(ctx, testActor, caseId, {
      role: 'suspect',
      label: 'S2',
      publicOfficial: 'yes',
      officialAgency: 'district police',
      officialPosition: 'inspector',
      age: { kind: 'unknown' },
    });
    const charge = await addCharge(ctx, testActor, caseId, {
      personId: suspect.id,
      statute: art124,
      form: 'sex',
      chargedOn: '2016-04-01',
      offenceDate: '2016-02-15',
    });
    let view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'refer',
        caseVersion: version,
        occurredOn: '2016-05-01',
        agencyId: prosecutor.id,
      }),
    );
    view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'indict',
        caseVersion: view.version,
        occurredOn: '2016-05-10',
        personId: suspect.id,
      }),
    );
    view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'verdict',
        caseVersion: view.version,
        occurredOn: '2016-09-01',
        personId: suspect.id,
        chargeId: charge.id,
        outcome: 'convicted',
        courtAgencyId: court.id,
      }),
    );
    view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'sentence',
        caseVersion: view.version,
        occurredOn: '2016-09-01',
        personId: suspect.id,
        chargeId: charge.id,
        imprisonmentMonths: 96,
        fine: { amount: 50000, currency: 'KGS' },
      }),
    );
    // One conviction, one sentence: a second one on the same charge is refused (corrected instead).
    const second = recordCaseEvent(ctx, testActor, caseId, {
      kind: 'sentence',
      caseVersion: view.version,
      occurredOn: '2016-09-02',
      personId: suspect.id,
      chargeId: charge.id,
      imprisonmentMonths: 120,
      suspended: true,
    });
    await expect(second).rejects.toMatchObject({
      code: 'Conflict',
      details: { reason: 'SentenceExists' },
    });
    expect((await getCase(ctx, testActor, caseId)).sentences).toHaveLength(1);
    view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'appeal',
        caseVersion: view.version,
        occurredOn: '2016-10-01',
        personId: suspect.id,
        reasonText: 'defence appeal',
      }),
    );
    view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'final',
        caseVersion: view.version,
        occurredOn: '2017-01-15',
      }),
    );

    expect(view.status).toBe('final');
    expect(view.allowedEvents).toEqual([]);
    expect(view.events.map((e) => e.kind)).toEqual([
      'refer',
      'indict',
      'verdict',
      'sentence',
      'appeal',
      'final',
    ]);
    expect(view.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(view.verdicts).toEqual([
      expect.objectContaining({
        personId: suspect.id,
        chargeId: charge.id,
        outcome: 'convicted',
        onAppeal: false,
      }),
    ]);
    expect(view.sentences).toEqual([
      expect.objectContaining({
        imprisonmentMonths: 96,
        suspended: false,
        fine: { amount: 50000, currency: 'KGS' },
      }),
    ]);
    expect(view.persons.find((p) => p.id === official.id)).toMatchObject({
      publicOfficial: 'yes',
      officialPosition: 'inspector',
      age: { kind: 'unknown', years: null },
    });
    expect(view.victims).toEqual([
      expect.objectContaining({
        forms: ['sexual'],
        referredToServices: 'yes',
        cooperatingAsWitness: 'unknown',
      }),
    ]);
    expect(view.registeredProvision).toEqual({ ...art124, part: null });

    const history = await historyOf(ctx, testActor, 'case', caseId);
    expect(history.map((h) => h.action)).toEqual([
      'case.open',
      'case.refer',
      'case.indict',
      'case.verdict',
      'case.sentence',
      'case.appeal',
      'case.final',
    ]);
  });

  it('refuses a transition the lifecycle does not allow, naming the state and what is allowed, and writes nothing', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const { caseId, suspect, version } = await makeCase(ctx, police.id);
    const charge = await addCharge(ctx, testActor, caseId, {
      personId: suspect.id,
      statute: art124,
      chargedOn: '2016-04-01',
    });
    const eventsBefore = await count(db, 'case_events');
    const verdictsBefore = await count(db, 'verdicts');
    const logBefore = await count(db, 'audit_log');
    const error = await rejection(
      recordCaseEvent(ctx, testActor, caseId, {
        kind: 'verdict',
        caseVersion: version,
        occurredOn: '2016-06-01',
        personId: suspect.id,
        chargeId: charge.id,
        outcome: 'convicted',
      }),
    );
    expect(error.code).toBe('TransitionNotAllowed');
    expect(error.message).toBe(
      'cannot verdict a case that is open; allowed from open: suspend, close, refer',
    );
    expect(await count(db, 'case_events')).toBe(eventsBefore);
    expect(await count(db, 'verdicts')).toBe(verdictsBefore);
    expect(await count(db, 'audit_log')).toBe(logBefore);
    expect((await getCase(ctx, testActor, caseId)).status).toBe('open');
  });

  it('suspends, resumes, closes with a reason (each approved by a supervisor) and reopens', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const { caseId, version } = await makeCase(ctx, police.id);
    const supervisorUser = await makeUser(ctx, police.id, ['supervisor']);
    const supervisor = (await findActor(ctx, supervisorUser.username))!.actor;
    // Suspending and closing need four eyes: the event files a request and changes nothing.
    const approve = async (outcome: CaseEventOutcome) => {
      if (outcome.result !== 'pending') throw new Error('a suspension or closure must wait');
      expect(outcome.approval.status).toBe('pending');
      await approveRequest(ctx, supervisor, outcome.approval.id, { version: 1 });
      return getCase(ctx, testActor, caseId);
    };
    const suspension = await recordCaseEvent(ctx, testActor, caseId, {
      kind: 'suspend',
      caseVersion: version,
      occurredOn: '2016-04-01',
      reasonCode: 'suspect_not_identified',
      reasonText: 'suspect abroad',
    });
    expect((await getCase(ctx, testActor, caseId)).status).toBe('open');
    let view = await approve(suspension);
    expect(view.status).toBe('suspended');
    view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'resume',
        caseVersion: view.version,
        occurredOn: '2016-05-01',
      }),
    );
    view = await approve(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'close',
        caseVersion: view.version,
        occurredOn: '2016-06-01',
        reasonCode: 'victim_compensated',
        reasonText: 'victim paid to withdraw',
      }),
    );
    expect(view.status).toBe('closed');
    expect(view.events.at(-1)).toMatchObject({
      kind: 'close',
      reasonCode: 'victim_compensated',
      reasonText: 'victim paid to withdraw',
      recordedBy: testActor.id,
    });
    view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'reopen',
        caseVersion: view.version,
        occurredOn: '2016-07-01',
        reasonText: 'new evidence',
      }),
    );
    expect(view.status).toBe('open');
  });

  it('refuses an update with a stale version and changes nothing (409)', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const { caseId, version } = await makeCase(ctx, police.id);
    const updated = await updateCase(ctx, testActor, caseId, { version, summary: 'first edit' });
    expect(updated.version).toBe(version + 1);
    const error = await rejection(
      updateCase(ctx, testActor, caseId, { version, summary: 'stale edit' }),
    );
    expect(error.code).toBe('VersionConflict');
    expect((await getCase(ctx, testActor, caseId)).summary).toBe('first edit');
    const eventError = await rejection(
      recordCaseEvent(ctx, testActor, caseId, {
        kind: 'refer',
        caseVersion: version,
        occurredOn: '2016-05-01',
      }),
    );
    expect(eventError.code).toBe('VersionConflict');

    const agency = await createAgency(ctx, testActor, {
      jurisdiction: 'KG',
      name: unique('NGO'),
      kind: 'ngo',
    });
    await updateAgency(ctx, testActor, agency.id, { version: 1, name: unique('NGO renamed') });
    expect(
      (await rejection(updateAgency(ctx, testActor, agency.id, { version: 1, name: 'again' })))
        .code,
    ).toBe('VersionConflict');
  });

  it('keeps "unknown", "not recorded" and zero apart', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const notRecorded = await openCase(ctx, testActor, {
      jurisdiction: 'KG',
      reference: unique('R'),
      openedOn: '2016-01-10',
      openingAgencyId: police.id,
    });
    const unknown = await openCase(ctx, testActor, {
      jurisdiction: 'KG',
      reference: unique('R'),
      openedOn: '2016-01-10',
      openingAgencyId: police.id,
      origin: 'unknown',
    });
    expect(notRecorded.origin).toBeNull();
    expect(unknown.origin).toBe('unknown');
    const person = await addPerson(ctx, testActor, notRecorded.id, { role: 'victim' });
    expect(person.age).toBeNull();
    const updated = await updatePerson(ctx, testActor, person.id, {
      version: 1,
      age: { kind: 'unknown' },
    });
    expect(updated.age).toEqual({ kind: 'unknown', years: null });
    const infant = await addPerson(ctx, testActor, notRecorded.id, {
      role: 'victim',
      age: { kind: 'exact', years: 0 },
    });
    expect(infant.age).toEqual({ kind: 'exact', years: 0 });
    const record = await recordVictim(ctx, testActor, person.id, { forms: ['unknown'] });
    expect(record.forms).toEqual(['unknown']);
    expect(record.referredToServices).toBeNull();
    const training = await createTraining(ctx, testActor, {
      jurisdiction: 'KG',
      title: 'Victim identification',
      startsOn: '2017-01-10',
      endsOn: '2017-01-12',
      audiences: [
        { audience: 'judges', participants: null },
        { audience: 'prosecutors', participants: 0 },
      ],
    });
    expect(training.audiences).toEqual([
      { audience: 'judges', participants: null },
      { audience: 'prosecutors', participants: 0 },
    ]);
  });

  it('lists every invalid field and writes nothing', async () => {
    const { ctx } = db;
    const casesBefore = await count(db, 'cases');
    const logBefore = await count(db, 'audit_log');
    const error = await rejection(
      openCase(ctx, testActor, {
        jurisdiction: 'k-g',
        reference: '',
        openedOn: '2016-02-30',
        // @ts-expect-error: an origin the vocabulary lacks, as an untyped caller could send
        origin: 'rumour',
      }),
    );
    expect(error.code).toBe('ValidationFailed');
    expect(error.issues.map((issue) => issue.path).sort()).toEqual([
      'jurisdiction',
      'openedOn',
      'openingAgencyId',
      'origin',
      'reference',
    ]);
    expect(await count(db, 'cases')).toBe(casesBefore);
    expect(await count(db, 'audit_log')).toBe(logBefore);
  });

  it('rolls back every write of a use-case that fails half-way', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const { caseId, suspect, version } = await makeCase(ctx, police.id);
    const charge = await addCharge(ctx, testActor, caseId, {
      personId: suspect.id,
      statute: art124,
      chargedOn: '2016-04-01',
    });
    let view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'refer',
        caseVersion: version,
        occurredOn: '2016-05-01',
      }),
    );
    view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'verdict',
        caseVersion: view.version,
        occurredOn: '2016-06-01',
        personId: suspect.id,
        chargeId: charge.id,
        outcome: 'convicted',
      }),
    );
    // The id source fails after the event row is inserted, before the sentence row: nothing may remain.
    let calls = 0;
    const failing = {
      ...ctx,
      newId: () => {
        calls += 1;
        if (calls === 2) throw new Error('simulated crash');
        return `${unique('id')}`;
      },
    };
    const eventsBefore = await count(db, 'case_events');
    const sentencesBefore = await count(db, 'sentences');
    const logBefore = await count(db, 'audit_log');
    await expect(
      recordCaseEvent(failing, testActor, caseId, {
        kind: 'sentence',
        caseVersion: view.version,
        occurredOn: '2016-06-01',
        personId: suspect.id,
        imprisonmentMonths: 60,
      }),
    ).rejects.toThrow('simulated crash');
    expect(await count(db, 'case_events')).toBe(eventsBefore);
    expect(await count(db, 'sentences')).toBe(sentencesBefore);
    expect(await count(db, 'audit_log')).toBe(logBefore);
    expect((await getCase(ctx, testActor, caseId)).version).toBe(view.version);
  });

  it('refuses a sentence without a conviction and a verdict on a charge of another person', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const { caseId, suspect, victim, version } = await makeCase(ctx, police.id);
    const other = await addPerson(ctx, testActor, caseId, { role: 'suspect', label: 'S2' });
    const charge = await addCharge(ctx, testActor, caseId, {
      personId: suspect.id,
      statute: art124,
      chargedOn: '2016-04-01',
    });
    const view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'refer',
        caseVersion: version,
        occurredOn: '2016-05-01',
      }),
    );
    const wrongPerson = await rejection(
      recordCaseEvent(ctx, testActor, caseId, {
        kind: 'verdict',
        caseVersion: view.version,
        occurredOn: '2016-06-01',
        personId: other.id,
        chargeId: charge.id,
        outcome: 'convicted',
      }),
    );
    expect(wrongPerson.issues[0]?.path).toBe('chargeId');
    const victimCharged = await rejection(
      addCharge(ctx, testActor, caseId, {
        personId: victim.id,
        statute: art124,
        chargedOn: '2016-04-01',
      }),
    );
    expect(victimCharged.issues[0]).toEqual({
      path: 'personId',
      message: expect.stringContaining('only a suspect can be charged'),
    });
  });

  it('refuses a charge under an article the statute pack does not have, or not in force on the date', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const { caseId, suspect } = await makeCase(ctx, police.id);
    const unknownArticle = await rejection(
      addCharge(ctx, testActor, caseId, {
        personId: suspect.id,
        statute: { jurisdiction: 'KG', instrument: 'cc1997', article: '999' },
        chargedOn: '2016-04-01',
      }),
    );
    expect(unknownArticle.code).toBe('UnknownProvision');
    expect(unknownArticle.issues[0]?.path).toBe('statute');
    expect(unknownArticle.message).toContain('no article "cc1997:999"');
    const notInForce = await rejection(
      addCharge(ctx, testActor, caseId, {
        personId: suspect.id,
        statute: art124,
        chargedOn: '2019-07-01',
        offenceDate: '2019-06-01',
      }),
    );
    expect(notInForce.code).toBe('UnknownProvision');
    expect(notInForce.message).toContain('2019-06-01');
    const related = await addCharge(ctx, testActor, caseId, {
      personId: suspect.id,
      statute: { jurisdiction: 'KG', instrument: 'cc1997', article: '260' },
      chargedOn: '2016-04-01',
    });
    expect(related.statute.article).toBe('260');
  });

  it('records identity apart, logs each read, and keeps personal data out of the log', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const { victim } = await makeCase(ctx, police.id);
    // Identity is for the case's team: a real user of the opening agency, not the test actor.
    const investigator = await makeUser(ctx, police.id);
    const { actor } = (await findActor(ctx, investigator.id))!;
    await recordIdentity(ctx, actor, victim.id, {
      fullName: 'Synthetic Aigul Testova',
      documentNumber: 'AN0000000',
    });
    const identity = await getIdentity(ctx, actor, victim.id);
    expect(identity.fullName).toBe('Synthetic Aigul Testova');
    const history = await historyOf(ctx, testActor, 'identity', victim.id);
    expect(history.map((h) => h.action)).toEqual(['identity.record', 'identity.read']);
    const leaves = await db.handle.db.selectFrom('audit_log').select('leaf').execute();
    expect(leaves.some((row) => row.leaf.includes('Aigul') || row.leaf.includes('AN0000000'))).toBe(
      false,
    );
  });

  it('filters and paginates cases', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const prefix = unique('FILTER');
    for (let i = 0; i < 5; i += 1) {
      await openCase(ctx, testActor, {
        jurisdiction: 'KG',
        reference: `${prefix}-${i}`,
        openedOn: i < 3 ? '2015-06-01' : '2016-06-01',
        openingAgencyId: police.id,
        origin: i === 0 ? 'proactive_police' : 'victim_complaint',
      });
    }
    const page1 = await listCases(ctx, testActor, { reference: prefix, pageSize: 2, page: 1 });
    const page3 = await listCases(ctx, testActor, { reference: prefix, pageSize: 2, page: 3 });
    expect(page1.total).toBe(5);
    expect(page1.items).toHaveLength(2);
    expect(page3.items).toHaveLength(1);
    expect((await listCases(ctx, testActor, { reference: prefix, year: 2015 })).total).toBe(3);
    expect(
      (await listCases(ctx, testActor, { reference: prefix, origin: 'proactive_police' })).total,
    ).toBe(1);
    expect(
      (await listCases(ctx, testActor, { reference: prefix, agencyId: police.id, status: 'open' }))
        .total,
    ).toBe(5);
  });

  it('keeps the training, complicity and certification registers', async () => {
    const { ctx } = db;
    const { police, prosecutor } = await makeAgencies(ctx);
    const training = await createTraining(ctx, testActor, {
      jurisdiction: 'KG',
      title: 'Three-day training for judges',
      startsOn: '2017-01-16',
      endsOn: '2017-01-18',
      audiences: [{ audience: 'judges', participants: 24 }],
      organisers: ['International organisation'],
      partners: ['Supreme Court'],
      trainers: ['Supreme Court', 'PGO'],
      topics: ['victim identification'],
      agreementReference: 'MOU 2016',
    });
    const updated = await updateTraining(ctx, testActor, training.id, {
      version: 1,
      topics: ['victim identification', 'victims as witnesses'],
    });
    expect(updated.topics).toHaveLength(2);
    expect(
      (await listTrainings(ctx, testActor, { year: 2017, audience: 'judges' })).items.some(
        (t) => t.id === training.id,
      ),
    ).toBe(true);
    const badDates = await rejection(
      createTraining(ctx, testActor, {
        jurisdiction: 'KG',
        title: 'x',
        startsOn: '2017-02-02',
        endsOn: '2017-02-01',
        audiences: [{ audience: 'police', participants: 3 }],
      }),
    );
    expect(badDates.issues).toEqual([{ path: 'endsOn', message: 'must not be before startsOn' }]);

    const allegation = await createAllegation(ctx, testActor, {
      jurisdiction: 'KG',
      receivedOn: '2013-12-01',
      source: 'un_special_procedure',
      allegation: 'Police officers threatened and extorted child victims',
      accusedAgencyId: police.id,
    });
    expect(allegation.status).toBe('received');
    const refused = await rejection(
      advanceAllegation(ctx, testActor, allegation.id, {
        step: 'assign',
        version: 1,
        on: '2014-01-10',
        agencyId: police.id,
      }),
    );
    expect(refused.issues[0]?.path).toBe('agencyId');
    const assigned = await advanceAllegation(ctx, testActor, allegation.id, {
      step: 'assign',
      version: 1,
      on: '2014-01-10',
      agencyId: prosecutor.id,
    });
    expect(assigned.status).toBe('assigned');
    const outOfOrder = await rejection(
      advanceAllegation(ctx, testActor, allegation.id, {
        step: 'conclude',
        version: 2,
        on: '2014-02-01',
        outcome: 'x',
      }),
    );
    expect(outOfOrder.code).toBe('TransitionNotAllowed');

    const certification = await certifyPeriod(ctx, testActor, {
      agencyId: police.id,
      periodFrom: '2016-01-01',
      periodTo: '2016-12-31',
    });
    expect(certification.certifiedBy).toBe(testActor.id);
    expect(
      (
        await rejection(
          certifyPeriod(ctx, testActor, {
            agencyId: police.id,
            periodFrom: '2016-01-01',
            periodTo: '2016-12-31',
          }),
        )
      ).code,
    ).toBe('Conflict');
  });

  it('creates users in agencies and lists agencies', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const user = await makeUser(ctx, police.id, ['investigator', 'supervisor']);
    expect(user.roles).toEqual(['investigator', 'supervisor']);
    const listed = await listAgencies(ctx, testActor, { jurisdiction: 'KG', kind: 'police' });
    expect(listed.items.some((a) => a.id === police.id)).toBe(true);
  });
});
