import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { developmentActor } from '../src/app/agencies/actors.ts';
import { loadDemo } from '../src/app/demo/demo.ts';
import { annualReport, publicAnnualReport } from '../src/app/reports/annual-report.ts';
import { annualReportAnswer } from '../src/app/reports/figure-records.ts';
import type { AnnualReportAnswer } from '../src/app/reports/figure-records.ts';
import type {
  annualReportView,
  publicReportView,
} from '../src/app/schemas/annual-report.schemas.ts';
import type { PublicReport } from '../src/core/stats/disclosure/publish.ts';
import { buildServer } from '../src/http/server.ts';
import { engines } from './engines.ts';
import type { TestDatabase } from './engines.ts';

/**
 * The report schemas are the API's contract and the web's types: each must be exactly the type the
 * use-case returns. A field the schema lacks would be stripped from the answer by the serializer;
 * a field it invents would be typed for the web but never sent. Both fail to compile here.
 */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const internalMatches: Exactly<z.output<typeof annualReportView>, AnnualReportAnswer> = true;
const publicMatches: Exactly<z.output<typeof publicReportView>, PublicReport> = true;

describe.each(engines)('the report schemas on $name', (engine) => {
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

  it('types the reports exactly as the use-cases return them', () => {
    expect([internalMatches, publicMatches]).toEqual([true, true]);
  });

  it('sends every field of the internal report, none dropped by the response schema', async () => {
    const query = { jurisdiction: 'KG', year: 2016, period: 'calendar', lang: 'en' } as const;
    const response = await app.inject({
      method: 'GET',
      url: '/api/reports/annual?jurisdiction=KG&year=2016',
    });
    expect(response.statusCode).toBe(200);
    const direct = await annualReport(db.ctx, developmentActor, query);
    expect(direct.integrity).not.toBeNull();
    expect(response.json()).toEqual(JSON.parse(JSON.stringify(annualReportAnswer(direct, query))));
  });

  it('sends every field of the published report, none dropped by the response schema', async () => {
    const query = { jurisdiction: 'KG', year: 2016, period: 'tip', lang: 'en' } as const;
    const response = await app.inject({
      method: 'GET',
      url: '/api/reports/annual/public?jurisdiction=KG&year=2016&period=tip',
    });
    expect(response.statusCode).toBe(200);
    const direct = await publicAnnualReport(db.ctx, developmentActor, query);
    expect(response.json()).toEqual(JSON.parse(JSON.stringify(direct)));
  });
});
