import type { StatsCase, StatsDataset } from '../../src/core/stats/dataset.ts';
import { caseOrigins, sexes } from '../../src/core/vocabulary.ts';
import type { ExploitationForm } from '../../src/core/vocabulary.ts';
import { toJurisdictionCode } from '../../src/core/jurisdiction.ts';

// Synthetic registries for the disclosure tests: a seeded generator (the same seed gives the same
// data) of cases spread over a few years, with victims, charges, referrals, verdicts, sentences and
// complicity allegations, skewed so that many cells are small.

/** A small deterministic random source (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const generatedProvisions = {
  'cc:124': { key: 'cc:124', article: '124', title: 'Trafficking', kind: 'trafficking' },
  'cc:124-2': {
    key: 'cc:124-2',
    article: '124-2',
    title: 'Trafficking (aggr.)',
    kind: 'trafficking',
  },
  'cc:260': { key: 'cc:260', article: '260', title: 'Prostitution', kind: 'related' },
} as const satisfies StatsDataset['provisions'];

/** A registry of `size` cases opened between `firstYear` and `lastYear`. */
export function generatedDataset(
  size: number,
  seed: number,
  firstYear = 2014,
  lastYear = 2016,
): StatsDataset {
  const random = seeded(seed);
  const at = <T>(list: readonly T[], i: number): T => {
    const item = list[i];
    if (item === undefined) throw new Error('empty list');
    return item;
  };
  // Early entries are likely, late ones rare: many small cells.
  const skewed = <T>(list: readonly T[]): T =>
    at(list, Math.min(list.length - 1, Math.floor(list.length * random() ** 2.5)));
  const days = (lastYear - firstYear + 1) * 365;
  const dateAfter = (base: string, maxDays: number): string => {
    const d = new Date(`${base}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + Math.floor(random() * maxDays));
    return d.toISOString().slice(0, 10);
  };
  const cases: StatsCase[] = Array.from({ length: size }, (_, n) => {
    const id = `g${n}`;
    const openedOn = dateAfter(`${firstYear}-01-01`, days);
    const provisionKey = skewed(['cc:124', 'cc:260', 'cc:124-2']);
    const victimCount = random() < 0.15 ? 0 : 1 + Math.floor(random() * 2);
    const form: ExploitationForm = skewed(['sexual', 'forced_labour', 'unknown', 'other']);
    const victims = Array.from({ length: victimCount }, (_, v) => ({
      personId: `${id}-v${v}`,
      forms: random() < 0.1 ? null : [form],
      identifiedOn: random() < 0.1 ? null : dateAfter(openedOn, 60),
      referredToServices: skewed(['yes', 'no', 'unknown', null] as const),
    }));
    const referred = random() < 0.6 ? dateAfter(openedOn, 200) : null;
    const indicted = referred !== null && random() < 0.9;
    const convicted = referred !== null && random() < 0.6;
    const decidedOn = referred === null ? '' : dateAfter(referred, 300);
    const sentenced = convicted && random() < 0.85;
    const months = skewed([0, 48, 96, 30, 130, 200]);
    return {
      id,
      reference: `G-${n}`,
      openedOn,
      origin: random() < 0.1 ? null : skewed(caseOrigins),
      openingAgencyId: 'police',
      registeredKey: random() < 0.05 ? null : provisionKey,
      referredOn: referred,
      persons: [
        ...victims.map((v) => ({
          id: v.personId,
          role: 'victim' as const,
          sex: random() < 0.05 ? null : skewed(sexes),
          ageKind: skewed(['exact', 'estimated', 'unknown'] as const),
          ageYears: random() < 0.2 ? null : Math.floor(10 + random() * 40),
          citizenship: random() < 0.05 ? null : skewed(['KGZ', 'UZB', 'KAZ', 'TJK']),
          publicOfficial: null,
        })),
        {
          id: `${id}-s`,
          role: 'suspect' as const,
          sex: 'male' as const,
          ageKind: null,
          ageYears: null,
          citizenship: null,
          publicOfficial: random() < 0.05 ? ('yes' as const) : ('no' as const),
        },
      ],
      victims,
      charges: [
        {
          id: `${id}-ch`,
          personId: `${id}-s`,
          provisionKey,
          form: null,
          chargedOn: openedOn,
          offenceDate: openedOn,
          active: true,
        },
      ],
      indictments: indicted && referred !== null ? [{ personId: `${id}-s`, on: referred }] : [],
      verdicts: convicted
        ? [
            {
              personId: `${id}-s`,
              chargeId: `${id}-ch`,
              outcome: 'convicted' as const,
              decidedOn,
              onAppeal: false,
            },
          ]
        : [],
      sentences: sentenced
        ? [
            {
              id: `${id}-sn`,
              personId: `${id}-s`,
              chargeId: `${id}-ch`,
              sentencedOn: decidedOn,
              imprisonmentMonths: months === 0 ? null : months,
              life: false,
              suspended: months > 0 && random() < 0.2,
              probationMonths: months === 0 && random() < 0.5 ? 12 : null,
              houseArrestMonths: null,
              fineAmount: months === 0 ? 1000 : null,
              fineCurrency: months === 0 ? 'KGS' : null,
              otherMeasures: null,
            },
          ]
        : [],
    };
  });
  const allegations = Array.from({ length: Math.max(1, Math.floor(size / 20)) }, (_, n) => {
    const receivedOn = dateAfter(`${firstYear}-01-01`, days);
    const investigated = random() < 0.6;
    return {
      id: `a${n}`,
      receivedOn,
      status: investigated ? ('investigated' as const) : ('received' as const),
      investigatedOn: investigated ? dateAfter(receivedOn, 200) : null,
      resultingCaseId: null,
    };
  });
  return {
    jurisdiction: toJurisdictionCode('KG'),
    cases,
    trainings: [],
    allegations,
    agencies: [{ id: 'police', name: 'Police', kind: 'police' }],
    certifications: [],
    provisions: generatedProvisions,
  };
}

/** The publication years of a generated dataset: the years its events fall in. */
export function generatedYears(dataset: StatsDataset): { first: number; last: number } {
  const dates = dataset.cases.flatMap((c) => [
    c.openedOn,
    ...(c.referredOn === null ? [] : [c.referredOn]),
    ...c.verdicts.map((v) => v.decidedOn),
    ...c.sentences.map((s) => s.sentencedOn),
    ...c.victims.flatMap((v) => (v.identifiedOn === null ? [] : [v.identifiedOn])),
  ]);
  const years = dates.map((d) => Number(d.slice(0, 4)));
  return { first: Math.min(...years), last: Math.max(...years) };
}
