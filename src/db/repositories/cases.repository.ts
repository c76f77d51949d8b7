import { insertObjects, onPostgres, sendObjects } from './statements.ts';
import type { Sent } from './statements.ts';
import type { CaseStatus } from '../../core/case/lifecycle.ts';
import type { CaseOrigin, TraffickingForm } from '../../core/vocabulary.ts';
import { PostgresAdapter, sql } from 'kysely';
import type { RawBuilder, Selectable } from 'kysely';
import type { Database, Executor } from '../schema.ts';
import type {
  CaseEventsTable,
  SentencesTable,
  VerdictsTable,
} from '../tables/case-events.table.ts';
import type { CasesTable } from '../tables/cases.table.ts';
import type { ChargesTable } from '../tables/charges.table.ts';
import type { PersonIdentitiesTable, PersonsTable } from '../tables/persons.table.ts';
import type { VictimRecordsTable } from '../tables/victim-records.table.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Inserts a case row. */
export async function insertCase(executor: Executor, row: CasesTable): Promise<void> {
  await executor.insertInto('cases').values(row).execute();
}

// Each case row is about fifteen bound parameters.
const CASE_CHUNK = 50;

/** Inserts cases (an import's new cases), fifty to an INSERT. */
export async function insertCases(executor: Executor, rows: readonly CasesTable[]): Promise<void> {
  await insertObjects(executor, 'cases', rows, CASE_CHUNK);
}

/** `insertCases`, returning once the INSERTs are handed to the connection (`sendObjects`). */
export function sendCases(executor: Executor, rows: readonly CasesTable[]): Promise<Sent> {
  return sendObjects(executor, 'cases', rows, CASE_CHUNK);
}

/**
 * The references among `references` that cases of the jurisdiction already have. On PostgreSQL
 * each reference is looked up in the unique index (jurisdiction, reference) on its own (a
 * lateral subquery per reference, as `findCaseImportKeys` does): with `reference in (…)` the
 * planner, which has no statistics on the cases an import's own transaction wrote, read every
 * case of the jurisdiction through the index on (jurisdiction, opened_on) and filtered the
 * references, so each batch of an import cost more than the one before (14 ms a batch at
 * 100,000 cases, 7 s of a 1,000,000-row import).
 */
export async function findTakenReferences(
  executor: Executor,
  jurisdiction: JurisdictionCode,
  references: readonly string[],
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < references.length; i += 500) {
    const chunk = references.slice(i, i + 500);
    const rows = onPostgres(executor)
      ? (
          await sql<{ reference: string }>`
            select c.reference from unnest(${chunk}::text[]) as wanted (reference)
            cross join lateral (
              select reference from cases
              where jurisdiction = ${jurisdiction} and reference = wanted.reference
              limit 1
            ) as c`.execute(executor)
        ).rows
      : await executor
          .selectFrom('cases')
          .select('reference')
          .where('jurisdiction', '=', jurisdiction)
          .where('reference', 'in', chunk)
          .execute();
    for (const row of rows) taken.add(row.reference);
  }
  return taken;
}

