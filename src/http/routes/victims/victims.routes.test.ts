import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/engines.ts';
import type { TestDatabase } from '../../../../test/engines.ts';
import { makeAgencies, makeCase, makeUser, testActor, unique } from '../../../../test/factories.ts';
import { createAgency, findActor } from '../../../app/agencies/agencies.ts';
import { createApiToken } from '../../../app/auth/tokens.ts';
import { permissionsOf } from '../../../core/access/policy.ts';
import { addPerson } from '../../../app/persons/persons.ts';
import { recordIdentity } from '../../../app/persons/identity.ts';
import { recordVictim } from '../../../app/persons/victim-records.ts';
import { buildServer } from '../../server.ts';

interface Json {
  [key: string]: unknown;
}

// Matching and deciding over HTTP as the roles that do it: a supervisor with a real token runs
// the match and decides; an investigator may not; nobody sees an identity value in a response.
describe.each(engines)('victim matching over HTTP on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await engine.open();
    app = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  async function tokenOf(userId: string): Promise<string> {
    const actor = (await findActor(db.ctx, userId))!.actor;
    return (
      await createApiToken(db.ctx, actor, { name: unique('t'), scopes: permissionsOf(actor.roles) })
    ).token;
  }
  async function call(method: 'GET' | 'POST', url: string, token: string, payload?: Json) {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: response.statusCode, body: response.json<Json>(), text: response.body };
  }

  it('links the certain, queues the possible, lets a reviewer decide, and never shows a name', async () => {
    const { ctx } = db;
    const { police } = await makeAgencies(ctx);
    const ngo = await createAgency(ctx, testActor, {
      jurisdiction: 'KG',
      name: unique('Shelter NGO'),
      kind: 'ngo',
    });
    const policeMember = (await findActor(ctx, (await makeUser(ctx, police.id)).id))!.actor;
    async function victim(agencyId: string, identity: Json) {
      const made = await makeCase(ctx, police.id);
      const person = await addPerson(ctx, testActor, made.caseId, {
        role: 'victim',
        label: unique('V'),
        age: { kind: 'unknown' },
      });
      await recordVictim(ctx, testActor, person.id, {
        identifiedOn: '2016-05-01',
        identifyingAgencyId: agencyId,
      });
      await recordIdentity(ctx, policeMember, person.id, identity);
      return person.id;
    }
    const first = await victim(police.id, { fullName: 'Айгуль Асанова', birthDate: '1998-04-01' });
    const sameName = await victim(ngo.id, { fullName: 'ASANOVA Aigul' });
    const docA = await victim(police.id, {
      fullName: 'Нурлан Токтогулов',
      documentNumber: 'AN 1234567',
    });
    const docB = await victim(ngo.id, {
      fullName: 'Nurlan Toktogulov',
      documentNumber: 'an1234567',
    });

    const supervisor = await tokenOf((await makeUser(ctx, police.id, ['supervisor'])).id);
    const investigator = await tokenOf((await makeUser(ctx, police.id)).id);

    // Before any match the annual report says its victims are not de-duplicated.
    const report = async () =>
      (await call('GET', '/api/reports/annual?jurisdiction=KG&year=2016', supervisor)).body
        .victimEstimate as Json;
    expect((await report()).capture).toMatchObject({ matchedAt: null, deduplicated: false });
    expect(
      (await call('POST', '/api/victims/match', investigator, { jurisdiction: 'KG' })).status,
    ).toBe(403);
    const run = await call('POST', '/api/victims/match', supervisor, { jurisdiction: 'kg' });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ jurisdiction: 'KG', linkedNow: 1 });
    const pair = (a: string, b: string) => (a < b ? [a, b] : [b, a]);
    expect(run.body.queue).toEqual([
      expect.objectContaining({
        personA: pair(first, sameName)[0],
        personB: pair(first, sameName)[1],
        strength: 'possible',
        status: null,
      }),
    ]);
    expect(run.body.candidates).toContainEqual(
      expect.objectContaining({
        personA: pair(docA, docB)[0],
        strength: 'certain',
        status: 'linked',
      }),
    );
    // Record ids are random hexadecimal and may hold '1998' by chance: look past them.
    const withoutIds = run.text.replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
      '',
    );
    for (const value of ['Асанова', 'ASANOVA', 'Aigul', '1998', '1234567', 'Токтогулов'])
      expect(withoutIds).not.toContain(value);

    const before = await call(
      'GET',
      '/api/estimates/victims?jurisdiction=KG&year=2016',
      supervisor,
    );
    const decision = {
      personA: first,
      personB: sameName,
      decision: 'linked',
      reason: 'same person: the shelter confirmed her village and family',
    };
    expect((await call('POST', '/api/victims/links', investigator, decision)).status).toBe(403);
    const decided = await call('POST', '/api/victims/links', supervisor, decision);
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'linked', version: 1, reason: decision.reason });
    const after = await call('GET', '/api/estimates/victims?jurisdiction=KG&year=2016', supervisor);
    const persons = (body: Json) => (body.capture as { persons: number }).persons;
    expect(persons(after.body)).toBe(persons(before.body) - 1);
    expect(after.body.capture).toMatchObject({ deduplicated: true });
    // The annual report carries the same capture table and estimate, labelled with the lists.
    expect(await report()).toEqual(after.body);
    expect(after.body.capture).toMatchObject({ lists: [police.name, ngo.name].sort() });

    // Changing a decision needs its current version: without it 400, with an old one 409.
    const undo = { ...decision, decision: 'withdrawn', reason: 'the shelter was mistaken' };
    const noVersion = await call('POST', '/api/victims/links', supervisor, undo);
    expect(noVersion.status).toBe(400);
    expect(noVersion.text).toContain('version');
    expect(
      (await call('POST', '/api/victims/links', supervisor, { ...undo, version: 7 })).status,
    ).toBe(409);
    const withdrawn = await call('POST', '/api/victims/links', supervisor, { ...undo, version: 1 });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', version: 2 });
    const undone = await call(
      'GET',
      '/api/estimates/victims?jurisdiction=KG&year=2016',
      supervisor,
    );
    expect(persons(undone.body)).toBe(persons(before.body));
  });
});
