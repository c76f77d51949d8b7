import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ctdcRow, kAnonymise, quasiIdentifiers } from './ctdc.ts';
import type { CtdcRow } from './ctdc.ts';

const victim = {
  identifiedOn: '2016-03-01',
  sex: 'female',
  ageKind: 'exact',
  ageYears: 16,
  citizenship: 'KGZ',
  forms: ['sexual', 'forced_labour'],
};

const sizes = (rows: readonly CtdcRow[]) => {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = quasiIdentifiers.map((c) => String(row[c])).join('|');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()];
};

describe('CTDC rows', () => {
  it('codes a victim as CTDC does: bands, majority, flags', () => {
    expect(ctdcRow(victim, 'KG')).toMatchObject({
      yearOfRegistration: 2016,
      gender: 'Female',
      ageBroad: '9--17',
      majorityStatus: 'Minor',
      citizenship: 'KGZ',
      CountryOfExploitation: 'KG',
      isForcedLabour: 1,
      isSexualExploit: 1,
      isSexAndLabour: 1,
      isForcedMarriage: 0,
    });
  });

  it('writes -99 for what is unknown or not recorded, never 0', () => {
    const row = ctdcRow(
      {
        ...victim,
        sex: 'unknown',
        ageKind: 'unknown',
        ageYears: null,
        citizenship: 'unknown',
        forms: ['unknown'],
        identifiedOn: null,
      },
      'KG',
    );
    expect(row).toMatchObject({
      yearOfRegistration: -99,
      gender: -99,
      ageBroad: -99,
      majorityStatus: -99,
      citizenship: -99,
      isForcedLabour: -99,
      isSexualExploit: -99,
    });
    expect(ctdcRow({ ...victim, forms: null }, 'KG').isOrganRemoval).toBe(-99);
  });
});

describe('k-anonymity', () => {
  it('generalises a lone victim until it has k companions, citizenship first', () => {
    // Eleven victims whose citizenship is not recorded, and one whose citizenship singles her out.
    const crowd = Array.from({ length: 11 }, () => ctdcRow({ ...victim, citizenship: null }, 'KG'));
    const lone = ctdcRow(victim, 'KG');
    const result = kAnonymise([...crowd, lone], 11);
    expect(result.suppressed).toBe(0);
    expect(result.generalised).toEqual({ citizenship: 1 });
    expect(result.rows.every((row) => row.citizenship === -99)).toBe(true);
    expect(Math.min(...sizes(result.rows))).toBeGreaterThanOrEqual(11);
  });

  it('leaves out rows no generalisation can hide', () => {
    const result = kAnonymise([ctdcRow(victim, 'KG')], 11);
    expect(result.rows).toEqual([]);
    expect(result.suppressed).toBe(1);
  });

  it('releases only combinations shared by at least k rows, and accounts for every row (property)', () => {
    const arbitraryVictim = fc.record({
      identifiedOn: fc.option(fc.constantFrom('2015-01-01', '2016-06-01', '2017-02-02'), {
        nil: null,
      }),
      sex: fc.option(fc.constantFrom('female', 'male', 'unknown'), { nil: null }),
      ageKind: fc.constantFrom('exact', 'estimated', 'unknown'),
      ageYears: fc.option(fc.integer({ min: 0, max: 70 }), { nil: null }),
      citizenship: fc.option(fc.constantFrom('KGZ', 'UZB', 'KAZ', 'TJK'), { nil: null }),
      forms: fc.option(fc.subarray(['sexual', 'forced_labour', 'forced_marriage']), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(arbitraryVictim, { maxLength: 200 }),
        fc.integer({ min: 2, max: 15 }),
        (victims, k) => {
          const rows = victims.map((v) => ctdcRow(v, 'KG'));
          const result = kAnonymise(rows, k);
          expect(result.rows.length + result.suppressed).toBe(rows.length);
          for (const size of sizes(result.rows)) expect(size).toBeGreaterThanOrEqual(k);
        },
      ),
    );
  });
});
