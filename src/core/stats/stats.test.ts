import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageBandOf, formOfExploitation, principalOf } from './classify.ts';
import type { StatsCase, StatsDataset } from './dataset.ts';
import { numberInWords, writeNarrative } from './narrative.ts';
import { calendarYear, reportPeriods, tipYear, within } from './period.ts';
import { computeAnnualReport } from './report.ts';
import { toJurisdictionCode } from '../jurisdiction.ts';

const provisions = {
  'cc:124': {
    key: 'cc:124',
    article: '124',
    title: 'Trafficking in persons',
    kind: 'trafficking' as const,
  },
  'cc:260': {
    key: 'cc:260',
    article: '260',
    title: 'Engaging in prostitution',
    kind: 'related' as const,
  },
  'cc:129': { key: 'cc:129', article: '129', title: 'Rape', kind: 'comparator' as const },
};

let sequence = 0;
function makeCase(
  overrides: Partial<StatsCase> & {
    forms?: ('sexual' | 'forced_labour' | 'unknown')[];
    age?: number | null;
  },
): StatsCase {
  sequence += 1;
  const id = `c${sequence}`;
  const { forms = ['sexual'], age = 20, ...rest } = overrides;
  return {
    id,
    reference: `R-${sequence}`,
    openedOn: '2016-03-01',
    origin: 'victim_complaint',
    openingAgencyId: 'police',
    registeredKey: 'cc:124',
    referredOn: null,
    persons: [
      {
        id: `${id}-v`,
        role: 'victim',
        sex: 'female',
        ageKind: age === null ? 'unknown' : 'exact',
        ageYears: age,
        citizenship: 'KGZ',
        publicOfficial: null,
      },
      {
        id: `${id}-s`,
        role: 'suspect',
        sex: 'male',
        ageKind: null,
        ageYears: null,
        citizenship: null,
        publicOfficial: 'no',
      },
    ],
    victims: [
      { personId: `${id}-v`, forms, identifiedOn: '2016-03-01', referredToServices: 'yes' },
    ],
    charges: [
      {
        id: `${id}-ch`,
        personId: `${id}-s`,
        provisionKey: 'cc:124',
        form: null,
        chargedOn: '2016-03-02',
        offenceDate: '2016-02-01',
        active: true,
      },
    ],
    indictments: [],
    verdicts: [],
    sentences: [],
    ...rest,
  };
}

function dataset(cases: StatsCase[], extra: Partial<StatsDataset> = {}): StatsDataset {
  return {
    jurisdiction: toJurisdictionCode('KG'),
    cases,
    trainings: [],
    allegations: [],
    agencies: [],
    certifications: [],
    provisions,
    ...extra,
  };
}

const year2016 = reportPeriods({ year: 2016, kind: 'calendar' });
const noLaw = { pack: null, findings: [] };

describe('classification', () => {
  it('derives the TIP form from victims’ forms of exploitation', () => {
    expect(formOfExploitation(['sexual'])).toBe('sex');
    expect(formOfExploitation(['forced_labour', 'forced_begging'])).toBe('labour');
    expect(formOfExploitation(['sexual', 'servitude'])).toBe('both');
    expect(formOfExploitation(['organ_removal'])).toBe('other');
    expect(formOfExploitation(['unknown'])).toBeNull();
    expect(formOfExploitation([])).toBeNull();
  });

  it('tells child, adult and unknown ages apart', () => {
    expect(ageBandOf({ ageKind: 'exact', ageYears: 17 })).toBe('child');
    expect(ageBandOf({ ageKind: 'estimated', ageYears: 18 })).toBe('adult');
    expect(ageBandOf({ ageKind: 'unknown', ageYears: null })).toBe('unknown');
    expect(ageBandOf({ ageKind: null, ageYears: null })).toBe('unknown');
  });

  it('counts a case under its trafficking charge before its registration article', () => {
    const row = makeCase({
      registeredKey: 'cc:260',
      charges: [
        {
          id: 'a',
          personId: 'p',
          provisionKey: 'cc:260',
          form: null,
          chargedOn: '2016-01-01',
          offenceDate: null,
          active: true,
        },
        {
          id: 'b',
          personId: 'p',
          provisionKey: 'cc:124',
          form: null,
          chargedOn: '2016-02-01',
          offenceDate: null,
          active: true,
        },
      ],
    });
    expect(principalOf(row, provisions).provision?.key).toBe('cc:124');
    const dropped = {
      ...row,
      charges: row.charges.map((c) => (c.id === 'b' ? { ...c, active: false } : c)),
    };
    expect(principalOf(dropped, provisions).provision?.key).toBe('cc:260');
  });
});

