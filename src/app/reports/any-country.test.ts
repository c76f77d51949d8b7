import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeCase, testActor } from '../../../test/factories.ts';
import { packsDir } from '../../../test/packs.ts';
import { createAgency } from '../agencies/agencies.ts';
import { loadPacks } from '../statutes/load-packs.ts';
import { exportAnnualReport } from './exports/export.ts';
import type { GlotipRow } from './exports/glotip.ts';
import { reconcileWithGlotip } from './reconcile.ts';

// Kazakhstan exists only as a fixture pack (test/fixtures/jurisdictions/kz): no code names it.
const packs = packsDir({ fixtures: ['kz'] });
const registry = loadPacks(packs.dir);

const published = (indicator: string, year: number, value: string): GlotipRow => ({
  Iso3_code: 'KAZ',
  Country: 'Kazakhstan',
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

describe.each(engines)('a third country from its pack alone on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open({ statutes: () => registry });
    // Written lower case on purpose: codes are accepted in either case and stored upper case.
    const police = await createAgency(db.ctx, testActor, {
      jurisdiction: 'kz',
      name: 'Almaty police (synthetic)',
      kind: 'police',
    });
    for (const [i, openedOn] of ['2020-02-01', '2020-05-01', '2020-09-01'].entries()) {
      await makeCase(db.ctx, police.id, {
        jurisdiction: 'kz',
        reference: `KZ-2020-${i}`,
        openedOn,
        registeredProvision: { jurisdiction: 'Kz', instrument: 'cc2014', article: '128' },
      });
    }
  });
  afterAll(async () => {
    await db.close();
    packs.cleanup();
  });

  it('exports GLOTIP rows named as the pack names the country', async () => {
    const file = await exportAnnualReport(
      db.ctx,
      testActor,
      { jurisdiction: 'kz', year: 2020 },
      'glotip',
    );
    const lines = String(file.body).trim().split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1))
      expect(line.startsWith('KAZ,Kazakhstan,Asia,Central Asia,')).toBe(true);
    expect(lines.some((l) => l.includes('Persons convicted,Total,Total,Total,Total,2020'))).toBe(
      true,
    );
  });

  it('reconciles with UNODC rows of the country, found by its pack', async () => {
    const result = await reconcileWithGlotip(db.ctx, testActor, {
      country: 'kaz',
      rows: [published('Persons convicted', 2020, '9'), published('Persons convicted', 2010, '5')],
    });
    expect(result.jurisdiction).toBe('KZ');
    const line = (year: number) =>
      result.lines.find((l) => l.year === year && l.indicator === 'Persons convicted');
    expect(line(2020)).toMatchObject({
      published: '9',
      registry: 0,
      status: 'differs',
      difference: -9,
    });
    expect(line(2010)?.status).toBe('not_in_registry');
    await expect(
      reconcileWithGlotip(db.ctx, testActor, {
        country: 'UZB',
        rows: [{ ...published('Persons convicted', 2020, '1'), Iso3_code: 'UZB' }],
      }),
    ).rejects.toThrow(
      /no installed statute pack has this ISO 3166 code \(installed: KG KGZ, KZ KAZ, US USA\)/,
    );
  });
});
