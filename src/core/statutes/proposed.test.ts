import { describe, expect, it } from 'vitest';
import { checkConformance } from './conformance.ts';
import { evaluate } from './evaluate.ts';
import { amendmentImpact, type ImpactCase } from './impact.ts';
import type { Facts } from './logic.ts';
import { parsePack } from './parse-pack.ts';
import { amendmentsOn } from './timeline.ts';

/** A pack whose article requires means even for children, and a draft that would drop them. */
const packText = (proposed: string) => `jurisdiction:
  code: zz
  name: Draftland
  iso3166: { alpha2: ZZ, alpha3: ZZZ, numeric: "999" }
  unodc: { name: Draftland, region: Test, subregion: Test }
coverage: { from: "2020-01-01", to: "2024-12-31" }
sources: { r: { title: Report } }
instruments: [{ id: code, title: Code, adopted: "2000-01-01" }]
provisions:
  - id: p
    instrument: code
    article: "1"
    title: Trafficking
    kind: trafficking
    versions:
      - id: in-force
        validFrom: "2020-01-01"
        validTo: null
        status: in_force
        source: r
        elements:
          purposes: { anyOf: [sexual_exploitation] }
          means: { anyOf: [force], required: { default: true } }
        penalties: [{ id: b, sanctions: [{ kind: imprisonment, minMonths: 60, maxMonths: 120 }], source: r }]
${proposed}`;

const draft = `      - id: draft
        validFrom: null
        validTo: null
        status: proposed
        proposedBetween: { from: "2023-05-01", to: "2023-05-31" }
        summary: no means need be proved when the victim is a child
        source: r
        elements:
          purposes: { anyOf: [sexual_exploitation] }
          means:
            anyOf: [force]
            required: { default: true, rules: [{ when: { victimAge: { max: 17 } }, required: false }] }
        penalties: [{ id: b, sanctions: [{ kind: imprisonment, minMonths: 60, maxMonths: 120 }], source: r }]
`;

const pack = parsePack([{ name: 'zz/pack.yaml', text: packText(draft) }]);

const childFacts: Facts = {
  offenceDate: '2023-06-01',
  acts: ['recruitment'],
  means: [],
  purposes: ['sexual_exploitation'],
  victimAge: 15,
  aggravating: [],
};

describe('a proposed version (a draft amendment, not signed)', () => {
  it('is accepted by the pack schema and never applied to a case', () => {
    const result = evaluate(pack, childFacts);
    expect(
      [...result.applicable, ...result.possiblyApplicable, ...result.notApplicable].map(
        (r) => r.versionId,
      ),
    ).toEqual(['in-force']);
    expect(result.notApplicable[0]?.versionId).toBe('in-force');
  });

  it('is "proposed" from the day it was introduced, and conformance notes it', () => {
    expect(amendmentsOn(pack, '2023-01-01')[0]).toMatchObject({
      status: 'proposed',
      state: 'not_yet_proposed',
      signedBetween: null,
    });
    const on = amendmentsOn(pack, '2023-06-01')[0];
    expect(on).toMatchObject({ versionId: 'draft', state: 'proposed' });
    expect(on?.explanation).toContain('not signed');
    const findings = checkConformance(pack, '2023-06-01').findings;
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'AMENDMENT_PROPOSED', severity: 'note', article: '1' }),
    );
    // The law in force still requires means for children: the draft does not hide the gap.
    expect(findings.map((f) => f.code)).toContain('CHILD_MEANS_REQUIRED');
    expect(findings.map((f) => f.code)).not.toContain('AMENDMENT_NOT_IN_FORCE');
  });

  it('shows the recorded cases it would judge differently, over the pack coverage', () => {
    const cases: ImpactCase[] = [
      {
        caseId: 'c1',
        reference: 'CHILD',
        offenceDate: '2021-03-01',
        offenceDateFrom: 'charge',
        articles: ['code:1'],
        victims: [{ label: 'V1', age: 15, forms: ['sexual'] }],
      },
      {
        caseId: 'c2',
        reference: 'ADULT',
        offenceDate: '2022-03-01',
        offenceDateFrom: 'charge',
        articles: ['code:1'],
        victims: [{ label: 'V1', age: 30, forms: ['sexual'] }],
      },
    ];
    const impact = amendmentImpact(pack, 'draft', cases);
    expect(impact).toMatchObject({
      status: 'proposed',
      period: { from: '2020-01-01', to: '2024-12-31' },
      casesRead: 2,
    });
    expect(impact.differently.map((f) => f.reference)).toEqual(['CHILD']);
    expect(impact.differently[0]?.change).toContain('no longer to be proved or met');
  });

  it('is refused with its line when it has dates in force or no proposedBetween', () => {
    const withDates = draft.replace('validFrom: null', 'validFrom: "2023-06-01"');
    expect(() => parsePack([{ name: 'zz/pack.yaml', text: packText(withDates) }])).toThrow(
      /zz\/pack\.yaml:\d+.*a proposed version is not law/s,
    );
    const undated = draft.replace(/ {8}proposedBetween: .*\n/, '');
    expect(() => parsePack([{ name: 'zz/pack.yaml', text: packText(undated) }])).toThrow(
      /a proposed version needs proposedBetween/,
    );
  });
});
