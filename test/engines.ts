import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createAppContext } from '../src/app/common/context.ts';
import { memoryKeyring } from '../src/app/crypto/keyring.ts';
import type { AppContext } from '../src/app/common/context.ts';
import { readConfig } from '../src/config.ts';
import type { Config } from '../src/config.ts';
import { createDb, migrateOrThrow } from '../src/db/create-db.ts';
import type { DatabaseHandle, Engine } from '../src/db/create-db.ts';
import type { Db } from '../src/db/schema.ts';

/** A migrated, empty database for one test suite, on one engine. */
export interface TestDatabase {
  readonly engine: Engine;
  readonly handle: DatabaseHandle;
  readonly ctx: AppContext;
  close(): Promise<void>;
}

/** A database engine the suite runs against. */
export interface TestEngine {
  readonly name: Engine;
  open(overrides?: ContextOverrides): Promise<TestDatabase>;
}

type ContextOverrides = NonNullable<Parameters<typeof createAppContext>[3]>;

/** The configuration a test runs with: the defaults, never the developer's environment. */
export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return readConfig(env);
}

const postgresUrl = process.env.PALERMO_TEST_DATABASE_URL;
if (process.env.CI === 'true' && (postgresUrl === undefined || postgresUrl === '')) {
  throw new Error(
    'CI=true but PALERMO_TEST_DATABASE_URL is not set: the PostgreSQL half of the matrix would be skipped',
  );
}

const sqlite: TestEngine = {
  name: 'sqlite',
  async open(overrides = {}) {
    const handle = createDb(':memory:');
    await migrateOrThrow(handle.db);
    return {
      engine: 'sqlite',
      handle,
      ctx: createAppContext(handle.db, 'sqlite', testConfig(), {
        keyring: memoryKeyring(),
        ...overrides,
      }),
      close: () => handle.close(),
    };
  },
};

/**
 * Migrates a suite's schema while other suites make and drop theirs: Kysely's migrator looks
 * through every schema of the database (has_schema_privilege on each), which fails when another
 * suite's schema is dropped in between. Only that failure, naming a schema not ours, is retried.
 */
async function migrateBesideOthers(db: Db, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateOrThrow(db);
      return;
    } catch (error) {
      const gone = /schema "([^"]+)" does not exist/.exec(String(error))?.[1];
      if (gone === undefined || gone === schema || attempt === 5) throw error;
    }
  }
}

/** Each suite gets its own PostgreSQL schema, dropped afterwards, so suites never see each other's rows. */
const postgres = (url: string): TestEngine => ({
  name: 'postgres',
  async open(overrides = {}) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = createDb(url);
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    await admin.close();
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    const handle = createDb(scoped.toString());
    await migrateBesideOthers(handle.db, schema);
    return {
      engine: 'postgres',
      handle,
      ctx: createAppContext(handle.db, 'postgres', testConfig(), {
        keyring: memoryKeyring(),
        ...overrides,
      }),
      async close() {
        await handle.close();
        const cleanup = createDb(url);
        await sql`drop schema ${sql.id(schema)} cascade`.execute(cleanup.db);
        await cleanup.close();
      },
    };
  },
});

/** SQLite always; PostgreSQL when PALERMO_TEST_DATABASE_URL is set (and always under CI). */
export const engines: readonly TestEngine[] =
  postgresUrl === undefined || postgresUrl === '' ? [sqlite] : [sqlite, postgres(postgresUrl)];

/**
 * Two handles on one migrated, empty database, as two servers (or a server and a CLI) sharing
 * it: SQLite in a file of its own, PostgreSQL in a schema of its own; both dropped on close.
 */
export async function openTwice(
  engine: TestEngine,
): Promise<{ readonly first: AppContext; readonly second: AppContext; close(): Promise<void> }> {
  let target: string;
  let schema = '';
  let drop: () => Promise<void>;
  if (engine.name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'palermo-twice-'));
    target = join(dir, 'shared.db');
    drop = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  } else {
    const url = postgresUrl ?? '';
    schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = createDb(url);
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    await admin.close();
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    target = scoped.toString();
    drop = async () => {
      const cleanup = createDb(url);
      await sql`drop schema ${sql.id(schema)} cascade`.execute(cleanup.db);
      await cleanup.close();
    };
  }
  const handles = [createDb(target), createDb(target)] as const;
  await migrateBesideOthers(handles[0].db, schema);
  const [first, second] = handles.map((handle) =>
    createAppContext(handle.db, engine.name, testConfig(), { keyring: memoryKeyring() }),
  );
  if (first === undefined || second === undefined) throw new Error('two contexts expected');
  return {
    first,
    second,
    async close() {
      for (const handle of handles) await handle.close();
      await drop();
    },
  };
}
