import type { Executor } from '../schema.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** The date window a report reads: from the start of the previous period to the end of the current one. */
export interface StatsWindow {
  readonly jurisdiction: JurisdictionCode;
  readonly from: string;
  readonly to: string;
}

/**
 * The ids of the cases a report needs: opened, referred, decided, or with a victim identified
 * inside the window. A union of four range scans, each on its own date column, rather than
 * correlated EXISTS per case: the correlated form is quadratic where the child tables have no
 * case_id index (case_events, verdicts), which at a million cases takes hours instead of seconds.
 * Expressed as a subquery so that child rows are fetched without shipping id lists back and forth.
 */
export function relevantCaseIds(executor: Executor, window: StatsWindow) {
  return executor
    .selectFrom('cases')
    .select('cases.id as id')
    .where('cases.jurisdiction', '=', window.jurisdiction)
    .where('cases.opened_on', '>=', window.from)
    .where('cases.opened_on', '<=', window.to)
    .union(
      executor
        .selectFrom('case_events')
        .select('case_events.case_id as id')
        .where('case_events.kind', '=', 'refer')
        .where('case_events.occurred_on', '>=', window.from)
        .where('case_events.occurred_on', '<=', window.to)
        .where('case_events.jurisdiction', '=', window.jurisdiction),
    )
    .union(
      executor
        .selectFrom('verdicts')
        .select('verdicts.case_id as id')
        .where('verdicts.decided_on', '>=', window.from)
        .where('verdicts.decided_on', '<=', window.to)
        .where('verdicts.jurisdiction', '=', window.jurisdiction),
    )
    .union(
      executor
        .selectFrom('victim_records')
        .select('victim_records.case_id as id')
        .where('victim_records.identified_on', '>=', window.from)
        .where('victim_records.identified_on', '<=', window.to)
        .where('victim_records.jurisdiction', '=', window.jurisdiction),
    );
}

/** Case ids per `IN (…)` list: well under SQLite's and PostgreSQL's parameter limits. */
const idChunk = 5000;

