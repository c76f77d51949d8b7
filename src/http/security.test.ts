import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { engines } from '../../test/engines.ts';
import type { TestDatabase } from '../../test/engines.ts';
import { buildServer } from './server.ts';

/** Strings an attacker would type into any text field. */
const payloads = [
  "'; DROP TABLE cases; --",
  "x' OR '1'='1",
  '" OR ""="',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '../../../../etc/passwd',
  '%00\u0000null byte',
];

interface Json {
  [key: string]: unknown;
}

describe.each(engines)('hostile input on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let policeId: string;

  async function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
    const response = await app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
    return { status: response.statusCode, body: response.body, headers: response.headers };
  }

  beforeAll(async () => {
    db = await engine.open();
    app = await buildServer({ ctx: db.ctx, auth: 'development', logLevel: 'silent' });
    policeId = JSON.parse(
      (await call('POST', '/api/agencies', { jurisdiction: 'KG', name: 'Police', kind: 'police' }))
        .body,
    ).id as string;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('stores SQL-injection and script payloads in every text field as plain data', async () => {
    for (const [i, payload] of payloads.entries()) {
      const text = payload.split(String.fromCharCode(0)).join('');
      const agency = await call('POST', '/api/agencies', {
        jurisdiction: 'KG',
        name: `${text} ${i}`,
        kind: 'ngo',
      });
      expect(agency.status).toBe(201);
      const opened = await call('POST', '/api/cases', {
        jurisdiction: 'KG',
        reference: `${text}-${i}`,
        openedOn: '2016-01-01',
        openingAgencyId: policeId,
        summary: text,
      });
      expect(opened.status).toBe(201);
      const caseId = (JSON.parse(opened.body) as { id: string }).id;
      const person = await call('POST', `/api/cases/${caseId}/persons`, {
        role: 'victim',
        label: text.slice(0, 60),
        publicOfficial: 'yes',
        officialAgency: text,
        officialPosition: text,
      });
      expect(person.status).toBe(201);
      const training = await call('POST', '/api/trainings', {
        jurisdiction: 'KG',
        title: text,
        startsOn: '2016-05-01',
        endsOn: '2016-05-01',
        audiences: [{ audience: 'police', participants: 1 }],
        partners: [text],
        trainers: [text],
        topics: [text],
      });
      expect(training.status).toBe(201);
      const allegation = await call('POST', '/api/complicity-allegations', {
        jurisdiction: 'KG',
        receivedOn: '2016-05-01',
        source: 'ngo',
        allegation: text,
        accusedAgencyDescription: text.slice(0, 300),
      });
      expect(allegation.status).toBe(201);
      const read = JSON.parse((await call('GET', `/api/cases/${caseId}`)).body) as {
        summary: string;
        reference: string;
      };
      expect(read.summary).toBe(text);
      expect(read.reference).toBe(`${text}-${i}`);
    }
    // Every table is still there and holds exactly what was written.
    const cases = await db.handle.db
      .selectFrom('cases')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(cases.n)).toBe(payloads.length);
  });

  it('refuses a NUL character with 400 naming the field, on every engine', async () => {
    const response = await call('POST', '/api/cases', {
      jurisdiction: 'KG',
      reference: 'NUL-1',
      openedOn: '2016-01-01',
      openingAgencyId: policeId,
      summary: `a${String.fromCharCode(0)}b`,
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      issues: [{ path: 'summary', message: 'must not contain a NUL character' }],
    });
  });

  it('matches a search term literally, never as SQL or as a pattern', async () => {
    const all = JSON.parse(
      (await call('GET', `/api/cases?reference=${encodeURIComponent("x' OR '1'='1")}`)).body,
    ) as { total: number };
    expect(all.total).toBe(1);
    // '%' appears in one reference ("%00…"): found once, not as "match everything".
    const percent = JSON.parse(
      (await call('GET', `/api/cases?reference=${encodeURIComponent('%')}`)).body,
    ) as { total: number };
    expect(percent.total).toBe(1);
    const underscore = JSON.parse(
      (await call('GET', `/api/cases?reference=${encodeURIComponent('_')}`)).body,
    ) as { total: number };
    expect(underscore.total).toBe(0);
  });

  it('answers with JSON that browsers will not sniff as HTML, even when reflecting input', async () => {
    const reflected = await call(
      'GET',
      `/api/cases/${encodeURIComponent('<script>alert(1)</script>')}`,
    );
    expect(reflected.status).toBe(404);
    expect(reflected.headers['content-type']).toMatch(/^application\/json/);
    expect(reflected.headers['x-content-type-options']).toBe('nosniff');
    expect(reflected.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('escapes stored scripts in the HTML report', async () => {
    const html = await call('GET', '/api/reports/annual.html?year=2016&jurisdiction=KG');
    expect(html.status).toBe(200);
    expect(html.body).not.toContain('<script>alert(1)</script>');
    expect(html.body).not.toContain('<img src=x onerror');
    expect(html.body).toContain('&lt;script&gt;');
  });

  it('names export files itself and refuses a path in a jurisdiction or format', async () => {
    const file = await call('GET', '/api/reports/annual.csv?year=2016&jurisdiction=KG');
    expect(file.headers['content-disposition']).toMatch(
      /^attachment; filename="Trafficking report Kyrgyz Republic 2016\.csv"; filename\*=UTF-8''Trafficking%20report%20Kyrgyz%20Republic%202016\.csv$/,
    );
    expect(
      (
        await call(
          'GET',
          `/api/reports/annual.csv?year=2016&jurisdiction=${encodeURIComponent('../../etc')}`,
        )
      ).status,
    ).toBe(400);
    expect(
      (await call('GET', `/api/reports/annual?year=2016&format=${encodeURIComponent('../../x')}`))
        .status,
    ).toBe(400);
  });
});
