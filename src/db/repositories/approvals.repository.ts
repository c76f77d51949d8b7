import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { ApprovalAction } from '../../core/approvals/actions.ts';
import { jsonText, payloadColumn } from '../json-columns.ts';
import type { Executor } from '../schema.ts';
import type { ApprovalRequestsTable, CaseSealAccessTable } from '../tables/approvals.table.ts';

/** A stored approval request, its payload parsed. */
export type ApprovalRequestRow = Omit<Selectable<ApprovalRequestsTable>, 'payload'> & {
  readonly payload: Record<string, unknown>;
};

/** A request as read, its payload parsed (the one place the payload's text is read). */
export function approvalRequestRow(row: Selectable<ApprovalRequestsTable>): ApprovalRequestRow {
  return { ...row, payload: payloadColumn(row.payload) };
}

/** Inserts an approval request. */
export async function insertApprovalRequest(
  executor: Executor,
  row: ApprovalRequestRow,
): Promise<void> {
  await executor
    .insertInto('approval_requests')
    .values({ ...row, payload: jsonText(row.payload) })
    .execute();
}

/** One approval request, or undefined. */
export async function findApprovalRequest(
  executor: Executor,
  id: string,
): Promise<ApprovalRequestRow | undefined> {
  const row = await executor
    .selectFrom('approval_requests')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : approvalRequestRow(row);
}

/** The pending request for the same action on the same record, if any. */
export async function findPendingRequestFor(
  executor: Executor,
  action: ApprovalAction,
  targetType: string,
  targetId: string,
): Promise<ApprovalRequestRow | undefined> {
  const row = await executor
    .selectFrom('approval_requests')
    .selectAll()
    .where('action', '=', action)
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row === undefined ? undefined : approvalRequestRow(row);
}

/** Filters for listing requests. */
export interface ApprovalFilter {
  readonly status?: ApprovalRequestsTable['status'] | undefined;
  readonly caseId?: string | undefined;
  readonly action?: ApprovalAction | undefined;
}

/** Requests matching the filter, oldest first, with the total count. */
export async function listApprovalRequests(
  executor: Executor,
  filter: ApprovalFilter,
  window: { limit: number; offset: number },
) {
  let query = executor.selectFrom('approval_requests');
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.caseId !== undefined) query = query.where('case_id', '=', filter.caseId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  const [rows, total] = await Promise.all([
    query
      .selectAll()
      .orderBy('requested_at')
      .orderBy('id')
      .limit(window.limit)
      .offset(window.offset)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(approvalRequestRow), total: Number(total.n) };
}

/** Inserts a seal access grant. */
export async function insertSealAccess(
  executor: Executor,
  row: CaseSealAccessTable,
): Promise<void> {
  await executor.insertInto('case_seal_access').values(row).execute();
}

/** Every grant of a case, active or revoked, oldest first. */
export function findSealAccessOfCase(executor: Executor, caseId: string) {
  return executor
    .selectFrom('case_seal_access')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('granted_at')
    .orderBy('id')
    .execute();
}

/** The active grant of one user on one case, or undefined. */
export function findActiveSealAccess(executor: Executor, caseId: string, userId: string) {
  return executor
    .selectFrom('case_seal_access')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Display names of the given users and references of the given cases (with their seal). */
export async function findApprovalParties(
  executor: Executor,
  userIds: readonly string[],
  caseIds: readonly string[],
) {
  const [users, cases] = await Promise.all([
    userIds.length === 0
      ? []
      : executor
          .selectFrom('users')
          .select(['id', 'display_name'])
          .where('id', 'in', [...userIds])
          .execute(),
    caseIds.length === 0
      ? []
      : executor
          .selectFrom('cases')
          .select(['id', 'reference', 'sealed'])
          .where('id', 'in', [...caseIds])
          .execute(),
  ]);
  return { users, cases };
}

/** Sealed cases that `userId` is not on the access list of (every one, in no order). */
export async function sealedCasesHiddenFrom(
  executor: Executor,
  userId: string,
): Promise<Set<string>> {
  const rows = await executor
    .selectFrom('cases')
    .select('cases.id')
    // The literal, not a parameter: SQLite's planner then uses the partial index on the sealed
    // cases (cases_sealed_idx) instead of reading every case.
    .where('cases.sealed', '=', sql.lit(1))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('case_seal_access')
            .select('case_seal_access.id')
            .whereRef('case_seal_access.case_id', '=', 'cases.id')
            .where('case_seal_access.user_id', '=', userId)
            .where('case_seal_access.revoked_at', 'is', null),
        ),
      ),
    )
    .execute();
  return new Set(rows.map((row) => row.id));
}
