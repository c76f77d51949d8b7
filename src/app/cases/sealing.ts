import type { InputOf } from '../common/validate.ts';
import { auditedUpdate } from '../common/audited-update.ts';
import { isOneOf } from '../../core/vocabulary.ts';
import type { Selectable } from 'kysely';
import { decodeAuditLeaf } from '../../core/audit/index.ts';
import { DomainError } from '../../core/errors.ts';
import {
  findActiveSealAccess,
  findSealAccessOfCase,
  insertSealAccess,
} from '../../db/repositories/approvals.repository.ts';
import { findAuditEntriesForCase } from '../../db/repositories/audit.repository.ts';
import { findUser } from '../../db/repositories/agencies.repository.ts';
import { findCase } from '../../db/repositories/cases.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import type { Database } from '../../db/schema.ts';
import { allows, authorize } from '../access/access.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { insertPendingRequest, pending } from '../approvals/requests.ts';
import type { Pending } from '../approvals/requests.ts';
import { logRefusal, notOnTeam, refusable, teamBasesOf } from './case-team.ts';
import type { Refusable } from './case-team.ts';
import { sealAccessInput, sealCaseInput } from '../schemas/approvals.schemas.ts';
import type { SealAccessView, SealReviewView } from '../schemas/approvals.schemas.ts';
import type { CaseSummaryView } from '../schemas/cases.schemas.ts';
import { assertCaseAccess, sealAccessRowView, sealedViewActions } from '../access/seal-guard.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  staleVersion,
} from '../common/validate.ts';
import { caseSummaryView } from '../common/views.ts';

type CaseRow = Selectable<Database['cases']>;

/** Adds `userId` to the case's access list (once). */
async function grant(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  row: CaseRow,
  userId: string,
): Promise<void> {
  if ((await findActiveSealAccess(trx, row.id, userId)) !== undefined) return;
  const access = {
    id: ctx.newId(),
    jurisdiction: row.jurisdiction,
    case_id: row.id,
    user_id: userId,
    granted_by: actor.id,
    granted_at: ctx.now().toISOString(),
    revoked_by: null,
    revoked_at: null,
    version: 1,
  };
  await insertSealAccess(trx, access);
  await appendAudit(trx, ctx, actor, {
    action: 'case_access.grant',
    entityType: 'case_seal_access',
    entityId: access.id,
    caseId: row.id,
    before: null,
    after: sealAccessRowView(access),
  });
}

async function requireActiveUser(trx: Executor, path: string, userId: string): Promise<void> {
  const user = await findUser(trx, userId);
  if (user?.active !== 1) throw invalidField(path, `user ${userId} does not exist or is inactive`);
}

/** The seal's access list: the sealing user and the users named. */
function sealListOf(requesterId: string, userIds: readonly string[]): string[] {
  return [...new Set([requesterId, ...userIds])];
}

/**
 * Whether sealing a case to `list` leaves the case's own team out: no user of the agency that
 * opened the case would be on it. Such a seal needs a supervisor's approval (four eyes).
 */
export async function sealLocksOutTeam(
  trx: Executor,
  row: CaseRow,
  list: readonly string[],
): Promise<boolean> {
  for (const userId of list) {
    const user = await findUser(trx, userId);
    if (user?.active === 1 && user.agency_id === row.opening_agency_id) return false;
  }
  return true;
}

/**
 * Checks that `actor` may seal the case to `userIds`: on the case's team, the case not yet
 * sealed, every user named active. Used by `sealCase` and by the four-eyes request.
 */
export async function checkSealable(
  trx: Executor,
  actor: Actor,
  row: CaseRow,
  userIds: readonly string[],
): Promise<void> {
  if (row.sealed === 1) {
    throw new DomainError('Conflict', `case ${row.id} is already sealed: add users to it instead`);
  }
  if ((await teamBasesOf(trx, actor.id, row)).length === 0) {
    throw new DomainError(
      'Forbidden',
      `${actor.username} is not on the team of case ${row.id}: only the case's team may seal it`,
      { details: { reason: 'not on the case team' } },
    );
  }
  for (const [i, userId] of userIds.entries()) {
    await requireActiveUser(trx, `userIds.${i}`, userId);
  }
}

