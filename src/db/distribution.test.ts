/**
 * The case tables' keys include the case (issue 16, part 5): read from the migrated database's
 * own catalog on each engine, so that a table or key added later without the case fails here.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/engines.ts';
import type { TestDatabase } from '../../test/engines.ts';
import type { Engine } from './create-db.ts';
import { citusSetupSql, crossShardConstraints, placements } from './distribution.ts';
import type { Placement } from './distribution.ts';
import type { Db } from './schema.ts';
import { toJurisdictionCode } from '../core/jurisdiction.ts';

interface ForeignKey {
  readonly columns: readonly string[];
  readonly table: string;
  readonly references: readonly string[];
}

interface TableCatalog {
  readonly notNull: ReadonlySet<string>;
  readonly primaryKey: readonly string[];
  /** Every unique constraint or unique index, by its columns. */
  readonly unique: readonly (readonly string[])[];
  readonly foreignKeys: readonly ForeignKey[];
}

const bookkeeping = new Set(['kysely_migration', 'kysely_migration_lock']);

async function sqliteCatalog(db: Db): Promise<Map<string, TableCatalog>> {
  const catalog = new Map<string, TableCatalog>();
  const { rows: tables } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  for (const { name } of tables) {
    const { rows: columns } = await sql<{ name: string; notnull: number; pk: number }>`
      select name, "notnull", pk from pragma_table_info(${name})`.execute(db);
    const { rows: indexes } = await sql<{ name: string; unique: number; origin: string }>`
      select name, "unique", origin from pragma_index_list(${name})`.execute(db);
    const unique: string[][] = [];
    for (const index of indexes) {
      if (index.unique !== 1 || index.origin === 'pk') continue;
      const { rows } = await sql<{ name: string }>`
        select name from pragma_index_info(${index.name}) order by seqno`.execute(db);
      unique.push(rows.map((row) => row.name));
    }
    const { rows: fks } = await sql<{ id: number; table: string; from: string; to: string }>`
      select id, "table", "from", "to" from pragma_foreign_key_list(${name}) order by id, seq`.execute(
      db,
    );
    const byId = new Map<number, { table: string; columns: string[]; references: string[] }>();
    for (const fk of fks) {
      const entry = byId.get(fk.id) ?? { table: fk.table, columns: [], references: [] };
      entry.columns.push(fk.from);
      entry.references.push(fk.to);
      byId.set(fk.id, entry);
    }
    catalog.set(name, {
      notNull: new Set(columns.filter((c) => c.notnull === 1 || c.pk > 0).map((c) => c.name)),
      primaryKey: columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      unique,
      foreignKeys: [...byId.values()],
    });
  }
  return catalog;
}

async function postgresCatalog(db: Db): Promise<Map<string, TableCatalog>> {
  const { rows: columns } = await sql<{ table: string; column: string; not_null: boolean }>`
    select c.relname as "table", a.attname as "column", a.attnotnull as not_null
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname = current_schema() and a.attnum > 0 and not a.attisdropped`.execute(
    db,
  );
  // Constraints, and unique indexes that no constraint made, with their columns in key order.
  const { rows: keys } = await sql<{
    table: string;
    kind: string;
    columns: string[];
    target: string | null;
    target_columns: string[] | null;
  }>`
    select c.relname as "table", k.contype as kind,
      array(select a.attname::text from unnest(k.conkey) with ordinality u(n, i)
            join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i) as columns,
      t.relname as target,
      case when k.contype = 'f' then
        array(select a.attname::text from unnest(k.confkey) with ordinality u(n, i)
              join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i)
      end as target_columns
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_class t on t.oid = k.confrelid
    where n.nspname = current_schema() and k.contype in ('p', 'u', 'f')
    union all
    select c.relname, 'u',
      array(select a.attname::text from unnest(i.indkey::int2[]) with ordinality u(n, o)
            join pg_attribute a on a.attrelid = i.indrelid and a.attnum = u.n order by u.o),
      null, null
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_class x on x.oid = i.indexrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and i.indisunique
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`.execute(db);
  const catalog = new Map<string, TableCatalog>();
  for (const table of new Set(columns.map((c) => c.table))) {
    const own = keys.filter((k) => k.table === table);
    catalog.set(table, {
      notNull: new Set(columns.filter((c) => c.table === table && c.not_null).map((c) => c.column)),
      primaryKey: own.find((k) => k.kind === 'p')?.columns ?? [],
      unique: own.filter((k) => k.kind === 'u').map((k) => k.columns),
      foreignKeys: own
        .filter((k) => k.kind === 'f')
        .map((k) => ({
          columns: k.columns,
          table: k.target ?? '?',
          references: k.target_columns ?? [],
        })),
    });
  }
  return catalog;
}

