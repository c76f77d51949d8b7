import type { Selectable } from 'kysely';
import { decodeAuditLeaf } from '../core/audit/index.ts';
import { DomainError } from '../core/errors.ts';
import {
  findActiveSealAccess,
  findSealAccessOfCase,
  insertSealAccess,
} from '../db/repositories/approvals.repository.ts';
import { findAuditEntriesForCase } from '../db/repositories/audit.repository.ts';
import { findUser } from '../db/repositories/agencies.repository.ts';
import { findCase } from '../db/repositories/cases.repository.ts';
import { updateVersioned } from '../db/repositories/versioned.ts';
import type { Database } from '../db/schema.ts';
import { allows, authorize } from './access.ts';
import { appendAudit } from './audit.ts';
import type { Actor, AppContext, Executor } from './context.ts';
import { inTransaction } from './context.ts';
import { sealAccessInput, sealCaseInput } from './schemas/approvals.schemas.ts';
import type { SealAccessView, SealReviewView } from './schemas/approvals.schemas.ts';
import type { CaseSummaryView } from './schemas/cases.schemas.ts';
import { assertCaseAccess, sealAccessRowView, sealedViewActions } from './seal-guard.ts';
import { assertVersion, invalidField, notFound, parseInput, staleVersion } from './validate.ts';
import { caseSummaryView } from './views.ts';

type CaseRow = Selectable<Database['cases']>;

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

/**
 * Seals a case to named users (the sealing user is added): from now on others see only that
 * a sealed case exists, and every view is logged. Unsealing needs a second person's approval.
 */
export async function sealCase(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: unknown,
): Promise<CaseSummaryView> {
  const input = parseInput(sealCaseInput, raw);
  await authorize(ctx, actor, 'case.seal', {
    action: 'seal a case',
    entityType: 'case',
    entityId: caseId,
    caseId,
  });
  return inTransaction(ctx, async (trx) => {
    const before = await findCase(trx, caseId);
    if (before === undefined) throw notFound('case', caseId);
    assertVersion('case', caseId, before.version, input.version);
    if (before.sealed === 1) {
      throw new DomainError(
        'Conflict',
        `case ${caseId} is already sealed: add users to it instead`,
      );
    }
    for (const [i, userId] of input.userIds.entries()) {
      await requireActiveUser(trx, `userIds.${i}`, userId);
    }
    const values = { sealed: 1, updated_at: ctx.now().toISOString() };
    if (
      !(await updateVersioned(trx, 'cases', { column: 'id', value: caseId }, input.version, values))
    ) {
      throw staleVersion('case', caseId, input.version);
    }
    const after = (await findCase(trx, caseId))!;
    await appendAudit(trx, ctx, actor, {
      action: 'case.seal',
      entityType: 'case',
      entityId: caseId,
      caseId,
      before: caseSummaryView(before),
      // The reason rides along as context; the replay compares only the record's own fields.
      after: { ...caseSummaryView(after), reason: input.reasonText },
    });
    for (const userId of new Set([actor.id, ...input.userIds])) {
      await grant(trx, ctx, actor, after, userId);
    }
    return caseSummaryView(after);
  });
}

/** Adds a user to a sealed case's access list (by a member who may seal). */
export async function grantSealAccess(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: unknown,
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
  raw: unknown,
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
    if (
      !(await updateVersioned(
        trx,
        'case_seal_access',
        { column: 'id', value: access.id },
        access.version,
        values,
      ))
    ) {
      throw staleVersion('case access', access.id, access.version);
    }
    await appendAudit(trx, ctx, actor, {
      action: 'case_access.revoke',
      entityType: 'case_seal_access',
      entityId: access.id,
      caseId,
      before: sealAccessRowView(access),
      after: sealAccessRowView({ ...access, ...values, version: access.version + 1 }),
    });
    return (await findSealAccessOfCase(trx, caseId)).map(accessView);
  });
}

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
    .filter((entry) => (sealedViewActions as readonly string[]).includes(entry.action))
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
