import type { Kysely } from 'kysely';

/**
 * `case_team`: users added by hand to a case's team, beyond those on it by rule (the opening
 * agency's users and the jurisdiction's supervisors). Only team members read identities.
 * `added_by` is the acting user's id without a foreign key, as in `screenings`. Never edit
 * this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_team')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_team_pk', ['case_id', 'user_id'])
    .execute();
  await db.schema.createIndex('case_team_user_idx').on('case_team').columns(['user_id']).execute();
}

/** Drops the table `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_team').execute();
}
