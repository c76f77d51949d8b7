import { sql } from 'kysely';
import { onPostgres, sendObjects } from './statements.ts';
import type { Sent } from './statements.ts';
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../schema.ts';
import type { ImportKeysTable } from '../tables/import-keys.table.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/**
 * `kind = 'case'` written into the SQL text (not a parameter), so that both engines' planners see
 * that a case key's lookup may use the partial index `import_keys_case_key_uq`, which holds only
 * cases' keys (2026-12-01T1800_import_keys_lean).
 */
const caseKind = sql<string>`'case'`;

/** The import key of a case, by (jurisdiction, source, external key), if one was recorded. */
export function findCaseImportKey(
  executor: Executor,
  key: { jurisdiction: JurisdictionCode; source: string; externalKey: string },
): Promise<Selectable<ImportKeysTable> | undefined> {
  return executor
    .selectFrom('import_keys')
    .selectAll()
    .where('jurisdiction', '=', key.jurisdiction)
    .where('source', '=', key.source)
    .where('kind', '=', caseKind)
    .where('external_key', '=', key.externalKey)
    .executeTakeFirst();
}

/** Every import key of one imported case. */
export function findImportKeysOfCase(
  executor: Executor,
  caseId: string,
): Promise<Selectable<ImportKeysTable>[]> {
  return executor.selectFrom('import_keys').selectAll().where('case_id', '=', caseId).execute();
}

/**
 * Inserts import keys (fifty to an INSERT on SQLite), returning once the INSERTs are handed to
 * the connection (`sendObjects`).
 */
export function sendImportKeys(
  executor: Executor,
  rows: readonly Insertable<ImportKeysTable>[],
): Promise<Sent> {
  return sendObjects(executor, 'import_keys', rows, 50);
}

/**
 * The import keys of the cases among `externalKeys` (an import's batch of cases), by external key.
 * On PostgreSQL each key is looked up in the partial index on its own (a lateral subquery per
 * key; its `limit 1`, which the unique index makes true anyway, keeps the planner from
 * flattening it back into one scan): with `external_key = any(…)` the planner, which has no
 * statistics on rows the import's own transaction wrote, used the index for (jurisdiction,
 * source) only and filtered every case key of the source, so each batch's lookup grew with the
 * keys imported before (6 ms a batch at 200,000 rows, most of the import's time at 1,000,000).
 */
export async function findCaseImportKeys(
  executor: Executor,
  key: { jurisdiction: JurisdictionCode; source: string },
  externalKeys: readonly string[],
): Promise<Map<string, Selectable<ImportKeysTable>>> {
  const found = new Map<string, Selectable<ImportKeysTable>>();
  for (let i = 0; i < externalKeys.length; i += 500) {
    const chunk = externalKeys.slice(i, i + 500);
    const rows = onPostgres(executor)
      ? (
          await sql<Selectable<ImportKeysTable>>`
            select k.* from unnest(${chunk}::text[]) as wanted (external_key)
            cross join lateral (
              select * from import_keys
              where jurisdiction = ${key.jurisdiction} and source = ${key.source}
                and kind = ${caseKind} and external_key = wanted.external_key
              limit 1
            ) as k`.execute(executor)
        ).rows
      : await executor
          .selectFrom('import_keys')
          .selectAll()
          .where('jurisdiction', '=', key.jurisdiction)
          .where('source', '=', key.source)
          .where('kind', '=', caseKind)
          .where('external_key', 'in', chunk)
          .execute();
    for (const row of rows) found.set(row.external_key, row);
  }
  return found;
}
