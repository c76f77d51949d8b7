import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * On PostgreSQL, the triggers that mark a case's report summary stale (`case_stats`,
 * 2026-12-01T0940_case_stats) fire once per statement instead of once per row (issue 15,
 * part 6). A bulk INSERT of a thousand persons of a hundred cases upserted the summary row of
 * its case a thousand times, each a new version of the row: 9 µs of the 19 µs a person row
 * cost the server. Each trigger now reads the statement's rows (a transition table) and
 * upserts each case they touch once. What the database promises is unchanged: every write to
 * a case or to one of the six child tables the report reads marks its case stale and moves its
 * generation, in the writing transaction, before the statement returns; deleting a case deletes
 * its summary. A generation now moves once per statement rather than once per row, which is
 * all the report relies on (a summary is stored only if the generation has not moved since its
 * records were read). PostgreSQL allows a transition table only for a trigger of one event, so
 * each table has three triggers. SQLite has no statement triggers and keeps its row triggers.
 * Never edit this file once landed.
 */
const children = [
  'persons',
  'victim_records',
  'charges',
  'case_events',
  'verdicts',
  'sentences',
] as const;

/** The upsert that marks stale the summary of each case of `rows` (columns case id, jurisdiction). */
const touch = (rows: string) => `
  insert into case_stats (case_id, jurisdiction, generation, fresh)
  select distinct on (case_id) case_id, jurisdiction, 1, 0 from (${rows}) touched
  order by case_id
  on conflict (case_id) do update set generation = case_stats.generation + 1, fresh = 0`;

/** A plpgsql trigger function whose body is `body`, returning nothing (a statement trigger). */
const fn = (name: string, body: string) =>
  `create function ${name}() returns trigger language plpgsql as $$
  begin
    ${body};
    return null;
  end $$`;

const functions = [
  fn('case_stats_cases_inserted', touch('select id as case_id, jurisdiction from new_rows')),
  fn('case_stats_cases_updated', touch('select id as case_id, jurisdiction from new_rows')),
  fn(
    'case_stats_cases_deleted',
    'delete from case_stats where case_id in (select id from old_rows)',
  ),
  fn('case_stats_child_inserted', touch('select case_id, jurisdiction from new_rows')),
  fn(
    'case_stats_child_updated',
    touch(`select case_id, jurisdiction from new_rows
      union all select case_id, jurisdiction from old_rows`),
  ),
  fn('case_stats_child_deleted', touch('select case_id, jurisdiction from old_rows')),
];

/** The statement triggers of `table`, each calling `<prefix>_<event>`. */
function statementTriggers(table: string, prefix: string): string[] {
  return [
    `create trigger case_stats_${table}_insert after insert on ${table}
      referencing new table as new_rows
      for each statement execute function ${prefix}_inserted()`,
    `create trigger case_stats_${table}_update after update on ${table}
      referencing old table as old_rows new table as new_rows
      for each statement execute function ${prefix}_updated()`,
    `create trigger case_stats_${table}_delete after delete on ${table}
      referencing old table as old_rows
      for each statement execute function ${prefix}_deleted()`,
  ];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql.raw('drop trigger case_stats_cases on cases').execute(db);
  for (const table of children)
    await sql.raw(`drop trigger case_stats_${table} on ${table}`).execute(db);
  for (const statement of functions) await sql.raw(statement).execute(db);
  for (const statement of statementTriggers('cases', 'case_stats_cases'))
    await sql.raw(statement).execute(db);
  for (const table of children)
    for (const statement of statementTriggers(table, 'case_stats_child'))
      await sql.raw(statement).execute(db);
}

/** Back to the row triggers (their functions, case_stats_touch_case and _child, were kept). */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const table of ['cases', ...children])
    for (const event of ['insert', 'update', 'delete'])
      await sql.raw(`drop trigger case_stats_${table}_${event} on ${table}`).execute(db);
  for (const name of ['cases', 'child'])
    for (const event of ['inserted', 'updated', 'deleted'])
      await sql.raw(`drop function case_stats_${name}_${event}()`).execute(db);
  await sql
    .raw(
      `create trigger case_stats_cases after insert or update or delete on cases
      for each row execute function case_stats_touch_case()`,
    )
    .execute(db);
  for (const table of children)
    await sql
      .raw(
        `create trigger case_stats_${table} after insert or update or delete on ${table}
        for each row execute function case_stats_touch_child()`,
      )
      .execute(db);
}
