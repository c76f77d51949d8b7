import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type {
  MigrationResultSet,
  PostgresCursor,
  PostgresPool,
  PostgresPoolClient,
  PostgresQueryResult,
  SqliteDatabase,
} from 'kysely';
import { createRequire } from 'node:module';
import type pg from 'pg';
import { migrations } from './migrations/index.ts';
import type { Database, Db, Executor } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

/** A database handle together with the engine it runs on. */
export interface DatabaseHandle {
  readonly db: Db;
  readonly engine: Engine;
  /** Where the data lives, without credentials: a file path or host/database. */
  readonly location: string;
  close(): Promise<void>;
}

/** True for a `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

// The PostgreSQL driver is loaded when a PostgreSQL database is opened, not at every start.
const requirePg: (id: 'pg') => typeof pg = createRequire(import.meta.url);
let driver: typeof pg | undefined;
function postgresDriver(): typeof pg {
  if (driver === undefined) {
    driver = requirePg('pg');
    // PostgreSQL returns int8 and numeric as strings; the registry's bigints (audit indices)
    // stay below 2^53, and amounts are decimal values read as numbers.
    driver.types.setTypeParser(20, (value) => Number(value));
    driver.types.setTypeParser(1700, (value) => Number(value));
  }
  return driver;
}

/** Opens SQLite (a file path or ":memory:") or PostgreSQL (a URL). */
export function createDb(target: string): DatabaseHandle {
  if (isPostgresUrl(target)) {
    const pool = new (postgresDriver().Pool)({ connectionString: target, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: naming(pool) }) });
    const url = new URL(target);
    return {
      db,
      engine: 'postgres',
      location: `${url.hostname}:${url.port || '5432'}${url.pathname}`,
      close: () => db.destroy(),
    };
  }
  const onDisk = target !== ':memory:' && !target.startsWith('file:');
  if (onDisk) {
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    // Created readable by its owner only, like the keys beside it: SQLite gives the WAL and
    // shared-memory files the main file's permissions.
    if (!existsSync(target)) closeSync(openSync(target, 'a', 0o600));
  }
  const sqlite = new SQLite(target);
  sqlite.pragma('journal_mode = WAL');

  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted content is overwritten with zeros, so a shredded data key or a cleared plaintext
  // does not linger in free pages of the file.
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: keepingStatements(sqlite) }),
  });
  return { db, engine: 'sqlite', location: target, close: () => db.destroy() };
}

/** SQL texts sent to PostgreSQL as named statements, with their names. */
const namedTexts = new Map<string, string>();

/**
 * Has PostgreSQL parse and plan `text` once per connection (a named prepared statement) rather
 * than at every run: for the few fixed statements run on every request (the lookup of an API
 * token or a session with the log head, whose planning took 0.18 ms against 0.04 ms to run).
 * Only fixed texts belong here: each stays prepared on every connection of every pool.
 */
export function prepareOnPostgres(text: string): void {
  if (!namedTexts.has(text)) namedTexts.set(text, `palermo_${namedTexts.size + 1}`);
}

const commands = ['UPDATE', 'DELETE', 'INSERT', 'SELECT', 'MERGE', 'COMMIT', 'ROLLBACK'] as const;

/** pg's command tag as Kysely knows it; others (CREATE, SET …) change no rows it counts. */
function commandOf(tag: string): PostgresQueryResult<unknown>['command'] {
  return commands.find((command) => command === tag) ?? 'SELECT';
}

/** A pool client that sends the texts of `prepareOnPostgres` as named statements. */
class NamingClient implements PostgresPoolClient {
  constructor(private readonly client: pg.PoolClient) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query(
    sqlOrCursor: string | PostgresCursor<unknown>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<unknown>> | PostgresCursor<unknown> {
    // Kysely asks for a cursor only to stream, which this dialect is not configured for.
    if (typeof sqlOrCursor !== 'string') throw new Error('streaming is not configured');
    return this.run(sqlOrCursor, parameters);
  }

  private async run(
    text: string,
    parameters: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<unknown>> {
    const name = namedTexts.get(text);
    const values = [...parameters];
    // As Kysely's own client does for the others: pg copies a config object, not a text.
    const result = await (name === undefined
      ? this.client.query(text, values)
      : this.client.query({ name, text, values }));
    const rows: unknown[] = result.rows;
    return { command: commandOf(result.command), rowCount: result.rowCount ?? 0, rows };
  }

  release(destroy?: boolean): void {
    this.client.release(destroy);
  }
}

/** The pool Kysely uses: pg's, with clients that name the statements of `prepareOnPostgres`. */
function naming(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, NamingClient>();
  return {
    end: () => pool.end(),
    async connect() {
      const client = await pool.connect();
      let named = clients.get(client);
      if (named === undefined) {
        named = new NamingClient(client);
        clients.set(client, named);
      }
      return named;
    },
  };
}

/**
 * better-sqlite3 keeping its most recently used prepared statements: Kysely's SQLite driver
 * prepares every query anew, and preparing (parsing and planning the SQL) cost a read of a
 * few rows more than running it. SQLite re-prepares a kept statement by itself when the schema
 * changes. A statement still being iterated (a streamed query) is not handed out again.
 */
function keepingStatements(sqlite: SQLite.Database, capacity = 500): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      kept.clear();
      sqlite.close();
    },
    prepare: (text) => {
      const statement = kept.get(text);
      if (statement !== undefined && !statement.busy) {
        // Most recently used last: the first key is the one to evict.
        kept.delete(text);
        kept.set(text, statement);
        return statement;
      }
      const prepared = sqlite.prepare(text);
      if (statement === undefined) {
        kept.set(text, prepared);
        if (kept.size > capacity) kept.delete(kept.keys().next().value ?? text);
      }
      return prepared;
    },
  };
}