function readCatalog(engine: Engine, db: Db): Promise<Map<string, TableCatalog>> {
  return engine === 'sqlite' ? sqliteCatalog(db) : postgresCatalog(db);
}

const placementOf = (table: string): Placement | undefined =>
  (placements as Record<string, Placement | undefined>)[table];

const listed = (table: string, kind: 'unique' | 'foreign', columns: readonly string[]): boolean =>
  crossShardConstraints.some(
    (c) => c.table === table && c.kind === kind && c.columns.join() === columns.join(),
  );

/**
 * Every way the catalog falls short of Citus's rules for the placements: a distributed table's
 * primary key and unique keys must include its distribution column; a foreign key between
 * distributed tables must pair their distribution columns; nothing else may refer to a
 * distributed table; a distributed table may refer to reference tables. Listed cross-shard
 * constraints are allowed (and must exist).
 */
function problems(catalog: ReadonlyMap<string, TableCatalog>): string[] {
  const found: string[] = [];
  for (const [table, info] of catalog) {
    if (bookkeeping.has(table)) continue;
    const placement = placementOf(table);
    if (placement === undefined) {
      found.push(`${table}: no placement in src/db/distribution.ts`);
      continue;
    }
    if (placement.kind !== 'distributed') {
      if (info.notNull.has('case_id') && placement.kind === 'reference')
        found.push(`${table}: belongs to a case (case_id not null) but is a reference table`);
      for (const fk of info.foreignKeys) {
        if (placementOf(fk.table)?.kind === 'distributed' && !listed(table, 'foreign', fk.columns))
          found.push(
            `${table}: (${fk.columns.join(', ')}) refers to ${fk.table}, which is sharded`,
          );
      }
      continue;
    }
    const key = placement.column;
    if (!info.notNull.has(key)) found.push(`${table}: ${key} may be null`);
    if (!info.primaryKey.includes(key))
      found.push(`${table}: primary key (${info.primaryKey.join(', ')}) leaves out ${key}`);
    for (const columns of info.unique) {
      if (!columns.includes(key) && !listed(table, 'unique', columns))
        found.push(`${table}: unique (${columns.join(', ')}) leaves out ${key}`);
    }
    for (const fk of info.foreignKeys) {
      const target = placementOf(fk.table);
      if (target === undefined || target.kind === 'reference') continue;
      if (target.kind === 'coordinator') {
        found.push(`${table}: (${fk.columns.join(', ')}) refers to ${fk.table}, a local table`);
        continue;
      }
      const at = fk.columns.indexOf(key);
      if (at < 0 || fk.references[at] !== target.column)
        found.push(
          `${table}: (${fk.columns.join(', ')}) → ${fk.table} (${fk.references.join(', ')}) does not pair ${key} with ${fk.table}.${target.column}`,
        );
    }
  }
  for (const c of crossShardConstraints) {
    const info = catalog.get(c.table);
    const present =
      c.kind === 'unique'
        ? info?.unique.some((u) => u.join() === c.columns.join())
        : info?.foreignKeys.some((fk) => fk.columns.join() === c.columns.join());
    if (present !== true)
      found.push(`${c.table}: the listed ${c.kind} (${c.columns.join(', ')}) is not in the schema`);
  }
  return found;
}

