import type { Kysely } from 'kysely';

/**
 * Four eyes and sealed operations.
 *
 * `approval_requests`: a change that needs a second person (closing or suspending a case,
 * dropping a charge, unsealing, deleting anything) waits here, with its reason, until a
 * different supervisor approves or rejects it; `payload` is the JSON of what will be done.
 * `case_id`, `requested_by` and `decided_by` have no foreign keys: a request outlives the
 * record it deletes, and system actors have no `users` row.
 *
 * `case_seal_access`: who may see a sealed case. Rows are never deleted (a revocation is
 * dated), so the access list stays reviewable after the case is unsealed.
 * Never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('approval_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text')
    .addColumn('case_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('reason_code', 'text', (c) => c.notNull())
    .addColumn('reason_text', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('approval_requests_status_idx')
    .on('approval_requests')
    .columns(['status', 'requested_at'])
    .execute();
  await db.schema
    .createIndex('approval_requests_case_idx')
    .on('approval_requests')
    .columns(['case_id'])
    .execute();

  await db.schema
    .createTable('case_seal_access')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_seal_access_case_idx')
    .on('case_seal_access')
    .columns(['case_id', 'user_id'])
    .execute();
}

/** Drops the tables `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_seal_access').execute();
  await db.schema.dropTable('approval_requests').execute();
}