/** Runs `query` for each chunk of ids and concatenates the rows. */
async function byChunks<T>(
  ids: readonly string[],
  query: (chunk: string[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < ids.length; start += idChunk) {
    for (const row of await query(ids.slice(start, start + idChunk))) out.push(row);
  }
  return out;
}

/**
 * The rows of these cases the annual report reads: the cases, their persons, victims, charges,
 * referrals and indictments (in order), verdicts and sentences, each table by its case_id index
 * in chunks.
 */
export async function fetchCaseRows(executor: Executor, ids: readonly string[]) {
  const [cases, persons, victims, charges, events, verdicts, sentences] = await Promise.all([
    byChunks(ids, (chunk) =>
      executor
        .selectFrom('cases')
        .select([
          'id',
          'reference',
          'opened_on',
          'origin',
          'opening_agency_id',
          'registered_instrument',
          'registered_article',
        ])
        .where('id', 'in', chunk)
        .execute(),
    ),
    byChunks(ids, (chunk) =>
      executor
        .selectFrom('persons')
        .select([
          'id',
          'case_id',
          'role',
          'sex',
          'age_kind',
          'age_years',
          'citizenship',
          'public_official',
        ])
        .where('case_id', 'in', chunk)
        .execute(),
    ),
    byChunks(ids, (chunk) =>
      executor
        .selectFrom('victim_records')
        .select(['person_id', 'case_id', 'forms', 'identified_on', 'referred_to_services'])
        .where('case_id', 'in', chunk)
        .execute(),
    ),
    byChunks(ids, (chunk) =>
      executor
        .selectFrom('charges')
        .select([
          'id',
          'case_id',
          'person_id',
          'instrument',
          'article',
          'form',
          'charged_on',
          'offence_date',
          'status',
        ])
        .where('case_id', 'in', chunk)
        .execute(),
    ),
    byChunks(ids, (chunk) =>
      executor
        .selectFrom('case_events')
        .select(['case_id', 'kind', 'occurred_on', 'person_id'])
        .where('case_id', 'in', chunk)
        .where('kind', 'in', ['refer', 'indict'])
        .orderBy('case_id')
        .orderBy('seq')
        .execute(),
    ),
    byChunks(ids, (chunk) =>
      executor
        .selectFrom('verdicts')
        .select(['case_id', 'person_id', 'charge_id', 'outcome', 'decided_on', 'on_appeal'])
        .where('case_id', 'in', chunk)
        .execute(),
    ),
    byChunks(ids, (chunk) =>
      executor
        .selectFrom('sentences')
        .select([
          'id',
          'case_id',
          'person_id',
          'charge_id',
          'sentenced_on',
          'imprisonment_months',
          'life',
          'suspended',
          'probation_months',
          'house_arrest_months',
          'fine_amount',
          'fine_currency',
          'other_measures',
        ])
        .where('case_id', 'in', chunk)
        .execute(),
    ),
  ]);
  return { cases, persons, victims, charges, events, verdicts, sentences };
}

export type CaseRows = Awaited<ReturnType<typeof fetchCaseRows>>;

/** The jurisdiction's registers a report reads for a window: trainings, allegations, agencies, certifications. */
export async function fetchRegisterRows(executor: Executor, window: StatsWindow) {
  const [trainings, allegations, agencies, certifications] = await Promise.all([
    executor
      .selectFrom('trainings')
      .selectAll()
      .where('jurisdiction', '=', window.jurisdiction)
      .where('starts_on', '>=', window.from)
      .where('starts_on', '<=', window.to)
      .execute(),
    executor
      .selectFrom('complicity_allegations')
      .select(['id', 'received_on', 'status', 'investigated_on', 'resulting_case_id'])
      .where('jurisdiction', '=', window.jurisdiction)
      .where('received_on', '<=', window.to)
      .execute(),
    executor
      .selectFrom('agencies')
      .select(['id', 'name', 'kind'])
      .where('jurisdiction', '=', window.jurisdiction)
      .orderBy('name')
      .execute(),
    executor
      .selectFrom('period_certifications')
      .select(['agency_id', 'period_from', 'period_to'])
      .where('jurisdiction', '=', window.jurisdiction)
      .execute(),
  ]);
  return { trainings, allegations, agencies, certifications };
}

export type RegisterRows = Awaited<ReturnType<typeof fetchRegisterRows>>;

/**
 * Every row the annual report reads for a window, from the records themselves: the relevant
 * case ids once, then each child table by those ids (`fetchCaseRows`), and the registers.
 */
export async function fetchStatsRows(executor: Executor, window: StatsWindow) {
  // No ids: no child query runs (an empty IN list is not valid SQL).
  const ids = (await relevantCaseIds(executor, window).execute()).map((row) => row.id);
  const [cases, registers] = await Promise.all([
    fetchCaseRows(executor, ids),
    fetchRegisterRows(executor, window),
  ]);
  return { ...cases, ...registers };
}

export type StatsRows = Awaited<ReturnType<typeof fetchStatsRows>>;

/**
 * The first and last dates of the law-enforcement events the report counts in a jurisdiction
 * (cases opened, referrals, verdicts, victims identified), or null when it has none.
 */
export async function fetchDataSpan(
  executor: Executor,
  jurisdiction: JurisdictionCode,
): Promise<{ readonly first: string; readonly last: string } | null> {
  const [cases, events, verdicts, victims] = await Promise.all([
    executor
      .selectFrom('cases')
      .select((eb) => [eb.fn.min('opened_on').as('first'), eb.fn.max('opened_on').as('last')])
      .where('jurisdiction', '=', jurisdiction)
      .executeTakeFirst(),
    executor
      .selectFrom('case_events')
      .select((eb) => [eb.fn.min('occurred_on').as('first'), eb.fn.max('occurred_on').as('last')])
      .where('jurisdiction', '=', jurisdiction)
      .where('kind', '=', 'refer')
      .executeTakeFirst(),
    executor
      .selectFrom('verdicts')
      .select((eb) => [eb.fn.min('decided_on').as('first'), eb.fn.max('decided_on').as('last')])
      .where('jurisdiction', '=', jurisdiction)
      .executeTakeFirst(),
    executor
      .selectFrom('victim_records')
      .select((eb) => [
        eb.fn.min('identified_on').as('first'),
        eb.fn.max('identified_on').as('last'),
      ])
      .where('jurisdiction', '=', jurisdiction)
      .executeTakeFirst(),
  ]);
  const firsts = [cases, events, verdicts, victims]
    .map((row) => row?.first ?? null)
    .filter((d): d is string => d !== null)
    .sort();
  const lasts = [cases, events, verdicts, victims]
    .map((row) => row?.last ?? null)
    .filter((d): d is string => d !== null)
    .sort();
  const first = firsts[0];
  const last = lasts.at(-1);
  return first === undefined || last === undefined ? null : { first, last };
}

/**
 * The earliest and latest date the registry records anything a report counts (a case opened,
 * an event, a verdict, a sentence), for one jurisdiction or all; null where it holds none.
 */
export async function recordedDateRange(
  executor: Executor,
  jurisdiction: JurisdictionCode | undefined,
): Promise<{ first: string | null; last: string | null }> {
  const sources = [
    ['cases', 'opened_on'],
    ['case_events', 'occurred_on'],
    ['verdicts', 'decided_on'],
    ['sentences', 'sentenced_on'],
  ] as const;
  let first: string | null = null;
  let last: string | null = null;
  for (const [table, column] of sources) {
    let query = executor
      .selectFrom(table)
      .select((eb) => [eb.fn.min(column).as('first'), eb.fn.max(column).as('last')]);
    if (jurisdiction !== undefined) query = query.where('jurisdiction', '=', jurisdiction);
    const row = await query.executeTakeFirst();
    const low = row?.first ?? null;
    const high = row?.last ?? null;
    if (low !== null && (first === null || low < first)) first = low;
    if (high !== null && (last === null || high > last)) last = high;
  }
  return { first, last };
}

/** The ids of the persons and sentences of `caseIds` (for withholding drill-down records). */
export async function recordIdsOfCases(executor: Executor, caseIds: readonly string[]) {
  const [persons, sentences] = await Promise.all([
    byChunks(caseIds, (chunk) =>
      executor.selectFrom('persons').select('id').where('case_id', 'in', chunk).execute(),
    ),
    byChunks(caseIds, (chunk) =>
      executor.selectFrom('sentences').select('id').where('case_id', 'in', chunk).execute(),
    ),
  ]);
  return { persons: persons.map((row) => row.id), sentences: sentences.map((row) => row.id) };
}
