import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * Every key of a case's own tables includes `case_id` (issue 16, part 5), so that a regional
 * deployment can distribute them on Citus by case without a data migration (docs/SCALING.md):
 * primary keys become `(case_id, id)` (`(case_id, person_id)` for identities and victim
 * records), and a reference from one case table to another names the case too, as in
 * `foreign key (case_id, charge_id) references charges (case_id, id)`, so that a row can only
 * refer to a row of its own case. Lookups by id alone keep a plain (not unique) index on the
 * id; the indexes on `case_id` alone go, the primary key serves them.
 *
 * `victim_links` joins persons of different cases, which no single shard holds: its foreign
 * keys to `persons` go (the application refuses deleting a person still linked, as it does for
 * every other reference). No row, column or value changes, so nothing the audit log hashed
 * changes.
 *
 * SQLite cannot change a key in place: each table is rebuilt as SQLite's documented procedure
 * says (https://www.sqlite.org/lang_altertable.html#otheralter: foreign keys off, one
 * transaction, create, copy, drop, rename, indexes, `foreign_key_check`, commit). PostgreSQL
 * alters the constraints in the migrator's transaction. Never edit this file once landed.
 */

interface ForeignKey {
  readonly columns: readonly string[];
  readonly table: string;
  readonly references: readonly string[];
}

interface TableKeys {
  readonly table: string;
  readonly primaryKey: readonly string[];
  /** Unique constraints, kept as they were (their names too). */
  readonly unique: readonly { readonly name: string; readonly columns: readonly string[] }[];
  readonly foreignKeys: readonly ForeignKey[];
  /** The id looked up alone (a plain index), when the primary key starts with case_id. */
  readonly idIndex?: string;
}

const toCase: ForeignKey = { columns: ['case_id'], table: 'cases', references: ['id'] };
const inCase = (column: string, table: string): ForeignKey => ({
  columns: ['case_id', column],
  table,
  references: ['case_id', 'id'],
});
const agency = (column: string): ForeignKey => ({
  columns: [column],
  table: 'agencies',
  references: ['id'],
});

const keys: readonly TableKeys[] = [
  {
    table: 'persons',
    primaryKey: ['case_id', 'id'],
    unique: [],
    foreignKeys: [toCase],
    idIndex: 'id',
  },
  {
    table: 'person_identities',
    primaryKey: ['case_id', 'person_id'],
    unique: [],
    foreignKeys: [toCase, inCase('person_id', 'persons')],
    idIndex: 'person_id',
  },
  {
    table: 'victim_records',
    primaryKey: ['case_id', 'person_id'],
    unique: [],
    foreignKeys: [toCase, inCase('person_id', 'persons'), agency('identifying_agency_id')],
    idIndex: 'person_id',
  },
  {
    table: 'charges',
    primaryKey: ['case_id', 'id'],
    unique: [],
    foreignKeys: [toCase, inCase('person_id', 'persons')],
    idIndex: 'id',
  },
  {
    table: 'case_events',
    primaryKey: ['case_id', 'id'],
    unique: [{ name: 'case_events_case_seq_unique', columns: ['case_id', 'seq'] }],
    foreignKeys: [
      toCase,
      inCase('person_id', 'persons'),
      inCase('charge_id', 'charges'),
      agency('agency_id'),
    ],
    idIndex: 'id',
  },
  {
    table: 'verdicts',
    primaryKey: ['case_id', 'id'],
    unique: [],
    foreignKeys: [
      toCase,
      inCase('event_id', 'case_events'),
      inCase('person_id', 'persons'),
      inCase('charge_id', 'charges'),
      agency('court_agency_id'),
    ],
    idIndex: 'id',
  },
  {
    table: 'sentences',
    primaryKey: ['case_id', 'id'],
    unique: [],
    foreignKeys: [
      toCase,
      inCase('event_id', 'case_events'),
      inCase('person_id', 'persons'),
      inCase('charge_id', 'charges'),
    ],
    idIndex: 'id',
  },
  {
    table: 'screenings',
    primaryKey: ['case_id', 'id'],
    unique: [],
    foreignKeys: [toCase, inCase('person_id', 'persons')],
    idIndex: 'id',
  },
  {
    // No foreign key, as before: access rows are never deleted and outlive a deleted case.
    table: 'case_seal_access',
    primaryKey: ['case_id', 'id'],
    unique: [],
    foreignKeys: [],
    idIndex: 'id',
  },
  {
    table: 'victim_links',
    primaryKey: ['id'],
    unique: [{ name: 'victim_links_pair_uq', columns: ['person_a', 'person_b'] }],
    foreignKeys: [],
  },
];

/** Indexes on `case_id` alone, which the new primary keys' first column serves. */
const redundant = [
  'persons_case_idx',
  'victim_records_case_idx',
  'charges_case_idx',
  'verdicts_case_idx',
  'sentences_case_idx',
  'screenings_case_idx',
];

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const list = (names: readonly string[]): string => names.map(quote).join(', ');
const fkName = (table: string, fk: ForeignKey): string =>
  `${table}_${fk.columns.filter((c) => c !== 'case_id' || fk.columns.length === 1).join('_')}_fkey`;

