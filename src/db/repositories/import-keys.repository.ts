import { insertObjects } from './statements.ts';
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../schema.ts';
import type { ImportKeysTable } from '../tables/import-keys.table.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** The import key of (jurisdiction, source, kind, external key), if one was recorded. */
export function findImportKey(
  executor: Executor,
  key: { jurisdiction: JurisdictionCode; source: string; kind: string; externalKey: string },
): Promise<Selectable<ImportKeysTable> | undefined> {
  return executor
    .selectFrom('import_keys')
    .selectAll()
    .where('jurisdiction', '=', key.jurisdiction)
    .where('source', '=', key.source)
    .where('kind', '=', key.kind)
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

/** Inserts import keys, fifty to an INSERT. */
export async function insertImportKeys(
  executor: Executor,
  rows: readonly Insertable<ImportKeysTable>[],
): Promise<void> {
  await insertObjects(executor, 'import_keys', rows, 50);
}

/** The import keys of one kind among `externalKeys` (an import's batch of cases), by external key. */
export async function findImportKeysByExternalKey(
  executor: Executor,
  key: { jurisdiction: JurisdictionCode; source: string; kind: string },
  externalKeys: readonly string[],
): Promise<Map<string, Selectable<ImportKeysTable>>> {
  const found = new Map<string, Selectable<ImportKeysTable>>();
  for (let i = 0; i < externalKeys.length; i += 500) {
    const rows = await executor
      .selectFrom('import_keys')
      .selectAll()
      .where('jurisdiction', '=', key.jurisdiction)
      .where('source', '=', key.source)
      .where('kind', '=', key.kind)
      .where('external_key', 'in', externalKeys.slice(i, i + 500))
      .execute();
    for (const row of rows) found.set(row.external_key, row);
  }
  return found;
}
