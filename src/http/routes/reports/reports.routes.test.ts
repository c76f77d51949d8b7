import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/engines.ts';
import type { TestDatabase } from '../../../../test/engines.ts';
import { loadDemo } from '../../../app/demo/demo.ts';
import { developmentActor } from '../../../app/agencies/actors.ts';
import { annualReport } from '../../../app/reports/annual-report.ts';
import { figureSections } from '../../../core/stats/sections.ts';
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

  it('answers the figures without record ids; each figure names where its records are, and they are the report’s', async () => {
    for (const query of [
      'year=2016',
      'year=2016&period=tip&jurisdiction=KG',
      'from=2015-06-01&to=2016-05-31',
    ]) {
      const response = await get(`/api/reports/annual?${query}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toMatch(/"(case|person|sentence|training|allegation):/);
      const answer = response.json<Record<string, { records: unknown }>>();
      const params = new URLSearchParams(query);
      const direct = await annualReport(db.ctx, developmentActor, {
        jurisdiction: params.get('jurisdiction') ?? undefined,
        year: params.has('year') ? Number(params.get('year')) : undefined,
        period: params.get('period') === 'tip' ? 'tip' : 'calendar',
        from: params.get('from') ?? undefined,
        to: params.get('to') ?? undefined,
      });
      let figures = 0;
      let ids = 0;
      const walk = async (refs: unknown, records: unknown, path: string): Promise<void> => {
        if (Array.isArray(records)) {
          figures += 1;
          expect(refs).toEqual({ count: records.length, href: expect.any(String) });
          const { href } = refs as { href: string };
          expect(new URL(href, 'http://x').searchParams.get('figure')).toBe(path);
          // Paged three at a time, the pages put together are the report's list.
          const pages: string[] = [];
          let next: string | null = `${href}&limit=3`;
          while (next !== null) {
            const page = await get(next);
            expect(page.statusCode).toBe(200);
            const body = page.json<{ ids: string[]; total: number; next: string | null }>();
            expect(body.total).toBe(records.length);
            expect(body.ids.length).toBeLessThanOrEqual(3);
            pages.push(...body.ids);
            next = body.next;
          }
          expect(pages).toEqual(records);
          ids += pages.length;
          return;
        }
        for (const [key, child] of Object.entries(records as object))
          await walk((refs as Record<string, unknown>)[key], child, `${path}.${key}`);
      };
      // Each section's figures, this period's and the previous period's (records.previous), the
      // completeness counts' and the prison terms'.
      for (const section of figureSections)
        await walk(answer[section]?.records, direct[section].records, section);
      const sectionFigures = figures;
      await walk(answer.completeness?.records, direct.completeness.records, 'completeness');
      await walk(answer.details?.records, direct.details.records, 'details');
      expect(figures).toBeGreaterThan(sectionFigures + 5);
      expect(figures).toBeGreaterThan(160);
      expect(ids).toBeGreaterThan(0);
      // The completeness counts are numbers, each with its records' count and address.
      const completeness = answer.completeness as unknown as Record<string, unknown>;
      expect(completeness.casesWithoutProvision).toBe(direct.completeness.casesWithoutProvision);
      // A previous period's page says which period it lists.
      const previous = await get(
        `/api/reports/annual/records?${query}&figure=investigations.previous.total`,
      );
      expect(previous.json<{ period: unknown }>().period).toEqual({
        from: direct.meta.periods.previous.from,
        to: direct.meta.periods.previous.to,
      });
    }
  }, 120_000);

  it('refuses a figure the report does not have, and a page too large', async () => {
    for (const figure of [
      'investigations',
      'nothing.total',
      'investigations.byForm',
      'investigations.total.x',
      'meta.jurisdiction',
      'investigations.previous',
      'investigations.previous.nothing',
      'completeness.agenciesNotCertified',
      'completeness.pendingAllegations',
      'details.trainings',
    ])
      expect(
        (await get(`/api/reports/annual/records?year=2016&figure=${encodeURIComponent(figure)}`))
          .statusCode,
      ).toBe(404);
    expect(
      (await get('/api/reports/annual/records?year=2016&figure=investigations.total&limit=1001'))
        .statusCode,
    ).toBe(400);
    expect((await get('/api/reports/annual/records?year=2016')).statusCode).toBe(400);
    // A page past the end is empty, not an error.
    const past = await get(
      '/api/reports/annual/records?year=2016&figure=investigations.total&offset=100000',
    );
    expect(past.json()).toMatchObject({ ids: [], next: null });
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