function constraints(spec: TableKeys): string[] {
  return [
    `constraint ${quote(`${spec.table}_pkey`)} primary key (${list(spec.primaryKey)})`,
    ...spec.unique.map((u) => `constraint ${quote(u.name)} unique (${list(u.columns)})`),
    ...spec.foreignKeys.map(
      (fk) =>
        `constraint ${quote(fkName(spec.table, fk))} foreign key (${list(fk.columns)}) ` +
        `references ${quote(fk.table)} (${list(fk.references)})`,
    ),
  ];
}

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
}

async function rebuildOnSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      for (const spec of keys) {
        const { rows: columns } = await sql<ColumnInfo>`
          select name, type, "notnull", dflt_value from pragma_table_info(${spec.table})`.execute(
          db,
        );
        if (columns.length === 0) throw new Error(`table ${spec.table} is missing`);
        const { rows: indexes } = await sql<{ name: string; sql: string }>`
          select name, sql from sqlite_master
          where type = 'index' and tbl_name = ${spec.table} and sql is not null`.execute(db);
        const definitions = columns.map((c) => {
          const notNull = c.notnull === 1 || spec.primaryKey.includes(c.name);
          const fallback = c.dflt_value === null ? '' : ` default ${c.dflt_value}`;
          return `${quote(c.name)} ${c.type}${notNull ? ' not null' : ''}${fallback}`;
        });
        const temporary = `${spec.table}__case_keys`;
        const names = list(columns.map((c) => c.name));
        await sql
          .raw(
            `create table ${quote(temporary)} (${[...definitions, ...constraints(spec)].join(', ')})`,
          )
          .execute(db);
        await sql
          .raw(
            `insert into ${quote(temporary)} (${names}) select ${names} from ${quote(spec.table)}`,
          )
          .execute(db);
        await sql.raw(`drop table ${quote(spec.table)}`).execute(db);
        await sql.raw(`alter table ${quote(temporary)} rename to ${quote(spec.table)}`).execute(db);
        for (const index of indexes) {
          if (!redundant.includes(index.name)) await sql.raw(index.sql).execute(db);
        }
        if (spec.idIndex !== undefined) {
          await sql
            .raw(
              `create index ${quote(`${spec.table}_${spec.idIndex}_idx`)} on ${quote(spec.table)} (${quote(spec.idIndex)})`,
            )
            .execute(db);
        }
      }
      const { rows: broken } = await sql<{
        table: string;
        parent: string;
      }>`select "table", parent from pragma_foreign_key_check`.execute(db);
      if (broken.length > 0) {
        const where = [...new Set(broken.map((b) => `${b.table} → ${b.parent}`))].join(', ');
        throw new Error(
          `${broken.length} row(s) refer to a row of another case or to none (${where}); nothing was changed`,
        );
      }
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function alterOnPostgres(db: Kysely<unknown>): Promise<void> {
  const tables = keys.map((spec) => spec.table);
  // Every foreign key from or to a table whose keys change, then those tables' primary keys.
  const { rows: foreign } = await sql<{ table: string; name: string }>`
    select c.relname as "table", k.conname as name
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = current_schema()
      and (c.relname in (${sql.join(tables)}) or p.relname in (${sql.join(tables)}))`.execute(db);
  for (const fk of foreign) {
    await sql.raw(`alter table ${quote(fk.table)} drop constraint ${quote(fk.name)}`).execute(db);
  }
  const { rows: primary } = await sql<{ table: string; name: string }>`
    select c.relname as "table", k.conname as name
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'p' and n.nspname = current_schema()
      and c.relname in (${sql.join(tables)})`.execute(db);
  for (const pk of primary) {
    await sql.raw(`alter table ${quote(pk.table)} drop constraint ${quote(pk.name)}`).execute(db);
  }
  for (const spec of keys) {
    await sql
      .raw(
        `alter table ${quote(spec.table)} add constraint ${quote(`${spec.table}_pkey`)} ` +
          `primary key (${list(spec.primaryKey)})`,
      )
      .execute(db);
    if (spec.idIndex !== undefined) {
      await sql
        .raw(
          `create index ${quote(`${spec.table}_${spec.idIndex}_idx`)} on ${quote(spec.table)} (${quote(spec.idIndex)})`,
        )
        .execute(db);
    }
  }
  for (const spec of keys) {
    for (const fk of spec.foreignKeys) {
      await sql
        .raw(
          `alter table ${quote(spec.table)} add constraint ${quote(fkName(spec.table, fk))} ` +
            `foreign key (${list(fk.columns)}) references ${quote(fk.table)} (${list(fk.references)})`,
        )
        .execute(db);
    }
  }
  for (const index of redundant) await sql.raw(`drop index ${quote(index)}`).execute(db);
}

/** Rebuilds (SQLite) or alters (PostgreSQL) the case tables' keys. */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await alterOnPostgres(db);
  else await rebuildOnSqlite(db);
}

/** Not reversible: the earlier keys let a row refer to a row of another case. */
export function down(): Promise<void> {
  return Promise.reject(
    new Error('2026-12-01T0500_case_keys cannot be undone; restore a backup instead'),
  );
}
