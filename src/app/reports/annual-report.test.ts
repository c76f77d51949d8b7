import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { testActor } from '../../../test/factories.ts';
import { loadDemo } from '../demo/demo.ts';
import { getCase, listCases } from '../cases/cases.ts';
import { appliedCase, recordCaseEvent } from '../cases/events.ts';
import { updatePerson } from '../persons/persons.ts';
import { annualReport } from './annual-report.ts';

describe.each(engines)('annual report over the synthetic demo on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
    await loadDemo(db.ctx);
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it('reproduces every figure of the reference text for 2016 against 2015', async () => {
    const report = await annualReport(db.ctx, testActor, { year: 2016 });
    expect(report.investigations.total).toBe(8);
    expect(report.investigations.byForm).toEqual({
      sex: 5,
      labour: 2,
      both: 0,
      other: 0,
      unknown: 1,
    });
    expect(report.investigations.previous.total).toBe(4);
    expect(report.investigations.withChildVictims).toBeGreaterThanOrEqual(2);
    expect(report.relatedInvestigations.total).toBe(0);
    expect(report.relatedInvestigations.previous.total).toBe(18);
    expect(report.prosecutions.cases).toBe(5);
    expect(report.prosecutions.byForm.labour).toBe(2);
    expect(report.prosecutions.defendants).toBeNull();
    expect(report.prosecutions.previous.cases).toBe(6);
    expect(report.prosecutions.previous.defendants).toBeNull();
    expect(report.convictions.persons).toBe(10);
    expect(report.convictions.cases).toBe(5);
    expect(report.convictions.victims).toBe(9);
    expect(report.convictions.previous.persons).toBe(4);
    expect(report.convictions.previous.cases).toBe(2);
    expect(report.sentences.recorded).toBe(0);
    expect(report.sentences.missing).toBe(10);
    expect(report.training.events).toBe(2);
    expect(report.training.participants).toBe(47);
    expect(report.training.byAudience.judges.participants).toBe(24);
    expect(report.training.byAudience.prosecutors.participants).toBe(23);
    expect(report.complicity.investigated).toBe(0);
    expect(report.complicity.officialsProsecuted).toBe(0);
    expect(report.completeness.pendingAllegations[0]?.receivedOn.slice(0, 4)).toBe('2013');
    expect(report.completeness.agenciesNotCertified.map((a) => a.kind)).toEqual(['court', 'court']);
    // Every figure's records are the ids it was counted from.
    expect(report.investigations.records.total).toHaveLength(8);
    expect(report.investigations.records.byForm.unknown).toHaveLength(1);
    expect(report.convictions.records.persons.every((id) => id.startsWith('person:'))).toBe(true);
  });

  it("states the reference text's findings in the narrative", async () => {
    const { narrative } = await annualReport(db.ctx, testActor, { year: 2016 });
    const text = narrative.paragraphs.join(' ');
    expect(text).toContain(
      'The government initiated eight trafficking investigations under article 124 in 2016',
    );
    expect(text).toContain('five sex trafficking cases and two child forced labor cases');
    expect(text).toContain('it is unknown whether the remaining case was sex or labor trafficking');
    expect(text).toContain('in 2015 the government conducted four trafficking investigations');
    expect(text).toContain('compared to 18 additional investigations in 2015');
    expect(text).toContain(
      'five prosecutions under article 124—two of the five for labor trafficking—involving an unknown number of suspects in 2016',
    );
    expect(text).toContain(
      'compared with six cases involving an unknown number of suspects in 2015',
    );
    expect(text).toContain(
      'In five cases involving nine victims of trafficking, the government convicted ten offenders under article 124 in 2016',
    );
    expect(text).toContain('compared with four offenders convicted in two cases in 2015');
    expect(text).toContain('The government did not report on sentences');
    expect(text).toContain('24 judges in January 2017 and 23 prosecutors in February 2017');
    expect(text).toContain('never been investigated');
    expect(text).toContain(
      'requires proof that the offender used force, fraud, coercion or other means',
    );
  });

  it('writes the Russian narrative with correct plural forms', async () => {
    const { narrative } = await annualReport(db.ctx, testActor, { year: 2016, lang: 'ru' });
    const text = narrative.paragraphs.join(' ');
    expect(text).toContain('восемь расследований');
    expect(text).toContain('пять дел о сексуальной эксплуатации');
    expect(text).toContain('два дела о принудительном детском труде');
    expect(text).toContain('было проведено четыре расследования');
    expect(text).toContain('неизвестного числа подозреваемых');
    expect(text).toContain('суды осудили десять лиц');
    expect(text).toContain('три сообщения о причастности должностных лиц');
    expect(text).toContain('по сравнению с шестью делами');
    expect(text).toContain('по сравнению с четырьмя осуждёнными по двум делам');
    expect(text).toContain('По пяти делам');
    expect(text).toContain('Из восьми расследований: семь начаты по заявлениям потерпевших');
  });

  it('counts by the TIP year and by an explicit range', async () => {
    const tip = await annualReport(db.ctx, testActor, { year: 2016, period: 'tip' });
    expect(tip.meta.periods.statistics).toMatchObject({ from: '2016-04-01', to: '2017-03-31' });
    // Opened between April 2016 and March 2017: DEMO-2016-04 … -08.
    expect(tip.investigations.total).toBe(5);
    const range = await annualReport(db.ctx, testActor, { from: '2016-01-01', to: '2016-06-30' });
    // 182 days (2016 is a leap year) just before: 3 July – 31 December 2015.
    expect(range.meta.periods.previous).toMatchObject({ from: '2015-07-03', to: '2015-12-31' });
    expect(range.investigations.total).toBe(5);
  });

  it('changes its sentences when the data changes', async () => {
    const before = (
      await annualReport(db.ctx, testActor, { year: 2016 })
    ).narrative.paragraphs.join(' ');
    expect(before).toContain('unknown number of suspects in 2016');

    // The court records one sentence: three years, below art. 124's minimum of five.
    const [firstCase] = (await annualReport(db.ctx, testActor, { year: 2016 })).convictions.records
      .cases;
    const view = await getCase(db.ctx, testActor, firstCase!.slice('case:'.length));
    const verdict = view.verdicts[0]!;
    appliedCase(
      await recordCaseEvent(db.ctx, testActor, view.id, {
        kind: 'sentence',
        caseVersion: view.version,
        occurredOn: '2016-12-20',
        personId: verdict.personId,
        chargeId: verdict.chargeId,
        imprisonmentMonths: 36,
      }),
    );
    const after = await annualReport(db.ctx, testActor, { year: 2016 });
    expect(after.sentences.recorded).toBe(1);
    expect(after.sentences.missing).toBe(9);
    expect(after.sentences.outsideRange.belowMinimum).toBe(1);
    const text = after.narrative.paragraphs.join(' ');
    expect(text).not.toContain('The government did not report on sentences');
    expect(text).toContain('Sentences were recorded for one of the convicted offenders');
    expect(text).toContain('one was sentenced to prison for three years');
    expect(text).toContain('nine convicted offenders have no sentence recorded');
    expect(text).toContain('one sentence was below the statutory minimum');
  });

  it('knows the defendants once every prosecuted case records its indictments', async () => {
    const page = await listCases(db.ctx, testActor, { year: 2016, status: 'open' });
    const open = page.items.find((c) => c.reference === 'DEMO-2016-06');
    expect(open).toBeDefined();
    const view = await getCase(db.ctx, testActor, open!.id);
    const suspect = view.persons.find((p) => p.role === 'suspect')!;
    const referred = appliedCase(
      await recordCaseEvent(db.ctx, testActor, view.id, {
        kind: 'refer',
        caseVersion: view.version,
        occurredOn: '2016-12-01',
      }),
    );
    appliedCase(
      await recordCaseEvent(db.ctx, testActor, view.id, {
        kind: 'indict',
        caseVersion: referred.version,
        occurredOn: '2016-12-02',
        personId: suspect.id,
      }),
    );
    const report = await annualReport(db.ctx, testActor, { year: 2016 });
    expect(report.prosecutions.cases).toBe(6);
    expect(report.prosecutions.defendants).toBeNull();
    expect(report.prosecutions.defendantsKnown).toBe(1);
    expect(report.prosecutions.casesWithUnknownDefendants).toBe(5);
    // A public official among the suspects moves the complicity sentence.
    await updatePerson(db.ctx, testActor, suspect.id, {
      version: suspect.version,
      publicOfficial: 'yes',
      officialAgency: 'district police',
      officialPosition: 'inspector',
    });
    const withOfficial = await annualReport(db.ctx, testActor, { year: 2016 });
    expect(withOfficial.complicity.officialsProsecuted).toBe(1);
    expect(withOfficial.narrative.paragraphs.join(' ')).toContain(
      'Authorities prosecuted one official',
    );
  });

  it('refuses an ambiguous query, naming the fields', async () => {
    await expect(annualReport(db.ctx, testActor, {})).rejects.toMatchObject({
      code: 'ValidationFailed',
      issues: [{ path: 'year' }],
    });
    await expect(
      annualReport(db.ctx, testActor, { year: 2016, from: '2016-01-01' }),
    ).rejects.toMatchObject({ code: 'ValidationFailed' });
  });
});

describe('the integrity report inside the annual report', () => {
  it('is attached for supervisors and auditors, and null for other readers', async () => {
    const db = await engines[0]!.open();
    try {
      await loadDemo(db.ctx);
      const withIntegrity = await annualReport(db.ctx, testActor, { year: 2016 });
      expect(withIntegrity.integrity).not.toBeNull();
      expect(JSON.stringify(withIntegrity.integrity)).toContain('victim_compensated');
      const investigator = { ...testActor, roles: ['investigator' as const] };
      expect((await annualReport(db.ctx, investigator, { year: 2016 })).integrity).toBeNull();
      expect(
        (await annualReport(db.ctx, testActor, { year: 2016, period: 'tip' })).integrity,
      ).toBeNull();
    } finally {
      await db.close();
    }
  }, 120_000);
});
