import type { Kysely } from 'kysely';

/**
 * An index on `import_keys.case_id`: a second import of a file reads all the external keys of a
 * case it already holds in one query instead of one lookup per record (issue 15, part 6).
 * Never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('import_keys_case_idx').on('import_keys').column('case_id').execute();
}

/** Drops the index `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('import_keys_case_idx').execute();
}
