import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkConformance } from './conformance.ts';
import { evaluate, validateFacts } from './evaluate.ts';
import { inForceState, type Facts } from './logic.ts';
import { earliestOf, latestOf } from './schema.ts';
import { parsePack } from './parse-pack.ts';
import { protocolActs, protocolMeans, protocolMinimumPurposes } from './vocabulary.ts';

const root = new URL('../../../jurisdictions/', import.meta.url);
const load = (code: string) =>
  parsePack(
    readdirSync(new URL(`${code}/`, root))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => ({
        name: `${code}/${f}`,
        text: readFileSync(new URL(`${code}/${f}`, root), 'utf8'),
      })),
  );
const kg = load('kg');
const us = load('us');

const recruitChild: Facts = {
  offenceDate: '2016-06-01',
  acts: ['recruitment'],
  means: [],
  purposes: ['sexual_exploitation'],
  victimAge: 15,
  aggravating: [],
};
const articles = (xs: readonly { article: string }[]) => xs.map((x) => x.article).sort();

describe('evaluate (KG, 2016)', () => {
  it('a 15-year-old recruited into prostitution without force or fraud: art. 261, not art. 124', () => {
    const result = evaluate(kg, recruitChild);
    expect(articles(result.applicable)).toEqual(['261']);
    expect(result.applicable[0]?.imprisonment).toEqual({
      minMonths: 60,
      maxMonths: 120,
      life: false,
    });
    const a124 = result.notApplicable.find((r) => r.article === '124');
    expect(a124?.unmet).toEqual([expect.stringMatching(/^means: /)]);
    expect(a124?.trace.find((t) => t.element === 'acts')?.status).toBe('matched');
  });

  it('the same with deception: art. 124 applies as well, 5 to 20 years', () => {
    const result = evaluate(kg, { ...recruitChild, means: ['deception'] });
    expect(articles(result.applicable)).toEqual(['124', '261']);
    expect(result.applicable.find((r) => r.article === '124')?.imprisonment).toEqual({
      minMonths: 60,
      maxMonths: 240,
      life: false,
    });
  });

  it('with force: art. 124 and art. 260 apply, art. 261 (without violence) does not', () => {
    const result = evaluate(kg, { ...recruitChild, means: ['force'] });
    expect(articles(result.applicable)).toEqual(['124', '260']);
    expect(result.notApplicable.find((r) => r.article === '261')?.unmet[0]).toMatch(
      /^means_excluded/,
    );
  });

  it('unknown age and means: "possibly applies" with what is missing, never a guess', () => {
    const result = evaluate(kg, { ...recruitChild, means: null, victimAge: null });
    expect(result.applicable).toEqual([]);
    const a261 = result.possiblyApplicable.find((r) => r.article === '261');
    expect(a261?.missing.join(' ')).toMatch(/means_excluded/);
    expect(a261?.penalty?.status).toBe('undetermined');
    expect(articles(result.possiblyApplicable)).toEqual(['124', '260', '261']);
  });

  it('in 2019 no 1997-Code version is in force: the amendment took effect as art. 171 of the new Code', () => {
    const result = evaluate(kg, { ...recruitChild, offenceDate: '2019-06-01' });
    expect(articles(result.noVersionInForce)).toEqual(
      expect.arrayContaining(['124', '260', '261']),
    );
    expect(result.noVersionInForce.find((n) => n.article === '260')?.provisionId).toBe(
      'cc1997-260',
    );
    expect(articles(result.applicable)).toContain('171');
  });

  it("outside the pack's coverage nothing is judged, and the answer says so", () => {
    const result = evaluate(kg, { ...recruitChild, offenceDate: '2026-11-30' });
    expect(result.coverage).toMatchObject({ covered: false, from: '2016-01-01' });
    expect(result.coverage.explanation).toContain('does not cover 2026-11-30');
    expect([...result.applicable, ...result.possiblyApplicable, ...result.notApplicable]).toEqual(
      [],
    );
  });

  it("while the 2021 Code's start is open, its articles possibly apply, with the reason", () => {
    const result = evaluate(kg, { ...recruitChild, offenceDate: '2021-10-01' });
    const a167 = result.possiblyApplicable.find((e) => e.article === '167');
    expect(a167?.missing[0]).toMatch(/possibly in force on 2021-10-01/);
    expect(result.applicable).toEqual([]);
  });

  it('refuses facts outside the vocabulary, naming each term', () => {
    expect(() => validateFacts(kg, { ...recruitChild, means: ['trickery'] })).toThrow(
      /"trickery" is not in the means vocabulary/,
    );
  });
});

describe('evaluate (US)', () => {
  it('18 U.S.C. 1591(b)(1): 15 years to life by force, or a victim under 14', () => {
    const forced = evaluate(us, {
      ...recruitChild,
      offenceDate: '2020-01-01',
      means: ['force'],
      victimAge: 25,
    });
    expect(forced.applicable.find((r) => r.article === '1591')?.imprisonment).toEqual({
      minMonths: 180,
      maxMonths: null,
      life: true,
    });
    const young = evaluate(us, { ...recruitChild, offenceDate: '2020-01-01', victimAge: 12 });
    expect(young.applicable.find((r) => r.article === '1591')?.penalty?.branches[0]?.part).toBe(
      '(b)(1)',
    );
  });

  it('18 U.S.C. 1591(b)(2): 10 years to life for a 14-17-year-old without means', () => {
    const r = evaluate(us, { ...recruitChild, offenceDate: '2020-01-01' });
    expect(r.applicable.find((x) => x.article === '1591')?.imprisonment).toEqual({
      minMonths: 120,
      maxMonths: null,
      life: true,
    });
  });

  it('aggravated forced labour reaches life imprisonment', () => {
    const r = evaluate(us, {
      offenceDate: '2012-01-01',
      acts: ['recruitment'],
      means: ['force'],
      purposes: ['forced_labour'],
      victimAge: 30,
      aggravating: ['kidnapping'],
    });
    expect(r.applicable.find((x) => x.article === '1590')?.imprisonment).toEqual({
      minMonths: 0,
      maxMonths: null,
      life: true,
    });
  });
});

