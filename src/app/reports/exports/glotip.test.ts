import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packsDir } from '../../../../test/packs.ts';
import { isDomainError } from '../../../core/errors.ts';
import { loadPacks } from '../../statutes/load-packs.ts';
import { fixtureReport } from '../../../../test/support/report-fixture.ts';
import {
  glotipAreaOf,
  glotipColumns,
  glotipRows,
  glotipValue,
  jurisdictionOfCountry,
  parseGlotipValue,
  renderGlotipCsv,
} from './glotip.ts';
import { toJurisdictionCode } from '../../../core/jurisdiction.ts';

// The shipped packs and the Kazakh fixture pack (test/fixtures/jurisdictions/kz), which no code names.
const packs = packsDir({ fixtures: ['kz'] });
afterAll(() => packs.cleanup());
const registry = loadPacks(packs.dir);

describe('GLOTIP long format', () => {
  const kg = glotipAreaOf(registry, toJurisdictionCode('KG'));
  const rows = glotipRows(fixtureReport(), kg);
  const cell = (indicator: string, year: string, extra: Partial<Record<string, string>> = {}) =>
    rows.find(
      (r) =>
        r.Indicator === indicator &&
        r.Year === year &&
        r.Dimension === (extra.Dimension ?? 'Total') &&
        r.Category === (extra.Category ?? 'Total') &&
        r.Sex === (extra.Sex ?? 'Total') &&
        r.Age === (extra.Age ?? 'Total'),
    )?.txtVALUE;

  it('writes the header of data_glotip.xlsx, in order', () => {
    expect(renderGlotipCsv(fixtureReport(), kg).split('\r\n')[0]).toBe(
      'Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source',
    );
    expect(Object.keys(rows[0] ?? {})).toEqual([...glotipColumns]);
  });

  it('names the country and indicators as UNODC does, in persons', () => {
    expect(rows[0]).toMatchObject({
      Iso3_code: 'KGZ',
      Country: 'Kyrgyzstan',
      Region: 'Asia',
      Subregion: 'Central Asia',
      'Unit of measurement': 'Counts',
    });
    expect(cell('Persons convicted', '2016')).toBe('6');
    expect(cell('Detected trafficking victims', '2016')).toBe('7');
    expect(cell('Detected trafficking victims', '2016', { Sex: 'Female' })).toBe('5');
    expect(
      cell('Persons convicted', '2016', {
        Dimension: 'by form of exploitation',
        Category: 'Sexual exploitation',
      }),
    ).toBe('<5');
  });

  it('publishes counts under five as <5', () => {
    expect(cell('Persons convicted', '2015')).toBe('<5');
    expect(cell('Offences of trafficking in persons', '2016')).toBe('<5');
    expect([0, 4, 5, 1234].map(glotipValue)).toEqual(['<5', '<5', '5', '1,234']);
  });

  it('writes no row for an unknown: persons prosecuted in 2016 name no defendant in case B', () => {
    expect(cell('Persons prosecuted', '2016')).toBeUndefined();
    expect(cell('Persons prosecuted', '2015')).toBe('<5');
    expect(rows.some((r) => r.Indicator === 'Persons brought into formal contact')).toBe(false);
  });

  it('refuses a TIP-year report and a jurisdiction UNODC has no name for', () => {
    expect(() => glotipRows(fixtureReport({ year: 2016, kind: 'tip' }), kg)).toThrow(/calendar/);
    try {
      glotipAreaOf(registry, toJurisdictionCode('XX'));
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'ValidationFailed')).toBe(true);
      expect(String(error)).toContain('installed: KG, KZ, US');
    }
  });

  it('names any installed country as its pack does, the code in either case', () => {
    expect(glotipAreaOf(registry, toJurisdictionCode('kz'))).toEqual({
      iso3: 'KAZ',
      country: 'Kazakhstan',
      region: 'Asia',
      subregion: 'Central Asia',
    });
    expect(glotipAreaOf(registry, toJurisdictionCode(' Us ')).iso3).toBe('USA');
    const kz = glotipRows(fixtureReport(), glotipAreaOf(registry, toJurisdictionCode('KZ')));
    expect(kz.length).toBe(rows.length);
    expect(new Set(kz.map((r) => `${r.Iso3_code}|${r.Country}`))).toEqual(
      new Set(['KAZ|Kazakhstan']),
    );
    for (const code of ['KAZ', 'kaz', 'KZ', 'kz', '398'])
      expect(jurisdictionOfCountry(registry, code)).toBe('KZ');
    expect(jurisdictionOfCountry(registry, '417')).toBe('KG');
    expect(jurisdictionOfCountry(registry, 'UZB')).toBeNull();
  });

  it('follows the pack: renaming the country in pack.yaml renames it in the file', () => {
    const edited = packsDir({ fixtures: ['kz'] });
    try {
      const file = join(edited.dir, 'kz', 'pack.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .replace('name: Kazakhstan,', 'name: Qazaqstan,')
          .replace('alpha3: KAZ', 'alpha3: QAZ'),
      );
      const area = glotipAreaOf(loadPacks(edited.dir), toJurisdictionCode('kz'));
      expect(glotipRows(fixtureReport(), area)[0]).toMatchObject({
        Iso3_code: 'QAZ',
        Country: 'Qazaqstan',
      });
    } finally {
      edited.cleanup();
    }
  });

  it('reads published values', () => {
    expect(parseGlotipValue('1,089')).toEqual({ kind: 'count', value: 1089 });
    expect(parseGlotipValue('7')).toEqual({ kind: 'count', value: 7 });
    expect(parseGlotipValue('<5')).toEqual({ kind: 'under5' });
    expect(parseGlotipValue('n/a')).toEqual({ kind: 'unreadable', text: 'n/a' });
  });
});
