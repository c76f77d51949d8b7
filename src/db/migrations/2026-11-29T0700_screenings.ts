import type { Kysely } from 'kysely';

/**
 * Victim-identification screenings: the answers given against a screening set, who screened,
 * and the status the set's policy gave them. Portable SQL as in the initial migration; a
 * screening is never updated (a new screening is recorded instead), so there is no version.
 * `screened_by` is the acting user's id without a foreign key, because the system and
 * development actors act without a `users` row. Never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('screenings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('screening_set', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('screened_by', 'text', (c) => c.notNull())
    .addColumn('screened_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('reasoning', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('screenings_person_idx')
    .on('screenings')
    .columns(['person_id', 'screened_on'])
    .execute();
  await db.schema
    .createIndex('screenings_case_idx')
    .on('screenings')
    .columns(['case_id'])
    .execute();
}

/** Drops the table `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('screenings').execute();
}