/**
 * Seals the case in the caller's transaction: the flag, the log entry with the reason, and a
 * grant to every user of `list`. `actor` writes it (the sealing member, or the approver).
 */
export async function sealInTransaction(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  before: CaseRow,
  list: readonly string[],
  extra: Record<string, unknown>,
): Promise<CaseSummaryView> {
  const values = { sealed: 1, updated_at: ctx.now().toISOString() };
  if (
    !(await updateVersioned(
      trx,
      'cases',
      { column: 'id', value: before.id },
      before.version,
      values,
    ))
  ) {
    throw staleVersion('case', before.id, before.version);
  }
  const after = (await findCase(trx, before.id))!;
  await appendAudit(trx, ctx, actor, {
    action: 'case.seal',
    entityType: 'case',
    entityId: before.id,
    caseId: before.id,
    before: caseSummaryView(before),
    // The reason rides along as context; the replay compares only the record's own fields.
    after: { ...caseSummaryView(after), ...extra },
  });
  for (const userId of list) await grant(trx, ctx, actor, after, userId);
  return caseSummaryView(after);
}

/**
 * Seals a case to named users (the sealing user is added): from now on others see only that
 * a sealed case exists, and every view is logged. Only a member of the case's team may seal;
 * a seal that would leave the opening agency off the list needs a supervisor's approval
 * (`case.seal` request), and unsealing always does.
 */
export async function sealCase(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: InputOf<typeof sealCaseInput>,
): Promise<SealOutcome> {
  const input = parseInput(sealCaseInput, raw);
  await authorize(ctx, actor, 'case.seal', {
    action: 'seal a case',
    entityType: 'case',
    entityId: caseId,
    caseId,
  });
  return refusable(ctx, async (trx): Promise<Refusable<SealOutcome>> => {
    const before = await findCase(trx, caseId);
    if (before === undefined) throw notFound('case', caseId);
    assertVersion('case', caseId, before.version, input.version);
    if (before.sealed !== 1 && (await teamBasesOf(trx, actor.id, before)).length === 0) {
      await logRefusal(trx, ctx, actor, 'case.seal', {
        entityType: 'case',
        entityId: caseId,
        caseId,
      });
      return { refused: notOnTeam(actor, before, 'seal it') };
    }
    await checkSealable(trx, actor, before, input.userIds);
    const list = sealListOf(actor.id, input.userIds);
    if (await sealLocksOutTeam(trx, before, list)) {
      return {
        ok: pending(
          await insertPendingRequest(trx, ctx, actor, {
            action: 'case.seal',
            jurisdiction: before.jurisdiction,
            caseId,
            targetType: 'case',
            targetId: caseId,
            reasonCode: 'team_locked_out',
            reasonText: input.reasonText,
            payload: { userIds: list },
          }),
        ),
      };
    }
    return {
      ok: {
        result: 'applied',
        case: await sealInTransaction(trx, ctx, actor, before, list, {
          reason: input.reasonText,
        }),
      },
    };
  });
}

/** A case sealed (its summary as it now stands), or a seal waiting for a supervisor's approval. */
export type SealOutcome = { readonly result: 'applied'; readonly case: CaseSummaryView } | Pending;

/** Adds a user to a sealed case's access list (by a member who may seal). */
export async function grantSealAccess(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: InputOf<typeof sealAccessInput>,
): Promise<SealAccessView[]> {
  const input = parseInput(sealAccessInput, raw);
  await authorize(ctx, actor, 'case.seal', {
    action: 'change who sees a sealed case',
    entityType: 'case',
    entityId: caseId,
    caseId,
  });
  return inTransaction(ctx, async (trx) => {
    const row = await findCase(trx, caseId);
    if (row === undefined) throw notFound('case', caseId);
    if (row.sealed !== 1) throw new DomainError('Conflict', `case ${caseId} is not sealed`);
    await assertCaseAccess(trx, actor, row);
    await requireActiveUser(trx, 'userId', input.userId);
    await grant(trx, ctx, actor, row, input.userId);
    return (await findSealAccessOfCase(trx, caseId)).map(accessView);
  });
}

