import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../core/vocabulary.ts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { engines } from '../../test/engines.ts';
import type { TestDatabase } from '../../test/engines.ts';
import { createAgency, createUser } from '../app/agencies/agencies.ts';
import { hashPassword } from '../app/auth/passwords.ts';
import { systemActor } from '../app/common/context.ts';
import { setPasswordHash } from '../db/repositories/auth.repository.ts';
import { buildServer } from './server.ts';

interface Json {
  [key: string]: unknown;
}

describe.each(engines)('authentication on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let clock = Date.parse('2026-01-10T09:00:00Z');
  const password = 'correct horse battery staple';

  async function makeUser(username: string, roles: Role[]) {
    const agency = await createAgency(db.ctx, systemActor, {
      jurisdiction: 'KG',
      name: `Agency of ${username}`,
      kind: 'police',
    });
    const user = await createUser(db.ctx, systemActor, {
      agencyId: agency.id,
      username,
      displayName: username,
      roles,
    });
    await setPasswordHash(db.handle.db, user.id, await hashPassword(password), false);
    return user;
  }

  async function signIn(username: string, secret = password) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: secret },
      remoteAddress: `10.0.0.${username.length}`,
    });
    const cookie = (response.headers['set-cookie'] as string | undefined)?.split(';')[0] ?? '';
    return { status: response.statusCode, cookie, body: response.json<Json>() };
  }

  async function auditActions(): Promise<string[]> {
    const rows = await db.handle.db
      .selectFrom('audit_log')
      .select('action')
      .orderBy('idx')
      .execute();
    return rows.map((row) => row.action);
  }

  beforeAll(async () => {
    db = await engine.open({ now: () => new Date(clock) });
    app = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
    await makeUser('i.investigator', ['investigator']);
    await makeUser('a.analyst', ['analyst']);
    await makeUser('l.locked', ['investigator']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('answers 401 without credentials, and keeps health and docs public', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/cases' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'POST', url: '/api/agencies', payload: {} })).statusCode,
    ).toBe(401);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/cases',
          headers: { 'x-palermo-user': 'i.investigator' },
        })
      ).statusCode,
    ).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(200);
  });

  it('signs in with an HttpOnly SameSite=Strict cookie and requires the CSRF token on writes', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'i.investigator', password },
    });
    expect(response.statusCode).toBe(200);
    const setCookie = response.headers['set-cookie'] as string;
    expect(setCookie).toMatch(/palermo_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = setCookie.split(';')[0]!;
    const { csrfToken } = response.json<{ csrfToken: string }>();
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({
      username: 'i.investigator',
      roles: ['investigator'],
      csrfToken,
    });
    const agencies = await app.inject({ method: 'GET', url: '/api/agencies', headers: { cookie } });
    expect(agencies.statusCode).toBe(200);
    const body = {
      jurisdiction: 'KG',
      reference: 'AUTH-1',
      openedOn: '2016-01-01',
      openingAgencyId: 'x',
    };
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie },
      payload: body,
    });
    expect(noCsrf.statusCode).toBe(403);
    const withCsrf = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: body,
    });
    expect(withCsrf.statusCode).toBe(400);
    const logout = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: '/api/agencies', headers: { cookie } })).statusCode,
    ).toBe(401);
    expect(await auditActions()).toEqual(expect.arrayContaining(['auth.login', 'auth.logout']));
  });

  it('lets a one-time password do nothing but replace itself', async () => {
    const { issueOneTimePassword } = await import('../app/auth/bootstrap.ts');
    const user = await makeUser('o.onetime', ['investigator']);
    const oneTime = await issueOneTimePassword(db.ctx, user.id);
    const first = await signIn('o.onetime', oneTime);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
    const headers = { cookie: first.cookie, 'x-csrf-token': first.body.csrfToken as string };
    const blocked = await app.inject({ method: 'GET', url: '/api/cases', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ details: { passwordChangeRequired: true } });
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers });
    expect(me.json()).toMatchObject({ username: 'o.onetime', mustChangePassword: true });
    const change = await app.inject({
      method: 'POST',
      url: `/api/users/${user.id}/password`,
      headers,
      payload: { currentPassword: oneTime, password: 'my own long password' },
    });
    expect(change.statusCode).toBe(204);
    // Changing the password ends every session; the new password opens a normal one.
    expect((await app.inject({ method: 'GET', url: '/api/cases', headers })).statusCode).toBe(401);
    const second = await signIn('o.onetime', 'my own long password');
    expect(second.body.mustChangePassword).toBe(false);
    expect(
      (await app.inject({ method: 'GET', url: '/api/cases', headers: { cookie: second.cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it('ends idle sessions', async () => {
    const { cookie } = await signIn('i.investigator');
    expect(
      (await app.inject({ method: 'GET', url: '/api/agencies', headers: { cookie } })).statusCode,
    ).toBe(200);
    clock += 3 * 3_600_000;
    expect(
      (await app.inject({ method: 'GET', url: '/api/agencies', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('locks an account after five wrong passwords, logging every attempt, and says nothing about which part was wrong', async () => {
    for (let i = 0; i < 5; i += 1) {
      const attempt = await signIn('l.locked', 'wrong password!');
      expect(attempt.status).toBe(401);
      expect(attempt.body.message).toBe('wrong username or password, or the account is locked');
    }
    const locked = await signIn('l.locked');
    expect(locked.status).toBe(401);
    const unknown = await signIn('nobody.at.all', 'whatever password');
    expect(unknown.body.message).toBe(locked.body.message);
    const actions = await auditActions();
    expect(actions.filter((a) => a === 'auth.login_failed').length).toBeGreaterThanOrEqual(5);
    expect(actions).toContain('auth.locked');
    clock += 16 * 60_000;
    expect((await signIn('l.locked')).status).toBe(200);
  });

  it('issues scoped, revocable API tokens stored only as hashes', async () => {
    const { cookie, body } = await signIn('i.investigator');
    const csrf = body.csrfToken as string;
    const outside = await app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: 'too wide', scopes: ['user.manage'] },
    });
    expect(outside.statusCode).toBe(400);
    const created = await app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: 'read script', scopes: ['case.read'] },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json<{ token: string; id: string }>();
    const bearer = { authorization: `Bearer ${token}` };
    expect(
      (await app.inject({ method: 'GET', url: '/api/cases', headers: bearer })).statusCode,
    ).toBe(200);
    // Within the user's roles but outside the token's scope.
    const screening = await app.inject({
      method: 'POST',
      url: '/api/persons/x/screenings',
      headers: bearer,
      payload: { setId: 'x', screenedOn: '2016-01-01', answers: {} },
    });
    expect(screening.statusCode).toBe(403);
    const stored = await db.handle.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(4));
    // Its last use is recorded to the minute: a read within the minute writes nothing.
    const lastUsed = async () =>
      (
        await db.handle.db
          .selectFrom('api_tokens')
          .select('last_used_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    const firstUse = await lastUsed();
    expect(firstUse).toBe(new Date(clock).toISOString());
    clock += 30_000;
    await app.inject({ method: 'GET', url: '/api/cases', headers: bearer });
    expect(await lastUsed()).toBe(firstUse);
    clock += 31_000;
    await app.inject({ method: 'GET', url: '/api/cases', headers: bearer });
    expect(await lastUsed()).toBe(new Date(clock).toISOString());
    const revoke = await app.inject({
      method: 'DELETE',
      url: `/api/auth/tokens/${id}`,
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(revoke.statusCode).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: '/api/cases', headers: bearer })).statusCode,
    ).toBe(401);
  });

  it('refuses a role what it does not grant with 403, writing nothing but the refusal', async () => {
    const { cookie, body } = await signIn('a.analyst');
    const count = async () =>
      Number(
        (
          await db.handle.db
            .selectFrom('trainings')
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const refused = await app.inject({
      method: 'POST',
      url: '/api/trainings',
      headers: { cookie, 'x-csrf-token': body.csrfToken as string },
      payload: {
        jurisdiction: 'KG',
        title: 'x',
        startsOn: '2016-01-01',
        endsOn: '2016-01-02',
        audiences: [{ audience: 'police', participants: 1 }],
      },
    });
    expect(refused.statusCode).toBe(403);
    expect(await count()).toBe(before);
    expect((await auditActions()).at(-1)).toBe('access.denied');
  });

  it('sends security headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain(
      "unsafe-inline'; img".replace('; img', '') === '' ? 'x' : "script-src 'self' 'unsafe-inline'",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('limits sign-in attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody', password: 'x' },
        remoteAddress: '192.0.2.7',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('the analyst sees published statistics only', () => {
  it('gets the suppressed report and is refused the report with records', async () => {
    const db = await engines[0]!.open();
    try {
      const { loadDemo } = await import('../app/demo/demo.ts');
      await loadDemo(db.ctx);
      const app = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
      const analyst = await db.handle.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'demo.analyst')
        .executeTakeFirstOrThrow();
      await setPasswordHash(
        db.handle.db,
        analyst.id,
        await hashPassword('analyst password 1'),
        false,
      );
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'demo.analyst', password: 'analyst password 1' },
      });
      const cookie = (login.headers['set-cookie'] as string).split(';')[0]!;
      const full = await app.inject({
        method: 'GET',
        url: '/api/reports/annual?year=2016',
        headers: { cookie },
      });
      expect(full.statusCode).toBe(403);
      const published = await app.inject({
        method: 'GET',
        url: '/api/reports/annual/public?year=2016',
        headers: { cookie },
      });
      expect(published.statusCode).toBe(200);
      const body = published.json<{
        investigations: Record<string, unknown>;
        disclosure: unknown;
      }>();
      expect(body.disclosure).toEqual({
        maxN: 4,
        protectZeros: false,
        mark: 'x',
        years: { first: 2014, last: 2016 },
      });
      // 8 in the data; hidden when a small count of the same or an overlapping year needs it.
      expect([8, 'x']).toContain(body.investigations.total);
      expect(published.body).not.toMatch(/"case:[0-9a-f]{8}-/);
      expect(published.body).not.toMatch(/"person:[0-9a-f]{8}-/);
      expect(JSON.stringify(body.investigations.byForm)).toContain('"x"');
      expect(published.body).not.toContain('<5');
      await app.close();
    } finally {
      await db.close();
    }
  }, 60_000);
});
