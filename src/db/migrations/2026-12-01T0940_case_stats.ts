import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * `case_stats`: one row per case holding what the annual report reads of it (the case with its
 * persons, victims, charges, indictments, verdicts and sentences, as JSON), so that a report
 * reads one row per case instead of seven tables (issue 16, part 4).
 *
 * The database keeps it honest, not the writers: a trigger on `cases` and on each of its six
 * child tables the report reads bumps the case's `generation` and marks it stale (`fresh` 0)
 * in the writing transaction itself, whoever writes (a use-case, an import, a correction, a
 * deletion, another process). A report rebuilds the stale rows it needs from the records and
 * stores one only if its generation has not moved since it was read, so a summary built from
 * rows older than a later write is never marked fresh. Deleting a case deletes its row.
 * Existing cases start stale. Never edit this file once landed.
 */
const children = [
  'persons',
  'victim_records',
  'charges',
  'case_events',
  'verdicts',
  'sentences',
] as const;

/** The upsert that marks a case's summary stale, for a row whose case is `ref.case_id`. */
const touch = (caseColumn: string) => `
  insert into case_stats (case_id, jurisdiction, generation, fresh)
  values (${caseColumn}, ${caseColumn.replace(/\.\w+$/, '.jurisdiction')}, 1, 0)
  on conflict (case_id) do update set generation = case_stats.generation + 1, fresh = 0`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_stats')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('fresh', 'integer', (c) => c.notNull())
    .addColumn('first_on', 'text')
    .addColumn('last_on', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema
    .createIndex('case_stats_window_idx')
    .on('case_stats')
    .columns(['jurisdiction', 'fresh', 'last_on', 'first_on'])
    .execute();
  await sql`insert into case_stats (case_id, jurisdiction, generation, fresh)
    select id, jurisdiction, 1, 0 from cases`.execute(db);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql
      .raw(
        `create function case_stats_touch_case() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' then
            delete from case_stats where case_id = old.id;
            return old;
          end if;
          ${touch('new.id')};
          return new;
        end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function case_stats_touch_child() returns trigger language plpgsql as $$
        begin
          if tg_op = 'DELETE' then
            ${touch('old.case_id')};
            return old;
          end if;
          ${touch('new.case_id')};
          if tg_op = 'UPDATE' and old.case_id <> new.case_id then
            ${touch('old.case_id')};
          end if;
          return new;
        end $$`,
      )
      .execute(db);
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
    return;
  }
  await sql
    .raw(
      `create trigger case_stats_cases_insert after insert on cases begin ${touch('new.id')}; end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger case_stats_cases_update after update on cases begin ${touch('new.id')}; end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger case_stats_cases_delete after delete on cases begin
        delete from case_stats where case_id = old.id; end`,
    )
    .execute(db);
  for (const table of children) {
    await sql
      .raw(
        `create trigger case_stats_${table}_insert after insert on ${table} begin ${touch('new.case_id')}; end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger case_stats_${table}_update after update on ${table} begin
          ${touch('new.case_id')};
          ${touch('old.case_id')};
        end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger case_stats_${table}_delete after delete on ${table} begin ${touch('old.case_id')}; end`,
      )
      .execute(db);
  }
}

/** Drops the triggers and the table `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql.raw('drop trigger case_stats_cases on cases').execute(db);
    for (const table of children)
      await sql.raw(`drop trigger case_stats_${table} on ${table}`).execute(db);
    await sql.raw('drop function case_stats_touch_case()').execute(db);
    await sql.raw('drop function case_stats_touch_child()').execute(db);
  } else {
    for (const table of ['cases', ...children])
      for (const event of ['insert', 'update', 'delete'])
        await sql.raw(`drop trigger case_stats_${table}_${event}`).execute(db);
  }
  await db.schema.dropTable('case_stats').execute();
}
