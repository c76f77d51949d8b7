import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/engines.ts';
import type { TestDatabase } from '../../../../test/engines.ts';
import { loadDemo } from '../../../app/demo/demo.ts';
import { buildServer } from '../../server.ts';

describe.each(engines)('annual report files over HTTP on $name', (engine) => {
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

  it('tells any signed-in user the span of recorded years, null where nothing is recorded', async () => {
    // The demo's first case opens in May 2014; its last verdicts and sentences fall in 2016.
    expect((await get('/api/reports/years?jurisdiction=KG')).json()).toEqual({
      jurisdiction: 'KG',
      first: 2014,
      last: 2016,
    });
    expect((await get('/api/reports/years?jurisdiction=FR')).json()).toEqual({
      jurisdiction: 'FR',
      first: null,
      last: null,
    });
    // Either case names the same jurisdiction; a malformed code is refused by name.
    expect((await get('/api/reports/years?jurisdiction=kg')).json()).toMatchObject({
      jurisdiction: 'KG',
      first: 2014,
    });
    const bad = await get('/api/reports/years?jurisdiction=k1');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('jurisdiction');
  });

  it('keeps JSON the default', async () => {
    const response = await get('/api/reports/annual?year=2016');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json<{ convictions: { persons: number } }>().convictions.persons).toBe(10);
  });

  it("serves the XLSX as an attachment named in words, in the report's language", async () => {
    const response = await get('/api/reports/annual?year=2016&format=xlsx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="Trafficking report Kyrgyz Republic 2016.xlsx"; filename*=UTF-8''${encodeURIComponent('Trafficking report Kyrgyz Republic 2016.xlsx')}`,
    );
    // In Russian: the name in UTF-8 (filename*), an ASCII stand-in for old clients.
    const russian = await get('/api/reports/annual?year=2016&format=xlsx&lang=ru');
    const disposition = russian.headers['content-disposition'] as string;
    const utf8 = /filename\*=UTF-8''([^;]+)$/.exec(disposition)?.[1];
    expect(decodeURIComponent(utf8 ?? '')).toBe('Отчёт о торговле людьми Киргизия 2016.xlsx');
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.xlsx"; /);
    const tip = await get('/api/reports/annual?year=2016&period=tip&format=csv');
    const [, first, last] =
      /filename="Trafficking report Kyrgyz Republic (\d{4})-(\d{4})\.csv"/.exec(
        tip.headers['content-disposition'] as string,
      ) ?? [];
    expect(Number(last) - Number(first)).toBe(1);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from([response.rawPayload]));
    // The figure in words, then this period, the previous one, its records and its key.
    const row = workbook.getWorksheet('Convictions')?.getRow(2).values;
    expect(Array.isArray(row) ? row.slice(2) : row).toEqual([10, 4, 10, 'persons']);
    expect(Array.isArray(row) ? row[1] : row).toMatch(/^[A-Z]/);
  });

  it('serves CSV, GLOTIP CSV and HTML by path', async () => {
    const csv = await get('/api/reports/annual.csv?year=2016');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toContain('convictions,persons,2016,10,2015,4,');
    const glotip = await get('/api/reports/annual.glotip.csv?year=2016');
    expect(glotip.headers['content-disposition']).toMatch(
      /^attachment; filename="UNODC GLOTIP Kyrgyz Republic 2016\.csv"; /,
    );
    expect(glotip.body).toContain(
      'KGZ,Kyrgyzstan,Asia,Central Asia,Persons convicted,Total,Total,Total,Total,2016,Counts,10,Palermo',
    );
    const html = await get('/api/reports/annual.html?year=2016');
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-disposition']).toMatch(/^inline; filename="/);
    expect(html.body.match(/<svg /g)).toHaveLength(2);
  });

  it('refuses an unknown format and GLOTIP over a TIP year', async () => {
    expect((await get('/api/reports/annual?year=2016&format=pdf')).statusCode).toBe(400);
    expect((await get('/api/reports/annual.glotip.csv?year=2016&period=tip')).statusCode).toBe(400);
  });
});
