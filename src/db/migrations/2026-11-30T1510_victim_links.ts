import type { Kysely } from 'kysely';

/**
 * `victim_links`: decisions that two victim records (of different cases, often different
 * agencies) are the same person, or are not. One row per pair (person_a < person_b), updated
 * as the decision changes (`linked`, `distinct`, `withdrawn`); every change is in the audit
 * log. `basis` is a JSON array naming what matched (never the values). Never edit this file
 * once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('victim_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('person_a', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('person_b', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('strength', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('victim_links_pair_uq', ['person_a', 'person_b'])
    .execute();
  await db.schema
    .createIndex('victim_links_jurisdiction_idx')
    .on('victim_links')
    .columns(['jurisdiction', 'status'])
    .execute();
}

/** Drops the table `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('victim_links').execute();
}