/** SQLite's page cache during a bulk write, in KiB (SQLite's default is 2,000 KiB). */
export const BULK_PAGE_CACHE_KIB = 262_144;

/**
 * Runs `work` with SQLite's page cache raised to `BULK_PAGE_CACHE_KIB` on this connection, then
 * back to what it was (SQLite frees the pages above it); nothing on PostgreSQL. An import of a
 * whole file is one transaction writing several tables and indexes keyed by random ids: with the
 * default 2 MB cache nearly every insert read a page back and spilled another to the WAL, so the
 * rate fell as the database grew (at 200,000 rows, 256 MB cut the import's system time by
 * 45% and its time by 40–50%). Memory grows by at most that much while the work runs.
 */
export async function withBulkPageCache<T>(
  db: Executor,
  engine: Engine,
  work: () => Promise<T>,
): Promise<T> {
  if (engine !== 'sqlite') return work();
  let hold = bulkPageCacheHolds.get(db);
  if (hold === undefined) {
    // Registered before any await, so that a second work starting meanwhile counts itself
    // into this hold: only the first work on a connection reads the cache it had.
    hold = { works: 0, before: readCacheSize(db) };
    bulkPageCacheHolds.set(db, hold);
  }
  hold.works += 1;
  const { before } = hold;
  try {
    await before;
    await sql.raw(`pragma cache_size = ${-BULK_PAGE_CACHE_KIB}`).execute(db);
    return await work();
  } finally {
    hold.works -= 1;
    if (hold.works === 0) {
      bulkPageCacheHolds.delete(db);
      const size = await before;
      await sql.raw(`pragma cache_size = ${Number.isFinite(size) ? size : -2000}`).execute(db);
    }
  }
}

/**
 * The works raising one connection's page cache at this moment, and the cache it had before
 * the first of them: overlapping imports on one connection give it back once, when the last
 * ends, rather than the first one's end shrinking the cache under the others and the last one
 * restoring the raised size for good.
 */
const bulkPageCacheHolds = new WeakMap<Executor, { works: number; before: Promise<number> }>();

async function readCacheSize(db: Executor): Promise<number> {
  const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
  return Number(rows[0]?.cache_size ?? -2000);
}

/**
 * On SQLite, copies the WAL into the main file and truncates it, so that page images from
 * before a deletion (a shredded key) leave the WAL as well; nothing on PostgreSQL.
 */
export async function checkpointSqlite(
  handle: Pick<DatabaseHandle, 'db' | 'engine'>,
): Promise<void> {
  if (handle.engine === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(handle.db);
}

/**
 * The migrator. On PostgreSQL its bookkeeping tables live in the connection's current schema:
 * without saying so, Kysely would find another schema's tables in the same database (a test
 * schema, a second deployment) and skip creating its own.
 */
async function migrator(db: Db): Promise<Migrator> {
  const provider = { getMigrations: () => Promise.resolve({ ...migrations }) };
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return new Migrator({ db, provider });
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema ?? 'public';
  return new Migrator({ db, provider, migrationTableSchema: schema });
}

/** Applies every pending migration; returns Kysely's result set (it never throws on failure). */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  return (await migrator(db)).migrateToLatest();
}

/**
 * Whether the database has run exactly the known migrations: one read of the migration table,
 * where Kysely's migrator takes its lock in a write transaction (every CLI command and server
 * start migrates). Anything else, a missing table included, goes to the migrator.
 */
async function upToDate(db: Db): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const executed = new Set(rows.map((row) => row.name));
    const known = Object.keys(migrations);
    return executed.size === known.length && known.every((name) => executed.has(name));
  } catch {
    return false;
  }
}

/** Applies pending migrations and throws, naming the migration, if one fails. */
export async function migrateOrThrow(db: Db): Promise<string[]> {
  if (await upToDate(db)) return [];
  const { error, results } = await migrateToLatest(db);
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return (results ?? []).map((result) => result.migrationName);
}

/** The migration state: which known migrations are applied and which are pending. */
export async function migrationState(
  db: Db,
): Promise<{ applied: string[]; pending: string[]; latest: string | null }> {
  // One indexed read of the migration table (the health check calls this every second); the
  // migrator's own listing, which first creates its tables if missing, only when there is none.
  const known = Object.keys(migrations).sort((a, b) => a.localeCompare(b)); // as Kysely orders them
  let executed: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    executed = new Set(rows.map((row) => row.name));
  } catch {
    const infos = await (await migrator(db)).getMigrations();
    executed = new Set(infos.filter((i) => i.executedAt !== undefined).map((i) => i.name));
  }
  const applied = known.filter((name) => executed.has(name));
  const pending = known.filter((name) => !executed.has(name));
  return { applied, pending, latest: applied.at(-1) ?? null };
}
