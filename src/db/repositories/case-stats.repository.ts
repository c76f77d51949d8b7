import { sql } from 'kysely';
import type { Executor } from '../schema.ts';
import { relevantCaseIds } from './stats.repository.ts';
import { onPostgres } from './statements.ts';
import type { StatsWindow } from './stats.repository.ts';

/**
 * A summary row as read: stale ones (`fresh` 0) carry no data worth reading, nor do dated ones
 * (`fresh` 2: stale, with the first and last of its case's dates a window selects it by, read
 * from the records once after a bulk load, `dateStaleSummaries`); both are rebuilt when read.
 */
export interface CaseSummaryRow {
  readonly case_id: string;
  readonly generation: number;
  readonly fresh: number;
  readonly data: string | null;
}

/** A summary built from the records of a case at `generation`. */
export interface BuiltSummary {
  readonly caseId: string;
  readonly generation: number;
  readonly firstOn: string;
  readonly lastOn: string;
  readonly data: string;
}

/** How many summaries of the jurisdiction are stale. */
export async function countStaleSummaries(
  executor: Executor,
  jurisdiction: StatsWindow['jurisdiction'],
): Promise<number> {
  const row = await executor
    .selectFrom('case_stats')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdiction', '=', jurisdiction)
    .where('fresh', '=', 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * `fresh = 0`, which SQLite is told is rare (`unlikely`): statistics gathered by ANALYZE after a
 * bulk load, when every summary was stale, say that it selects every row, and SQLite then read
 * the whole table for it (a full scan of a million summaries in every report, 250 of 390 ms of
 * CPU of the summaries' statement at 100k) instead of the window index. Stale summaries are few
 * but after a load, and then the report asks only for the window's. PostgreSQL's statistics
 * follow the table (autovacuum), and it has no such function.
 */
function staleTerm(executor: Executor) {
  return onPostgres(executor)
    ? sql<boolean>`${sql.ref('fresh')} = 0`
    : sql<boolean>`unlikely(${sql.ref('fresh')} = 0)`;
}

/**
 * The summaries a report over the window needs, in one statement (one state of the table):
 * every fresh one whose dates overlap the window, and the stale ones, whose dates are not
 * known until they are rebuilt: with `stale` 'all', every stale one of the jurisdiction; with
 * 'window', only those of the cases whose records now have a date in the window (the ids a
 * full read of the records selects, `relevantCaseIds`), which is what a rebuild would select
 * of the others; those are left stale for a report over another window.
 */
function caseSummariesQuery(executor: Executor, window: StatsWindow, stale: 'all' | 'window') {
  const staleRows = executor
    .selectFrom('case_stats')
    // A stale summary's data are not read: it is rebuilt.
    .select(['case_id', 'generation', 'fresh', sql<string | null>`null`.as('data')])
    .where('jurisdiction', '=', window.jurisdiction)
    .where(staleTerm(executor));
  return (
    stale === 'all'
      ? staleRows
      : staleRows.where('case_id', 'in', relevantCaseIds(executor, window))
  )
    .unionAll(
      // Dated stale summaries: found by the window index as the fresh ones are, rebuilt.
      executor
        .selectFrom('case_stats')
        .select(['case_id', 'generation', 'fresh', sql<string | null>`null`.as('data')])
        .where('jurisdiction', '=', window.jurisdiction)
        .where('fresh', '=', 2)
        .where('last_on', '>=', window.from)
        .where('first_on', '<=', window.to),
    )
    .unionAll(
      executor
        .selectFrom('case_stats')
        .select(['case_id', 'generation', 'fresh', 'data'])
        .where('jurisdiction', '=', window.jurisdiction)
        .where('fresh', '=', 1)
        .where('last_on', '>=', window.from)
        .where('first_on', '<=', window.to),
    );
}

/**
 * Each summary with `fresh` = `state` (of one jurisdiction, or of all), with the first and last
 * of its case's dates a report window selects a case by (opened, referred, decided, a victim
 * identified: what `relevantCaseIds` reads and a summary's dates hold), from the records, and
 * the dates it stores. A summary whose case has no row is left out.
 */
function recordDates(
  executor: Executor,
  state: number,
  jurisdiction: StatsWindow['jurisdiction'] | null,
) {
  return sql<{
    case_id: string;
    generation: number;
    first_on: string;
    last_on: string;
    stored_first_on: string | null;
    stored_last_on: string | null;
  }>`
    select s.case_id as case_id, s.generation as generation,
      min(d.on_date) as first_on, max(d.on_date) as last_on,
      s.first_on as stored_first_on, s.last_on as stored_last_on
    from case_stats s
    join (
      select id as case_id, opened_on as on_date from cases
      union all select case_id, occurred_on from case_events where kind = 'refer'
      union all select case_id, decided_on from verdicts
      union all select case_id, identified_on from victim_records where identified_on is not null
    ) d on d.case_id = s.case_id
    where s.fresh = ${state}${jurisdiction === null ? sql`` : sql` and s.jurisdiction = ${jurisdiction}`}
    group by s.case_id, s.generation, s.first_on, s.last_on`.execute(executor);
}

/**
 * Dates the jurisdiction's stale summaries (`fresh` 0 → 2) with the first and last of their
 * case's dates, read from the records in one statement (one state of the data), so that a
 * report finds those its window needs by the window index instead of looking up every case
 * its window selects (after a bulk load, hundreds of thousands that are not stale). Each is
 * dated only if its generation is still the one read with the dates: a write since leaves it
 * stale (0), as does the trigger of any later write to the case. Returns how many were dated.
 */
export async function dateStaleSummaries(
  executor: Executor,
  jurisdiction: StatsWindow['jurisdiction'],
): Promise<number> {
  const { rows } = await recordDates(executor, 0, jurisdiction);
  for (let start = 0; start < rows.length; start += storeChunk) {
    const values = rows
      .slice(start, start + storeChunk)
      .map((r) => sql`(${r.case_id}, ${r.generation}, ${r.first_on}, ${r.last_on})`);
    await sql`
      update case_stats set fresh = 2, first_on = v.column3, last_on = v.column4
      from (values ${sql.join(values)}) as v
      where case_stats.case_id = v.column1 and case_stats.generation = cast(v.column2 as integer)
        and case_stats.fresh = 0`.execute(executor);
  }
  return rows.length;
}

/**
 * The dated summaries (`fresh` 2) whose dates are not their case's records' (changed by hand: a
 * case would then be missed by the windows it belongs to), read in one statement.
 */
export async function datedSummariesUnlikeRecords(executor: Executor): Promise<string[]> {
  const { rows } = await recordDates(executor, 2, null);
  return rows
    .filter((r) => r.first_on !== r.stored_first_on || r.last_on !== r.stored_last_on)
    .map((r) => r.case_id);
}

/**
 * `caseSummariesQuery`'s rows given to `visit` one at a time as the statement returns them, so
 * that the caller need not hold them all (a million-case window's summaries are gigabytes once
 * unpacked). `visit` must not query the database: on SQLite the statement holds the connection
 * until its last row. On PostgreSQL (no cursor configured) the rows are read at once and given
 * in turn.
 */
export async function eachCaseSummary(
  executor: Executor,
  window: StatsWindow,
  stale: 'all' | 'window',
  visit: (row: CaseSummaryRow) => void,
): Promise<void> {
  const query = caseSummariesQuery(executor, window, stale);
  if (onPostgres(executor)) {
    for (const row of await query.execute()) visit(row);
    return;
  }
  for await (const row of query.stream()) visit(row);
}

/**
 * Fresh summaries after `afterCaseId`, by case id, `limit` of them: what verify compares with
 * a rebuild from the records.
 */
export function readFreshCaseSummaries(
  executor: Executor,
  afterCaseId: string,
  limit: number,
): Promise<
  { case_id: string; first_on: string | null; last_on: string | null; data: string | null }[]
> {
  return executor
    .selectFrom('case_stats')
    .select(['case_id', 'first_on', 'last_on', 'data'])
    .where('fresh', '=', 1)
    .where('case_id', '>', afterCaseId)
    .orderBy('case_id')
    .limit(limit)
    .execute();
}

/** Rows per statement: five parameters each, well under both engines' limits. */
const storeChunk = 2000;

/**
 * Stores summaries built from the records, each only if its case's generation is still the
 * one read before the records were: a write since then leaves the row stale.
 */
export async function storeCaseSummaries(
  executor: Executor,
  summaries: readonly BuiltSummary[],
): Promise<void> {
  for (let start = 0; start < summaries.length; start += storeChunk) {
    const values = summaries
      .slice(start, start + storeChunk)
      .map((s) => sql`(${s.caseId}, ${s.generation}, ${s.firstOn}, ${s.lastOn}, ${s.data})`);
    // VALUES columns are column1… on both engines; UPDATE … FROM on both (SQLite 3.33+).
    await sql`
      update case_stats set fresh = 1, first_on = v.column3, last_on = v.column4, data = v.column5
      from (values ${sql.join(values)}) as v
      where case_stats.case_id = v.column1 and case_stats.generation = cast(v.column2 as integer)`.execute(
      executor,
    );
  }
}

/** Drops the summary of a case that no longer exists, unless it was written to since. */
export async function dropCaseSummary(
  executor: Executor,
  caseId: string,
  generation: number,
): Promise<void> {
  await executor
    .deleteFrom('case_stats')
    .where('case_id', '=', caseId)
    .where('generation', '=', generation)
    .execute();
}
