import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Fewer B-trees for `import_keys` (issue 15, part 6): an import writes one key per record, and
 * each key went into four B-trees (the table, its id, the external key `(jurisdiction, source,
 * kind, external_key)`, the case). Only a case's key is ever looked up by its external key;
 * every other key is read with its case's (`findImportKeysOfCase`). So three, one of them
 * small:
 *
 * - `import_keys_case_uq`, unique `(case_id, source, kind, external_key)`: a case's keys, read
 *   by its case (it replaces `import_keys_case_idx`), and a record's key unique in its case;
 * - `import_keys_case_key_uq`, unique `(jurisdiction, source, external_key)` for
 *   `kind = 'case'` only (a partial index, a tenth of the keys in a file of ten rows a case): a
 *   case's external key unique in its jurisdiction and source, as before, looked up by it.
 *
 * (A `WITHOUT ROWID` table keyed by id was tried on SQLite: as many pages, since each index
 * entry then carries the 36-character id instead of a rowid, and no faster than this.)
 *
 * A record's external key starts with its case's (`<case key>/<record key>`, src/app/import) and
 * is only ever read among its case's keys, so unique in its case is what the import relies on;
 * rows that met the earlier constraint meet these. No row, column or value changes
 * (nothing the audit log hashed). SQLite cannot drop a table's unique constraint, so it rebuilds
 * the table in one transaction (create, copy, drop, rename, indexes); nothing refers to
 * `import_keys`, so foreign keys stay on. PostgreSQL changes the indexes in the migrator's
 * transaction. Never edit this file once landed.
 */
const columns = [
  '"id" text not null',
  '"jurisdiction" text not null',
  '"source" text not null',
  '"kind" text not null',
  '"external_key" text not null',
  '"case_id" text not null',
  '"entity_id" text not null',
  '"digest" text not null',
  '"version" integer not null',
  '"created_at" text not null',
  '"updated_at" text not null',
];
const names =
  '"id", "jurisdiction", "source", "kind", "external_key", "case_id", "entity_id", "digest", "version", "created_at", "updated_at"';
const caseFk =
  'constraint "import_keys_case_id_fkey" foreign key ("case_id") references "cases" ("id")';
const leanIndexes = [
  'create unique index "import_keys_case_uq" on "import_keys" ("case_id", "source", "kind", "external_key")',
  `create unique index "import_keys_case_key_uq" on "import_keys" ("jurisdiction", "source", "external_key") where "kind" = 'case'`,
];

/** Rebuilds `import_keys` on SQLite as `definition` says, its rows copied, in one transaction. */
async function rebuildOnSqlite(
  db: Kysely<unknown>,
  definition: string,
  indexes: readonly string[],
): Promise<void> {
  await sql`begin`.execute(db);
  try {
    const before = await sql<{ n: number }>`select count(*) as n from import_keys`.execute(db);
    await sql.raw(`create table "import_keys__lean" (${definition})`).execute(db);
    await sql
      .raw(`insert into "import_keys__lean" (${names}) select ${names} from "import_keys"`)
      .execute(db);
    await sql`drop table "import_keys"`.execute(db);
    await sql`alter table "import_keys__lean" rename to "import_keys"`.execute(db);
    for (const index of indexes) await sql.raw(index).execute(db);
    const after = await sql<{ n: number }>`select count(*) as n from import_keys`.execute(db);
    if (Number(after.rows[0]?.n) !== Number(before.rows[0]?.n))
      throw new Error('import_keys: rows lost while rebuilding; nothing was changed');
    await sql`commit`.execute(db);
  } catch (error) {
    await sql`rollback`.execute(db);
    throw error;
  }
}

/** The lean keys: two unique indexes (one partial, cases' keys only) instead of two full ones. */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table import_keys drop constraint import_keys_key_uq`.execute(db);
    await sql`drop index import_keys_case_idx`.execute(db);
    for (const index of leanIndexes) await sql.raw(index).execute(db);
    return;
  }
  await rebuildOnSqlite(
    db,
    [...columns.map((c, i) => (i === 0 ? `${c} primary key` : c)), caseFk].join(', '),
    leanIndexes,
  );
}

/** The keys as before: the external key unique with its kind, an index on the case. */
export async function down(db: Kysely<unknown>): Promise<void> {
  const earlier = ['create index "import_keys_case_idx" on "import_keys" ("case_id")'];
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const index of ['import_keys_case_uq', 'import_keys_case_key_uq'])
      await sql.raw(`drop index "${index}"`).execute(db);
    await sql`alter table import_keys add constraint import_keys_key_uq unique (jurisdiction, source, kind, external_key)`.execute(
      db,
    );
    for (const index of earlier) await sql.raw(index).execute(db);
    return;
  }
  await rebuildOnSqlite(
    db,
    [
      ...columns.map((c, i) => (i === 0 ? `${c} primary key` : c)),
      caseFk,
      'constraint "import_keys_key_uq" unique ("jurisdiction", "source", "kind", "external_key")',
    ].join(', '),
    earlier,
  );
}