describe('periods', () => {
  it('has calendar, TIP and explicit periods with their previous periods', () => {
    expect(calendarYear(2016)).toMatchObject({ from: '2016-01-01', to: '2016-12-31' });
    expect(tipYear(2016)).toMatchObject({ from: '2016-04-01', to: '2017-03-31' });
    expect(year2016.reporting).toMatchObject({ from: '2016-04-01', to: '2017-03-31' });
    expect(within(calendarYear(2016), '2016-12-31')).toBe(true);
    expect(within(calendarYear(2016), '2017-01-01')).toBe(false);
    expect(within(calendarYear(2016), null)).toBe(false);
    expect(() => reportPeriods({ from: '2016-02-30', to: '2016-03-01' })).toThrow(/from/);
    expect(() => reportPeriods({ from: '2016-05-01', to: '2016-03-01' })).toThrow(/before/);
  });

  it('makes the previous range as long as the range and adjacent to it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 800 }),
        (offset, length) => {
          const from = new Date(Date.UTC(2010, 0, 1 + offset)).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(2010, 0, 1 + offset + length)).toISOString().slice(0, 10);
          const { previous } = reportPeriods({ from, to });
          const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
          expect(days(previous.from, previous.to)).toBe(length);
          expect(days(previous.to, from)).toBe(1);
        },
      ),
    );
  });
});

