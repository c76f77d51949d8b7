import { sql } from 'kysely';
import type { Executor } from '../schema.ts';
import type { AuditLogTable } from '../tables/audit-log.table.ts';

export interface AuditHead {
  readonly size: number;
  readonly rootHash: string;
}

/** Reads the log head, locking it on PostgreSQL so that concurrent appends queue (SQLite transactions are already serial). */
export async function lockAuditHead(
  executor: Executor,
  engine: 'sqlite' | 'postgres',
): Promise<AuditHead | null> {
  const query = executor.selectFrom('audit_head').select(['size', 'root_hash']).where('id', '=', 1);
  const row =
    engine === 'postgres'
      ? await query.forUpdate().executeTakeFirst()
      : await query.executeTakeFirst();
  return row === undefined ? null : { size: Number(row.size), rootHash: row.root_hash };
}

/** Writes the log head after an append. */
export async function saveAuditHead(
  executor: Executor,
  head: AuditHead,
  at: string,
  exists: boolean,
): Promise<void> {
  if (exists) {
    await executor
      .updateTable('audit_head')
      .set({ size: head.size, root_hash: head.rootHash, updated_at: at })
      .where('id', '=', 1)
      .execute();
  } else {
    await executor
      .insertInto('audit_head')
      .values({ id: 1, size: head.size, root_hash: head.rootHash, updated_at: at })
      .execute();
  }
}

/** Appends one log row. */
export async function insertAuditEntry(executor: Executor, row: AuditLogTable): Promise<void> {
  await executor.insertInto('audit_log').values(row).execute();
}

/** The log rows about one entity, oldest first. */
export function findAuditEntriesForEntity(
  executor: Executor,
  entityType: string,
  entityId: string,
) {
  return executor
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('idx')
    .execute();
}

/** The log rows of one case (the case and everything in it), oldest first. */
export function findAuditEntriesForCase(executor: Executor, caseId: string) {
  return executor
    .selectFrom('audit_log')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('idx')
    .execute();
}

/** Log rows with indices in [from, to), oldest first. */
export function findAuditEntriesRange(executor: Executor, from: number, to: number) {
  return executor
    .selectFrom('audit_log')
    .selectAll()
    .where('idx', '>=', from)
    .where('idx', '<', to)
    .orderBy('idx')
    .execute();
}

/** The number of rows in the log table (not the head: they differ only after tampering). */
export async function countAuditRows(executor: Executor): Promise<number> {
  const row = await executor
    .selectFrom('audit_log')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