const day = 24 * 3600 * 1000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

describe('date sweep', () => {
  for (const pack of [kg, us]) {
    it(`${pack.code}: on each day of a provision's span, one version is or may be in force, never two certainly`, () => {
      for (const provision of pack.provisions) {
        const live = provision.versions.filter((v) => v.status !== 'signed_not_in_force');
        const floor = provision.startFloor.instrumentAdopted;
        const unknownStart =
          floor === null || earliestOf(floor) < pack.coverage.from
            ? pack.coverage.from
            : latestOf(floor);
        const starts = live
          .map((v) => (v.validFrom === null ? unknownStart : earliestOf(v.validFrom)))
          .sort();
        const ends = live
          .map((v) => (v.validTo === null ? pack.coverage.to : latestOf(v.validTo)))
          .sort();
        const from = Date.parse(`${starts[0]}T00:00:00Z`);
        const to = Date.parse(`${ends[ends.length - 1]}T00:00:00Z`);
        for (let t = from; t <= to; t += day) {
          const d = iso(t);
          const states = provision.versions.map((v) => inForceState(v, d, provision.startFloor));
          const certain = states.filter((x) => x === true).length;
          const possible = states.filter((x) => x === 'unknown').length;
          if (certain > 1 || certain + possible === 0)
            throw new Error(
              `${provision.id}: ${certain} versions in force on ${d}, ${possible} possibly`,
            );
        }
      }
    });
  }
});

const someOf = <T>(xs: readonly T[]) => fc.subarray([...xs]);

describe('properties', () => {
  const factsArb = fc.record({
    offenceDate: fc.constantFrom('2016-06-01', '2010-03-01', '2020-01-01'),
    acts: someOf(protocolActs),
    means: someOf([...protocolMeans, 'blackmail']),
    purposes: someOf(protocolMinimumPurposes),
    victimAge: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
    aggravating: fc.constant<string[]>([]),
  });

  it('adding a means never removes a trafficking provision', () => {
    fc.assert(
      fc.property(factsArb, fc.constantFrom(...protocolMeans, 'blackmail'), (facts, extra) => {
        for (const pack of [kg, us]) {
          const judged = (f: Facts) =>
            evaluate(pack, f)
              .applicable.concat(evaluate(pack, f).possiblyApplicable)
              .filter((r) => r.kind === 'trafficking')
              .map((r) => r.provisionId);
          const before = judged(facts);
          const after = judged({ ...facts, means: [...new Set([...facts.means, extra])] });
          for (const id of before) expect(after).toContain(id);
        }
      }),
      { numRuns: 200 },
    );
  });

  const conformant = parsePack([
    {
      name: 'zz/pack.yaml',
      text: `jurisdiction:
  code: zz
  name: Conformia
  iso3166: { alpha2: ZZ, alpha3: ZZZ, numeric: "999" }
  unodc: { name: Conformia, region: Test, subregion: Test }
coverage: { from: "1990-01-01", to: "2030-12-31" }
sources: { law: { title: Model law } }
instruments: [{ id: code, title: Criminal code }]
`,
    },
    {
      name: 'zz/tip.yaml',
      text: `provisions:
  - id: tip
    instrument: code
    article: "1"
    title: Trafficking in persons
    kind: trafficking
    versions:
      - id: v1
        validFrom: null
        validTo: null
        status: in_force
        source: law
        consentIrrelevant: true
        elements:
          acts: { anyOf: [${protocolActs.join(', ')}] }
          means:
            anyOf: [${protocolMeans.join(', ')}]
            required: { default: true, rules: [{ when: { victimAge: { max: 17 } }, required: false }] }
          purposes: { anyOf: [${protocolMinimumPurposes.join(', ')}] }
        penalties:
          - id: base
            sanctions: [{ kind: imprisonment, minMonths: 60, maxMonths: 180 }]
            source: law
`,
    },
  ]);

  it('the model conformant pack has no gaps', () => {
    const findings = checkConformance(conformant, '2016-12-31').findings;
    expect(findings.filter((f) => f.severity === 'gap')).toEqual([]);
  });

  it('under a conformant pack a child victim never needs means', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...protocolActs),
        fc.constantFrom(...protocolMinimumPurposes),
        fc.integer({ min: 0, max: 17 }),
        (act, purpose, age) => {
          const r = evaluate(conformant, {
            offenceDate: '2016-01-01',
            acts: [act],
            means: [],
            purposes: [purpose],
            victimAge: age,
            aggravating: [],
          });
          expect(r.applicable.map((x) => x.provisionId)).toEqual(['tip']);
        },
      ),
    );
  });
});
