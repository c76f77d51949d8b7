/**
 * Jurisdiction codes in either case at the HTTP edge, signed in as the real roles: an
 * administrator adds an agency for `kz` (a country only a fixture pack knows), an investigator
 * opens a case for `Kz`, an analyst reads its published GLOTIP file for `kz`; the registry stores `KZ`.
 */
import type { Role } from '../core/vocabulary.ts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/engines.ts';
import type { TestDatabase } from '../../test/engines.ts';
import { packsDir } from '../../test/packs.ts';
import { createAgency, createUser } from '../app/agencies/agencies.ts';
import { hashPassword } from '../app/auth/passwords.ts';
import { systemActor } from '../app/common/context.ts';
import { loadPacks } from '../app/statutes/load-packs.ts';
import { setPasswordHash } from '../db/repositories/auth.repository.ts';
import { buildServer } from './server.ts';

type Headers = Record<string, string>;
const packs = packsDir({ fixtures: ['kz'] });
const registry = loadPacks(packs.dir);

describe.each(engines)('jurisdiction codes in either case on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  const password = 'correct horse battery staple';
  let signIns = 0;

  async function signIn(username: string): Promise<Headers> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: `198.51.100.${(signIns += 1)}`,
    });
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']).split(';')[0] ?? '';
    return { cookie, 'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken };
  }
  async function user(agencyId: string, username: string, roles: Role[]) {
    const made = await createUser(db.ctx, systemActor, {
      agencyId,
      username,
      displayName: username,
      roles,
    });
    await setPasswordHash(db.handle.db, made.id, await hashPassword(password), false);
  }

  beforeAll(async () => {
    db = await engine.open({ statutes: () => registry });
    app = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
    const ministry = await createAgency(db.ctx, systemActor, {
      jurisdiction: 'kz',
      name: 'Ministry (synthetic)',
      kind: 'ministry',
    });
    await user(ministry.id, 'admin-kz', ['administrator']);
    await user(ministry.id, 'analyst-kz', ['analyst']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    packs.cleanup();
  });

  it('accepts kz, Kz and KZ as one jurisdiction and refuses a malformed code by name', async () => {
    const admin = await signIn('admin-kz');
    const agency = await app.inject({
      method: 'POST',
      url: '/api/agencies',
      headers: admin,
      payload: { jurisdiction: 'kz', name: 'Almaty police (synthetic)', kind: 'police' },
    });
    expect(agency.statusCode).toBe(201);
    const police = agency.json<{ id: string; jurisdiction: string }>();
    expect(police.jurisdiction).toBe('KZ');
    await user(police.id, 'investigator-kz', ['investigator']);
    const investigator = await signIn('investigator-kz');
    const opened = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: investigator,
      payload: {
        jurisdiction: 'Kz',
        reference: 'KZ-2020-1',
        openedOn: '2020-03-01',
        openingAgencyId: police.id,
        origin: 'victim_complaint',
        registeredProvision: { jurisdiction: 'kZ', instrument: 'cc2014', article: '128' },
      },
    });
    expect(opened.statusCode).toBe(201);
    expect(opened.json<{ jurisdiction: string }>().jurisdiction).toBe('KZ');
    const bad = await app.inject({
      method: 'POST',
      url: '/api/agencies',
      headers: admin,
      payload: { jurisdiction: 'k2', name: 'Nowhere', kind: 'police' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('jurisdiction');

    const analyst = await signIn('analyst-kz');
    const listed = await app.inject({
      method: 'GET',
      url: '/api/agencies?jurisdiction=kz',
      headers: analyst,
    });
    expect(listed.json<{ items: { name: string }[] }>().items.map((a) => a.name)).toContain(
      'Almaty police (synthetic)',
    );
    // The analyst's published report, as GLOTIP: the country named as the fixture pack names it.
    const glotip = await app.inject({
      method: 'GET',
      url: '/api/reports/annual/public?jurisdiction=kz&year=2020&format=glotip',
      headers: analyst,
    });
    expect(glotip.statusCode).toBe(200);
    const rows = glotip.body.trim().split('\r\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.startsWith('KAZ,Kazakhstan,Asia,Central Asia,')).toBe(true);
    // The law routes take `:code` in either case and answer with the system's one spelling.
    for (const asked of ['KZ', 'kz']) {
      const law = await app.inject({
        method: 'GET',
        url: `/api/jurisdictions/${asked}/timeline?asOf=2020-01-01`,
        headers: analyst,
      });
      expect(law.json<{ jurisdiction: string }>()).toMatchObject({ jurisdiction: 'KZ' });
    }
  });
});
