import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/engines.ts';
import type { TestDatabase } from '../../../../test/engines.ts';
import { loadDemo } from '../../../app/demo/demo.ts';
import { buildServer } from '../../server.ts';
import { publicReportLimit } from './public-report.routes.ts';

describe.each(engines)('the published report over HTTP on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await engine.open();
    await loadDemo(db.ctx);
    app = await buildServer({ ctx: db.ctx, auth: 'development', logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  const get = (url: string) => app.inject({ method: 'GET', url });

  it('refuses a date range with a 400 that says why', async () => {
    const response = await get('/api/reports/annual/public?from=2016-01-01&to=2016-01-02');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('calendar and TIP years only');
    expect((await get('/api/reports/annual/public?year=2030')).statusCode).toBe(400);
  });

  it('serves CSV, XLSX, HTML and GLOTIP with the very faces of the JSON', async () => {
    const json = (await get('/api/reports/annual/public?year=2016')).json<{
      victims: { identified: unknown; bySex: Record<string, unknown> };
      convictions: { persons: unknown };
    }>();
    const csv = await get('/api/reports/annual/public?year=2016&format=csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).not.toContain('<5');
    const line = (figure: string) =>
      csv.body.split('\r\n').find((l) => l.startsWith(`victims,${figure},`));
    for (const [sex, face] of Object.entries(json.victims.bySex))
      expect(line(`bySex.${sex}`)?.split(',')[3]).toBe(
        face === null ? '' : JSON.stringify(face).replace(/"/g, ''),
      );
    expect(csv.body).toMatch(/,x,/);

    const xlsx = await get('/api/reports/annual/public?year=2016&format=xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from([xlsx.rawPayload]));
    const sheet = workbook.getWorksheet('victims');
    const identified = sheet
      ?.getRows(2, sheet.rowCount - 1)
      ?.find((r) => r.getCell(1).value === 'identified');
    expect(identified?.getCell(2).value).toBe(json.victims.identified);

    const html = await get('/api/reports/annual/public?year=2016&format=html');
    expect(html.headers['content-disposition']).toMatch(
      /^inline; filename="Published trafficking report Kyrgyz Republic 2016\.html"; filename\*=/,
    );
    expect(html.body).toContain("default-src 'none'");
    expect(html.body).not.toContain('<5');

    const glotip = await get('/api/reports/annual/public?year=2016&format=glotip');
    const convicted = glotip.body
      .split('\r\n')
      .find((l) => l.includes(',Persons convicted,Total,Total,Total,Total,2016,'));
    // A hidden figure has no row; a shown one is the JSON's count.
    if (typeof json.convictions.persons === 'number')
      expect(convicted).toContain(`,Counts,${json.convictions.persons},`);
    else expect(convicted).toBeUndefined();
    expect(
      (await get('/api/reports/annual/public?year=2016&period=tip&format=glotip')).statusCode,
    ).toBe(400);
  });

  it(`limits a reader to ${publicReportLimit.requests} requests in the window`, async () => {
    const codes: number[] = [];
    for (let i = 0; i <= publicReportLimit.requests; i++)
      codes.push(
        (await get('/api/reports/annual/public?from=2016-01-01&to=2016-01-02')).statusCode,
      );
    expect(codes.at(-1)).toBe(429);
    // The tests above made a few requests in the same window as the same reader.
    const first = codes.indexOf(429);
    expect(first).toBeGreaterThan(publicReportLimit.requests - 15);
    expect(new Set(codes.slice(0, first))).toEqual(new Set([400]));
  }, 60_000);
});
