import { sql } from 'kysely';
import type { QueryExecutorProvider } from 'kysely';

/**
 * The report's per-case summaries (`case_stats.data`) are packed in a new format: a record's
 * person and charge as their index in the case's lists instead of their ids again, and the
 * format's number last (src/app/reports/case-summaries.ts). Summaries are derived from the
 * records, so nothing is lost: every fresh one is marked stale (its generation moved, as a
 * write would), and the next report rebuilds those it needs from the records. Never edit this
 * file once landed. (Any database handle will do: the statement is the same for both engines.)
 */
export async function up(db: QueryExecutorProvider): Promise<void> {
  await sql`update case_stats set fresh = 0, data = null, generation = generation + 1
    where fresh = 1`.execute(db);
}

/** The summaries of the new format are stale for the code before it too. */
export async function down(db: QueryExecutorProvider): Promise<void> {
  await up(db);
}
