import type { Selectable } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import {
  sealedCasesHiddenFrom,
  findActiveSealAccess,
} from '../../db/repositories/approvals.repository.ts';
import { findCase } from '../../db/repositories/cases.repository.ts';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import type { CaseSummaryView } from '../schemas/cases.schemas.ts';
import { notFound } from '../common/validate.ts';

/**
 * The seal's guards: what every use-case that reads or changes a case asks before it does.
 * The sealing use-cases themselves (seal, grant, revoke, unseal, review) are in sealing.ts.
 */

type CaseRow = Selectable<Database['cases']>;

/** Actions of the log that record a look at a sealed case. */
export const sealedViewActions = ['case.read_sealed', 'case.read_refused'] as const;

/** The audit view of a grant row: the whole row, so the replay can compare it. */
export function sealAccessRowView(row: Selectable<Database['case_seal_access']>) {
  return {
    id: row.id,
    caseId: row.case_id,
    userId: row.user_id,
    grantedBy: row.granted_by,
    grantedAt: row.granted_at,
    revokedBy: row.revoked_by,
    revokedAt: row.revoked_at,
    version: row.version,
  };
}

/** Whether `actor` may see the case: unsealed, or sealed with an active grant to the actor. */
export async function maySeeCase(executor: Executor, actor: Actor, row: CaseRow): Promise<boolean> {
  if (row.sealed !== 1) return true;
  return (await findActiveSealAccess(executor, row.id, actor.id)) !== undefined;
}

function sealedError(row: CaseRow): DomainError {
  // Only the fact that a sealed case exists is disclosed: not its reference or contents.
  return new DomainError('Forbidden', `case ${row.id} is sealed; you are not on its access list`, {
    details: { caseId: row.id, sealed: true },
  });
}

/** Refuses a change to a sealed case by anyone not on its access list. */
export async function assertCaseAccess(
  executor: Executor,
  actor: Actor,
  row: CaseRow,
): Promise<void> {
  if (!(await maySeeCase(executor, actor, row))) throw sealedError(row);
}

/** Refuses a change to the case `caseId` (when it exists and is sealed) by a non-member. */
export async function assertCaseIdAccess(
  executor: Executor,
  actor: Actor,
  caseId: string,
): Promise<void> {
  const row = await findCase(executor, caseId);
  if (row !== undefined) await assertCaseAccess(executor, actor, row);
}

/**
 * Reads a case through its seal: members' reads are logged in the reading transaction;
 * a non-member's attempt is logged in its own transaction and refused. Unsealed cases pass
 * through unlogged.
 */
export async function readThroughSeal<T>(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  read: (executor: Executor) => Promise<T>,
): Promise<T> {
  const row = await findCase(ctx.db, caseId);
  if (row === undefined) throw notFound('case', caseId);
  if (row.sealed !== 1) return read(ctx.db);
  const allowed = await inTransaction(ctx, async (trx) => {
    if (!(await maySeeCase(trx, actor, row))) return false;
    await appendAudit(trx, ctx, actor, {
      action: 'case.read_sealed',
      entityType: 'case',
      entityId: caseId,
      caseId,
      before: null,
      after: null,
    });
    return true;
  });
  if (!allowed) {
    await inTransaction(ctx, (trx) =>
      appendAudit(trx, ctx, actor, {
        action: 'case.read_refused',
        entityType: 'case',
        entityId: caseId,
        caseId,
        before: null,
        after: null,
      }),
    );
    throw sealedError(row);
  }
  return read(ctx.db);
}

/**
 * Before a write: refuses a non-member's change to a sealed case and logs the attempt in its
 * own transaction (the write's transaction never starts, so nothing else is written). The
 * check inside the write's transaction stays, for a case sealed in between.
 */
export async function refuseSealedWrite(
  ctx: AppContext,
  actor: Actor,
  caseId: string | null | undefined,
  attempted: string,
): Promise<void> {
  if (caseId == null) return;
  const row = await findCase(ctx.db, caseId);
  if (row !== undefined) await refuseSealedRowWrite(ctx, actor, row, attempted);
}

/** `refuseSealedWrite` for a case row already read (an import's cases, opened in its batch). */
export async function refuseSealedRowWrite(
  ctx: AppContext,
  actor: Actor,
  row: CaseRow,
  attempted: string,
): Promise<void> {
  const caseId = row.id;
  if (await maySeeCase(ctx.db, actor, row)) return;
  await inTransaction(ctx, (trx) =>
    appendAudit(trx, ctx, actor, {
      action: 'case.write_refused',
      entityType: 'case',
      entityId: caseId,
      caseId,
      before: null,
      after: { attempted },
    }),
  );
  throw sealedError(row);
}

/** What a non-member sees of a sealed case in a list: that it exists, nothing else. */
export function redactSealed(view: CaseSummaryView): CaseSummaryView {
  return {
    ...view,
    reference: 'SEALED',
    origin: null,
    summary: null,
    registeredProvision: null,
    openingAgencyId: '',
  };
}

/** The sealed cases `actor` is not on the access list of: what every other view withholds. */
export function sealedCasesHiddenFor(executor: Executor, actor: Actor): Promise<Set<string>> {
  return sealedCasesHiddenFrom(executor, actor.id);
}
