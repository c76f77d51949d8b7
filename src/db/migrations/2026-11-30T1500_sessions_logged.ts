import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * From this version every session is a record of the audit log (opened and closed by logged
 * entries, which the verifier replays). Sessions opened before were never logged as records,
 * so the verifier could not tell them from sessions inserted behind the application's back:
 * they end here, and everyone signs in again once. Never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from sessions`.execute(db);
}

/** Nothing to restore: ended sessions stay ended. */
export async function down(): Promise<void> {
  // Deliberately empty.
}