describe('computeAnnualReport', () => {
  it('keeps unknown apart from zero', () => {
    const prosecuted = makeCase({ referredOn: '2016-05-01' });
    const report = computeAnnualReport(dataset([prosecuted]), year2016, noLaw);
    expect(report.prosecutions.cases).toBe(1);
    expect(report.prosecutions.defendants).toBeNull();
    expect(report.prosecutions.previous.cases).toBe(0);
    expect(report.prosecutions.previous.defendants).toBe(0);
    const indicted = makeCase({
      referredOn: '2016-05-01',
      indictments: [{ personId: 'x', on: '2016-05-02' }],
    });
    const known = computeAnnualReport(dataset([indicted]), year2016, noLaw);
    expect(known.prosecutions.defendants).toBe(1);
  });

  it('sums training participants only when every number is known', () => {
    const training = (id: string, participants: number | null) => ({
      id,
      title: id,
      startsOn: '2016-06-01',
      endsOn: '2016-06-02',
      audiences: [{ audience: 'police' as const, participants }],
      partners: [],
      trainers: [],
    });
    const known = computeAnnualReport(
      dataset([], { trainings: [training('a', 10), training('b', 0)] }),
      year2016,
      noLaw,
    );
    expect(known.training.participants).toBe(10);
    const partly = computeAnnualReport(
      dataset([], { trainings: [training('a', 10), training('b', null)] }),
      year2016,
      noLaw,
    );
    expect(partly.training.participants).toBeNull();
    expect(partly.training.participantsKnown).toBe(10);
    expect(partly.training.records.participants).toEqual(['training:a', 'training:b']);
  });

  it('counts convictions per person, once however many charges', () => {
    const row = makeCase({
      referredOn: '2016-04-01',
      charges: [
        {
          id: 'k1',
          personId: 'p1',
          provisionKey: 'cc:124',
          form: null,
          chargedOn: '2016-03-02',
          offenceDate: null,
          active: true,
        },
        {
          id: 'k2',
          personId: 'p1',
          provisionKey: 'cc:260',
          form: null,
          chargedOn: '2016-03-02',
          offenceDate: null,
          active: true,
        },
        {
          id: 'k3',
          personId: 'p1',
          provisionKey: 'cc:124',
          form: null,
          chargedOn: '2016-03-02',
          offenceDate: null,
          active: true,
        },
      ],
      verdicts: [
        {
          personId: 'p1',
          chargeId: 'k1',
          outcome: 'convicted',
          decidedOn: '2016-09-01',
          onAppeal: false,
        },
        {
          personId: 'p1',
          chargeId: 'k2',
          outcome: 'convicted',
          decidedOn: '2016-09-01',
          onAppeal: false,
        },
        {
          personId: 'p1',
          chargeId: 'k3',
          outcome: 'convicted',
          decidedOn: '2016-09-01',
          onAppeal: true,
        },
      ],
    });
    const report = computeAnnualReport(dataset([row]), year2016, noLaw);
    expect(report.convictions.persons).toBe(1);
    expect(report.convictions.byArticle).toEqual({ 'cc:124': 1 });
    expect(report.convictions.victims).toBe(1);
    expect(report.sentences.missing).toBe(1);
  });

  it('lists agencies that have not certified the whole period', () => {
    const agencies = [
      { id: 'p', name: 'Police', kind: 'police' as const },
      { id: 'c', name: 'Court', kind: 'court' as const },
      { id: 'n', name: 'NGO', kind: 'ngo' as const },
    ];
    const certifications = [
      { agencyId: 'p', from: '2016-01-01', to: '2016-12-31' },
      { agencyId: 'c', from: '2016-01-01', to: '2016-06-30' },
    ];
    const report = computeAnnualReport(dataset([], { agencies, certifications }), year2016, noLaw);
    expect(report.completeness.agenciesNotCertified.map((a) => a.name)).toEqual(['Court']);
  });

  it('shares proactive investigations over those whose origin is known', () => {
    const cases = [
      makeCase({ origin: 'proactive_police' }),
      makeCase({ origin: 'victim_complaint' }),
      makeCase({ origin: 'unknown' }),
      makeCase({ origin: null }),
    ];
    const inv = computeAnnualReport(dataset(cases), year2016, noLaw).investigations;
    expect(inv.total).toBe(4);
    expect(inv.proactive).toBe(1);
    expect(inv.proactiveShare).toBe(0.5);
    expect(inv.records.proactiveShare).toEqual([`case:${cases[0]?.id}`, `case:${cases[1]?.id}`]);
  });

  it('counts the cases in any order: the report is the same whichever order they come in', () => {
    const cases = [
      makeCase({ origin: 'proactive_police', referredOn: '2016-05-01' }),
      makeCase({ forms: ['forced_labour'], age: 12, openedOn: '2015-06-01' }),
      makeCase({ registeredKey: 'cc:260', age: 15 }),
      makeCase({ origin: null, forms: ['unknown'], age: null, referredOn: '2015-02-01' }),
      makeCase({ registeredKey: null, charges: [] }),
    ];
    const json = (list: StatsCase[]) =>
      JSON.stringify(computeAnnualReport(dataset(list), year2016, noLaw));
    const expected = json(cases);
    fc.assert(
      fc.property(fc.shuffledSubarray(cases, { minLength: cases.length }), (shuffled) => {
        expect(json(shuffled)).toBe(expected);
      }),
    );
  });

  it('agrees with itself: byForm sums to total, records match values', () => {
    const forms = fc.constantFrom<('sexual' | 'forced_labour' | 'unknown')[]>(
      ['sexual'],
      ['forced_labour'],
      ['unknown'],
      ['sexual', 'forced_labour'],
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            forms,
            month: fc.integer({ min: 1, max: 24 }),
            age: fc.option(fc.integer({ min: 5, max: 60 })),
          }),
          { maxLength: 30 },
        ),
        (specs) => {
          const cases = specs.map((spec) =>
            makeCase({
              forms: spec.forms,
              age: spec.age,
              openedOn: `${2015 + Math.floor((spec.month - 1) / 12)}-${String(((spec.month - 1) % 12) + 1).padStart(2, '0')}-15`,
            }),
          );
          const report = computeAnnualReport(dataset(cases), year2016, noLaw);
          const inv = report.investigations;
          const sum = Object.values(inv.byForm).reduce<number>((a, b) => a + (b ?? 0), 0);
          expect(sum).toBe(inv.total);
          expect(inv.records.total).toHaveLength(inv.total ?? -1);
          expect((inv.withChildVictims ?? 0) + (inv.childVictimsUnknown ?? 0)).toBeLessThanOrEqual(
            inv.total ?? 0,
          );
          expect((inv.total ?? 0) + (inv.previous.total ?? 0)).toBe(cases.length);
        },
      ),
    );
  });
});

