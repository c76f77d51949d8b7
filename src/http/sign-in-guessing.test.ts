/**
 * Sign-in that resists guessing, tried as an attacker would, through `POST /api/auth/login`:
 * parallel guesses, a flood of failures per address and per account, timing that would tell
 * which accounts exist (timed, and counted: one argon2id check per refusal), and trivially weak
 * new passwords.
 */
import type * as Argon2 from '@node-rs/argon2';
import type { Role } from '../core/vocabulary.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines } from '../../test/engines.ts';
import type { TestDatabase } from '../../test/engines.ts';
import { createAgency, createUser } from '../app/agencies/agencies.ts';
import { hashPassword } from '../app/auth/passwords.ts';
import { lockoutThreshold } from '../app/auth/auth.ts';
import { issueOneTimePassword } from '../app/auth/bootstrap.ts';
import { systemActor } from '../app/common/context.ts';
import { setPasswordHash } from '../db/repositories/auth.repository.ts';
import { buildServer } from './server.ts';

/** How many argon2id verifications ran: each refusal must spend exactly one, real or decoy. */
const argon = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  return {
    ...real,
    verify: (...args: Parameters<typeof real.verify>) => {
      argon.verifications += 1;
      return real.verify(...args);
    },
  };
});

describe.each(engines)('sign-in against guessing on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let agencyId = '';
  let address = 0;
  const password = 'correct horse battery staple';

  async function makeUser(username: string, roles: Role[] = ['investigator']) {
    const user = await createUser(db.ctx, systemActor, {
      agencyId,
      username,
      displayName: username,
      roles,
    });
    await setPasswordHash(db.handle.db, user.id, await hashPassword(password), false);
    return user;
  }

  /** One sign-in, from a fresh address unless one is given; its status and time. */
  async function attempt(
    username: string,
    secret: string,
    from = `203.0.113.${(address += 1) % 250}`,
    server = app,
  ) {
    const started = performance.now();
    const response = await server.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: secret },
      remoteAddress: from,
    });
    return { status: response.statusCode, ms: performance.now() - started, response };
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

  beforeAll(async () => {
    db = await engine.open();
    app = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
    agencyId = (
      await createAgency(db.ctx, systemActor, {
        jurisdiction: 'KG',
        name: 'Police',
        kind: 'police',
      })
    ).id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('locks an account under 40 simultaneous wrong passwords, checking at most the threshold of them', async () => {
    const user = await makeUser('p.parallel');
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt('p.parallel', `wrong guess number ${i}`)),
    );
    expect(guesses.every((g) => g.status === 401)).toBe(true);
    const row = await db.handle.db
      .selectFrom('users')
      .select(['locked_until'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
    // Only the attempts that took a place in the count had their password checked.
    const checked = (
      await db.handle.db
        .selectFrom('audit_log')
        .select('leaf')
        .where('entity_id', '=', user.id)
        .where('action', 'in', ['auth.login_failed', 'auth.locked'])
        .execute()
    ).filter((entry) => entry.leaf.includes('"reason":"wrong password"'));
    expect(checked.length).toBeLessThanOrEqual(lockoutThreshold);
    // The right password is now refused too, from a server that never saw the guesses.
    const fresh = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
    try {
      expect((await attempt('p.parallel', password, '192.0.2.200', fresh)).status).toBe(401);
    } finally {
      await fresh.close();
    }
  });

  it('limits failures, not successes, per address and per account', async () => {
    await makeUser('r.regular');
    const signIns = [];
    for (let i = 0; i < 12; i += 1)
      signIns.push((await attempt('r.regular', password, '192.0.2.50')).status);
    expect(signIns).toEqual(Array.from({ length: 12 }, () => 200));
    // Failures from one address.
    const fromOne = [];
    for (let i = 0; i < 11; i += 1)
      fromOne.push((await attempt(`nobody.${i}`, 'not a password at all', '192.0.2.51')).status);
    expect(fromOne.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(fromOne[10]).toBe(429);
    // Failures against one account name, each from its own address.
    const onOne = [];
    for (let i = 0; i < 11; i += 1)
      onOne.push(
        (await attempt('ghost.account', 'not a password at all', `192.0.2.${60 + i}`)).status,
      );
    expect(onOne.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(onOne[10]).toBe(429);
  });

  /** The argon2id verifications one sign-in attempt ran, with its status and time. */
  async function counted(username: string, secret: string) {
    const before = argon.verifications;
    const result = await attempt(username, secret);
    return { ...result, verifications: argon.verifications - before };
  }

  it('spends one argon2id check on every refusal: wrong password, locked, unknown or disabled account', async () => {
    await makeUser('c.wrong');
    await makeUser('c.locked');
    for (let i = 0; i < lockoutThreshold; i += 1) await attempt('c.locked', 'wrong password here');
    const disabled = await makeUser('c.disabled');
    await db.handle.db
      .updateTable('users')
      .set({ active: 0 })
      .where('id', '=', disabled.id)
      .execute();
    // The counter sees real checks: a right password is one verification and a 200.
    await makeUser('c.right');
    expect(await counted('c.right', password)).toMatchObject({ status: 200, verifications: 1 });
    for (const [username, secret] of [
      ['c.wrong', 'wrong password here'],
      ['c.locked', password],
      ['c.nobody', 'wrong password here'],
      ['c.disabled', password],
    ] as const) {
      const refused = await counted(username, secret);
      expect({ username, ...refused }).toMatchObject({ username, status: 401, verifications: 1 });
    }
  });

  it('takes as long to refuse a locked or unknown account as a wrong password', async () => {
    await makeUser('t.locked');
    for (let i = 0; i < lockoutThreshold; i += 1) await attempt('t.locked', 'wrong password here');
    const wrong: number[] = [];
    const locked: number[] = [];
    const unknown: number[] = [];
    // Seven interleaved rounds, each kind in a different place in each round, so that a burst
    // of load on the shared machine falls on the three kinds alike; compared by their medians.
    for (let i = 0; i < 7; i += 1) {
      await makeUser(`t.wrong${i}`);
      const tries = [
        async () => wrong.push((await attempt(`t.wrong${i}`, 'wrong password here')).ms),
        async () => locked.push((await attempt('t.locked', password)).ms),
        async () => unknown.push((await attempt(`t.nobody${i}`, 'wrong password here')).ms),
      ];
      for (let j = 0; j < tries.length; j += 1) await tries[(i + j) % tries.length]!();
    }
    expect(median(locked)).toBeGreaterThan(median(wrong) * 0.5);
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });

  it('refuses trivially weak new passwords and the one-time password reused', async () => {
    const user = await makeUser('w.weak');
    const oneTime = await issueOneTimePassword(db.ctx, user.id);
    const signedIn = await attempt('w.weak', oneTime);
    expect(signedIn.status).toBe(200);
    const headers = {
      cookie: (signedIn.response.headers['set-cookie'] as string).split(';')[0]!,
      'x-csrf-token': signedIn.response.json<{ csrfToken: string }>().csrfToken,
    };
    for (const weak of [
      'aaaaaaaaaaaaaaaa',
      '                ',
      'password1234',
      'qwertyuiop123',
      oneTime,
    ]) {
      const change = await app.inject({
        method: 'POST',
        url: `/api/users/${user.id}/password`,
        headers,
        payload: { currentPassword: oneTime, password: weak },
      });
      expect(change.statusCode, JSON.stringify(weak)).toBe(400);
      expect(change.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual([
        'password',
      ]);
    }
    const strong = await app.inject({
      method: 'POST',
      url: `/api/users/${user.id}/password`,
      headers,
      payload: { currentPassword: oneTime, password: 'harbour lantern quietly 1987 moss' },
    });
    expect(strong.statusCode).toBe(204);
  });
});
