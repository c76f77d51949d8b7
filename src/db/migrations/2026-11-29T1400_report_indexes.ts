import type { Kysely } from 'kysely';

/**
 * Indexes the annual report reads through: verdicts and sentences by case (the report fetches
 * a window's cases and then their children by case id), and victims by identification date
 * (one of the ranges that select a window's cases). Never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('verdicts_case_idx').on('verdicts').columns(['case_id']).execute();
  await db.schema.createIndex('sentences_case_idx').on('sentences').columns(['case_id']).execute();
  await db.schema
    .createIndex('victim_records_identified_idx')
    .on('victim_records')
    .columns(['jurisdiction', 'identified_on'])
    .execute();
}

/** Drops the indexes. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('victim_records_identified_idx').execute();
  await db.schema.dropIndex('sentences_case_idx').execute();
  await db.schema.dropIndex('verdicts_case_idx').execute();
}
