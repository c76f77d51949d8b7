/**
 * A watchdog over the gathered token and session lookups (auth.repository.ts keyedStatement):
 * lookups asked meanwhile share one statement, one statement at a time, sent on SQLite at the end
 * of the event loop's turn. Every lookup must settle, with its row or with the statement's error,
 * within a bounded time, however it was asked: while a write transaction holds the connection
 * (SQLite's one connection, behind Kysely's mutex), when a gathered statement fails, from the
 * callback of an earlier lookup, and when the database is closed under waiting lookups. A lookup
 * that never settles stalls its request, and every later one behind the same statement.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeUser, unique } from '../../../test/factories.ts';
import type { Executor } from '../schema.ts';
import { findApiToken, findSession, insertApiToken, insertSession } from './auth.repository.ts';

/** How long every lookup of a case may take to settle: generous, they take milliseconds. */
const settleWithinMs = 5_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const hash = () => randomBytes(32).toString('hex');

/** What a lookup should answer: the row keyed by its hash, or none. */
interface Asked {
  readonly kind: 'token' | 'session';
  readonly key: string;
  /** The row's id (a token's id, a session's hash); undefined for an unknown key. */
  readonly expected: string | undefined;
}

interface Watched {
  readonly asked: Asked;
  settled: boolean;
  readonly outcome: Promise<PromiseSettledResult<string | undefined>>;
}

/**
 * The lookups of one case, each watched from the moment it is asked (so that a rejection is
 * handled at once). `settled` waits for every lookup asked so far, including those asked while
 * waiting, and fails naming how many are still stuck once `settleWithinMs` has passed.
 */
function watchdog() {
  const watched: Watched[] = [];
  return {
    add(asked: Asked, lookup: Promise<string | undefined>): Promise<string | undefined> {
      const entry: Watched = {
        asked,
        settled: false,
        outcome: Promise.allSettled([lookup]).then(([result]) => {
          entry.settled = true;
          if (result === undefined) throw new Error('allSettled of one promise gave none');
          return result;
        }),
      };
      watched.push(entry);
      return lookup;
    },
    get count() {
      return watched.length;
    },
    stuck() {
      return watched.filter((entry) => !entry.settled).length;
    },
    async settled(
      what: string,
    ): Promise<{ asked: Asked; result: PromiseSettledResult<string | undefined> }[]> {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const stuck = watched.filter((entry) => !entry.settled);
          const kinds = new Set(stuck.map((entry) => entry.asked.kind));
          reject(
            new Error(
              `${what}: ${stuck.length} of ${watched.length} lookups (${[...kinds].join(', ')}) ` +
                `still unsettled after ${settleWithinMs} ms`,
            ),
          );
        }, settleWithinMs);
      });
      try {
        let seen = -1;
        // Until no lookup was asked while the others settled (a callback may ask more).
        while (seen !== watched.length) {
          seen = watched.length;
          await Promise.race([Promise.all(watched.map((entry) => entry.outcome)), deadline]);
        }
      } finally {
        clearTimeout(timer);
      }
      return Promise.all(
        watched.map(async (entry) => ({ asked: entry.asked, result: await entry.outcome })),
      );
    },
  };
}

/** Every lookup answered, each with its own row (or none for an unknown key). */
function expectAnswered(
  outcomes: readonly { asked: Asked; result: PromiseSettledResult<string | undefined> }[],
) {
  const wrong = outcomes.filter(
    ({ asked, result }) => result.status !== 'fulfilled' || result.value !== asked.expected,
  );
  expect(wrong.map(({ asked, result }) => ({ kind: asked.kind, status: result.status }))).toEqual(
    [],
  );
}

