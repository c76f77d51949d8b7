import type { Executor } from '../schema.ts';
import type { ScreeningsTable } from '../tables/screenings.table.ts';

/** Inserts a screening. */
export async function insertScreening(executor: Executor, row: ScreeningsTable): Promise<void> {
  await executor.insertInto('screenings').values(row).execute();
}

/** The screenings of a person, oldest first (the latest is the current status). */
export function findScreeningsOfPerson(executor: Executor, personId: string) {
  return executor
    .selectFrom('screenings')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('screened_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
