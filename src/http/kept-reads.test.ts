/**
 * Case lists and case pages are kept for the audit log's head (app/cases/cases.ts), and a read
 * reads the head in the same statement as its token or session (app/auth). On random histories
 * driven through the API's readers (one with a token, one signed in), after every step (a new
 * case, an edit, a new person, a seal, a revoked token), every answer must equal a fresh read
 * (a context of its own, whose caches are empty) for that reader: a kept answer is never
 * served after a write, a seal or a revocation, nor to another reader. A sealed case stays
 * hidden from a reader off its access list, and every view of it is still logged.
 *
 * And a token or session ended by another server on the same database is refused from the
 * very next request on, while other requests' lookups are on their way (lookups asked meanwhile
 * share a statement: auth.repository.ts keyedStatement).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engines, openTwice } from '../../test/engines.ts';
import { makeAgencies, makeUser, unique } from '../../test/factories.ts';
import { logout } from '../app/auth/auth.ts';
import { hashPassword } from '../app/auth/passwords.ts';
import { createApiToken, revokeToken } from '../app/auth/tokens.ts';
import { getCase, listCases, openCase, updateCase } from '../app/cases/cases.ts';
import type { Actor } from '../app/common/context.ts';
import { addPerson } from '../app/persons/persons.ts';
import { sealCase } from '../app/cases/sealing.ts';
import { permissionsOf } from '../core/access/policy.ts';
import type { Role } from '../core/vocabulary.ts';
import { setPasswordHash } from '../db/repositories/auth.repository.ts';
import { readCookie, sessionCookie } from './auth.ts';
import { buildServer } from './server.ts';

const step = fc.oneof(
  fc.record({ kind: fc.constant('open' as const), month: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant('edit' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('person' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('seal' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('revoke' as const) }),
);

/** The JSON a route sends for a value (what a fresh read would answer). */
const asSent = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe.each(engines)('case lists and pages kept for the log head on $name', (engine) => {
  it('answer as a fresh read after every step, for every reader and token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 7 }), async (steps) => {
        const db = await engine.open();
        const app = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
        try {
          const { ctx } = db;
          const { police } = await makeAgencies(ctx);
          const reader = async (roles: Role[]) => {
            const user = await makeUser(ctx, police.id, roles);
            const actor: Actor = {
              id: user.id,
              username: user.username,
              agencyId: police.id,
              roles,
            };
            const issue = async () => {
              const made = await createApiToken(ctx, actor, {
                name: unique('kept reads'),
                scopes: permissionsOf(roles),
              });
              return { id: made.id, token: made.token };
            };
            return { actor, token: await issue(), issue };
          };
          const insider = await reader(['investigator']);
          const outsider = await reader(['investigator', 'analyst']);
          const writer = await reader(['supervisor', 'investigator']);
          const cases: { id: string; reference: string; sealed: boolean }[] = [];

          // The outsider reads through a signed-in session (the web's way), the others with tokens.
          const password = 'a long synthetic passphrase 42';
          await setPasswordHash(ctx.db, outsider.actor.id, await hashPassword(password), false);
          const login = await app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: outsider.actor.username, password },
          });
          expect(login.statusCode).toBe(200);
          const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
          const get = (token: string, url: string) =>
            app.inject({
              method: 'GET',
              url,
              headers:
                token === outsider.token.token ? { cookie } : { authorization: `Bearer ${token}` },
            });
          const sealedReads = async () =>
            Number(
              (
                await sql<{
                  n: number | string;
                }>`select count(*) as n from audit_log where action = 'case.read_sealed'`.execute(
                  ctx.db,
                )
              ).rows[0]?.n ?? 0,
            );
          const check = async () => {
            // The lists of both readers first: a sealed case's page views move the head.
            const lists = new Map<typeof insider, string>();
            for (const who of [insider, outsider]) {
              const reader: Actor = { ...who.actor, scopes: permissionsOf(who.actor.roles) };
              const first = await get(who.token.token, '/api/cases?pageSize=100');
              const again = await get(who.token.token, '/api/cases?pageSize=100');
              expect(first.statusCode).toBe(200);
              expect(again.body).toBe(first.body);
              expect(first.json()).toEqual(
                asSent(await listCases({ ...ctx }, reader, { pageSize: 100 })),
              );
              lists.set(who, first.body);
            }
            for (const c of cases.filter((s) => s.sealed))
              expect(lists.get(outsider)).not.toContain(c.reference);
            for (const who of [insider, outsider]) {
              const reader: Actor = { ...who.actor, scopes: permissionsOf(who.actor.roles) };
              for (const c of cases) {
                const onSeal = who === insider;
                const logged = await sealedReads();
                for (let i = 0; i < 2; i++) {
                  const page = await get(who.token.token, `/api/cases/${c.id}`);
                  if (c.sealed && !onSeal) {
                    expect(page.statusCode).not.toBe(200);
                    expect(page.body).not.toContain(c.reference);
                  } else {
                    expect(page.statusCode).toBe(200);
                    expect(page.json()).toEqual(asSent(await getCase({ ...ctx }, reader, c.id)));
                  }
                }
                // Every view of a sealed case by someone on its list is logged, kept or not
                // (the fresh reads above are views too).
                if (c.sealed && onSeal) expect(await sealedReads()).toBe(logged + 4);
              }
            }
          };

          await check();
          for (const s of steps) {
            const target =
              cases.length === 0 ? undefined : cases[('pick' in s ? s.pick : 0) % cases.length];
            if (s.kind === 'open') {
              const reference = unique('KG-KEPT');
              const opened = await openCase(ctx, writer.actor, {
                jurisdiction: 'KG',
                reference,
                openedOn: `2016-0${s.month}-15`,
                openingAgencyId: police.id,
                origin: 'victim_complaint',
                summary: 'Synthetic kept-read case',
              });
              cases.push({ id: opened.id, reference, sealed: false });
            } else if (s.kind === 'revoke') {
              const old = insider.token;
              await revokeToken(ctx, insider.actor, old.id);
              // The revoked token is refused at once, kept answers or not.
              expect((await get(old.token, '/api/cases?pageSize=100')).statusCode).toBe(401);
              for (const c of cases)
                expect((await get(old.token, `/api/cases/${c.id}`)).statusCode).toBe(401);
              insider.token = await insider.issue();
            } else if (target === undefined) {
              continue;
            } else if (s.kind === 'edit') {
              const current = await getCase(ctx, writer.actor, target.id);
              await updateCase(ctx, writer.actor, target.id, {
                version: current.version,
                summary: unique('Synthetic edit'),
              });
            } else if (s.kind === 'person') {
              await addPerson(ctx, writer.actor, target.id, { role: 'victim', label: unique('V') });
            } else if (!target.sealed) {
              await sealCase(ctx, writer.actor, target.id, {
                version: (await getCase(ctx, writer.actor, target.id)).version,
                userIds: [insider.actor.id, writer.actor.id],
                reasonText: 'Synthetic: property test',
              });
              target.sealed = true;
            }
            await check();
          }
        } finally {
          await app.close();
          await db.close();
        }
      }),
      { numRuns: 6 },
    );
  }, 600_000);

  it('refuses a token or session ended by another server from the next request on, under load', async () => {
    const shared = await openTwice(engine);
    const app = await buildServer({ ctx: shared.first, auth: 'required', logLevel: 'silent' });
    try {
      const { police } = await makeAgencies(shared.first);
      const user = await makeUser(shared.first, police.id, ['investigator']);
      const actor: Actor = {
        id: user.id,
        username: user.username,
        agencyId: police.id,
        roles: ['investigator'],
      };
      const password = 'a long synthetic passphrase 42';
      await setPasswordHash(shared.first.db, user.id, await hashPassword(password), false);
      const get = (headers: Record<string, string>) =>
        app.inject({ method: 'GET', url: '/api/cases?pageSize=25', headers });
      for (let round = 0; round < 8; round++) {
        // Even rounds a token revoked, odd rounds a session ended, each by the second server.
        let headers: Record<string, string>;
        let end: () => Promise<void>;
        if (round % 2 === 0) {
          const made = await createApiToken(shared.first, actor, {
            name: unique('revoked elsewhere'),
            scopes: ['case.read'],
          });
          headers = { authorization: `Bearer ${made.token}` };
          end = () => revokeToken(shared.second, actor, made.id);
        } else {
          const login = await app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: user.username, password },
          });
          expect(login.statusCode).toBe(200);
          const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
          const secret = readCookie(cookie, sessionCookie) ?? '';
          headers = { cookie };
          end = () => logout(shared.second, actor, secret);
        }
        expect((await get(headers)).statusCode).toBe(200);
        // Readers with the same credentials keep lookups on their way throughout.
        let ended = false;
        let stop = false;
        const before: number[] = [];
        const after: number[] = [];
        const reader = async () => {
          // At most 500 requests each; between two, timers may run.
          for (let i = 0; i < 500 && !stop; i++) {
            const sentAfterEnd = ended;
            const { statusCode } = await get(headers);
            (sentAfterEnd ? after : before).push(statusCode);
            await new Promise((resolve) => setImmediate(resolve));
          }
        };
        const readers = Array.from({ length: 8 }, reader);
        // Ended once the readers are answered (a lookup may wait for the event loop's turn: on
        // SQLite the lookups of a turn share a statement), with their next lookups on their way.
        for (let wait = 0; wait < 2_000 && !before.includes(200); wait++)
          await new Promise((resolve) => setTimeout(resolve, 5));
        await end();
        ended = true;
        const next = await get(headers);
        await new Promise((resolve) => setTimeout(resolve, 15));
        stop = true;
        await Promise.all(readers);
        expect(next.statusCode).toBe(401);
        expect(before).toContain(200);
        expect(after.length).toBeGreaterThan(0);
        expect(after.filter((status) => status !== 401)).toEqual([]);
      }
    } finally {
      await app.close();
      await shared.close();
    }
  }, 120_000);
});
