import { PostgresAdapter, sql } from 'kysely';
import type { Compilable, CompiledQuery } from 'kysely';
import type { Permission } from '../../core/access/policy.ts';
import { jsonText, rolesColumn, scopesColumn, withRoles, withScopes } from '../json-columns.ts';
import { prepareOnPostgres } from '../create-db.ts';
import type { Executor } from '../schema.ts';
import type { ApiTokensTable, SessionsTable } from '../tables/auth.table.ts';

/** Inserts a session row. */
export async function insertSession(executor: Executor, row: SessionsTable): Promise<void> {
  await executor.insertInto('sessions').values(row).execute();
}

function sessionQuery(executor: Executor) {
  return executor
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id_hash',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'sessions.revoked_at',
      'users.id as user_id',
      'users.username',
      'users.agency_id',
      'users.roles',
      'users.active',
      'users.must_change_password',
      // The audit log's head, as with a token (findApiToken).
      (eb) => eb.selectFrom('audit_head').select('size').where('id', '=', 1).as('head_size'),
      (eb) => eb.selectFrom('audit_head').select('root_hash').where('id', '=', 1).as('head_root'),
    ]);
}

const sessionStatement = keyedStatement(
  (executor, idHash) => sessionQuery(executor).where('sessions.id_hash', '=', idHash),
  (executor, idHashes) =>
    sessionQuery(executor).where(anyOf(executor, 'sessions.id_hash', idHashes)),
  (row) => row.id_hash,
);

/**
 * A lookup's roles or scopes parsed once per stored text: parsing and checking them (JSON, then
 * their vocabulary) on every request took 0.5–1 µs a lookup (0.06–0.1 µs kept; 1–3% of a kept
 * answer's samples), for a handful of distinct texts. Only the parse is kept, a function of the text alone: whether the token or
 * session is live, and its user's roles, are read by every lookup. A text that fails is not kept.
 */
function parsedOnce<T>(parse: (text: string) => T[]): (text: string) => T[] {
  const parsed = new Map<string, readonly T[]>();
  return (text) => {
    let value = parsed.get(text);
    if (value === undefined) {
      value = parse(text);
      if (parsed.size >= 256) parsed.clear();
      parsed.set(text, value);
    }
    // A copy: the caller may change its list.
    return [...value];
  };
}
const lookupRoles = parsedOnce(rolesColumn);
const lookupScopes = parsedOnce(scopesColumn);

/** A session with its user (and the log head), by the hash of its secret; asked on every request. */
export async function findSession(executor: Executor, idHash: string) {
  const row = await sessionStatement(executor, idHash);
  return row === undefined ? undefined : { ...row, roles: lookupRoles(row.roles) };
}

/** Records that a session was used. */
export async function touchSession(executor: Executor, idHash: string, at: string): Promise<void> {
  await executor
    .updateTable('sessions')
    .set({ last_seen_at: at })
    .where('id_hash', '=', idHash)
    .execute();
}

/** Ends a session; false when there was no live session to end. */
export async function revokeSession(
  executor: Executor,
  idHash: string,
  at: string,
): Promise<boolean> {
  const result = await executor
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Ends every session of a user (password change, deactivation); returns the ended sessions' ids. */
export async function revokeSessionsOfUser(
  executor: Executor,
  userId: string,
  at: string,
): Promise<string[]> {
  const live = await executor
    .selectFrom('sessions')
    .select('id_hash')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  await executor
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  return live.map((row) => row.id_hash);
}

/** Inserts an API token row. */
export async function insertApiToken(
  executor: Executor,
  row: Omit<ApiTokensTable, 'scopes'> & { readonly scopes: readonly Permission[] },
): Promise<void> {
  await executor
    .insertInto('api_tokens')
    .values({ ...row, scopes: jsonText(row.scopes) })
    .execute();
}

function apiTokenQuery(executor: Executor) {
  return executor
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.token_hash',
      'api_tokens.scopes',
      'api_tokens.expires_at',
      'api_tokens.revoked_at',
      'api_tokens.last_used_at',
      'users.id as user_id',
      'users.username',
      'users.agency_id',
      'users.roles',
      'users.active',
      // The audit log's head in the same statement, so that an answer kept for the head needs
      // no second round trip (app/reports/head-cache.ts).
      (eb) => eb.selectFrom('audit_head').select('size').where('id', '=', 1).as('head_size'),
      (eb) => eb.selectFrom('audit_head').select('root_hash').where('id', '=', 1).as('head_root'),
    ]);
}

/**
 * A token with its user (and the log head), by the hash of its secret; asked on every request
 * with a token.
 */
const apiTokenStatement = keyedStatement(
  (executor, tokenHash) => apiTokenQuery(executor).where('api_tokens.token_hash', '=', tokenHash),
  (executor, tokenHashes) =>
    apiTokenQuery(executor).where(anyOf(executor, 'api_tokens.token_hash', tokenHashes)),
  (row) => row.token_hash,
);
export async function findApiToken(executor: Executor, tokenHash: string) {
  const row = await apiTokenStatement(executor, tokenHash);
  return row === undefined
    ? undefined
    : { ...row, roles: lookupRoles(row.roles), scopes: lookupScopes(row.scopes) };
}

