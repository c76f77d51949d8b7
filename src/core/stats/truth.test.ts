/**
 * The narrative tells the truth of the data: each test changes the records and sees the
 * sentence change, and unknown is never written as zero (issue 13).
 */
import { describe, expect, it } from 'vitest';
import type { ProvisionInfo, StatsCase, StatsDataset } from './dataset.ts';
import { writeNarrative } from './narrative.ts';
import { reportPeriods } from './period.ts';
import { computeAnnualReport } from './report.ts';
import { toJurisdictionCode } from '../jurisdiction.ts';

/** A later code: art. 171 trafficking; art. 173 forced labour, counted as trafficking from 2019. */
const provisions: Record<string, ProvisionInfo> = {
  'cc:171': { key: 'cc:171', article: '171', title: 'Trafficking in persons', kind: 'trafficking' },
  'cc:173': {
    key: 'cc:173',
    article: '173',
    title: 'Forced labour',
    kind: 'related',
    countedAs: [{ from: '2019-01-01', to: null, kind: 'trafficking' }],
  },
  'cc:260': { key: 'cc:260', article: '260', title: 'Prostitution', kind: 'related' },
};

let sequence = 0;
function makeCase(
  options: {
    article?: string;
    forms?: ('sexual' | 'forced_labour' | 'unknown')[];
    openedOn?: string;
    origin?: StatsCase['origin'];
    victims?: number;
  } = {},
): StatsCase {
  sequence += 1;
  const id = `t${sequence}`;
  const {
    article = '171',
    forms = ['sexual'],
    openedOn = '2020-03-01',
    origin = 'victim_complaint',
    victims = 1,
  } = options;
  const victimIds = Array.from({ length: victims }, (_, i) => `${id}-v${i}`);
  return {
    id,
    reference: `T-${sequence}`,
    openedOn,
    origin,
    openingAgencyId: 'police',
    registeredKey: `cc:${article}`,
    referredOn: null,
    persons: [
      ...victimIds.map((vid) => ({
        id: vid,
        role: 'victim' as const,
        sex: 'female' as const,
        ageKind: 'exact' as const,
        ageYears: 25,
        citizenship: 'KGZ',
        publicOfficial: null,
      })),
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
    victims: victimIds.map((vid) => ({
      personId: vid,
      forms,
      identifiedOn: openedOn,
      referredToServices: 'yes' as const,
    })),
    charges: [],
    indictments: [],
    verdicts: [],
    sentences: [],
  };
}

/** A case convicted in 2020 with the given sentence (months of prison, or suspended). */
function convicted(
  months: number | null,
  options: { victims?: number; suspended?: boolean; openedOn?: string } = {},
): StatsCase {
  const base = makeCase({ victims: options.victims ?? 1, openedOn: options.openedOn });
  const suspect = `${base.id}-s`;
  return {
    ...base,
    charges: [
      {
        id: `${base.id}-ch`,
        personId: suspect,
        provisionKey: 'cc:171',
        form: null,
        chargedOn: '2020-03-02',
        offenceDate: '2020-01-01',
        active: true,
      },
    ],
    verdicts: [
      {
        personId: suspect,
        chargeId: `${base.id}-ch`,
        outcome: 'convicted',
        decidedOn: '2020-10-01',
        onAppeal: false,
      },
    ],
    sentences:
      months === null
        ? []
        : [
            {
              id: `${base.id}-sn`,
              personId: suspect,
              chargeId: `${base.id}-ch`,
              sentencedOn: '2020-10-01',
              imprisonmentMonths: months,
              life: false,
              suspended: options.suspended ?? false,
              probationMonths: null,
              houseArrestMonths: null,
              fineAmount: null,
              fineCurrency: null,
              otherMeasures: null,
            },
          ],
  };
}

const agencies = [
  { id: 'police', name: 'Police (synthetic)', kind: 'police' as const },
  { id: 'court', name: 'Court (synthetic)', kind: 'court' as const },
];
const certifiedThrough = (from: string, to: string) =>
  agencies.map((a) => ({ agencyId: a.id, from, to }));

function dataset(cases: StatsCase[], extra: Partial<StatsDataset> = {}): StatsDataset {
  return {
    jurisdiction: toJurisdictionCode('KG'),
    cases,
    trainings: [],
    allegations: [],
    agencies,
    certifications: certifiedThrough('2019-01-01', '2020-12-31'),
    provisions,
    ...extra,
  };
}

const year2020 = reportPeriods({ year: 2020, kind: 'calendar' });
const noLaw = { pack: null, findings: [] };
const report = (cases: StatsCase[], extra: Partial<StatsDataset> = {}) =>
  computeAnnualReport(dataset(cases, extra), year2020, noLaw);
const text = (cases: StatsCase[], extra: Partial<StatsDataset> = {}, lang: 'en' | 'ru' = 'en') =>
  writeNarrative(report(cases, extra), lang).paragraphs.join(' ');
const times = (n: number, make: () => StatsCase) => Array.from({ length: n }, make);

describe('what counts as a trafficking investigation', () => {
  const sex = () => makeCase({ article: '171', forms: ['sexual'] });
  const labour = () => makeCase({ article: '173', forms: ['forced_labour'] });

  it('counts cases under an article the pack says is counted as trafficking that year', () => {
    const r = report([...times(24, sex), ...times(16, labour)]);
    expect(r.investigations.total).toBe(40);
    expect(r.investigations.byForm.sex).toBe(24);
    expect(r.investigations.byForm.labour).toBe(16);
    expect(r.investigations.byArticle).toEqual({ 'cc:171': 24, 'cc:173': 16 });
    expect(r.relatedInvestigations.total).toBe(0);
    expect(text([...times(24, sex), ...times(16, labour)])).toContain(
      'The government initiated 40 trafficking investigations under articles 171 and 173 in 2020, including 24 sex trafficking cases and 16 labor trafficking cases.',
    );
  });

  it('counts the same article as related in a year its version is not counted as trafficking', () => {
    const before = makeCase({ article: '173', forms: ['forced_labour'], openedOn: '2018-06-01' });
    const r = computeAnnualReport(
      dataset([before], { certifications: certifiedThrough('2017-01-01', '2018-12-31') }),
      reportPeriods({ year: 2018, kind: 'calendar' }),
      noLaw,
    );
    expect(r.investigations.total).toBe(0);
    expect(r.relatedInvestigations.total).toBe(1);
  });

  it('keeps prostitution-article cases apart, whatever the form of exploitation', () => {
    const r = report([sex(), makeCase({ article: '260', forms: ['sexual'] })]);
    expect(r.investigations.total).toBe(1);
    expect(r.relatedInvestigations.total).toBe(1);
    expect(r.relatedInvestigations.byArticle).toEqual({ 'cc:260': 1 });
  });
});

describe('unknown is never zero in words', () => {
  it('says "none began from proactive police work" only when every origin is known', () => {
    const known = [makeCase({}), makeCase({})];
    expect(text(known)).toContain('none began from proactive police work');
    const someUnknown = [makeCase({}), makeCase({ origin: 'unknown' }), makeCase({ origin: null })];
    const t = text(someUnknown);
    expect(t).not.toContain('none began from proactive police work');
    expect(t).toContain('the origin of two is not known');
    expect(t).toContain(
      'The investigation whose origin is known did not begin from proactive police work.',
    );
    const allUnknown = text([makeCase({ origin: null }), makeCase({ origin: 'unknown' })]);
    expect(allUnknown).toContain('The origin of the two investigations is not recorded.');
    expect(allUnknown).not.toContain('proactive');
  });

  it('says a previous year without records or certification was not reported, not zero', () => {
    const now = [makeCase({})];
    const uncertified = text(now, { certifications: certifiedThrough('2020-01-01', '2020-12-31') });
    expect(uncertified).toContain(
      'The number of trafficking investigations in 2019 was not reported.',
    );
    expect(uncertified).not.toContain('no trafficking investigations');
    expect(text(now)).toContain(
      'In comparison, in 2019 the government conducted no trafficking investigations.',
    );
    const ru = text(now, { certifications: certifiedThrough('2020-01-01', '2020-12-31') }, 'ru');
    expect(ru).toContain('Число расследований в 2019 году не сообщалось.');
  });

  it('does not call a conviction case without recorded victims one "involving no identified victims"', () => {
    const none = text([convicted(96, { victims: 0 })]);
    expect(none).not.toContain('no identified victims');
    expect(none).toContain('In one case, the government convicted one offender under article 171');
    expect(text([convicted(96, { victims: 2 })])).toContain(
      'In one case involving two victims of trafficking, the government convicted one offender',
    );
    expect(text([convicted(96, { victims: 2 }), convicted(96, { victims: 0 })])).toContain(
      'In two cases involving at least two victims of trafficking',
    );
  });

  it('states the recorded prison term, and bands only when there are many terms', () => {
    expect(text([convicted(96)])).toContain('one was sentenced to prison for eight years');
    expect(text([convicted(102)])).toContain(
      'one was sentenced to prison for eight years and six months',
    );
    expect(text([convicted(96), convicted(120)])).toContain(
      'two were sentenced to prison (one for eight years and one for ten years)',
    );
    const many = text([convicted(12), convicted(40), convicted(96), convicted(100)]);
    expect(many).toContain(
      'four were sentenced to prison (one for one to three years, one for three to five years, and two for five to 10 years)',
    );
    expect(text([convicted(96)], {}, 'ru')).toContain(
      '1 приговорён к лишению свободы на срок 8 лет',
    );
  });
});
