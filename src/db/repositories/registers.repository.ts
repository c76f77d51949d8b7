import type { ComplicityStatus } from '../../core/vocabulary.ts';
import { sql } from 'kysely';
import type { Executor } from '../schema.ts';
import type {
  ComplicityAllegationsTable,
  PeriodCertificationsTable,
  TrainingsTable,
} from '../tables/registers.table.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

type PageWindow = { offset: number; limit: number };

/** Inserts a training event. */
export async function insertTraining(executor: Executor, row: TrainingsTable): Promise<void> {
  await executor.insertInto('trainings').values(row).execute();
}

/** One training event, or undefined. */
export function findTraining(executor: Executor, id: string) {
  return executor.selectFrom('trainings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A page of training events, newest first. */
export async function listTrainings(
  executor: Executor,
  filter: {
    jurisdiction?: JurisdictionCode | undefined;
    from?: string | undefined;
    to?: string | undefined;
    audience?: string | undefined;
  },
  page: PageWindow,
) {
  let query = executor.selectFrom('trainings');
  if (filter.jurisdiction !== undefined)
    query = query.where('jurisdiction', '=', filter.jurisdiction);
  if (filter.from !== undefined) query = query.where('starts_on', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('starts_on', '<=', filter.to);
  if (filter.audience !== undefined)
    query = query.where('audiences', 'like', `%"audience":"${filter.audience}"%`);
  const [rows, total] = await Promise.all([
    query
      .selectAll()
      .orderBy('starts_on', 'desc')
      .orderBy('id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Inserts a complicity allegation. */
export async function insertAllegation(
  executor: Executor,
  row: ComplicityAllegationsTable,
): Promise<void> {
  await executor.insertInto('complicity_allegations').values(row).execute();
}

/** One complicity allegation, or undefined. */
export function findAllegation(executor: Executor, id: string) {
  return executor
    .selectFrom('complicity_allegations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A page of complicity allegations, oldest first (the longest-waiting at the top). */
export async function listAllegations(
  executor: Executor,
  filter: { jurisdiction?: JurisdictionCode | undefined; status?: ComplicityStatus | undefined },
  page: PageWindow,
) {
  let query = executor.selectFrom('complicity_allegations');
  if (filter.jurisdiction !== undefined)
    query = query.where('jurisdiction', '=', filter.jurisdiction);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const [rows, total] = await Promise.all([
    query
      .selectAll()
      .orderBy('received_on')
      .orderBy('id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Inserts a period certification. */
export async function insertCertification(
  executor: Executor,
  row: PeriodCertificationsTable,
): Promise<void> {
  await executor.insertInto('period_certifications').values(row).execute();
}

/** The certification of exactly this agency and period, or undefined. */
export function findCertification(executor: Executor, agencyId: string, from: string, to: string) {
  return executor
    .selectFrom('period_certifications')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('period_from', '=', from)
    .where('period_to', '=', to)
    .executeTakeFirst();
}

/** A page of certifications, newest period first. */
export async function listCertifications(
  executor: Executor,
  filter: { agencyId?: string | undefined; jurisdiction?: JurisdictionCode | undefined },
  page: PageWindow,
) {
  let query = executor.selectFrom('period_certifications');
  if (filter.agencyId !== undefined) query = query.where('agency_id', '=', filter.agencyId);
  if (filter.jurisdiction !== undefined)
    query = query.where('jurisdiction', '=', filter.jurisdiction);
  const [rows, total] = await Promise.all([
    query
      .selectAll()
      .orderBy('period_from', 'desc')
      .orderBy('agency_id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