/** One token by id (without its hash). */
export async function findApiTokenById(executor: Executor, id: string) {
  const row = await executor
    .selectFrom('api_tokens')
    .select([
      'id',
      'user_id',
      'name',
      'scopes',
      'created_at',
      'expires_at',
      'last_used_at',
      'revoked_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : withScopes(row);
}

/** The tokens of a user (without their hashes). */
export async function listApiTokens(executor: Executor, userId: string) {
  const rows = await executor
    .selectFrom('api_tokens')
    .select([
      'id',
      'user_id',
      'name',
      'scopes',
      'created_at',
      'expires_at',
      'last_used_at',
      'revoked_at',
    ])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map(withScopes);
}

/** Revokes every live token of a user (password change or reset); returns the revoked tokens' ids. */
export async function revokeTokensOfUser(
  executor: Executor,
  userId: string,
  at: string,
): Promise<string[]> {
  const live = await executor
    .selectFrom('api_tokens')
    .select('id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  await executor
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  return live.map((row) => row.id);
}

/** Records that a token was used. */
export async function touchApiToken(executor: Executor, id: string, at: string): Promise<void> {
  await executor.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Revokes a token. */
export async function revokeApiToken(executor: Executor, id: string, at: string): Promise<void> {
  await executor
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Sets a user's password hash and clears the lockout. The user's record (and its updated_at)
 * is untouched: credentials are not part of the logged record, so `verify` has nothing to replay.
 */
export async function setPasswordHash(
  executor: Executor,
  userId: string,
  hash: string,
  mustChange: boolean,
): Promise<void> {
  await executor
    .updateTable('users')
    .set({
      password_hash: hash,
      failed_logins: 0,
      locked_until: null,
      must_change_password: mustChange ? 1 : 0,
    })
    .where('id', '=', userId)
    .execute();
}

/** Records a failed login and, past the limit, locks the account until `lockedUntil`. */
export async function recordFailedLogin(
  executor: Executor,
  userId: string,
  failures: number,
  lockedUntil: string | null,
): Promise<void> {
  await executor
    .updateTable('users')
    .set({ failed_logins: failures, locked_until: lockedUntil })
    .where('id', '=', userId)
    .execute();
}

/**
 * Counts a sign-in attempt against an account that is not locked at `at`, in one statement
 * (so parallel attempts each get their own number), and returns the count after it; null when
 * the account is locked.
 */
export async function reserveLoginAttempt(
  executor: Executor,
  userId: string,
  at: string,
): Promise<number | null> {
  const result = await executor
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return null;
  const row = await executor
    .selectFrom('users')
    .select('failed_logins')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.failed_logins);
}

/** Locks an account until `lockedUntil` and starts its failure count again. */
export async function lockAccount(
  executor: Executor,
  userId: string,
  lockedUntil: string,
): Promise<void> {
  await executor
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: lockedUntil })
    .where('id', '=', userId)
    .execute();
}

/** The sign-in fields of a user, by username. */
export async function findCredentials(executor: Executor, username: string) {
  const row = await executor
    .selectFrom('users')
    .select([
      'id',
      'username',
      'agency_id',
      'roles',
      'active',
      'password_hash',
      'failed_logins',
      'locked_until',
      'must_change_password',
    ])
    .where('username', '=', username)
    .executeTakeFirst();
  return row === undefined ? undefined : withRoles(row);
}

/** Every user's sign-in fields (to find whether an administrator can sign in). */
export async function listSignInUsers(executor: Executor) {
  const rows = await executor
    .selectFrom('users')
    .select(['id', 'username', 'roles', 'active', 'password_hash'])
    .execute();
  return rows.map(withRoles);
}

const anyKey = '\u0000key\u0000';
const anyKeys: readonly string[] = [anyKey];

/** Whether statements on `executor` go to PostgreSQL (else SQLite). */
function onPostgres(executor: Executor): boolean {
  return executor.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * `column` is one of `keys` (one parameter whatever their number, so one statement text):
 * `= any($1)` with an array on PostgreSQL, `in (select value from json_each(?))` with the keys
 * as a JSON array on SQLite (keyedStatement passes the keys either way).
 */
function anyOf(executor: Executor, column: string, keys: readonly string[]) {
  return onPostgres(executor)
    ? sql<boolean>`${sql.ref(column)} = any(${keys})`
    : sql<boolean>`${sql.ref(column)} in (select value from json_each(${keys}))`;
}

/** Lookups waiting for the next statement, and how many statements are on their way. */
interface Batch<R> {
  inFlight: number;
  /** SQLite: a statement is due at the end of this turn of the event loop. */
  due: boolean;
  readonly waiting: { key: string; resolve(row: R | undefined): void; reject(e: unknown): void }[];
}

/**
 * Lookup statements on their way at once, and the most keys one statement carries. One: every
 * statement costs a socket write and read in this process and a wake-up, bind and execute in
 * the database process, whatever it carries, so the fewer statements the less CPU per lookup on
 * both sides of the two cores. Measured under the HTTP bench's list and page (PostgreSQL, 10
 * connections, load 8-12, three alternating runs each): four on their way carried 1.6 keys a
 * statement, at 147-258 µs of server CPU and 45-83 µs of database CPU a request; two, 33-47 µs
 * of database CPU; one carried 4-4.4 keys, at 84-150 µs and 15-29 µs.
 */
const maxInFlight = 1;
const maxKeys = 64;

/**
 * A statement run on every request (a session's or a token's lookup, by a hash): built and
 * compiled by Kysely once per database (its builder and compiler were a fifth of a kept
 * answer's time) and run with the key as its parameter.
 *
 * Outside a transaction lookups are gathered, on both engines: the lookups asked meanwhile go
 * together in one statement (`many`, one parameter carrying the keys), so concurrent requests
 * share a statement instead of one each. On PostgreSQL, while a statement (`maxInFlight`) is on
 * its way, the lookups asked meanwhile wait for the next one (a round trip and its backend's
 * work were most of a kept answer's cost). On SQLite a statement runs at once and blocks, so
 * nothing could be asked meanwhile: the statement waits instead for the end of the event loop's
 * turn (`setImmediate`), and carries every lookup of the requests read in that turn. Each SQLite
 * statement outside a transaction is a read transaction of its own, which takes and releases a
 * read lock on the WAL index (two `fcntl` system calls, and an `fstat` when the WAL is empty):
 * on this machine's virtual CPUs those calls were most of the lookup's cost, and the lookup was
 * the largest part of a kept answer's CPU beyond what a bare route spends (docs/SCALING.md).
 *
 * Exactly as fresh as a statement of its own: a lookup's statement is sent only after the
 * lookup was asked (never one already on its way), so it sees every change committed before
 * the request arrived: a revocation committed before is refused, by whichever process made it.
 */
function keyedStatement<R>(
  one: (executor: Executor, key: string) => Compilable<R>,
  many: (executor: Executor, keys: readonly string[]) => Compilable<R>,
  keyOf: (row: R) => string,
) {
  const compiled = new WeakMap<
    Executor,
    { one: CompiledQuery<R>; many: CompiledQuery<R> | null; postgres: boolean }
  >();
  const batches = new WeakMap<Executor, Batch<R>>();
  const statementsOf = (executor: Executor) => {
    let statements = compiled.get(executor);
    if (statements === undefined) {
      const postgres = onPostgres(executor);
      statements = {
        one: one(executor, anyKey).compile(),
        many: executor.isTransaction ? null : many(executor, anyKeys).compile(),
        postgres,
      };
      // Parsed and planned once per connection, not on every request.
      if (statements.many !== null && postgres) prepareOnPostgres(statements.many.sql);
      compiled.set(executor, statements);
    }
    return statements;
  };
  // Called without awaiting: its statement is sent before it first waits.
  const send = async (
    executor: Executor,
    statement: CompiledQuery<R>,
    postgres: boolean,
    batch: Batch<R>,
  ) => {
    batch.due = false;
    const taken = batch.waiting.splice(0, maxKeys);
    const keys = [...new Set(taken.map((lookup) => lookup.key))];
    const query: CompiledQuery<R> = {
      ...statement,
      parameters: statement.parameters.map((value) =>
        value !== anyKeys ? value : postgres ? keys : JSON.stringify(keys),
      ),
    };
    batch.inFlight++;
    try {
      const { rows } = await executor.executeQuery(query);
      const found = new Map(rows.map((row) => [keyOf(row), row]));
      for (const lookup of taken) lookup.resolve(found.get(lookup.key));
    } catch (error) {
      for (const lookup of taken) lookup.reject(error);
    } finally {
      batch.inFlight--;
      if (batch.waiting.length > 0) schedule(executor, statement, postgres, batch);
    }
  };
  const schedule = (
    executor: Executor,
    statement: CompiledQuery<R>,
    postgres: boolean,
    batch: Batch<R>,
  ) => {
    if (batch.inFlight >= maxInFlight || batch.due) return;
    if (postgres) {
      void send(executor, statement, postgres, batch);
      return;
    }
    batch.due = true;
    setImmediate(() => void send(executor, statement, postgres, batch));
  };
  return async (executor: Executor, key: string): Promise<R | undefined> => {
    const statements = statementsOf(executor);
    if (statements.many === null) {
      const query: CompiledQuery<R> = {
        ...statements.one,
        parameters: statements.one.parameters.map((value) => (value === anyKey ? key : value)),
      };
      return (await executor.executeQuery(query)).rows[0];
    }
    const many = statements.many;
    let batch = batches.get(executor);
    if (batch === undefined) {
      batch = { inFlight: 0, due: false, waiting: [] };
      batches.set(executor, batch);
    }
    const gathering = batch;
    return new Promise<R | undefined>((resolve, reject) => {
      gathering.waiting.push({ key, resolve, reject });
      schedule(executor, many, statements.postgres, gathering);
    });
  };
}
