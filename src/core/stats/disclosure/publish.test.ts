import { describe, expect, it } from 'vitest';
import type { StatsCase, StatsDataset } from '../dataset.ts';
import { reportPeriods } from '../period.ts';
import { computeAnnualReport } from '../report.ts';
import { publishAnnualReport } from './publish.ts';
import { protectPublication } from './system.ts';
import { toJurisdictionCode } from '../../jurisdiction.ts';

const provisions = {
  'cc:171': { key: 'cc:171', article: '171', title: 'Trafficking in persons', kind: 'trafficking' },
} as const satisfies StatsDataset['provisions'];

/** A trafficking case of 2024 with one identified victim. */
function traffickingCase(
  n: number,
  victim: { sex: 'female' | 'male'; age: number; form: 'sexual' | 'forced_labour' },
  more: Partial<StatsCase> = {},
): StatsCase {
  return {
    id: `c${n}`,
    reference: `2024/${n}`,
    openedOn: '2024-03-01',
    origin: n % 2 === 0 ? 'proactive_police' : 'victim_complaint',
    openingAgencyId: 'police-1',
    registeredKey: 'cc:171',
    referredOn: null,
    persons: [
      {
        id: `p${n}`,
        role: 'victim',
        sex: victim.sex,
        ageKind: 'exact',
        ageYears: victim.age,
        citizenship: 'KG',
        publicOfficial: null,
      },
    ],
    victims: [
      {
        personId: `p${n}`,
        forms: [victim.form],
        identifiedOn: '2024-03-02',
        referredToServices: 'yes',
      },
    ],
    charges: [],
    indictments: [],
    verdicts: [],
    sentences: [],
    ...more,
  };
}

const cases: StatsCase[] = Array.from({ length: 12 }, (_, n) =>
  traffickingCase(n, {
    sex: n < 10 ? 'female' : 'male',
    age: n === 0 ? 16 : 30,
    form: n < 9 ? 'sexual' : 'forced_labour',
  }),
).map((c, n) => (n === 1 ? { ...c, referredOn: '2024-06-01' } : c));

const dataset: StatsDataset = {
  jurisdiction: toJurisdictionCode('KG'),
  cases,
  trainings: [
    {
      id: 't1',
      title: 'Victim identification',
      startsOn: '2024-05-01',
      endsOn: '2024-05-02',
      audiences: [{ audience: 'police', participants: 3 }],
      partners: ['IOM'],
      trainers: ['A. Trainer'],
    },
  ],
  allegations: [],
  agencies: [],
  certifications: [],
  provisions,
};

const report = computeAnnualReport(dataset, reportPeriods({ year: 2024, kind: 'calendar' }), {
  pack: null,
  findings: [],
});
const publication = protectPublication(dataset, { first: 2024, last: 2024 }, { pack: null });
const published = publishAnnualReport(report, publication);

describe('publishing the annual report', () => {
  it('carries no record ids and no names of people', () => {
    const text = JSON.stringify(published);
    expect(text).not.toMatch(/"records"|case:|person:|sentence:|training:|allegation:/);
    expect(text).not.toContain('A. Trainer');
    // The source report does carry them: the test would notice the publisher passing them on.
    expect(JSON.stringify(report)).toMatch(/person:p0/);
  });

  it('hides a small category and the one other category that would give it away', () => {
    expect(report.investigations.byForm).toMatchObject({ sex: 9, labour: 3 });
    expect(published.investigations.total).toBe(12);
    expect(published.investigations.byForm).toEqual({
      sex: 'x',
      labour: 'x',
      both: 0,
      other: 0,
      unknown: 0,
    });
    expect(published.completeness.investigationsWithUnknownForm).toBe(0);
  });

  it('protects each victims table that shares the identified total', () => {
    expect(published.victims.identified).toBe(12);
    expect(published.victims.bySex).toEqual({
      female: 'x',
      male: 'x',
      other: 0,
      unknown: 0,
      not_recorded: 0,
    });
    expect(published.victims.byAgeBand).toEqual({ child: 'x', adult: 'x', unknown: 0 });
    expect(published.victims.byCitizenship).toEqual({ KG: 12 });
  });

  it('hides a small figure that the completeness block repeats, in both places', () => {
    expect(published.prosecutions.cases).toBe('x');
    expect(published.prosecutions.casesWithUnknownDefendants).toBe('x');
    expect(published.completeness.prosecutionsWithUnknownDefendants).toBe('x');
  });

  it('keeps an unknown figure unknown, never zero', () => {
    expect(report.prosecutions.defendants).toBeNull();
    expect(published.prosecutions.defendants).toBeNull();
    expect(published.prosecutions.defendantsKnown).toBe(0);
  });

  it('publishes a share only with the counts it is made of', () => {
    expect(published.investigations.proactive).toBe(6);
    expect(published.investigations.proactiveShare).toBe(0.5);
    const fewer = { ...dataset, cases: cases.slice(0, 7) };
    const few = publishAnnualReport(
      computeAnnualReport(fewer, reportPeriods({ year: 2024, kind: 'calendar' }), {
        pack: null,
        findings: [],
      }),
      protectPublication(fewer, { first: 2024, last: 2024 }, { pack: null }),
    );
    expect(few.investigations.proactive).toBe('x');
    expect(few.investigations.proactiveShare).toBe('x');
  });

  it('publishes the previous period with the same rules, and training as counted', () => {
    expect(published.investigations.previous.total).toBe(0);
    expect(published.training.participants).toBe(3);
    expect(published.details.trainings).toEqual([
      {
        title: 'Victim identification',
        startsOn: '2024-05-01',
        audiences: [{ audience: 'police', participants: 3 }],
        partners: ['IOM'],
      },
    ]);
  });
});
