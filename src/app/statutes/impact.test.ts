import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeCase, testActor } from '../../../test/factories.ts';
import { hashPassword } from '../auth/passwords.ts';
import { createUser } from '../agencies/agencies.ts';
import { systemActor } from '../common/context.ts';
import { setPasswordHash } from '../../db/repositories/auth.repository.ts';
import { buildServer } from '../../http/server.ts';
import { addPerson } from '../persons/persons.ts';
import { lawAmendmentImpact } from './impact.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

const version = 'cc1997-124-amendment-signed';

describe.each(engines)('what the signed amendment would change, on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  const password = 'correct horse battery staple';
  let signIns = 0;
  let sealedRef = '';

  async function signIn(username: string) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: `198.51.100.${(signIns += 1)}`,
    });
    expect(response.statusCode).toBe(200);
    return { cookie: String(response.headers['set-cookie']).split(';')[0] ?? '' };
  }

  beforeAll(async () => {
    db = await engine.open();
    app = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
    const { police } = await makeAgencies(db.ctx);
    for (const [username, roles] of [
      ['prosecutor-impact', ['prosecutor']],
      ['analyst-impact', ['analyst']],
    ] as const) {
      const user = await createUser(db.ctx, systemActor, {
        agencyId: police.id,
        username,
        displayName: username,
        roles: [...roles],
      });
      await setPasswordHash(db.handle.db, user.id, await hashPassword(password), false);
    }
    // makeCase records a victim aged 16 (estimated); forms are recorded per victim record.
    await makeCase(db.ctx, police.id, {
      reference: 'IMPACT-CHILD',
      openedOn: '2016-05-10',
    });
    const adult = await makeCase(db.ctx, police.id, {
      reference: 'IMPACT-ADULT',
      openedOn: '2016-06-10',
    });
    await addPerson(db.ctx, testActor, adult.caseId, {
      role: 'victim',
      label: 'V2',
      sex: 'female',
      age: { kind: 'unknown' },
      citizenship: 'KGZ',
    });
    await makeCase(db.ctx, police.id, { reference: 'IMPACT-2019', openedOn: '2019-05-10' });
    const sealed = await makeCase(db.ctx, police.id, {
      reference: 'IMPACT-SEALED',
      openedOn: '2016-07-01',
    });
    sealedRef = 'IMPACT-SEALED';
    await db.handle.db
      .updateTable('cases')
      .set({ sealed: 1 })
      .where('id', '=', sealed.caseId)
      .execute();
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('lists the 2016 child case, says what is not recorded, and reads no sealed case', async () => {
    const impact = await lawAmendmentImpact(db.ctx, testActor, {
      jurisdiction: toJurisdictionCode('kg'),
      version,
    });
    expect(impact.period).toEqual({ from: '2016-04-01', to: '2018-12-31' });
    expect(impact.casesRead).toBe(2);
    const refs = impact.differently.map((f) => f.reference);
    expect(refs).not.toContain(sealedRef);
    expect(refs).not.toContain('IMPACT-2019');
    expect(JSON.stringify(impact)).not.toContain(sealedRef);
    const child = impact.differently.find((f) => f.reference === 'IMPACT-CHILD');
    expect(child).toBeDefined();
    expect(child?.facts.victimAge).toBe(16);
    expect(child?.notRecorded).toContain('means');
    expect(impact.incomplete).toContainEqual(
      expect.objectContaining({ reference: 'IMPACT-ADULT', victim: 'V2' }),
    );
  });

  it('over HTTP: a prosecutor reads it, an analyst (statistics only) is refused', async () => {
    const url = `/api/jurisdictions/KG/amendments/${version}/impact`;
    const ok = await app.inject({ method: 'GET', url, headers: await signIn('prosecutor-impact') });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).not.toContain(sealedRef);
    expect(
      ok.json<{ differently: { reference: string }[] }>().differently.map((f) => f.reference),
    ).toContain('IMPACT-CHILD');
    const refused = await app.inject({
      method: 'GET',
      url,
      headers: await signIn('analyst-impact'),
    });
    expect(refused.statusCode).toBe(403);
    const wrong = await app.inject({
      method: 'GET',
      url: '/api/jurisdictions/KG/amendments/cc1997-124-2016/impact',
      headers: await signIn('prosecutor-impact'),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('not an amendment');
  });
});
