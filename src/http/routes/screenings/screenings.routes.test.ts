import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/engines.ts';
import type { TestDatabase } from '../../../../test/engines.ts';
import { buildServer } from '../../server.ts';

interface Json {
  [key: string]: unknown;
}

describe.each(engines)('screenings over HTTP on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let victimId: string;
  let caseId: string;

  async function call(method: 'GET' | 'POST', url: string, payload?: Json) {
    const response = await app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: response.statusCode, body: response.json<Json>() };
  }

  beforeAll(async () => {
    db = await engine.open();
    app = await buildServer({ ctx: db.ctx, auth: 'development', logLevel: 'silent' });
    const police = await call('POST', '/api/agencies', {
      jurisdiction: 'KG',
      name: 'MVD',
      kind: 'police',
    });
    const opened = await call('POST', '/api/cases', {
      jurisdiction: 'KG',
      reference: 'SCR-1',
      openedOn: '2019-04-01',
      openingAgencyId: police.body.id as string,
    });
    caseId = opened.body.id as string;
    const victim = await call('POST', `/api/cases/${caseId}/persons`, {
      role: 'victim',
      age: { kind: 'exact', years: 27 },
    });
    victimId = victim.body.id as string;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('records a screening (201) and lists it, with the status, reasoning and screener', async () => {
    const recorded = await call('POST', `/api/persons/${victimId}/screenings`, {
      setId: 'ilo-forced-labour',
      screenedOn: '2019-04-02',
      answers: { withholding_of_wages: 'yes', retention_of_identity_documents: 'yes' },
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      caseId,
      personId: victimId,
      setId: 'ilo-forced-labour',
      status: 'presumed_victim',
      complete: false,
    });
    expect(typeof recorded.body.screenedBy).toBe('string');
    expect((recorded.body.reasoning as string[]).join('\n')).toMatch(/withholding_of_wages/);

    const listed = await call('GET', `/api/persons/${victimId}/screenings`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([recorded.body]);
  });

  it('answers 400 naming setId for a set the jurisdiction does not use, and for a field not stored', async () => {
    const unknownSet = await call('POST', `/api/persons/${victimId}/screenings`, {
      setId: 'organ-removal',
      screenedOn: '2019-04-02',
      answers: {},
    });
    expect(unknownSet.status).toBe(400);
    expect(unknownSet.body).toMatchObject({
      error: 'ValidationFailed',
      issues: [{ path: 'setId' }],
    });
    const withNotes = await call('POST', `/api/persons/${victimId}/screenings`, {
      setId: 'ilo-forced-labour',
      screenedOn: '2019-04-02',
      answers: {},
      notes: 'free text the registry does not keep',
    });
    expect(withNotes.status).toBe(400);
  });

  it('answers 404 for an unknown person', async () => {
    expect((await call('GET', '/api/persons/nobody/screenings')).status).toBe(404);
    expect(
      (
        await call('POST', '/api/persons/nobody/screenings', {
          setId: 'ilo-forced-labour',
          screenedOn: '2019-04-02',
          answers: {},
        })
      ).status,
    ).toBe(404);
  });

  it('lists the screening sets with their indicators, filtered by jurisdiction', async () => {
    const all = await call('GET', '/api/screening-sets');
    expect(all.status).toBe(200);
    const sets = all.body.sets as { id: string; indicators: { id: string }[] }[];
    expect(sets.map((s) => s.id).sort()).toEqual(['ilo-forced-labour', 'sexual-exploitation']);
    expect(sets.find((s) => s.id === 'ilo-forced-labour')?.indicators.length).toBeGreaterThan(5);
    const none = await call('GET', '/api/screening-sets?jurisdiction=FR');
    expect(none.body.sets).toEqual([]);
    // A jurisdiction code is accepted in either case and names the same jurisdiction;
    // a malformed one is still refused.
    const upper = await call('GET', '/api/screening-sets?jurisdiction=KG');
    const lower = await call('GET', '/api/screening-sets?jurisdiction=kg');
    expect(lower.status).toBe(200);
    expect((upper.body.sets as unknown[]).length).toBeGreaterThan(0);
    expect(lower.body.sets).toEqual(upper.body.sets);
    expect((await call('GET', '/api/screening-sets?jurisdiction=k9')).status).toBe(400);
  });
});
