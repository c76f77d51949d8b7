import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInput } from '../common/validate.ts';
import { caseEventInput } from '../schemas/cases.schemas.ts';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeCase, testActor } from '../../../test/factories.ts';
import { DomainError } from '../../core/errors.ts';
import { updateCase } from './cases.ts';
import { correctEvent, correctSentence } from './corrections.ts';
import { appliedCase, recordCaseEvent } from './events.ts';
import { historyOf } from '../integrity/history.ts';
import { ephemeralLogSigner } from '../integrity/log-key.ts';
import { logPublicKey } from '../integrity/log.ts';
import { verifyIntegrity } from '../integrity/verify.ts';
import { addCharge, updateCharge } from '../persons/charges.ts';
import { recordVictim } from '../persons/victim-records.ts';
import { updatePerson } from '../persons/persons.ts';
import { annualReport } from '../reports/annual-report.ts';
import type { CaseView } from '../schemas/cases.schemas.ts';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the use-case to refuse');
}

const article124 = { jurisdiction: 'KG', instrument: 'cc1997', article: '124' };

describe.each(engines)('corrections of recorded facts on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(async () => {
    await db.close();
  });

  /** A case taken to a conviction under art. 124 (5–20 years in 2016) and a 300-month sentence. */
  async function convicted() {
    const { police, prosecutor, court } = await makeAgencies(db.ctx);
    const made = await makeCase(db.ctx, police.id);
    const charge = await addCharge(db.ctx, testActor, made.caseId, {
      personId: made.suspect.id,
      statute: article124,
      chargedOn: '2016-03-10',
      offenceDate: '2016-02-01',
    });
    let version = made.version;
    const record = async (event: Record<string, unknown>): Promise<CaseView> => {
      const recorded = appliedCase(
        await recordCaseEvent(
          db.ctx,
          testActor,
          made.caseId,
          parseInput(caseEventInput, { ...event, caseVersion: version }),
        ),
      );
      version = recorded.version;
      return recorded;
    };
    await record({ kind: 'refer', occurredOn: '2016-04-01', agencyId: prosecutor.id });
    await record({ kind: 'indict', occurredOn: '2016-05-10', personId: made.suspect.id });
    await record({
      kind: 'verdict',
      occurredOn: '2016-09-02',
      personId: made.suspect.id,
      chargeId: charge.id,
      outcome: 'convicted',
      courtAgencyId: court.id,
    });
    const view = await record({
      kind: 'sentence',
      occurredOn: '2016-09-02',
      personId: made.suspect.id,
      chargeId: charge.id,
      imprisonmentMonths: 300,
    });
    return { ...made, police, prosecutor, court, charge, view, record };
  }

  it('replaces a wrong sentence instead of recording a second one; the report counts the corrected one once', async () => {
    const c = await convicted();
    const first = c.view.sentences[0]!;
    expect(first.imprisonmentMonths).toBe(300);
    const before = await annualReport(db.ctx, testActor, { year: 2016 });
    expect(before.sentences.recorded).toBe(1);
    expect(before.sentences.outsideRange.aboveMaximum).toBe(1);

    // A second sentence for the same conviction is refused…
    const second = await rejection(
      c.record({
        kind: 'sentence',
        occurredOn: '2016-09-03',
        personId: c.suspect.id,
        chargeId: c.charge.id,
        imprisonmentMonths: 102,
      }),
    );
    expect(second.code).toBe('Conflict');
    expect(second.details).toMatchObject({ reason: 'SentenceExists' });

    // …the first is corrected, with a reason, and a stale version is refused.
    const corrected = await correctSentence(db.ctx, testActor, first.id, {
      version: first.version,
      reason: 'The term was typed in months as years.',
      imprisonmentMonths: 102,
      life: false,
      suspended: false,
    });
    expect(corrected).toMatchObject({ imprisonmentMonths: 102, version: first.version + 1 });
    const stale = await rejection(
      correctSentence(db.ctx, testActor, first.id, {
        version: first.version,
        reason: 'again',
        imprisonmentMonths: 96,
        life: false,
        suspended: false,
      }),
    );
    expect(stale.code).toBe('VersionConflict');
    const noMeasure = await rejection(
      correctSentence(db.ctx, testActor, first.id, {
        version: corrected.version,
        reason: 'no measure',
        imprisonmentMonths: null,
        life: false,
        suspended: true,
      }),
    );
    expect(noMeasure.issues?.[0]?.path).toBe('imprisonmentMonths');

    const after = await annualReport(db.ctx, testActor, { year: 2016 });
    expect(after.sentences.recorded).toBe(1);
    expect(after.sentences.suspended).toBe(0);
    expect(after.sentences.custodial).toBe(1);
    expect(after.sentences.outsideRange.aboveMaximum).toBe(0);
    expect(after.sentences.records.recorded).toEqual([`sentence:${first.id}`]);

    // The recorded sentence stays in the history, with the reason of the correction.
    const history = await historyOf(db.ctx, testActor, 'sentence', first.id);
    expect(history.map((entry) => entry.action)).toEqual(['sentence.record', 'sentence.update']);
    expect(history[1]!.before).toMatchObject({ imprisonmentMonths: 300 });
    expect(history[1]!.after).toMatchObject({
      imprisonmentMonths: 102,
      correctionReason: 'The term was typed in months as years.',
    });
  });

  it("corrects an event's date within its neighbours (a verdict's date moves with it), guarded by the case version", async () => {
    const c = await convicted();
    const verdictEvent = c.view.events.find((e) => e.kind === 'verdict')!;
    const tooEarly = await rejection(
      correctEvent(db.ctx, testActor, c.caseId, verdictEvent.id, {
        caseVersion: c.view.version,
        reason: 'wrong date',
        occurredOn: '2016-05-01',
      }),
    );
    expect(tooEarly.issues?.[0]).toMatchObject({ path: 'occurredOn' });
    expect(tooEarly.message).toContain('indict, 2016-05-10');
    const tooLate = await rejection(
      correctEvent(db.ctx, testActor, c.caseId, verdictEvent.id, {
        caseVersion: c.view.version,
        reason: 'wrong date',
        occurredOn: '2016-09-03',
      }),
    );
    expect(tooLate.message).toContain('sentence, 2016-09-02');

    const indictEvent = c.view.events.find((e) => e.kind === 'indict')!;
    const corrected = await correctEvent(db.ctx, testActor, c.caseId, indictEvent.id, {
      caseVersion: c.view.version,
      reason: 'The indictment was signed on the 12th.',
      occurredOn: '2016-05-12',
    });
    expect(corrected.version).toBe(c.view.version + 1);
    expect(corrected.events.find((e) => e.id === indictEvent.id)?.occurredOn).toBe('2016-05-12');
    const stale = await rejection(
      correctEvent(db.ctx, testActor, c.caseId, indictEvent.id, {
        caseVersion: c.view.version,
        reason: 'stale',
        occurredOn: '2016-05-11',
      }),
    );
    expect(stale.code).toBe('VersionConflict');
    const noExplanation = await rejection(
      correctEvent(db.ctx, testActor, c.caseId, indictEvent.id, {
        caseVersion: corrected.version,
        reason: 'x',
        reasonText: 'an indictment has none',
      }),
    );
    expect(noExplanation.issues?.[0]?.path).toBe('reasonText');

    const sentenceEvent = corrected.events.find((e) => e.kind === 'sentence')!;
    const moved = await correctEvent(db.ctx, testActor, c.caseId, sentenceEvent.id, {
      caseVersion: corrected.version,
      reason: 'The sentence was pronounced two days later.',
      occurredOn: '2016-09-04',
    });
    expect(moved.sentences[0]?.sentencedOn).toBe('2016-09-04');
    const history = await historyOf(db.ctx, testActor, 'case_event', indictEvent.id);
    expect(history.at(-1)?.after).toMatchObject({
      occurredOn: '2016-05-12',
      correctionReason: 'The indictment was signed on the 12th.',
    });
    // Every corrected row is logged as stored: the verifier finds nothing to report.
    const verified = await verifyIntegrity(db.ctx, testActor, {
      verifierKey: logPublicKey(ephemeralLogSigner()),
    });
    expect(verified.problems).toEqual([]);
  });

  it('records who appealed and which court hears the appeal', async () => {
    const c = await convicted();
    const appealed = await c.record({
      kind: 'appeal',
      occurredOn: '2016-10-01',
      personId: c.suspect.id,
      appellant: 'prosecution',
      courtAgencyId: c.court.id,
      reasonText: 'The sentence is too lenient.',
    });
    const appeal = appealed.events.at(-1)!;
    expect(appeal).toMatchObject({
      kind: 'appeal',
      appellant: 'prosecution',
      agencyId: c.court.id,
    });
    const other = await convicted();
    const unknownCourt = await rejection(
      other.record({
        kind: 'appeal',
        occurredOn: '2016-10-01',
        appellant: 'defence',
        courtAgencyId: 'no-such-court',
      }),
    );
    expect(unknownCourt.issues?.[0]?.path).toBe('courtAgencyId');
  });

  it('corrects persons, charges and the case with a reason kept in their history; a case moves only to an agency that opens cases', async () => {
    const c = await convicted();
    const person = await updatePerson(db.ctx, testActor, c.victim.id, {
      version: c.victim.version,
      reason: 'Her age was confirmed from her passport.',
      age: { kind: 'exact', years: 17 },
    });
    expect(person.age).toEqual({ kind: 'exact', years: 17 });
    expect((await historyOf(db.ctx, testActor, 'person', c.victim.id)).at(-1)?.after).toMatchObject(
      { correctionReason: 'Her age was confirmed from her passport.' },
    );
    // A victim record's correction needs a reason, kept in its history like the person's.
    const victimRecord = await recordVictim(db.ctx, testActor, c.victim.id, {
      forms: ['forced_labour'],
    });
    const unexplained = await rejection(
      recordVictim(db.ctx, testActor, c.victim.id, {
        version: victimRecord.version,
        forms: ['sexual'],
      }),
    );
    expect(unexplained.issues?.[0]?.path).toBe('reason');
    const correctedRecord = await recordVictim(db.ctx, testActor, c.victim.id, {
      version: victimRecord.version,
      reason: 'She was exploited sexually, per her statement.',
      forms: ['sexual'],
    });
    expect(correctedRecord.forms).toEqual(['sexual']);
    const victimHistory = await historyOf(db.ctx, testActor, 'victim_record', c.victim.id);
    expect(victimHistory.at(-1)).toMatchObject({
      action: 'victim.update',
      before: { forms: ['forced_labour'] },
      after: {
        forms: ['sexual'],
        correctionReason: 'She was exploited sexually, per her statement.',
      },
    });
    const charge = await updateCharge(db.ctx, testActor, c.charge.id, {
      version: c.charge.version,
      reason: 'Sexual exploitation, per the indictment.',
      form: 'sex',
    });
    expect(charge.form).toBe('sex');

    const toCourt = await rejection(
      updateCase(db.ctx, testActor, c.caseId, {
        version: c.view.version,
        openingAgencyId: c.court.id,
      }),
    );
    expect(toCourt.issues?.[0]).toMatchObject({ path: 'openingAgencyId' });
    const moved = await updateCase(db.ctx, testActor, c.caseId, {
      version: c.view.version,
      openingAgencyId: c.prosecutor.id,
      reason: 'Opened under the prosecutor by the prosecutor’s own initiative.',
    });
    expect(moved.openingAgencyId).toBe(c.prosecutor.id);
    const stale = await rejection(
      updateCase(db.ctx, testActor, c.caseId, { version: c.view.version, summary: 'stale' }),
    );
    expect(stale.code).toBe('VersionConflict');
    expect((await historyOf(db.ctx, testActor, 'case', c.caseId)).at(-1)?.after).toMatchObject({
      openingAgencyId: c.prosecutor.id,
      correctionReason: 'Opened under the prosecutor by the prosecutor’s own initiative.',
    });
  });
});
