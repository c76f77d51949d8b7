/**
 * Privilege escalation, tried as an insider would: through real sign-ins and real API tokens.
 * A token mints tokens only within its own scopes; an administrator gives the roles that open
 * identities or approvals, and sets their holders' passwords, only with a second
 * administrator; a changed password ends the user's tokens; a token's expiry is bounded.
 */
import type { Role } from '../core/vocabulary.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
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
type Headers = Record<string, string>;

describe.each(engines)('no privilege escalation on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let agencyId = '';
  let caseId = '';
  let victimId = '';
  const clock = Date.parse('2026-03-10T09:00:00Z');
  const password = 'correct horse battery staple';
  let signIns = 0;

  async function makeUser(username: string, roles: Role[]) {
    const user = await createUser(db.ctx, systemActor, {
      agencyId,
      username,
      displayName: username,
      roles,
    });
    await setPasswordHash(db.handle.db, user.id, await hashPassword(password), false);
    return user;
  }

  /** Signs in through the API and returns the headers of a cookie-authenticated write. */
  async function signIn(username: string, secret = password): Promise<Headers> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: secret },
      remoteAddress: `198.51.100.${(signIns += 1)}`,
    });
    expect(response.statusCode).toBe(200);
    const cookie = (response.headers['set-cookie'] as string).split(';')[0]!;
    return { cookie, 'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken };
  }

  async function call(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    headers: Headers,
    payload?: Json,
  ) {
    const response = await app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    return {
      status: response.statusCode,
      body: response.body === '' ? {} : response.json<Json>(),
    };
  }

  async function mintToken(headers: Headers, scopes: string[], expiresOn?: string) {
    return call('POST', '/api/auth/tokens', headers, {
      name: `t-${scopes.join('-')}`,
      scopes,
      ...(expiresOn === undefined ? {} : { expiresOn }),
    });
  }

  const bearer = (token: unknown): Headers => ({ authorization: `Bearer ${String(token)}` });

  async function rolesOf(userId: string): Promise<string[]> {
    const row = await db.handle.db
      .selectFrom('users')
      .select('roles')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    return JSON.parse(row.roles) as string[];
  }

  beforeAll(async () => {
    db = await engine.open({ now: () => new Date(clock) });
    app = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
    agencyId = (
      await createAgency(db.ctx, systemActor, {
        jurisdiction: 'KG',
        name: 'Police',
        kind: 'police',
      })
    ).id;
    const investigator = await makeUser('i.one', ['investigator']);
    await makeUser('a.one', ['administrator']);
    await makeUser('a.two', ['administrator']);
    await makeUser('s.one', ['supervisor']);
    // A case with a victim whose identity is recorded, opened by the investigator.
    const inv = await signIn('i.one');
    const opened = await call('POST', '/api/cases', inv, {
      jurisdiction: 'KG',
      reference: 'KG-PRIV-1',
      openedOn: '2016-03-01',
      openingAgencyId: agencyId,
      origin: 'victim_complaint',
    });
    expect(opened.status).toBe(201);
    caseId = String(opened.body.id);
    const victim = await call('POST', `/api/cases/${caseId}/persons`, inv, {
      role: 'victim',
      label: 'V1',
    });
    victimId = String(victim.body.id);
    const identity = await call('PUT', `/api/persons/${victimId}/identity`, inv, {
      fullName: 'Synthetic Victim',
    });
    expect(identity.status).toBe(200);
    expect(investigator.roles).toEqual(['investigator']);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('lets a token mint tokens only within its own scopes', async () => {
    const inv = await signIn('i.one');
    const reportOnly = await mintToken(inv, ['report.read']);
    expect(reportOnly.status).toBe(201);
    const wider = await mintToken(bearer(reportOnly.body.token), ['case.read', 'identity.read']);
    expect(wider.status).toBe(400);
    expect(JSON.stringify(wider.body)).toContain('scopes');
    // The refused token would have read the victim's identity: nothing was created.
    const tokens = await db.handle.db.selectFrom('api_tokens').select('scopes').execute();
    expect(tokens.map((row) => row.scopes)).not.toContain('["case.read","identity.read"]');
    const narrower = await mintToken(bearer(reportOnly.body.token), ['report.read']);
    expect(narrower.status).toBe(201);
    expect(
      (await call('GET', `/api/persons/${victimId}/identity`, bearer(narrower.body.token))).status,
    ).toBe(403);
  });

  it('refuses an administrator who gives itself supervisor alone; a second administrator approves', async () => {
    const admin = await signIn('a.one');
    const me = await call('GET', '/api/auth/me', admin);
    const adminId = String(me.body.id);
    const user = await db.handle.db
      .selectFrom('users')
      .select('version')
      .where('id', '=', adminId)
      .executeTakeFirstOrThrow();
    const raised = await call('PATCH', `/api/users/${adminId}`, admin, {
      version: user.version,
      roles: ['administrator', 'supervisor'],
    });
    expect(raised.status).toBe(202);
    expect(raised.body).toMatchObject({
      result: 'pending',
      approval: { action: 'user.grant_roles', targetId: adminId, status: 'pending' },
    });
    expect(await rolesOf(adminId)).toEqual(['administrator']);
    // Still no identity, and no approving its own request.
    expect((await call('GET', `/api/persons/${victimId}/identity`, admin)).status).toBe(403);
    const approval = raised.body.approval as { id: string; version: number };
    const own = await call('POST', `/api/approvals/${approval.id}/approve`, admin, {
      version: approval.version,
    });
    expect(own.status).toBe(403);
    // A supervisor does not decide who becomes one.
    const supervisor = await signIn('s.one');
    expect(
      (
        await call('POST', `/api/approvals/${approval.id}/approve`, supervisor, {
          version: approval.version,
        })
      ).status,
    ).toBe(403);
    expect(await rolesOf(adminId)).toEqual(['administrator']);
    const second = await signIn('a.two');
    const approved = await call('POST', `/api/approvals/${approval.id}/approve`, second, {
      version: approval.version,
    });
    expect(approved.status).toBe(200);
    expect(await rolesOf(adminId)).toEqual(['administrator', 'supervisor']);
    const report = await call('GET', '/api/reports/integrity?year=2026', second);
    expect(report.status).toBe(200);
    expect((report.body.fourEyes as { privilegeChanges: Json[] }).privilegeChanges).toContainEqual(
      expect.objectContaining({
        approvalRequestId: approval.id,
        action: 'user.grant_roles',
        userId: adminId,
        requestedBy: 'a.one',
        approvedBy: 'a.two',
      }),
    );
  });

  it('creates a user without the guarded roles an administrator asks for, until a second one approves', async () => {
    const admin = await signIn('a.two');
    const created = await call('POST', '/api/users', admin, {
      agencyId,
      username: 'n.new',
      displayName: 'New',
      roles: ['investigator', 'analyst'],
    });
    expect(created.status).toBe(202);
    const userId = String((created.body.user as Json).id);
    expect(await rolesOf(userId)).toEqual(['analyst']);
    const pending = await call('GET', '/api/reports/integrity?year=2026', admin);
    expect((pending.body.fourEyes as { pending: Json[] }).pending).toContainEqual(
      expect.objectContaining({ action: 'user.grant_roles' }),
    );
    // The administrator cannot approve it; the other administrator can, but not a grant to itself.
    const approval = created.body.approval as { id: string; version: number };
    expect(
      (await call('POST', `/api/approvals/${approval.id}/approve`, admin, { version: 1 })).status,
    ).toBe(403);
    const other = await signIn('a.one');
    expect(
      (await call('POST', `/api/approvals/${approval.id}/approve`, other, { version: 1 })).status,
    ).toBe(200);
    expect(await rolesOf(userId)).toEqual(['investigator', 'analyst']);
  });

  it('resets the password of an identity-reading user only with a second administrator, and ends its tokens', async () => {
    const holder = await makeUser('i.two', ['investigator']);
    const own = await signIn('i.two');
    const token = await mintToken(own, ['case.read']);
    expect((await call('GET', '/api/cases', bearer(token.body.token))).status).toBe(200);
    const admin = await signIn('a.two');
    const reset = await call('POST', `/api/users/${holder.id}/password`, admin, {
      password: 'an administrator chose this 9',
    });
    expect(reset.status).toBe(202);
    expect(reset.body).toMatchObject({
      result: 'pending',
      approval: { action: 'user.reset_password' },
    });
    // Nothing changed: the administrator's password does not open the account; the user's still does.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'i.two', password: 'an administrator chose this 9' },
        })
      ).statusCode,
    ).toBe(401);
    await signIn('i.two');
    const approval = reset.body.approval as { id: string };
    const other = await signIn('a.one');
    const approved = await call('POST', `/api/approvals/${approval.id}/approve`, other, {
      version: 1,
    });
    expect(approved.status).toBe(200);
    const oneTime = String(approved.body.oneTimePassword);
    expect(oneTime).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'i.two', password },
        })
      ).statusCode,
    ).toBe(401);
    const first = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'i.two', password: oneTime },
    });
    expect(first.json()).toMatchObject({ mustChangePassword: true });
    expect((await call('GET', '/api/cases', bearer(token.body.token))).status).toBe(401);
  });

  it('asks no password for a reset that waits for approval, and one for any other', async () => {
    const guarded = await makeUser('i.five', ['investigator']);
    const plain = await makeUser('n.five', ['ngo_liaison']);
    const admin = await signIn('a.two');
    const waiting = await call('POST', `/api/users/${guarded.id}/password`, admin, {});
    expect(waiting.status).toBe(202);
    expect(waiting.body).toMatchObject({ approval: { action: 'user.reset_password' } });
    const missing = await call('POST', `/api/users/${plain.id}/password`, admin, {});
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('password');
  });

  it('ends a user’s tokens when the user changes the password', async () => {
    const user = await makeUser('i.three', ['investigator']);
    const own = await signIn('i.three');
    const token = await mintToken(own, ['case.read']);
    expect((await call('GET', '/api/cases', bearer(token.body.token))).status).toBe(200);
    const changed = await call('POST', `/api/users/${user.id}/password`, own, {
      currentPassword: password,
      password: 'a different passphrase 42',
    });
    expect(changed.status).toBe(204);
    expect((await call('GET', '/api/cases', bearer(token.body.token))).status).toBe(401);
  });

  it('bounds a token’s expiry: not in the past, at most the configured maximum ahead', async () => {
    const own = await signIn('i.one');
    expect((await mintToken(own, ['case.read'], '2026-03-09')).status).toBe(400);
    const tooFar = await mintToken(own, ['case.read'], '2027-03-11');
    expect(tooFar.status).toBe(400);
    expect(JSON.stringify(tooFar.body)).toContain('expiresOn');
    expect((await mintToken(own, ['case.read'], '2027-03-10')).status).toBe(201);
    const unbounded = await mintToken(own, ['case.read']);
    expect(unbounded.status).toBe(201);
    expect(unbounded.body.expiresAt).toBe('2027-03-10T23:59:59.999Z');
  });
});
