import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import type { Actor } from '../common/context.ts';
import { loadDemo } from '../demo/demo.ts';
import { protectedPublication, publicAnnualReport } from './annual-report.ts';
import { generatedDataset, generatedYears } from '../../../test/support/generated-registry.ts';
import { publishAnnualReport } from '../../core/stats/disclosure/publish.ts';
import { protectPublication } from '../../core/stats/disclosure/system.ts';
import type { StatsDataset } from '../../core/stats/dataset.ts';
import { reportPeriods } from '../../core/stats/period.ts';
import { computeAnnualReport } from '../../core/stats/report.ts';
import { integerProgramSolver } from '../estimation/linear-program.ts';
import { attack } from '../../../test/support/disclosure-attack.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

/** Every public report of every publication year and kind of a dataset. */
function publicReports(dataset: StatsDataset, publication: ReturnType<typeof protectPublication>) {
  const out = [];
  for (let year = publication.years.first; year <= publication.years.last; year++)
    for (const kind of ['calendar', 'tip'] as const)
      out.push({
        kind,
        year,
        report: publishAnnualReport(
          computeAnnualReport(dataset, reportPeriods({ year, kind }), { pack: null, findings: [] }),
          publication,
        ),
      });
  return out;
}

describe('an analyst with every public report and HiGHS', () => {
  it.each([
    [60, 3],
    [400, 5],
    [2000, 8],
  ])(
    'narrows no small count below 1..4 on a generated registry of %i cases',
    async (size, seed) => {
      const solver = await integerProgramSolver();
      const dataset = generatedDataset(size, seed);
      const publication = protectPublication(dataset, generatedYears(dataset), {
        pack: null,
        solver,
      });
      const started = Date.now();
      const result = attack(publication, publicReports(dataset, publication), solver);
      console.log(
        `${size} cases: ${result.cells.length} hidden, ${publication.primary.size} small, ${result.exact.length} exact, ${result.solves} solves in ${Date.now() - started} ms`,
      );
      expect(publication.primary.size).toBeGreaterThan(0);
      expect(result.inconsistent).toEqual([]);
      expect(result.narrowed).toEqual([]);
      // The analyst did solve: every hidden small count has a range.
      expect(result.cells.filter((c) => c.primary && c.min === null)).toEqual([]);
    },
    120_000,
  );

  it('recovers small counts when the interval protection is left out (the test can fail)', async () => {
    const solver = await integerProgramSolver();
    const dataset = generatedDataset(60, 3);
    const publication = protectPublication(dataset, generatedYears(dataset), { pack: null });
    const result = attack(publication, publicReports(dataset, publication), solver);
    expect(result.narrowed.length).toBeGreaterThan(0);
  }, 120_000);
});

describe.each(engines)('the analyst against the demo registry on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
    await loadDemo(db.ctx);
  });
  afterAll(() => db.close());

  it('reads every public report as an analyst and narrows no small count', async () => {
    const analyst: Actor = {
      id: 'analyst',
      username: 'analyst',
      agencyId: null,
      roles: ['analyst'],
    };
    const publication = await protectedPublication(db.ctx, toJurisdictionCode('KG'));
    const reports = [];
    for (let year = publication.years.first; year <= publication.years.last; year++)
      for (const kind of ['calendar', 'tip'] as const)
        reports.push({
          kind,
          year,
          report: await publicAnnualReport(db.ctx, analyst, {
            jurisdiction: 'KG',
            year,
            period: kind,
          }),
        });
    // The reports were protected with the publication the analyst is checked against.
    expect(await protectedPublication(db.ctx, toJurisdictionCode('KG'))).toBe(publication);
    const solver = await integerProgramSolver();
    const result = attack(publication, reports, solver);
    console.log(
      `demo: ${result.cells.length} hidden, ${publication.primary.size} small, ${result.exact.length} exact, ${result.solves} solves`,
    );
    expect(publication.primary.size).toBeGreaterThan(10);
    expect(result.inconsistent).toEqual([]);
    expect(result.narrowed).toEqual([]);
    const informed = attack(publication, reports, solver, true);
    const pinned = informed.cells.filter((c) => c.primary && c.min !== null && c.min === c.max);
    console.log(`demo, told which cells are small: ${pinned.length} small counts pinned`);
    expect(pinned).toEqual([]);
  }, 120_000);

  it('refuses a date range and a year outside the publication years, naming what', async () => {
    const analyst: Actor = {
      id: 'analyst',
      username: 'analyst',
      agencyId: null,
      roles: ['analyst'],
    };
    await expect(
      publicAnnualReport(db.ctx, analyst, {
        jurisdiction: 'KG',
        from: '2016-01-01',
        to: '2016-01-02',
      }),
    ).rejects.toThrow(/calendar and TIP years only/);
    await expect(
      publicAnnualReport(db.ctx, analyst, { jurisdiction: 'KG', year: 2030 }),
    ).rejects.toThrow(/2030 is not a publication year \(2014–2016\)/);
  }, 60_000);
});
