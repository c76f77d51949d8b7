import type { Kysely } from 'kysely';

/**
 * `published_figures`: a year's aggregate figures as a publication printed them (for example
 * the previous TIP report), recorded with their source for periods the registry holds no
 * records of (issue 13, part 6). One row per (jurisdiction, period kind, year); a null figure
 * was not published. Every change is in the audit log. Never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('published_figures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('period_kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('investigations', 'integer')
    .addColumn('prosecutions', 'integer')
    .addColumn('defendants', 'integer')
    .addColumn('convictions', 'integer')
    .addColumn('victims', 'integer')
    .addColumn('source_title', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text')
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('published_figures_period_uq', ['jurisdiction', 'period_kind', 'year'])
    .execute();
}

/** Drops the table `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('published_figures').execute();
}
