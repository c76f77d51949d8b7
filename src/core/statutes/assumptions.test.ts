import { describe, expect, it } from 'vitest';
import { checkConformance } from './conformance.ts';
import { evaluate } from './evaluate.ts';
import type { Facts } from './logic.ts';
import { parsePack } from './parse-pack.ts';

/** A pack whose acts rest on an assumption, and whose child branch rests on another. */
const text = (actsAssumption = 'acts-read') => `jurisdiction:
  code: zz
  name: Assumeland
  iso3166: { alpha2: ZZ, alpha3: ZZZ, numeric: "999" }
  unodc: { name: Assumeland, region: Test, subregion: Test }
coverage: { from: "2020-01-01", to: "2024-12-31" }
sources: { r: { title: Report } }
assumptions:
  - id: acts-read
    text: The article covers every act the report's definition names.
    texts: { ru: { text: Статья охватывает все действия из определения доклада., translation: true } }
  - id: child-range
    text: The child range applies from age 14.
instruments: [{ id: code, title: Code, adopted: "2000-01-01" }]
provisions:
  - id: p
    instrument: code
    article: "1"
    title: Trafficking
    kind: trafficking
    versions:
      - id: v
        validFrom: "2020-01-01"
        validTo: null
        status: in_force
        source: r
        elements:
          acts:
            anyOf: [recruitment, transportation, transfer, harbouring, receipt]
            assumptions: [${actsAssumption}]
          means: { anyOf: [], required: { default: false } }
          purposes: { anyOf: [sexual_exploitation, forced_labour] }
        penalties:
          - { id: adult, level: 0, sanctions: [{ kind: imprisonment, minMonths: 60, maxMonths: 120 }], source: r }
          - id: child
            level: 1
            when: { victimAge: { max: 17 } }
            sanctions: [{ kind: imprisonment, minMonths: 96, maxMonths: 180 }]
            source: r
            assumptions: [child-range]
`;

const pack = parsePack([{ name: 'zz/pack.yaml', text: text() }]);
const facts = (victimAge: number): Facts => ({
  offenceDate: '2022-01-01',
  acts: ['recruitment'],
  means: [],
  purposes: ['forced_labour'],
  victimAge,
  aggravating: [],
});

describe('assumptions a pack writer marks (not cited sources)', () => {
  it('an evaluation names those it rests on: the elements, and only the branch that applies', () => {
    const adult = evaluate(pack, facts(30)).applicable[0];
    expect(adult?.assumptions.map((a) => a.id)).toEqual(['acts-read']);
    expect(adult?.assumptionNote).toContain(
      "rests on an assumption of the statute pack, not on a cited source: The article covers every act the report's definition names (acts-read).",
    );
    const child = evaluate(pack, facts(15)).applicable[0];
    expect(child?.assumptions.map((a) => a.id)).toEqual(['acts-read', 'child-range']);
    expect(child?.assumptions[0]?.texts.ru).toBe(
      'Статья охватывает все действия из определения доклада.',
    );
  });

  it('a conformance finding says it rests on them; one outside coverage does not', () => {
    const findings = checkConformance(pack, '2022-01-01').findings;
    const acts = findings.find((f) => f.code === 'ACTS_COVERED');
    expect(acts?.assumptions.map((a) => a.id)).toEqual(['acts-read']);
    expect(acts?.assumptionNote).toMatch(/^This rests on an assumption of the statute pack/);
    expect(findings.find((f) => f.code === 'SUFFICIENTLY_STRINGENT')?.assumptions).toHaveLength(2);
    const outside = checkConformance(pack, '2030-01-01').findings;
    expect(outside.map((f) => [f.code, f.assumptions.length])).toEqual([['OUTSIDE_COVERAGE', 0]]);
  });

  it('a result that rests on cited sources only names none', () => {
    const plain = parsePack([
      { name: 'zz/pack.yaml', text: text().replace(/\n {12}assumptions: \[acts-read\]/, '') },
    ]);
    const adult = evaluate(plain, facts(30)).applicable[0];
    expect(adult?.assumptions).toEqual([]);
    expect(adult?.assumptionNote).toBeNull();
    expect(
      checkConformance(plain, '2022-01-01').findings.find((f) => f.code === 'ACTS_COVERED')
        ?.assumptionNote,
    ).toBeNull();
  });

  it('an assumption id the pack does not declare is refused with its file and line', () => {
    expect(() => parsePack([{ name: 'zz/pack.yaml', text: text('no-such') }])).toThrow(
      /zz\/pack\.yaml:\d+:\d+.*unknown assumption "no-such"/s,
    );
  });
});