describe('narrative', () => {
  it('writes one to ten in words and larger numbers in digits', () => {
    expect(numberInWords(1)).toBe('one');
    expect(numberInWords(10)).toBe('ten');
    expect(numberInWords(11)).toBe('11');
  });

  it('follows the data: each change of the records changes the sentence', () => {
    const base = [makeCase({}), makeCase({ forms: ['forced_labour'], age: 15 })];
    const text = (cases: StatsCase[], lang: 'en' | 'ru' = 'en') =>
      writeNarrative(computeAnnualReport(dataset(cases), year2016, noLaw), lang).paragraphs.join(
        ' ',
      );
    expect(text(base)).toContain(
      'two trafficking investigations under article 124 in 2016, including one sex trafficking case and one child forced labor case.',
    );
    expect(text([...base, makeCase({ forms: ['unknown'] })])).toContain(
      'it is unknown whether the remaining case was sex or labor trafficking',
    );
    expect(text([...base, makeCase({ forms: ['forced_labour'], age: 30 })])).toContain(
      'two labor trafficking cases',
    );
    expect(text([])).toContain(
      'The government did not report any trafficking investigations in 2016.',
    );
    expect(text([makeCase({ openedOn: '2015-05-01' })])).toContain(
      'in 2015 the government conducted one trafficking investigation.',
    );
    expect(text([makeCase({ origin: 'proactive_police' })])).toContain(
      'one began from proactive police work',
    );
  });

  it('names related investigations as inducing minors into prostitution only when every one was', () => {
    const related = (forms: ('sexual' | 'forced_labour')[], age: number) =>
      makeCase({ registeredKey: 'cc:260', charges: [], forms, age, openedOn: '2015-05-01' });
    const text = (cases: StatsCase[]) =>
      writeNarrative(computeAnnualReport(dataset(cases), year2016, noLaw), 'en').paragraphs.join(
        ' ',
      );
    expect(text([related(['sexual'], 15), related(['sexual'], 16)])).toContain(
      'other articles that involved inducing minors into prostitution compared to two additional investigations in 2015',
    );
    const mixed = text([related(['sexual'], 15), related(['forced_labour'], 15)]);
    expect(mixed).toContain(
      'did not report additional investigations under other articles compared to two',
    );
    expect(mixed).not.toContain('prostitution');
  });

  it('uses Russian plural forms for 1, 2, 5 and 21, in words up to ten as the English does', () => {
    const many = (n: number) => Array.from({ length: n }, () => makeCase({}));
    const ru = (n: number) =>
      writeNarrative(computeAnnualReport(dataset(many(n)), year2016, noLaw), 'ru').paragraphs.join(
        ' ',
      );
    expect(ru(1)).toContain('возбудило одно расследование');
    expect(ru(2)).toContain('возбудило два расследования');
    expect(ru(5)).toContain('возбудило пять расследований');
    expect(ru(10)).toContain('возбудило десять расследований');
    expect(ru(11)).toContain('возбудило 11 расследований');
    expect(ru(21)).toContain('возбудило 21 расследование');
  });
});
