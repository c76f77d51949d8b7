import { sql } from 'kysely';
import type { Database, Executor } from '../schema.ts';
import type { ApprovalAction } from '../../core/approvals/actions.ts';
import { approvalRequestRow } from './approvals.repository.ts';
import type { ApprovalRequestRow } from './approvals.repository.ts';

/** One verdict, or undefined. */
export function findVerdict(executor: Executor, id: string) {
  return executor.selectFrom('verdicts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One sentence, or undefined. */
export function findSentence(executor: Executor, id: string) {
  return executor.selectFrom('sentences').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every row of a table, as stored (the verifier reads each table once). */
export async function findAllRows(
  executor: Executor,
  table: keyof Database,
): Promise<Record<string, unknown>[]> {
  const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
    executor,
  );
  return result.rows;
}

/** The rows of a table whose `column` is one of `values`, two hundred values to a query. */
export async function findRowsByColumn(
  executor: Executor,
  table: keyof Database,
  column: string,
  values: readonly string[],
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < values.length; i += 200) {
    const chunk = values.slice(i, i + 200);
    const result = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} where ${sql.ref(column)} in (${sql.join(chunk)})`.execute(
      executor,
    );
    rows.push(...result.rows);
  }
  return rows;
}

/** The row of a table with the given key column values, or undefined. */
export async function findRowByKey(
  executor: Executor,
  table: keyof Database,
  key: readonly (readonly [column: string, value: string])[],
): Promise<Record<string, unknown> | undefined> {
  const where = sql.join(
    key.map(([column, value]) => sql`${sql.ref(column)} = ${value}`),
    sql` and `,
  );
  const result = await sql<
    Record<string, unknown>
  >`select * from ${sql.table(table)} where ${where}`.execute(executor);
  return result.rows[0];
}

/** The names of the tables and their columns, as the database reports them. */
export async function tableColumns(executor: Executor): Promise<Map<string, Set<string>>> {
  const all = await executor.introspection.getTables({ withInternalKyselyTables: true });
  // PostgreSQL introspection lists every schema's tables: keep the connection's own schema only,
  // so another schema in the same database (another deployment, another test) is never compared.
  const onPostgres = all.some((t) => t.schema !== undefined);
  const own = onPostgres
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(executor)).rows[0]
        ?.schema
    : undefined;
  const tables = onPostgres ? all.filter((t) => t.schema === own) : all;
  return new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
}

type Probe = readonly [what: string, query: () => Promise<unknown[]>];

async function referringKinds(probes: readonly Probe[]): Promise<string[]> {
  const found: string[] = [];
  for (const [what, query] of probes) if ((await query()).length > 0) found.push(what);
  return found;
}

/** The kinds of rows still referring to a person, to refuse deleting a person still referred to. */
export function referencesToPerson(executor: Executor, personId: string): Promise<string[]> {
  return referringKinds([
    [
      'charges',
      () =>
        executor
          .selectFrom('charges')
          .select('id')
          .where('person_id', '=', personId)
          .limit(1)
          .execute(),
    ],
    [
      'case events',
      () =>
        executor
          .selectFrom('case_events')
          .select('id')
          .where('person_id', '=', personId)
          .limit(1)
          .execute(),
    ],
    [
      'verdicts',
      () =>
        executor
          .selectFrom('verdicts')
          .select('id')
          .where('person_id', '=', personId)
          .limit(1)
          .execute(),
    ],
    [
      'sentences',
      () =>
        executor
          .selectFrom('sentences')
          .select('id')
          .where('person_id', '=', personId)
          .limit(1)
          .execute(),
    ],
    [
      'screenings',
      () =>
        executor
          .selectFrom('screenings')
          .select('id')
          .where('person_id', '=', personId)
          .limit(1)
          .execute(),
    ],
    [
      'an identity',
      () =>
        executor
          .selectFrom('person_identities')
          .select('person_id')
          .where('person_id', '=', personId)
          .limit(1)
          .execute(),
    ],
    [
      'a victim record',
      () =>
        executor
          .selectFrom('victim_records')
          .select('person_id')
          .where('person_id', '=', personId)
          .limit(1)
          .execute(),
    ],
    [
      // Links join persons of different cases: no foreign key can hold them (docs/SCALING.md).
      'victim links',
      () =>
        executor
          .selectFrom('victim_links')
          .select('id')
          .where((eb) => eb.or([eb('person_a', '=', personId), eb('person_b', '=', personId)]))
          .limit(1)
          .execute(),
    ],
  ]);
}

/** The kinds of rows still referring to a charge (events, verdicts, sentences). */
export function referencesToCharge(executor: Executor, chargeId: string): Promise<string[]> {
  return referringKinds([
    [
      'case events',
      () =>
        executor
          .selectFrom('case_events')
          .select('id')
          .where('charge_id', '=', chargeId)
          .limit(1)
          .execute(),
    ],
    [
      'verdicts',
      () =>
        executor
          .selectFrom('verdicts')
          .select('id')
          .where('charge_id', '=', chargeId)
          .limit(1)
          .execute(),
    ],
    [
      'sentences',
      () =>
        executor
          .selectFrom('sentences')
          .select('id')
          .where('charge_id', '=', chargeId)
          .limit(1)
          .execute(),
    ],
  ]);
}

/** The kinds of rows still referring to a case (its contents, allegations that led to it). */
export function referencesToCase(executor: Executor, caseId: string): Promise<string[]> {
  return referringKinds([
    [
      'persons',
      () =>
        executor
          .selectFrom('persons')
          .select('id')
          .where('case_id', '=', caseId)
          .limit(1)
          .execute(),
    ],
    [
      'charges',
      () =>
        executor
          .selectFrom('charges')
          .select('id')
          .where('case_id', '=', caseId)
          .limit(1)
          .execute(),
    ],
    [
      'case events',
      () =>
        executor
          .selectFrom('case_events')
          .select('id')
          .where('case_id', '=', caseId)
          .limit(1)
          .execute(),
    ],
    [
      'complicity allegations',
      () =>
        executor
          .selectFrom('complicity_allegations')
          .select('id')
          .where('resulting_case_id', '=', caseId)
          .limit(1)
          .execute(),
    ],
  ]);
}

/** Deletes one row by key (an approved deletion; the caller checked references and logs it). */
export async function deleteRow(
  executor: Executor,
  table:
    'cases' | 'persons' | 'victim_records' | 'charges' | 'trainings' | 'complicity_allegations',
  id: string,
): Promise<number> {
  const result =
    table === 'victim_records'
      ? await executor.deleteFrom(table).where('person_id', '=', id).executeTakeFirst()
      : await executor.deleteFrom(table).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Close and suspend events that occurred in [from, to], with their case. */
export function findClosureEvents(executor: Executor, from: string, to: string) {
  return executor
    .selectFrom('case_events')
    .innerJoin('cases', 'cases.id', 'case_events.case_id')
    .select([
      'case_events.id',
      'case_events.case_id',
      'case_events.kind',
      'case_events.occurred_on',
      'case_events.reason_code',
      'case_events.recorded_by',
      'case_events.recorded_at',
      'cases.reference',
      'cases.sealed',
      'cases.jurisdiction',
    ])
    .where('case_events.kind', 'in', ['close', 'suspend'])
    .where('case_events.occurred_on', '>=', from)
    .where('case_events.occurred_on', '<=', to)
    .orderBy('case_events.occurred_on')
    .execute();
}

/** Approved requests of a kind for the given cases or records. */
export async function findApprovedRequests(
  executor: Executor,
  actions: readonly ApprovalAction[],
): Promise<ApprovalRequestRow[]> {
  const rows = await executor
    .selectFrom('approval_requests')
    .selectAll()
    .where('action', 'in', [...actions])
    .where('status', '=', 'approved')
    .execute();
  return rows.map(approvalRequestRow);
}

/** Pending requests, oldest first. */
export async function findPendingRequests(executor: Executor): Promise<ApprovalRequestRow[]> {
  const rows = await executor
    .selectFrom('approval_requests')
    .selectAll()
    .where('status', '=', 'pending')
    .orderBy('requested_at')
    .execute();
  return rows.map(approvalRequestRow);
}

/** Cases not closed or final, with the date of their last event (null when none). */
export function findOpenCasesWithLastEvent(executor: Executor) {
  return executor
    .selectFrom('cases')
    .leftJoin('case_events', 'case_events.case_id', 'cases.id')
    .select(({ fn }) => [
      'cases.id',
      'cases.reference',
      'cases.status',
      'cases.opened_on',
      'cases.sealed',
      fn.max('case_events.occurred_on').as('last_event_on'),
    ])
    .where('cases.status', 'not in', ['closed', 'final'])
    .groupBy(['cases.id', 'cases.reference', 'cases.status', 'cases.opened_on', 'cases.sealed'])
    .execute();
}

/** Every complicity allegation, oldest first. */
export function findAllAllegations(executor: Executor) {
  return executor.selectFrom('complicity_allegations').selectAll().orderBy('received_on').execute();
}

/** Display names of users, by id. */
export async function userNames(executor: Executor): Promise<Map<string, string>> {
  const rows = await executor.selectFrom('users').select(['id', 'display_name']).execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

/**
 * The sentences of a person on a verdict's charge, and how many convictions (first instance and
 * appeal) that person has on it: one conviction carries at most one sentence.
 */
export async function findSentencesOfConviction(
  executor: Executor,
  verdict: { readonly case_id: string; readonly person_id: string; readonly charge_id: string },
): Promise<{ ids: string[]; convictions: number }> {
  const sentences = await executor
    .selectFrom('sentences')
    .select('id')
    .where('case_id', '=', verdict.case_id)
    .where('person_id', '=', verdict.person_id)
    .where((eb) => eb.or([eb('charge_id', '=', verdict.charge_id), eb('charge_id', 'is', null)]))
    .orderBy('id')
    .execute();
  const convictions = await executor
    .selectFrom('verdicts')
    .select('id')
    .where('case_id', '=', verdict.case_id)
    .where('person_id', '=', verdict.person_id)
    .where('charge_id', '=', verdict.charge_id)
    .where('outcome', '=', 'convicted')
    .execute();
  return { ids: sentences.map((s) => s.id), convictions: convictions.length };
}
