import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { evaluate } from './evaluate.ts';
import { parsePack, type PackError, type PackFile } from './parse-pack.ts';

const root = new URL('../../../jurisdictions/', import.meta.url);
const packFiles = (code: string): PackFile[] =>
  readdirSync(new URL(`${code}/`, root))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({
      name: `${code}/${f}`,
      text: readFileSync(new URL(`${code}/${f}`, root), 'utf8'),
    }));

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

const provision = (body: string) => `provisions:
  - id: p1
    instrument: code
    article: "1"
    title: Trafficking
    kind: trafficking
    versions:
${body}`;

const goodVersion = `      - id: v1
        validFrom: "2000-01-01"
        validTo: null
        status: in_force
        source: src
        elements:
          acts: { anyOf: [recruitment] }
          purposes: { anyOf: [forced_labour] }
        penalties:
          - id: base
            sanctions: [{ kind: imprisonment, minMonths: 12, maxMonths: 60 }]
            source: src
`;

function errorsOf(files: PackFile[]): PackError[] {
  try {
    parsePack(files);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect(e.code).toBe('PackInvalid');
    return e.details.errors as PackError[];
  }
  throw new Error('the pack was accepted');
}

describe('parsePack', () => {
  it('loads the KG and US packs', () => {
    expect(parsePack(packFiles('kg')).provisions.map((p) => p.article)).toEqual(
      expect.arrayContaining(['124', '260', '261', '15', '129']),
    );
    expect(parsePack(packFiles('us')).provisions.length).toBeGreaterThanOrEqual(7);
  });

  it('accepts a minimal well-formed pack', () => {
    const pack = parsePack([
      { name: 'zz/pack.yaml', text: meta },
      { name: 'zz/p.yaml', text: provision(goodVersion) },
    ]);
    // The pack's `code: zz` is read as the system spells a jurisdiction; its directory stays a path.
    expect(pack.code).toBe('ZZ');
    expect(pack.file).toBe('zz/pack.yaml');
    expect(pack.provisions[0]?.file).toBe('zz/p.yaml');
  });

  it('refuses a bad status with its file and line', () => {
    const errors = errorsOf([
      { name: 'zz/pack.yaml', text: meta },
      {
        name: 'zz/p.yaml',
        text: provision(goodVersion.replace('status: in_force', 'status: in_effect')),
      },
    ]);
    expect(errors).toEqual([
      expect.objectContaining({
        file: 'zz/p.yaml',
        line: 11,
        path: 'provisions.0.versions.0.status',
      }),
    ]);
  });

  it('refuses fractional months, then an unknown source', () => {
    const text = provision(
      goodVersion
        .replace('minMonths: 12', 'minMonths: 12.5')
        .replace('source: src\n        elements', 'source: nowhere\n        elements'),
    );
    const errors = errorsOf([
      { name: 'zz/pack.yaml', text: meta },
      { name: 'zz/p.yaml', text },
    ]);
    expect(errors).toEqual([
      expect.objectContaining({
        line: 18,
        reason: expect.stringContaining('months are whole numbers'),
      }),
    ]);
    // Schema errors stop the load before cross-checks; fix them and the source is reported.
    const second = errorsOf([
      { name: 'zz/pack.yaml', text: meta },
      {
        name: 'zz/p.yaml',
        text: provision(
          goodVersion.replace('source: src\n        elements', 'source: nowhere\n        elements'),
        ),
      },
    ]);
    expect(second).toEqual([
      expect.objectContaining({ line: 12, reason: 'unknown source "nowhere"' }),
    ]);
  });

  it('accepts titles in other languages with a source or marked as translations, and refuses neither', () => {
    const titled = (titles: string) =>
      provision(goodVersion).replace(
        '    title: Trafficking\n',
        `    title: Trafficking\n    titles: ${titles}\n`,
      );
    const pack = parsePack([
      { name: 'zz/pack.yaml', text: meta },
      {
        name: 'zz/p.yaml',
        text: titled(
          '{ ru: { text: Торговля людьми, source: src }, ky: { text: Адам сатуу, translation: true } }',
        ),
      },
    ]);
    expect(pack.provisions[0]?.titles?.ru?.text).toBe('Торговля людьми');
    expect(
      errorsOf([
        { name: 'zz/pack.yaml', text: meta },
        { name: 'zz/p.yaml', text: titled('{ ru: { text: Торговля людьми } }') },
      ]),
    ).toEqual([
      expect.objectContaining({
        line: 6,
        reason: expect.stringContaining('either a source or `translation: true`'),
      }),
    ]);
    expect(
      errorsOf([
        { name: 'zz/pack.yaml', text: meta },
        { name: 'zz/p.yaml', text: titled('{ ru: { text: Торговля людьми, source: nowhere } }') },
      ]),
    ).toEqual([expect.objectContaining({ line: 6, reason: 'unknown source "nowhere"' })]);
  });

  it('reports YAML syntax errors with a line', () => {
    const errors = errorsOf([
      { name: 'zz/pack.yaml', text: meta },
      { name: 'zz/p.yaml', text: 'provisions:\n  - id: [unclosed\n' },
    ]);
    expect(errors[0]).toMatchObject({ file: 'zz/p.yaml' });
    expect(errors[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses terms outside the vocabulary', () => {
    const errors = errorsOf([
      { name: 'zz/pack.yaml', text: meta },
      { name: 'zz/p.yaml', text: provision(goodVersion.replace('[recruitment]', '[recruiting]')) },
    ]);
    expect(errors[0]).toMatchObject({
      line: 14,
      reason: expect.stringContaining('"recruiting" is not in the acts vocabulary'),
    });
  });

  it('refuses two versions in force on the same day', () => {
    const second = goodVersion.replace('id: v1', 'id: v2').replace('"2000-01-01"', '"2010-01-01"');
    const errors = errorsOf([
      { name: 'zz/pack.yaml', text: meta },
      { name: 'zz/p.yaml', text: provision(goodVersion + second) },
    ]);
    expect(errors[0]?.reason).toBe('versions v1 and v2 are both in force on some dates');
  });

  it('refuses two branches applying at the same level (Catala)', () => {
    const overlapping = goodVersion.replace(
      '            source: src\n',
      `            source: src
          - id: child
            when: { victimAge: { max: 17 } }
            sanctions: [{ kind: imprisonment, minMonths: 60, maxMonths: 120 }]
            source: src
`,
    );
    const errors = errorsOf([
      { name: 'zz/pack.yaml', text: meta },
      { name: 'zz/p.yaml', text: provision(overlapping) },
    ]);
    expect(errors[0]?.reason).toContain('branches base, child both apply at level 0');
  });

  it('refuses a gap where no branch applies (Catala)', () => {
    const gap = goodVersion.replace(
      '          - id: base\n',
      '          - id: base\n            when: { victimAge: { max: 17 } }\n',
    );
    const errors = errorsOf([
      { name: 'zz/pack.yaml', text: meta },
      { name: 'zz/p.yaml', text: provision(gap) },
    ]);
    expect(errors[0]?.reason).toContain('no penalty branch applies');
  });

  it('refuses a maxMonths of null without life', () => {
    const errors = errorsOf([
      { name: 'zz/pack.yaml', text: meta },
      {
        name: 'zz/p.yaml',
        text: provision(goodVersion.replace('maxMonths: 60', 'maxMonths: null')),
      },
    ]);
    expect(errors[0]?.reason).toContain('life');
  });

  it('refuses `elements: {}` (it would apply to every case) and accepts `elements: unknown`', () => {
    const empty = goodVersion.replace(
      '        elements:\n          acts: { anyOf: [recruitment] }\n          purposes: { anyOf: [forced_labour] }\n',
      '        elements: {}\n',
    );
    const errors = errorsOf([
      { name: 'zz/pack.yaml', text: meta },
      { name: 'zz/p.yaml', text: provision(empty) },
    ]);
    expect(errors[0]?.reason).toContain('elements: unknown');
    const pack = parsePack([
      { name: 'zz/pack.yaml', text: meta },
      { name: 'zz/p.yaml', text: provision(empty.replace('elements: {}', 'elements: unknown')) },
    ]);
    const facts = {
      offenceDate: '2010-01-01',
      acts: ['recruitment'],
      means: [],
      purposes: ['forced_labour'],
      victimAge: 30,
      aggravating: [],
    };
    const result = evaluate(pack, facts);
    expect(result.applicable).toEqual([]);
    expect(result.possiblyApplicable[0]?.missing.join(' ')).toContain('do not give the elements');
  });

  it('refuses tookEffect naming a provision the pack does not have, with its line', () => {
    const signed = `      - id: v2
        validFrom: null
        validTo: null
        status: signed_not_in_force
        signedBetween: { from: "2001-01-01", to: "2001-01-01" }
        tookEffect: { on: "2002-01-01", as: nowhere, source: src }
        source: src
        elements: unknown
        penalties: unknown
`;
    const errors = errorsOf([
      { name: 'zz/pack.yaml', text: meta },
      { name: 'zz/p.yaml', text: provision(goodVersion + signed) },
    ]);
    expect(errors).toContainEqual(
      expect.objectContaining({ file: 'zz/p.yaml', reason: 'unknown provision "nowhere"' }),
    );
  });
});