describe.each(engines)('keys ready for Citus, on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('every key of a case table includes the case, and nothing else refers into them', async () => {
    const catalog = await readCatalog(engine.name, db.handle.db);
    expect(problems(catalog)).toEqual([]);
    // Every table placed exists, and the case tables have the keys the migration gave them.
    for (const table of Object.keys(placements)) expect([...catalog.keys()]).toContain(table);
    expect(catalog.get('persons')?.primaryKey).toEqual(['case_id', 'id']);
    expect(catalog.get('victim_records')?.primaryKey).toEqual(['case_id', 'person_id']);
    expect(catalog.get('verdicts')?.foreignKeys).toContainEqual({
      columns: ['case_id', 'charge_id'],
      table: 'charges',
      references: ['case_id', 'id'],
    });
  });

  it('fails a table or key added later without the case', async () => {
    const raw = db.handle.db;
    await sql`create table case_notes (id text primary key, case_id text not null references cases (id))`.execute(
      raw,
    );
    await sql`create unique index charges_article_uq on charges (instrument, article, id)`.execute(
      raw,
    );
    await sql`create table stray_links (id text primary key, person_id text not null, case_id text not null, foreign key (case_id, person_id) references persons (case_id, id))`.execute(
      raw,
    );
    try {
      const found = problems(await readCatalog(engine.name, raw));
      expect(found).toContain('case_notes: no placement in src/db/distribution.ts');
      expect(found).toContain('stray_links: no placement in src/db/distribution.ts');
      expect(found).toContain('charges: unique (instrument, article, id) leaves out case_id');
    } finally {
      await sql`drop index charges_article_uq`.execute(raw);
      await sql`drop table stray_links`.execute(raw);
      await sql`drop table case_notes`.execute(raw);
    }
  });

  it('refuses a row that refers to a row of another case', async () => {
    const raw = db.handle.db;
    const now = '2026-12-01T00:00:00.000Z';
    const agency = randomUUID();
    const KG = toJurisdictionCode('KG');
    await raw
      .insertInto('agencies')
      .values({
        id: agency,
        jurisdiction: KG,
        name: `a-${agency}`,
        kind: 'police',
        parent_agency_id: null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const cases = [randomUUID(), randomUUID()];
    for (const id of cases) {
      await raw
        .insertInto('cases')
        .values({
          id,
          jurisdiction: KG,
          reference: `ref-${id}`,
          opened_on: '2026-01-01',
          opening_agency_id: agency,
          origin: null,
          summary: null,
          registered_instrument: null,
          registered_article: null,
          registered_part: null,
          status: 'open',
          sealed: 0,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const person = randomUUID();
    await raw
      .insertInto('persons')
      .values({
        id: person,
        jurisdiction: KG,
        case_id: cases[0] ?? '',
        role: 'suspect',
        label: null,
        sex: null,
        age_kind: null,
        age_years: null,
        citizenship: null,
        public_official: null,
        official_agency: null,
        official_position: null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const charge = (caseId: string) =>
      raw
        .insertInto('charges')
        .values({
          id: randomUUID(),
          jurisdiction: KG,
          case_id: caseId,
          person_id: person,
          statute_jurisdiction: KG,
          instrument: 'criminal-code',
          article: '171',
          part: null,
          form: null,
          charged_on: '2026-02-01',
          offence_date: null,
          status: 'active',
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
    await expect(charge(cases[1] ?? '')).rejects.toThrow(/foreign key/i);
    await charge(cases[0] ?? '');
  });

  it('plans a create_distributed_table or create_reference_table for every table on paper', () => {
    const statements = citusSetupSql();
    for (const [table, placement] of Object.entries(placements)) {
      const created = statements.filter((s) => s.includes(`('${table}'`));
      expect(created, table).toHaveLength(placement.kind === 'coordinator' ? 0 : 1);
    }
  });
});