/** Removes a user from a sealed case's access list; the grant stays on record, dated. */
export async function revokeSealAccess(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: InputOf<typeof sealAccessInput>,
): Promise<SealAccessView[]> {
  const input = parseInput(sealAccessInput, raw);
  await authorize(ctx, actor, 'case.seal', {
    action: 'change who sees a sealed case',
    entityType: 'case',
    entityId: caseId,
    caseId,
  });
  return inTransaction(ctx, async (trx) => {
    const row = await findCase(trx, caseId);
    if (row === undefined) throw notFound('case', caseId);
    await assertCaseAccess(trx, actor, row);
    const access = await findActiveSealAccess(trx, caseId, input.userId);
    if (access === undefined) throw invalidField('userId', 'has no active access to this case');
    if (input.userId === actor.id) throw invalidField('userId', 'you cannot remove yourself');
    const values = { revoked_by: actor.id, revoked_at: ctx.now().toISOString() };
    await auditedUpdate(
      trx,
      ctx,
      actor,
      {
        table: 'case_seal_access',
        key: { column: 'id', value: access.id },
        version: access.version,
        values,
        entity: 'case access',
      },
      {
        action: 'case_access.revoke',
        entityType: 'case_seal_access',
        entityId: access.id,
        caseId,
        before: sealAccessRowView(access),
        after: sealAccessRowView({ ...access, ...values, version: access.version + 1 }),
      },
    );
    return (await findSealAccessOfCase(trx, caseId)).map(accessView);
  });
}

export { sealListOf };

/** Lifts the seal (called by an approved `case.unseal` request, in its transaction). */
export async function unsealInTransaction(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  extra: Record<string, unknown>,
): Promise<void> {
  const before = await findCase(trx, caseId);
  if (before === undefined) throw notFound('case', caseId);
  if (before.sealed !== 1) throw new DomainError('Conflict', `case ${caseId} is not sealed`);
  const values = { sealed: 0, updated_at: ctx.now().toISOString() };
  if (
    !(await updateVersioned(trx, 'cases', { column: 'id', value: caseId }, before.version, values))
  ) {
    throw staleVersion('case', caseId, before.version);
  }
  const after = (await findCase(trx, caseId))!;
  await appendAudit(trx, ctx, actor, {
    action: 'case.unseal',
    entityType: 'case',
    entityId: caseId,
    caseId,
    before: caseSummaryView(before),
    after: { ...caseSummaryView(after), ...extra },
  });
}

function accessView(row: Selectable<Database['case_seal_access']>): SealAccessView {
  return {
    userId: row.user_id,
    grantedBy: row.granted_by,
    grantedAt: row.granted_at,
    revokedBy: row.revoked_by,
    revokedAt: row.revoked_at,
  };
}

/**
 * Who could see a case while it was sealed and every look at it (granted or refused), from
 * the log. Members review it while sealed; supervisors and auditors once it is unsealed.
 */
export async function sealReview(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
): Promise<SealReviewView> {
  const row = await findCase(ctx.db, caseId);
  if (row === undefined) throw notFound('case', caseId);
  const access = await findSealAccessOfCase(ctx.db, caseId);
  if (row.sealed === 1) {
    await assertCaseAccess(ctx.db, actor, row);
  } else if (!allows(actor, 'seal.review')) {
    const wasMember = access.some((grant) => grant.user_id === actor.id);
    if (!wasMember) {
      await authorize(ctx, actor, 'seal.review', {
        action: "review a case's access list",
        entityType: 'case',
        entityId: caseId,
        caseId,
      });
    }
  }
  const entries = await findAuditEntriesForCase(ctx.db, caseId);
  const views = entries
    .filter((entry) => isOneOf(sealedViewActions, entry.action))
    .map((entry) => {
      const decoded = decodeAuditLeaf(new TextEncoder().encode(entry.leaf));
      return {
        index: Number(entry.idx),
        at: decoded.at,
        actorId: decoded.actor,
        action: decoded.action,
      };
    });
  return { caseId, sealed: row.sealed === 1, access: access.map(accessView), views };
}
