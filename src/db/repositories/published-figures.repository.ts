import type { Executor } from '../schema.ts';
import type { PublishedFiguresTable } from '../tables/published-figures.table.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Inserts a year's published figures. */
export async function insertPublishedFigures(
  executor: Executor,
  row: PublishedFiguresTable,
): Promise<void> {
  await executor.insertInto('published_figures').values(row).execute();
}

/** The published figures of one jurisdiction, period kind and year, or undefined. */
export function findPublishedFigures(
  executor: Executor,
  jurisdiction: JurisdictionCode,
  periodKind: string,
  year: number,
) {
  return executor
    .selectFrom('published_figures')
    .selectAll()
    .where('jurisdiction', '=', jurisdiction)
    .where('period_kind', '=', periodKind)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** Every year's published figures of a jurisdiction (or of all), by year. */
export function listPublishedFigures(
  executor: Executor,
  jurisdiction: JurisdictionCode | undefined,
) {
  let query = executor.selectFrom('published_figures').selectAll();
  if (jurisdiction !== undefined) query = query.where('jurisdiction', '=', jurisdiction);
  return query.orderBy('jurisdiction').orderBy('year').orderBy('period_kind').execute();
}
