import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/engines.ts';
import type { TestDatabase } from '../../../../test/engines.ts';
import { makeAgencies, makeCase, makeUser } from '../../../../test/factories.ts';
import { buildServer } from '../../server.ts';

interface Json {
  [key: string]: unknown;
}

describe.each(engines)('case team and identity over HTTP on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;

  async function call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    user: string | null,
    payload?: Json,
  ) {
    const response = await app.inject({
      method,
      url,
      headers: user === null ? {} : { 'x-palermo-user': user },
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: response.statusCode, body: response.json<Json>(), text: response.body };
  }

  beforeAll(async () => {
    db = await engine.open();
    app = await buildServer({ ctx: db.ctx, auth: 'development', logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('adds, lists and removes team members; identity is 403 outside the team', async () => {
    const { police, prosecutor } = await makeAgencies(db.ctx);
    const { caseId, victim } = await makeCase(db.ctx, police.id);
    const investigator = await makeUser(db.ctx, police.id);
    const outsider = await makeUser(db.ctx, prosecutor.id, ['prosecutor']);
    const identity = `/api/persons/${victim.id}/identity`;

    const recorded = await call('PUT', identity, investigator.username, {
      fullName: 'Synthetic Bermet Httpova',
      contacts: { phones: ['+996 700 000 000'], emails: ['bermet@example.org'] },
    });
    expect(recorded.status).toBe(200);
    const refused = await call('GET', identity, outsider.username);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('Forbidden');
    expect(refused.text).not.toContain('Bermet');
    // No user named: the development actor, which is on no team.
    expect((await call('GET', identity, null)).status).toBe(403);

    const added = await call('POST', `/api/cases/${caseId}/team`, investigator.username, {
      userId: outsider.id,
    });
    expect(added.status).toBe(201);
    expect((await call('GET', identity, outsider.username)).body.fullName).toBe(
      'Synthetic Bermet Httpova',
    );
    const team = await call('GET', `/api/cases/${caseId}/team`, outsider.username);
    expect(team.status).toBe(200);
    expect(team.body.members).toContainEqual(
      expect.objectContaining({ userId: outsider.id, bases: ['added'] }),
    );
    const removed = await call(
      'DELETE',
      `/api/cases/${caseId}/team/${outsider.id}`,
      investigator.username,
    );
    expect(removed.status).toBe(200);
    expect((await call('GET', identity, outsider.username)).status).toBe(403);
    expect((await call('GET', `/api/cases/${caseId}/team`, outsider.username)).status).toBe(403);
  });
});
