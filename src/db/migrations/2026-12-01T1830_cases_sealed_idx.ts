import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * A partial index on the sealed cases (`cases.sealed = 1`, a handful among a million): finding
 * the sealed cases a reader is not on the access list of, which every drill-down of the annual
 * report withholds, read every case row without it (issue 16, part 4). Partial on both engines,
 * so it costs nothing for the cases that are not sealed; the query names the literal `1` (not a
 * bound parameter) so that SQLite's planner can prove it implies the index's condition.
 * Never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('cases_sealed_idx')
    .on('cases')
    .column('id')
    .where(sql.ref('sealed'), '=', sql.lit(1))
    .execute();
}

/** Drops the index `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_sealed_idx').execute();
}
