import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { isDomainError } from '../../core/errors.ts';
import { reportPeriods } from '../../core/stats/period.ts';
import { systemActor } from '../common/context.ts';
import { loadDemo } from '../demo/demo.ts';
import { computeReport } from './annual-report.ts';
import type { GlotipRow } from './exports/glotip.ts';
import { readGlotipWorkbook, reconcileWithGlotip } from './reconcile.ts';
import { yearlySeries } from './series.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

const glotipFile = fileURLToPath(
  new URL('../../../../shared/data/glotip/data_glotip.xlsx', import.meta.url),
);

const published = (indicator: string, year: number, value: string): GlotipRow => ({
  Iso3_code: 'KGZ',
  Country: 'Kyrgyzstan',
  Region: 'Asia',
  Subregion: 'Central Asia',
  Indicator: indicator,
  Dimension: 'Total',
  Category: 'Total',
  Sex: 'Total',
  Age: 'Total',
  Year: String(year),
  'Unit of measurement': 'Counts',
  txtVALUE: value,
  Source: 'GLOTIP',
});

describe('reading UNODC GLOTIP data', () => {
  it('reads data_glotip.xlsx with exactly the columns the export writes', async () => {
    // readGlotipWorkbook refuses a header that differs from glotipColumns.
    const rows = await readGlotipWorkbook(glotipFile);
    expect(rows.length).toBe(58_769);
    expect(
      rows.find(
        (r) =>
          r.Iso3_code === 'KGZ' &&
          r.Year === '2016' &&
          r.Indicator === 'Persons convicted' &&
          r.Dimension === 'Total',
      )?.txtVALUE,
    ).toBe('7');
  });

  it('names a missing file', async () => {
    await expect(readGlotipWorkbook('/nonexistent/data_glotip.xlsx')).rejects.toThrow(
      'GLOTIP file not found: /nonexistent/data_glotip.xlsx',
    );
  });
});

describe.each(engines)('yearly series and reconciliation on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
    await loadDemo(db.ctx);
  });
  afterAll(() => db.close());

  it('counts every year in the data by the annual report rules', async () => {
    const series = await yearlySeries(db.ctx, toJurisdictionCode('KG'));
    expect(series.map((y) => y.year)).toEqual([2014, 2015, 2016]);
    const y2016 = series.find((y) => y.year === 2016);
    const report = await computeReport(
      db.ctx,
      toJurisdictionCode('KG'),
      reportPeriods({ year: 2016, kind: 'calendar' }),
    );
    expect(y2016).toMatchObject({
      investigations: 8,
      prosecutions: 5,
      defendants: null,
      convictions: 10,
    });
    expect(y2016?.records.convictions).toEqual(report.convictions.records.persons);
  });

  it('lists every difference with the records behind the registry figure', async () => {
    const result = await reconcileWithGlotip(db.ctx, systemActor, {
      country: 'kgz',
      rows: [
        published('Persons convicted', 2016, '7'),
        published('Persons convicted', 2015, '<5'),
        published('Persons prosecuted', 2016, '12'),
        published('Persons convicted', 2010, '9'),
        { ...published('Persons convicted', 2016, '99'), Sex: 'Female' },
      ],
    });
    const line = (year: number, indicator: string) =>
      result.lines.find((l) => l.year === year && l.indicator === indicator);
    expect(result.jurisdiction).toBe('KG');
    expect(line(2016, 'Persons convicted')).toMatchObject({
      published: '7',
      registry: 10,
      status: 'differs',
      difference: 3,
    });
    expect(line(2016, 'Persons convicted')?.records).toHaveLength(10);
    expect(line(2015, 'Persons convicted')).toMatchObject({
      registry: 4,
      status: 'within_suppression',
    });
    expect(line(2016, 'Persons prosecuted')).toMatchObject({
      registry: null,
      status: 'registry_unknown',
    });
    expect(line(2016, 'Persons prosecuted')?.unknownBecause).toHaveLength(5);
    expect(line(2010, 'Persons convicted')?.status).toBe('not_in_registry');
    expect(line(2014, 'Persons convicted')).toMatchObject({ registry: 0, status: 'not_published' });
    expect(result.differences).not.toContainEqual(line(2015, 'Persons convicted'));
    expect(result.differences).toContainEqual(line(2016, 'Persons convicted'));
  });

  it('names an unknown country', async () => {
    const error: unknown = await reconcileWithGlotip(db.ctx, systemActor, {
      country: 'XYZ',
      rows: [published('Persons convicted', 2016, '7')],
    }).catch((e: unknown) => e);
    expect(isDomainError(error, 'NotFound')).toBe(true);
    expect(String(error)).toContain('XYZ');
  });
});