describe.each(engines)('gathered token and session lookups on $name', (engine) => {
  // A database of its own for each case: a case that leaves a lookup stuck (its statement's
  // state is kept per database handle) does not make the next case fail with it.
  let database: TestDatabase;
  let userId: string;
  let tokens: { id: string; hash: string }[] = [];
  let sessions: string[] = [];

  const newSession = async (executor: Executor, idHash: string) => {
    const at = new Date().toISOString();
    await insertSession(executor, {
      id_hash: idHash,
      user_id: userId,
      csrf_token: hash(),
      created_at: at,
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      last_seen_at: at,
      revoked_at: null,
    });
  };

  beforeEach(async () => {
    database = await engine.open();
    tokens = [];
    sessions = [];
    const { police } = await makeAgencies(database.ctx);
    userId = (await makeUser(database.ctx, police.id)).id;
    for (let i = 0; i < 10; i++) {
      const token = { id: unique('token'), hash: hash() };
      await insertApiToken(database.ctx.db, {
        id: token.id,
        user_id: userId,
        name: unique('lookup watchdog'),
        token_hash: token.hash,
        scopes: ['case.read'],
        created_at: new Date().toISOString(),
        expires_at: null,
        last_used_at: null,
        revoked_at: null,
      });
      tokens.push(token);
      const session = hash();
      await newSession(database.ctx.db, session);
      sessions.push(session);
    }
  });
  afterEach(async () => {
    await database.close();
  });

  /** The n-th lookup of a case: a known token, a known session, or an unknown key of either. */
  const ask = (watch: ReturnType<typeof watchdog>, n: number): Promise<string | undefined> => {
    const db = database.ctx.db;
    const known = n % 5 !== 4;
    if (n % 2 === 0) {
      const token = tokens[n % tokens.length];
      const key = known && token !== undefined ? token.hash : hash();
      const expected = known ? token?.id : undefined;
      return watch.add(
        { kind: 'token', key, expected },
        findApiToken(db, key).then((row) => row?.id),
      );
    }
    const session = sessions[n % sessions.length];
    const key = known && session !== undefined ? session : hash();
    return watch.add(
      { kind: 'session', key, expected: known ? session : undefined },
      findSession(db, key).then((row) => row?.id_hash),
    );
  };

  it('settles 200 lookups asked over several turns while a write transaction holds the connection', async () => {
    const watch = watchdog();
    let committed = false;
    let settledBeforeCommit = 0;
    const held = database.ctx.db
      .transaction()
      .execute(async (trx) => {
        await newSession(trx, hash());
        await sleep(100);
        settledBeforeCommit = watch.count - watch.stuck();
      })
      .then(() => {
        committed = true;
      });
    // Five turns of 40: more than one statement's 64 keys wait behind the transaction.
    for (let turn = 0; turn < 5; turn++) {
      for (let i = 0; i < 40; i++) void ask(watch, turn * 40 + i);
      await nextTurn();
    }
    expect(committed).toBe(false);
    const outcomes = await watch.settled('lookups behind a write transaction');
    await held;
    expect(outcomes).toHaveLength(200);
    expectAnswered(outcomes);
    // On SQLite the transaction holds the one connection: no lookup could be answered before
    // it committed (else this case would not test waiting behind it).
    if (engine.name === 'sqlite') expect(settledBeforeCommit).toBe(0);
  });

  it('rejects the lookups of a failed statement, and answers those asked after', async () => {
    const db = database.ctx.db;
    const watch = watchdog();
    const failing = () =>
      Array.from({ length: 20 }, (_, n) => {
        const token = tokens[n % tokens.length];
        const key = token?.hash ?? hash();
        return watch.add(
          { kind: 'token', key, expected: token?.id },
          findApiToken(db, key).then((row) => row?.id),
        );
      });
    let renamed: () => void = () => undefined;
    const whenRenamed = new Promise<void>((resolve) => {
      renamed = resolve;
    });
    // The token table goes away in a transaction that holds on: the first statement is sent
    // (on SQLite, waits for the connection) while it holds, the second gathers behind the first.
    const held = db.transaction().execute(async (trx) => {
      await sql`alter table api_tokens rename to api_tokens_away`.execute(trx);
      renamed();
      await sleep(50);
    });
    await whenRenamed;
    const first = failing();
    await nextTurn();
    const second = failing();
    // Session lookups meanwhile: a statement of their own, unaffected.
    for (let n = 1; n < 20; n += 2) void ask(watch, n);
    await held;
    const outcomes = await watch.settled('lookups of a failed statement');
    await sql`alter table api_tokens_away rename to api_tokens`.execute(db);
    const failed = outcomes.filter(({ asked }) => asked.kind === 'token');
    expect(failed).toHaveLength(first.length + second.length);
    for (const { result } of failed) {
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected') expect(String(result.reason)).toMatch(/api_tokens/);
    }
    expectAnswered(outcomes.filter(({ asked }) => asked.kind === 'session'));

    // Nothing stuck: the next lookups, over a few turns, are answered.
    const after = watchdog();
    for (let turn = 0; turn < 3; turn++) {
      for (let i = 0; i < 30; i++) void ask(after, turn * 30 + i);
      await nextTurn();
    }
    expectAnswered(await after.settled('lookups after a failed statement'));
  });

  it('settles lookups asked from the callback of an earlier lookup', async () => {
    const watch = watchdog();
    let n = 0;
    // Each answer asks two more, a token and a session, down six levels: 4 × 63 lookups.
    const branch = (depth: number): Promise<unknown> =>
      ask(watch, n++).then(() =>
        depth === 0 ? undefined : Promise.all([branch(depth - 1), branch(depth - 1)]),
      );
    for (let root = 0; root < 4; root++) void branch(5);
    const outcomes = await watch.settled('lookups asked from callbacks');
    expect(outcomes).toHaveLength(4 * 63);
    expectAnswered(outcomes);
  });

  // SQLite only: pg-pool's end() drops the connection requests it has queued (a connect() asked
  // in the same tick while a client is idle is never answered), so a PostgreSQL statement sent
  // just before the close may never settle. The server closes its database only after Fastify
  // has answered every request (cli/serve.ts).
  it.skipIf(engine.name !== 'sqlite')(
    'rejects the lookups waiting when the database closes, and those asked after',
    async () => {
      const db = database.ctx.db;
      const watch = watchdog();
      const before = Array.from({ length: 10 }, () =>
        watch.add(
          { kind: 'token', key: 'unknown', expected: undefined },
          findApiToken(db, hash()).then((row) => row?.id),
        ),
      );
      const closed = database.handle.close();
      const after = Array.from({ length: 10 }, () =>
        watch.add(
          { kind: 'session', key: 'unknown', expected: undefined },
          findSession(db, hash()).then((row) => row?.id_hash),
        ),
      );
      await closed;
      const outcomes = await watch.settled('lookups at close');
      expect(outcomes).toHaveLength(before.length + after.length);
      // Each one's statement is sent at the end of the turn, after the close began: refused.
      for (const { result } of outcomes) {
        expect(result.status).toBe('rejected');
        if (result.status === 'rejected') expect(String(result.reason)).toMatch(/destroyed/);
      }
    },
  );
});
