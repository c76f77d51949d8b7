import type { StatsCase, StatsDataset } from '../../src/core/stats/dataset.ts';
import { writeNarrative } from '../../src/core/stats/narrative.ts';
import { reportPeriods } from '../../src/core/stats/period.ts';
import { computeAnnualReport } from '../../src/core/stats/report.ts';
import type { AnnualReportWithNarrative } from '../../src/app/reports/annual-report.ts';
import { toJurisdictionCode } from '../../src/core/jurisdiction.ts';

const provisions = {
  'cc:124': { key: 'cc:124', article: '124', title: 'Trafficking in persons', kind: 'trafficking' },
} as const;

function trafficking(
  id: string,
  options: {
    openedOn: string;
    referredOn?: string;
    indicted?: readonly string[];
    convicted?: { readonly on: string; readonly persons: number };
    victims?: readonly { id: string; sex: 'female' | 'male'; age: number | null; on: string }[];
    form: 'sex' | 'labour';
  },
): StatsCase {
  const convicted = Array.from(
    { length: options.convicted?.persons ?? 0 },
    (_, i) => `${id}-c${i}`,
  );
  const suspects = [...new Set([...(options.indicted ?? []), ...convicted])];
  return {
    id,
    reference: id,
    openedOn: options.openedOn,
    origin: 'victim_complaint',
    openingAgencyId: 'police',
    registeredKey: 'cc:124',
    referredOn: options.referredOn ?? null,
    persons: [
      ...suspects.map((p) => ({
        id: p,
        role: 'suspect' as const,
        sex: 'male' as const,
        ageKind: 'exact' as const,
        ageYears: 40,
        citizenship: 'KGZ',
        publicOfficial: 'no' as const,
      })),
      ...(options.victims ?? []).map((v) => ({
        id: v.id,
        role: 'victim' as const,
        sex: v.sex,
        ageKind: v.age === null ? ('unknown' as const) : ('exact' as const),
        ageYears: v.age,
        citizenship: 'KGZ',
        publicOfficial: 'no' as const,
      })),
    ],
    victims: (options.victims ?? []).map((v) => ({
      personId: v.id,
      forms: [options.form === 'sex' ? 'sexual' : 'forced_labour'],
      identifiedOn: v.on,
      referredToServices: 'yes',
    })),
    charges: suspects.map((p) => ({
      id: `${p}-charge`,
      personId: p,
      provisionKey: 'cc:124',
      form: options.form,
      chargedOn: options.openedOn,
      offenceDate: options.openedOn,
      active: true,
    })),
    indictments: (options.indicted ?? []).map((p) => ({ personId: p, on: options.openedOn })),
    verdicts: convicted.map((p) => ({
      personId: p,
      chargeId: `${p}-charge`,
      outcome: 'convicted',
      decidedOn: options.convicted?.on ?? '',
      onAppeal: false,
    })),
    sentences: [],
  };
}

/**
 * A small synthetic dataset (no real person) with known figures for 2016 and 2015: 6 persons
 * convicted in 2016 (4 sex, 2 labour) and 2 in 2015; a 2016 prosecution without a named
 * defendant (so persons prosecuted in 2016 are unknown); 7 victims identified in 2016.
 */
export const fixtureDataset: StatsDataset = {
  jurisdiction: toJurisdictionCode('KG'),
  cases: [
    trafficking('A', {
      openedOn: '2015-03-01',
      referredOn: '2015-09-01',
      indicted: ['A-c0', 'A-c1'],
      convicted: { on: '2015-12-01', persons: 2 },
      form: 'sex',
    }),
    trafficking('B', {
      openedOn: '2016-02-01',
      referredOn: '2016-05-01',
      convicted: { on: '2016-11-01', persons: 4 },
      victims: [
        { id: 'B-v1', sex: 'female', age: 16, on: '2016-02-01' },
        { id: 'B-v2', sex: 'female', age: 22, on: '2016-02-01' },
        { id: 'B-v3', sex: 'female', age: 25, on: '2016-02-02' },
        { id: 'B-v4', sex: 'female', age: 30, on: '2016-02-02' },
        { id: 'B-v5', sex: 'female', age: null, on: '2016-02-03' },
      ],
      form: 'sex',
    }),
    trafficking('C', {
      openedOn: '2016-04-01',
      referredOn: '2016-06-01',
      indicted: ['C-c0', 'C-c1'],
      convicted: { on: '2016-12-01', persons: 2 },
      victims: [
        { id: 'C-v1', sex: 'male', age: 30, on: '2016-04-01' },
        { id: 'C-v2', sex: 'male', age: 35, on: '2016-04-01' },
      ],
      form: 'labour',
    }),
  ],
  trainings: [],
  allegations: [],
  agencies: [{ id: 'police', name: 'Police, unit "A", Bishkek', kind: 'police' }],
  certifications: [],
  provisions,
};

/** The annual report of the fixture for calendar 2016, with its English narrative. */
export function fixtureReport(
  choice: { year: number; kind: 'calendar' | 'tip' } = { year: 2016, kind: 'calendar' },
): AnnualReportWithNarrative {
  const report = computeAnnualReport(fixtureDataset, reportPeriods(choice), {
    pack: null,
    findings: [],
  });
  const period = report.meta.periods.statistics;
  return {
    ...report,
    narrative: writeNarrative(report, 'en'),
    integrity: null,
    // One agency's list, never matched: no estimate, and the renderers must say why.
    victimEstimate: {
      capture: {
        jurisdiction: toJurisdictionCode('KG'),
        from: period.from,
        to: period.to,
        lists: ['Police, unit "A", Bishkek'],
        counts: [0, 4],
        records: 4,
        persons: 4,
        linksApplied: 0,
        withoutAgency: 0,
        matchedAt: null,
        deduplicated: false,
      },
      estimate: null,
      reason:
        "an estimate needs at least two agencies' lists; 1 agency identified victims in the period",
    },
  };
}