/** One case, or undefined. */
export function findCase(executor: Executor, id: string) {
  return executor.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One case by its reference number in a jurisdiction, or undefined. */
export function findCaseByReference(
  executor: Executor,
  jurisdiction: JurisdictionCode,
  reference: string,
) {
  return executor
    .selectFrom('cases')
    .selectAll()
    .where('jurisdiction', '=', jurisdiction)
    .where('reference', '=', reference)
    .executeTakeFirst();
}

export interface CaseFilter {
  readonly jurisdiction?: JurisdictionCode | undefined;
  readonly status?: CaseStatus | undefined;
  readonly origin?: CaseOrigin | undefined;
  readonly agencyId?: string | undefined;
  readonly openedFrom?: string | undefined;
  readonly openedTo?: string | undefined;
  readonly article?: string | undefined;
  readonly form?: TraffickingForm | undefined;
  readonly referenceLike?: string | undefined;
  /** Leaves out sealed cases this user is not on the access list of. */
  readonly sealedVisibleTo?: string | undefined;
}

/**
 * A page of cases matching the filter, newest first, with the total matching; each row says
 * whether `reader` is on the case's seal access list (an active grant), for a sealed case.
 */
export async function listCases(
  executor: Executor,
  filter: CaseFilter,
  page: { offset: number; limit: number },
  reader: string,
) {
  let query = executor.selectFrom('cases');
  if (filter.jurisdiction !== undefined)
    query = query.where('cases.jurisdiction', '=', filter.jurisdiction);
  if (filter.status !== undefined) query = query.where('cases.status', '=', filter.status);
  if (filter.origin !== undefined) query = query.where('cases.origin', '=', filter.origin);
  if (filter.agencyId !== undefined)
    query = query.where('cases.opening_agency_id', '=', filter.agencyId);
  if (filter.openedFrom !== undefined)
    query = query.where('cases.opened_on', '>=', filter.openedFrom);
  if (filter.openedTo !== undefined) query = query.where('cases.opened_on', '<=', filter.openedTo);
  if (filter.referenceLike !== undefined) {
    const pattern = `%${filter.referenceLike.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`lower(cases.reference) like ${pattern} escape '\\'`);
  }
  const article = filter.article;
  if (article !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('cases.registered_article', '=', article),
        eb.exists(
          eb
            .selectFrom('charges')
            .select('charges.id')
            .whereRef('charges.case_id', '=', 'cases.id')
            .where('charges.article', '=', article),
        ),
      ]),
    );
  }
  const form = filter.form;
  if (form !== undefined) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('charges')
          .select('charges.id')
          .whereRef('charges.case_id', '=', 'cases.id')
          .where('charges.form', '=', form),
      ),
    );
  }
  const userId = filter.sealedVisibleTo;
  if (userId !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('cases.sealed', '=', 0),
        eb.exists(
          eb
            .selectFrom('case_seal_access')
            .select('case_seal_access.id')
            .whereRef('case_seal_access.case_id', '=', 'cases.id')
            .where('case_seal_access.user_id', '=', userId)
            .where('case_seal_access.revoked_at', 'is', null),
        ),
      ]),
    );
  }
  // One statement: the page, the total matching (an uncorrelated subquery, counted once) and,
  // for each sealed case only, whether the reader is on its access list.
  const counted = query.select(sql<number>`count(*)`.as('n'));
  const rows = await query
    .selectAll('cases')
    .select(counted.as('total'))
    .select((eb) =>
      eb
        .case()
        .when('cases.sealed', '=', 1)
        .then(
          eb.exists(
            eb
              .selectFrom('case_seal_access')
              .select('case_seal_access.id')
              .whereRef('case_seal_access.case_id', '=', 'cases.id')
              .where('case_seal_access.user_id', '=', reader)
              .where('case_seal_access.revoked_at', 'is', null),
          ),
        )
        .else(sql<boolean>`false`)
        .end()
        .as('reader_on_seal'),
    )
    .orderBy('cases.opened_on', 'desc')
    .orderBy('cases.reference')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  // A page past the end has no row to carry the total.
  const total =
    rows[0]?.total ?? (page.offset === 0 ? 0 : (await counted.executeTakeFirstOrThrow()).n);
  return {
    rows: rows.map(({ total: _total, reader_on_seal, ...row }) => ({
      ...row,
      readerOnSeal: Boolean(reader_on_seal),
    })),
    total: Number(total),
  };
}

/** A case's row with every record in it, each list in the order the case page shows it. */
export interface CaseRecords {
  readonly row: Selectable<Database['cases']>;
  readonly persons: Selectable<Database['persons']>[];
  readonly victims: Selectable<Database['victim_records']>[];
  readonly charges: Selectable<Database['charges']>[];
  readonly events: Selectable<Database['case_events']>[];
  readonly verdicts: Selectable<Database['verdicts']>[];
  readonly sentences: Selectable<Database['sentences']>[];
}

/**
 * A case with all its records, or undefined. On PostgreSQL one statement, each table's rows
 * aggregated as JSON in the case's row (the columns are text, integers and numeric amounts,
 * which JSON carries as the driver reads them), so a case page costs one round trip instead of
 * seven. On SQLite, which runs in the process, the same reads one after another, inside one
 * read transaction when not already in one (one snapshot, and one lock instead of seven).
 */
export async function findCaseRecords(
  executor: Executor,
  id: string,
): Promise<CaseRecords | undefined> {
  if (executor.getExecutor().adapter instanceof PostgresAdapter) {
    const found = await executor
      .selectFrom('cases')
      .selectAll('cases')
      .select([
        rowsOfCase<Database['persons']>('persons', ['created_at', 'id']).as('r_persons'),
        rowsOfCase<Database['victim_records']>('victim_records', ['created_at']).as('r_victims'),
        rowsOfCase<Database['charges']>('charges', ['created_at', 'id']).as('r_charges'),
        rowsOfCase<Database['case_events']>('case_events', ['seq']).as('r_events'),
        rowsOfCase<Database['verdicts']>('verdicts', ['decided_on', 'created_at']).as('r_verdicts'),
        rowsOfCase<Database['sentences']>('sentences', ['sentenced_on', 'created_at']).as(
          'r_sentences',
        ),
      ])
      .where('cases.id', '=', id)
      .executeTakeFirst();
    if (found === undefined) return undefined;
    const { r_persons, r_victims, r_charges, r_events, r_verdicts, r_sentences, ...row } = found;
    return {
      row,
      persons: r_persons,
      victims: r_victims,
      charges: r_charges,
      events: r_events,
      verdicts: r_verdicts,
      sentences: r_sentences,
    };
  }
  const read = async (trx: Executor): Promise<CaseRecords | undefined> => {
    const row = await findCase(trx, id);
    if (row === undefined) return undefined;
    return {
      row,
      persons: await findPersonsOfCase(trx, id),
      victims: await findVictimRecordsOfCase(trx, id),
      charges: await findChargesOfCase(trx, id),
      events: await findEventsOfCase(trx, id),
      verdicts: await findVerdictsOfCase(trx, id),
      sentences: await findSentencesOfCase(trx, id),
    };
  };
  return executor.isTransaction ? read(executor) : executor.transaction().execute(read);
}

/** The rows of a case-scoped table for the outer query's case, as a JSON array (PostgreSQL). */
function rowsOfCase<T>(
  table: 'persons' | 'victim_records' | 'charges' | 'case_events' | 'verdicts' | 'sentences',
  order: readonly string[],
): RawBuilder<Selectable<T>[]> {
  const by = sql.join(order.map((column) => sql.ref(`t.${column}`)));
  return sql<
    Selectable<T>[]
  >`(select coalesce(json_agg(t order by ${by}), '[]'::json) from ${sql.table(table)} t where t.case_id = cases.id)`;
}

/** Inserts a person row. */
export async function insertPerson(executor: Executor, row: PersonsTable): Promise<void> {
  await executor.insertInto('persons').values(row).execute();
}

// A person row is 16 bound parameters: 50 rows stay below SQLite's and PostgreSQL's limits.
const PERSON_CHUNK = 50;

/** Inserts persons, fifty to an INSERT. */
export async function insertPersons(
  executor: Executor,
  rows: readonly PersonsTable[],
): Promise<void> {
  await insertObjects(executor, 'persons', rows, PERSON_CHUNK);
}

/** `insertPersons`, returning once the INSERTs are handed to the connection (`sendObjects`). */
export function sendPersons(executor: Executor, rows: readonly PersonsTable[]): Promise<Sent> {
  return sendObjects(executor, 'persons', rows, PERSON_CHUNK);
}

/** One person, or undefined. */
export function findPerson(executor: Executor, id: string) {
  return executor.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The persons of a case in the order they were recorded. */
export function findPersonsOfCase(executor: Executor, caseId: string) {
  return executor
    .selectFrom('persons')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** A person's identity, or undefined. */
export function findIdentity(executor: Executor, personId: string) {
  return executor
    .selectFrom('person_identities')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** Inserts an identity row. */
export async function insertIdentity(
  executor: Executor,
  row: PersonIdentitiesTable,
): Promise<void> {
  await executor.insertInto('person_identities').values(row).execute();
}

/** A victim record, or undefined. */
export function findVictimRecord(executor: Executor, personId: string) {
  return executor
    .selectFrom('victim_records')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** The victim records of a case. */
export function findVictimRecordsOfCase(executor: Executor, caseId: string) {
  return executor
    .selectFrom('victim_records')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
}

/** Inserts a victim record. */
export async function insertVictimRecord(
  executor: Executor,
  row: VictimRecordsTable,
): Promise<void> {
  await executor.insertInto('victim_records').values(row).execute();
}

/** Inserts a charge. */
export async function insertCharge(executor: Executor, row: ChargesTable): Promise<void> {
  await executor.insertInto('charges').values(row).execute();
}

/** Inserts victim records (an import's batch), fifty to an INSERT. */
export async function insertVictimRecords(
  executor: Executor,
  rows: readonly VictimRecordsTable[],
): Promise<void> {
  await insertObjects(executor, 'victim_records', rows, 50);
}

/** Inserts charges (an import's batch), fifty to an INSERT. */
export async function insertCharges(
  executor: Executor,
  rows: readonly ChargesTable[],
): Promise<void> {
  await insertObjects(executor, 'charges', rows, 50);
}

/** One charge, or undefined. */
export function findCharge(executor: Executor, id: string) {
  return executor.selectFrom('charges').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The charges of a case. */
export function findChargesOfCase(executor: Executor, caseId: string) {
  return executor
    .selectFrom('charges')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The case's timeline, in order. */
export function findEventsOfCase(executor: Executor, caseId: string) {
  return executor
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
}

/** One timeline event of a case, or undefined. */
export function findEventOfCase(executor: Executor, caseId: string, eventId: string) {
  return executor
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', eventId)
    .executeTakeFirst();
}

/** Corrects a timeline event's date and explanation (the case's version guards it). */
export async function correctEventRow(
  executor: Executor,
  eventId: string,
  values: { occurred_on: string; reason_text: string | null },
): Promise<void> {
  await executor.updateTable('case_events').set(values).where('id', '=', eventId).execute();
}

/** The verdict or sentence an event carries, if any. */
export async function findEventRecords(executor: Executor, eventId: string) {
  const verdict = await executor
    .selectFrom('verdicts')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  const sentence = await executor
    .selectFrom('sentences')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return { verdict, sentence };
}

/** Inserts a timeline event. */
export async function insertEvent(executor: Executor, row: CaseEventsTable): Promise<void> {
  await executor.insertInto('case_events').values(row).execute();
}

/** The verdicts of a case. */
export function findVerdictsOfCase(executor: Executor, caseId: string) {
  return executor
    .selectFrom('verdicts')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('decided_on')
    .orderBy('created_at')
    .execute();
}

/** Inserts a verdict. */
export async function insertVerdict(executor: Executor, row: VerdictsTable): Promise<void> {
  await executor.insertInto('verdicts').values(row).execute();
}

/** The sentences of a case. */
export function findSentencesOfCase(executor: Executor, caseId: string) {
  return executor
    .selectFrom('sentences')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('sentenced_on')
    .orderBy('created_at')
    .execute();
}

/** Inserts a sentence. */
export async function insertSentence(executor: Executor, row: SentencesTable): Promise<void> {
  await executor.insertInto('sentences').values(row).execute();
}
