import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { engines } from '../../test/engines.ts';
import type { TestDatabase } from '../../test/engines.ts';
import { buildServer } from './server.ts';

interface Json {
  [key: string]: unknown;
}

describe.each(engines)('HTTP API on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let policeId: string;
  let courtId: string;

  async function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) {
    const response = await app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
    return { status: response.statusCode, body: response.json<Json>() };
  }

  async function tableCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of [
      'agencies',
      'users',
      'cases',
      'persons',
      'victim_records',
      'charges',
      'case_events',
      'verdicts',
      'sentences',
      'trainings',
      'complicity_allegations',
      'period_certifications',
      'audit_log',
    ] as const) {
      const row = await db.handle.db
        .selectFrom(table)
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  }

  beforeAll(async () => {
    db = await engine.open();
    app = await buildServer({ ctx: db.ctx, auth: 'development', logLevel: 'silent' });
    policeId = (
      await call('POST', '/api/agencies', { jurisdiction: 'KG', name: 'MVD', kind: 'police' })
    ).body.id as string;
    courtId = (
      await call('POST', '/api/agencies', { jurisdiction: 'KG', name: 'Court', kind: 'court' })
    ).body.id as string;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('reports engine and migration state', async () => {
    const { status, body } = await call('GET', '/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', engine: engine.name, migrations: { pending: [] } });
  });

  it('publishes an OpenAPI 3.1 document with the registry routes and serves the docs', async () => {
    const { status, body } = await call('GET', '/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const paths = Object.keys(body.paths as Json);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/cases',
        '/api/cases/{id}/events',
        '/api/agencies',
        '/api/trainings',
        '/api/complicity-allegations',
        '/api/certifications',
        '/api/history/{entityType}/{id}',
      ]),
    );
    const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    const home = await app.inject({ method: 'GET', url: '/' });
    // The web UI (or, before `npm run build:web`, a page saying how to build it).
    expect(home.headers['content-type']).toContain('text/html');
    expect(home.body).toContain('/api/docs');
  });

  it('records a case through the API and answers 409 on a stale version', async () => {
    const opened = await call('POST', '/api/cases', {
      jurisdiction: 'KG',
      reference: 'API-1',
      openedOn: '2016-02-01',
      openingAgencyId: policeId,
      origin: 'ngo_referral',
    });
    expect(opened.status).toBe(201);
    const caseId = opened.body.id as string;
    const suspect = await call('POST', `/api/cases/${caseId}/persons`, {
      role: 'suspect',
      sex: 'male',
    });
    const victim = await call('POST', `/api/cases/${caseId}/persons`, {
      role: 'victim',
      sex: 'female',
      age: { kind: 'exact', years: 15 },
    });
    expect(
      (
        await call('PUT', `/api/persons/${victim.body.id as string}/victim-record`, {
          forms: ['forced_labour'],
          referredToServices: 'no',
        })
      ).status,
    ).toBe(200);
    const charge = await call('POST', `/api/cases/${caseId}/charges`, {
      personId: suspect.body.id,
      statute: { jurisdiction: 'KG', instrument: 'cc1997', article: '124' },
      form: 'labour',
      chargedOn: '2016-03-01',
    });
    expect(charge.status).toBe(201);
    const referred = await call('POST', `/api/cases/${caseId}/events`, {
      kind: 'refer',
      caseVersion: 1,
      occurredOn: '2016-04-01',
    });
    expect(referred.status).toBe(201);
    expect(referred.body.status).toBe('prosecution');
    const stale = await call('POST', `/api/cases/${caseId}/events`, {
      kind: 'indict',
      caseVersion: 1,
      occurredOn: '2016-04-02',
      personId: suspect.body.id,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('VersionConflict');
    const verdict = await call('POST', `/api/cases/${caseId}/events`, {
      kind: 'verdict',
      caseVersion: 2,
      occurredOn: '2016-06-01',
      personId: suspect.body.id,
      chargeId: charge.body.id,
      outcome: 'convicted',
      courtAgencyId: courtId,
    });
    expect(verdict.status).toBe(201);
    const notAllowed = await call('POST', `/api/cases/${caseId}/events`, {
      kind: 'refer',
      caseVersion: 3,
      occurredOn: '2016-06-02',
    });
    expect(notAllowed.status).toBe(409);
    expect(notAllowed.body).toMatchObject({
      error: 'TransitionNotAllowed',
      details: { currentStatus: 'verdict', allowed: ['verdict', 'sentence', 'appeal', 'final'] },
    });
    const history = await call('GET', `/api/history/case/${caseId}`);
    expect((history.body.entries as Json[]).map((e) => e.action)).toEqual([
      'case.open',
      'case.refer',
      'case.verdict',
    ]);
    const list = await call('GET', '/api/cases?form=labour&year=2016');
    expect((list.body.items as Json[]).map((c) => c.reference)).toEqual(['API-1']);
  });

  it('answers 400 listing every invalid field, and 404 for a missing record', async () => {
    const { status, body } = await call('POST', '/api/trainings', {
      jurisdiction: 'KG',
      title: '',
      startsOn: 'yesterday',
      audiences: [{ audience: 'judges', participants: -1 }],
    });
    expect(status).toBe(400);
    expect((body.issues as { path: string }[]).map((issue) => issue.path).sort()).toEqual([
      'audiences.0.participants',
      'endsOn',
      'startsOn',
      'title',
    ]);
    const missing = await call('GET', '/api/cases/does-not-exist');
    expect(missing.status).toBe(404);
    const badQuery = await call('GET', '/api/cases?status=lost&pageSize=0');
    expect(badQuery.status).toBe(400);
    expect((badQuery.body.issues as { path: string }[]).map((issue) => issue.path).sort()).toEqual([
      'query.pageSize',
      'query.status',
    ]);
  });

  it('answers 413 to an oversized body and 400 to malformed JSON', async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/api/agencies',
      headers: { 'content-type': 'application/json' },
      payload: `{"name":"${'x'.repeat(2_000_000)}"}`,
    });
    expect(big.statusCode).toBe(413);
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/agencies',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('never answers 500 and never writes part of a refused request (fuzzed bodies)', async () => {
    const opened = await call('POST', '/api/cases', {
      jurisdiction: 'KG',
      reference: 'FUZZ-1',
      openedOn: '2016-02-01',
      openingAgencyId: policeId,
    });
    const caseId = opened.body.id as string;
    const suspect = await call('POST', `/api/cases/${caseId}/persons`, { role: 'suspect' });
    const personId = suspect.body.id as string;
    const targets: [string, string][] = [
      ['POST', '/api/agencies'],
      ['POST', '/api/cases'],
      ['PATCH', `/api/cases/${caseId}`],
      ['POST', `/api/cases/${caseId}/persons`],
      ['PATCH', `/api/persons/${personId}`],
      ['PUT', `/api/persons/${personId}/identity`],
      ['PUT', `/api/persons/${personId}/victim-record`],
      ['POST', `/api/cases/${caseId}/charges`],
      ['POST', `/api/cases/${caseId}/events`],
      ['POST', '/api/trainings'],
      ['POST', '/api/complicity-allegations'],
      ['POST', '/api/certifications'],
      ['POST', '/api/users'],
    ];
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(
        '2016-01-01',
        'KG',
        policeId,
        personId,
        caseId,
        'unknown',
        'refer',
        'suspect',
        'victim',
        'judges',
      ),
      fc.array(fc.string(), { maxLength: 3 }),
    );
    const keys = fc.constantFrom(
      'jurisdiction',
      'name',
      'kind',
      'reference',
      'openedOn',
      'openingAgencyId',
      'origin',
      'role',
      'age',
      'version',
      'kind',
      'caseVersion',
      'occurredOn',
      'personId',
      'statute',
      'forms',
      'title',
      'audiences',
      'agencyId',
      'periodFrom',
      'periodTo',
      'roles',
      'username',
      'fullName',
    );
    const body = fc.oneof(fc.dictionary(keys, value, { maxKeys: 8 }), fc.anything());
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, async ([method, url], payload) => {
        const before = await tableCounts();
        const response = await app.inject({
          method: method as 'POST',
          url,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(payload) ?? 'null',
        });
        expect(response.statusCode).not.toBeGreaterThanOrEqual(500);
        if (response.statusCode >= 400) {
          const after = await tableCounts();
          // A refusal of access (identity outside the case team) is itself logged: one entry.
          if (response.statusCode === 403) after.audit_log = (after.audit_log ?? 0) - 1;
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 150 },
    );
  });
});
