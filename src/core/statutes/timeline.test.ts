import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkConformance } from './conformance.ts';
import { parsePack } from './parse-pack.ts';
import { amendmentInEffect, amendmentsOn, coverageOn } from './timeline.ts';

const root = new URL('../../../jurisdictions/', import.meta.url);
const kg = parsePack(
  readdirSync(new URL('kg/', root))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ name: `kg/${f}`, text: readFileSync(new URL(`kg/${f}`, root), 'utf8') })),
);
const amendment = 'cc1997-124-amendment-signed';

describe('amendments over time (KG art. 124, signed 2016-17, in effect 2019-01-01 as art. 171)', () => {
  it('inside the signing window it may not yet be signed; after it, pending', () => {
    expect(amendmentsOn(kg, '2016-12-31')[0]?.state).toBe('possibly_signed');
    expect(amendmentsOn(kg, '2017-06-01')[0]).toMatchObject({
      state: 'pending',
      tookEffectAs: { provisionId: 'cc2019-171', article: '171' },
    });
    expect(amendmentsOn(kg, '2016-01-01')[0]?.state).toBe('not_yet_signed');
  });
  it('from the day it took effect it is never called pending again', () => {
    for (const date of ['2019-01-01', '2019-12-31', '2020-12-31', '2022-03-31']) {
      expect(amendmentInEffect(kg, amendment, date)).toBe(true);
      expect(
        checkConformance(kg, date).findings.filter((f) => f.code === 'AMENDMENT_NOT_IN_FORCE'),
      ).toEqual([]);
    }
    expect(amendmentInEffect(kg, amendment, '2018-12-31')).toBe(false);
    expect(amendmentsOn(kg, '2019-06-01')[0]?.explanation).toContain(
      'took effect on 2019-01-01 as art. 171',
    );
  });
  it('an unknown amendment id is refused, not answered "false"', () => {
    expect(() => amendmentInEffect(kg, 'no-such-version', '2019-01-01')).toThrow(/no signed/);
  });
});

describe('coverage', () => {
  it('outside the period the pack covers, the answer is "not covered", never "no law"', () => {
    expect(coverageOn(kg, '2026-11-30')).toMatchObject({ covered: false, to: '2022-03-31' });
    expect(coverageOn(kg, '2018-06-01').covered).toBe(true);
    for (const date of ['1990-01-01', '2026-11-30']) {
      const report = checkConformance(kg, date);
      expect(report.findings.map((f) => f.code)).toEqual(['OUTSIDE_COVERAGE']);
      expect(report.findings[0]?.explanation).toMatch(/does not cover/);
    }
  });
});

describe('a date known only to a window', () => {
  const pack = parsePack([
    {
      name: 'zz/pack.yaml',
      text: `jurisdiction:
  code: zz
  name: Windowland
  iso3166: { alpha2: ZZ, alpha3: ZZZ, numeric: "999" }
  unodc: { name: Windowland, region: Test, subregion: Test }
coverage: { from: "2010-01-01", to: "2030-12-31" }
sources: { r: { title: Annual report } }
instruments: [{ id: code, title: Code }]
provisions:
  - id: p
    instrument: code
    article: "1"
    title: Trafficking
    kind: trafficking
    versions:
      - id: old
        validFrom: "2010-01-01"
        validTo: { notBefore: "2019-12-31", notAfter: "2020-12-30" }
        status: repealed
        source: r
        elements: { purposes: { anyOf: [forced_labour] } }
        penalties: unknown
      - id: signed
        validFrom: null
        validTo: null
        status: signed_not_in_force
        signedBetween: { from: "2019-03-01", to: "2019-03-01" }
        tookEffect: { on: { notBefore: "2020-01-01", notAfter: "2020-12-31" }, source: r }
        source: r
        elements: unknown
        penalties: unknown
`,
    },
  ]);
  it('inside the window both versions are "possibly in force", and the amendment "possibly in effect"', () => {
    expect(amendmentsOn(pack, '2020-06-01')[0]?.state).toBe('possibly_in_effect');
    expect(amendmentsOn(pack, '2019-06-01')[0]?.state).toBe('pending');
    expect(amendmentsOn(pack, '2021-01-01')[0]?.state).toBe('in_effect');
    const codes = checkConformance(pack, '2020-06-01').findings.map((f) => f.code);
    expect(codes).toEqual(
      expect.arrayContaining(['AMENDMENT_POSSIBLY_IN_FORCE', 'POSSIBLY_IN_FORCE']),
    );
    expect(codes).not.toContain('NO_TRAFFICKING_PROVISION');
  });
  it('an unknown start is not "always": never before the instrument existed', () => {
    const withFloor = parsePack([
      {
        name: 'zz/pack.yaml',
        text: `jurisdiction:
  code: zz
  name: Floorland
  iso3166: { alpha2: ZZ, alpha3: ZZZ, numeric: "999" }
  unodc: { name: Floorland, region: Test, subregion: Test }
coverage: { from: "1980-01-01", to: "2030-12-31" }
sources: { r: { title: Report } }
instruments: [{ id: code, title: Code, adopted: "1997-09-18" }]
provisions:
  - id: p
    instrument: code
    article: "1"
    title: Trafficking
    kind: trafficking
    versions:
      - id: v
        validFrom: null
        validTo: null
        status: in_force
        source: r
        elements: unknown
        penalties: unknown
`,
      },
    ]);
    expect(checkConformance(withFloor, '1990-01-01').findings.map((f) => f.code)).toContain(
      'NO_TRAFFICKING_PROVISION',
    );
    expect(checkConformance(withFloor, '2000-01-01').findings.map((f) => f.code)).not.toContain(
      'NO_TRAFFICKING_PROVISION',
    );
  });
});
