import type { Kysely, Updateable } from 'kysely';
import type { Database, Executor } from '../schema.ts';

/** Tables whose rows carry an optimistic-concurrency `version`. */
export type VersionedTable = {
  [T in keyof Database]: Database[T] extends { version: number } ? T : never;
}[keyof Database];

/** The shape every versioned table shares, seen without its other columns. */
type LooseDatabase = Record<string, Record<string, unknown> & { version: number }>;

/**
 * Updates one row only if it still has `expectedVersion`, bumping the version. Returns false
 * when no row matched (the row is gone or someone else changed it first).
 */
export async function updateVersioned<T extends VersionedTable>(
  executor: Executor,
  table: T,
  key: { column: keyof Database[T] & string; value: string },
  expectedVersion: number,
  values: Updateable<Database[T]>,
): Promise<boolean> {
  // Kysely cannot type a query over a union of tables; the signature above keeps callers
  // typed, and the body only touches `version` and the key column, which every such table has.
  // assertion: Kysely cannot type a query over a generic table (see above)
  const loose = executor as unknown as Kysely<LooseDatabase>;
  const keyColumn: string = key.column;
  const tableName: string = table;
  const result = await loose
    .updateTable(tableName)
    .set({ ...values, version: expectedVersion + 1 })
    .where(keyColumn, '=', key.value)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
