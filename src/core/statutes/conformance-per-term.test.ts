/**
 * Protocol coverage judged per act and per purpose (issue 12 part 6), on a small synthetic pack
 * ("Testland"): a related article classed as trafficking must not hide a gap of the main article,
 * a provision with no purpose element covers no purpose, and nothing is said about a purpose no
 * provision's sources name.
 */
import { describe, expect, it } from 'vitest';
import { checkConformance } from './conformance.ts';
import { type Finding } from './conformance-findings.ts';
import { parsePack } from './parse-pack.ts';

const meta = `jurisdiction:
  code: zz
  name: Testland
  iso3166: { alpha2: ZZ, alpha3: ZZZ, numeric: "999" }
  unodc: { name: Testland, region: Test, subregion: Test }
coverage: { from: "1990-01-01", to: "2030-12-31" }
sources:
  src: { title: A source }
instruments:
  - { id: code, title: Criminal code }
`;

const version = (id: string, elements: string) => `      - id: ${id}
        validFrom: "2000-01-01"
        validTo: null
        status: in_force
        source: src
        elements:
${elements}
        penalties:
          - id: base
            sanctions: [{ kind: imprisonment, minMonths: 60, maxMonths: 120 }]
            source: src
`;

// The main article: every act, sexual exploitation, means always required (even for children).
const main = `  - id: main
    instrument: code
    article: "1"
    title: Trafficking in persons
    kind: trafficking
    versions:
${version(
  'main-v',
  `          acts: { anyOf: [recruitment, transportation, transfer, harbouring, receipt] }
          means: { anyOf: [force, fraud], required: { default: true } }
          purposes: { anyOf: [sexual_exploitation], exhaustive: false }`,
)}`;

// A sale-of-children article: only the act of transfer, children only, no means.
const saleOfChildren = (kind: string) => `  - id: sale
    instrument: code
    article: "2"
    title: Sale of children
    kind: ${kind}
    versions:
${version(
  'sale-v',
  `          acts: { anyOf: [transfer] }
          purposes: { anyOf: [sexual_exploitation] }
          victimAge: { max: 17 }`,
)}`;

// A provision with no purpose element at all.
const noPurpose = `  - id: bare
    instrument: code
    article: "3"
    title: Trafficking (purposes not in the sources)
    kind: trafficking
    versions:
${version('bare-v', `          acts: { anyOf: [recruitment] }`)}`;

const pack = (...provisions: string[]) =>
  parsePack([
    { name: 'zz/pack.yaml', text: meta },
    { name: 'zz/p.yaml', text: `provisions:\n${provisions.join('')}` },
  ]);
const codes = (findings: readonly Finding[], code: string) =>
  findings.filter((f) => f.code === code).map((f) => f.explanation);

describe('protocol coverage per act and purpose', () => {
  it('a sale-of-children article classed as trafficking does not hide the main article’s child-means gap', () => {
    const alone = checkConformance(pack(main), '2016-01-01').findings;
    const related = checkConformance(pack(main, saleOfChildren('related')), '2016-01-01').findings;
    const classed = checkConformance(
      pack(main, saleOfChildren('trafficking')),
      '2016-01-01',
    ).findings;
    for (const findings of [alone, related, classed]) {
      expect(codes(findings, 'CHILD_MEANS_REQUIRED')).toHaveLength(1);
      expect(codes(findings, 'CHILD_MEANS_NOT_REQUIRED')).toEqual([]);
    }
  });

  it('when the child article covers every act, there is no gap: the data decides', () => {
    const everyAct = saleOfChildren('trafficking').replace(
      'acts: { anyOf: [transfer] }',
      'acts: { anyOf: [recruitment, transportation, transfer, harbouring, receipt] }',
    );
    const findings = checkConformance(pack(main, everyAct), '2016-01-01').findings;
    expect(codes(findings, 'CHILD_MEANS_REQUIRED')).toEqual([]);
    expect(codes(findings, 'CHILD_MEANS_NOT_REQUIRED')).toHaveLength(1);
  });

  it('a provision with no purpose element covers no purpose, and unnamed purposes get no finding', () => {
    const findings = checkConformance(pack(noPurpose), '2016-01-01').findings;
    expect(codes(findings, 'PURPOSE_COVERED')).toEqual([]);
    expect(codes(findings, 'PURPOSE_NOT_COVERED')).toEqual([]);
    expect(codes(findings, 'PURPOSE_COVERAGE_UNKNOWN')).toEqual([]);
    const withMain = checkConformance(pack(main, noPurpose), '2016-01-01').findings;
    expect(codes(withMain, 'PURPOSE_COVERED')).toEqual([
      expect.stringContaining('sexual_exploitation'),
    ]);
    // forced_labour: no provision's sources name it (the list is not exhaustive), so nothing is
    // said about it; with an exhaustive list the sources exclude it, and that is a gap.
    expect(withMain.some((f) => f.explanation.includes('forced_labour'))).toBe(false);
    const exhaustive = checkConformance(
      pack(main.replace('exhaustive: false', 'exhaustive: true'), noPurpose),
      '2016-01-01',
    ).findings;
    expect(codes(exhaustive, 'PURPOSE_NOT_COVERED')).toContainEqual(
      expect.stringContaining('forced_labour'),
    );
  });
});
