import type { InputOf } from '../common/validate.ts';
import { DomainError } from '../../core/errors.ts';
import {
  findAgency,
  findUser,
  findUserByUsername,
} from '../../db/repositories/agencies.repository.ts';
import {
  deleteTeamMember,
  findTeamMember,
  insertTeamMember,
  listAddedMembers,
  listRuleCandidates,
} from '../../db/repositories/case-team.repository.ts';
import { findCase } from '../../db/repositories/cases.repository.ts';
import type { CasesTable } from '../../db/tables/cases.table.ts';
import { appendAudit } from '../audit/audit.ts';
import type { AuditEntityType } from '../audit/audit-actions.ts';
import { authorize, authorizeAny } from '../access/access.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { caseTeamInput } from '../schemas/case-team.schemas.ts';
import type { CaseTeamMemberView, CaseTeamView, TeamBasis } from '../schemas/case-team.schemas.ts';
import { assertCaseAccess, readThroughSeal, refuseSealedWrite } from '../access/seal-guard.ts';
import { invalidField, notFound, parseInput } from '../common/validate.ts';

/**
 * The case team: who may read the identities of a case's victims and witnesses. For now it
 * is the users of the agency that opened the case, the supervisors of agencies in the case's
 * jurisdiction, and the users added by hand (`case_team`). Membership is decided from the
 * `users` row, never from the actor object alone, so the development and system actors (which
 * have no row) are on no team.
 */

type CaseRow = Pick<CasesTable, 'id' | 'jurisdiction' | 'opening_agency_id' | 'reference'>;

/** Why `userId` is on the case's team; empty when it is not (or the user is inactive). */
export async function teamBasesOf(
  executor: Executor,
  userId: string,
  caseRow: CaseRow,
): Promise<TeamBasis[]> {
  const user = await findUser(executor, userId);
  if (user?.active !== 1) return [];
  const bases: TeamBasis[] = [];
  if (user.agency_id === caseRow.opening_agency_id) bases.push('opening_agency');
  if (user.roles.includes('supervisor')) {
    const agency = await findAgency(executor, user.agency_id);
    if (agency?.jurisdiction === caseRow.jurisdiction) bases.push('jurisdiction_supervisor');
  }
  if ((await findTeamMember(executor, caseRow.id, userId)) !== undefined) bases.push('added');
  return bases;
}

/**
 * Records a refused attempt in the log, inside the caller's transaction: the caller returns
 * normally (so the entry commits) and throws `forbidden(...)` afterwards.
 */
export async function logRefusal(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  attempted: RefusableAction,
  target: { entityType: AuditEntityType; entityId: string; caseId: string },
): Promise<void> {
  await appendAudit(trx, ctx, actor, {
    action: `${attempted}.refused`,
    entityType: target.entityType,
    entityId: target.entityId,
    caseId: target.caseId,
    before: null,
    after: { reason: 'not on the case team' },
  });
}

/** The refusal of an actor who is not on a case's team. */
export function notOnTeam(actor: Actor, caseRow: Pick<CaseRow, 'id'>, what: string) {
  // The case is named by its id: a refusal must not tell an outsider a (sealed) case's reference.
  return new DomainError(
    'Forbidden',
    `${actor.username} is not on the team of case ${caseRow.id}: only the case's team may ${what}`,
    { details: { reason: 'not on the case team' } },
  );
}

async function requireCase(executor: Executor, caseId: string) {
  const row = await findCase(executor, caseId);
  if (row === undefined) throw notFound('case', caseId);
  return row;
}

/** The team-guarded actions whose refusals are logged as `<action>.refused`. */
export type RefusableAction =
  | 'case_team.add'
  | 'case_team.remove'
  | 'case_team.list'
  | 'case.seal'
  | 'identity.read'
  | 'identity.record';

/** A use-case's result, or the refusal to throw once its log entry has committed. */
export type Refusable<T> = { readonly ok: T } | { readonly refused: DomainError };

/**
 * Runs `work` in one transaction; a refusal is logged in that transaction, which commits, and
 * is thrown only afterwards, so the attempt leaves a trace and nothing else is written.
 */
export async function refusable<T>(
  ctx: AppContext,
  work: (trx: Executor) => Promise<Refusable<T>>,
): Promise<T> {
  const result = await inTransaction(ctx, work);
  if ('refused' in result) throw result.refused;
  return result.ok;
}

// Who may change a team: members by rule. Hand-added members read but do not grow the team.
async function teamManagerCheck(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  caseRow: CaseRow,
  attempted: RefusableAction,
): Promise<DomainError | null> {
  const bases = await teamBasesOf(trx, actor.id, caseRow);
  if (bases.some((basis) => basis !== 'added')) return null;
  await logRefusal(trx, ctx, actor, attempted, {
    entityType: 'case_team',
    entityId: caseRow.id,
    caseId: caseRow.id,
  });
  return notOnTeam(actor, caseRow, 'change its team (hand-added members cannot)');
}

/** Adds a user to a case's team; only members by rule (opening agency, supervisors) may. */
export async function addToCaseTeam(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  raw: InputOf<typeof caseTeamInput>,
): Promise<CaseTeamView> {
  await authorizeAny(ctx, actor, ['case.team', 'case.write'], {
    action: 'add a user to a case team',
    entityType: 'case',
    entityId: caseId,
  });
  const input = parseInput(caseTeamInput, raw);
  // A sealed case's team is changed by its access list only (a supervisor by rule is not enough).
  await refuseSealedWrite(ctx, actor, caseId, 'add a user to a case team');
  await refusable(ctx, async (trx) => {
    const caseRow = await requireCase(trx, caseId);
    await assertCaseAccess(trx, actor, caseRow);
    const refused = await teamManagerCheck(trx, ctx, actor, caseRow, 'case_team.add');
    if (refused !== null) return { refused };
    const user =
      input.userId !== undefined
        ? await findUser(trx, input.userId)
        : await findUserByUsername(trx, input.username ?? '');
    if (user?.active !== 1) {
      throw input.userId !== undefined
        ? invalidField('userId', `no active user ${input.userId}`)
        : invalidField('username', `no active user named ${input.username ?? ''}`);
    }
    const userId = user.id;
    if ((await findTeamMember(trx, caseId, userId)) !== undefined) {
      throw new DomainError(
        'Conflict',
        `user ${user.username} is already on the team of case ${caseRow.reference}`,
      );
    }
    const row = {
      case_id: caseId,
      jurisdiction: caseRow.jurisdiction,
      user_id: userId,
      added_by: actor.id,
      added_at: ctx.now().toISOString(),
    };
    await insertTeamMember(trx, row);
    await appendAudit(trx, ctx, actor, {
      action: 'case_team.add',
      entityType: 'case_team',
      entityId: `${caseId}/${userId}`,
      caseId,
      before: null,
      after: { caseId, userId: userId, addedBy: actor.id, addedAt: row.added_at },
    });
    return { ok: null };
  });
  return listCaseTeamAs(ctx, caseId);
}

/** Removes a hand-added user from a case's team (members by rule stay while the rule holds). */
export async function removeFromCaseTeam(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  userId: string,
): Promise<CaseTeamView> {
  await authorizeAny(ctx, actor, ['case.team', 'case.write'], {
    action: 'remove a user from a case team',
    entityType: 'case',
    entityId: caseId,
  });
  await refuseSealedWrite(ctx, actor, caseId, 'remove a user from a case team');
  await refusable(ctx, async (trx) => {
    const caseRow = await requireCase(trx, caseId);
    await assertCaseAccess(trx, actor, caseRow);
    const refused = await teamManagerCheck(trx, ctx, actor, caseRow, 'case_team.remove');
    if (refused !== null) return { refused };
    const before = await findTeamMember(trx, caseId, userId);
    if (before === undefined || !(await deleteTeamMember(trx, caseId, userId))) {
      throw notFound(`hand-added member of the team of case ${caseRow.reference}`, userId);
    }
    await appendAudit(trx, ctx, actor, {
      action: 'case_team.remove',
      entityType: 'case_team',
      entityId: `${caseId}/${userId}`,
      caseId,
      before: { caseId, userId, addedBy: before.added_by, addedAt: before.added_at },
      after: null,
    });
    return { ok: null };
  });
  return listCaseTeamAs(ctx, caseId);
}

/** The case's team with every reason each member is on it; only team members may list it. */
export async function listCaseTeam(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
): Promise<CaseTeamView> {
  await authorize(ctx, actor, 'case.read', {
    action: 'list a case team',
    entityType: 'case',
    entityId: caseId,
  });
  // Who works a sealed case is as sealed as the case: the read is logged, an outsider refused.
  await readThroughSeal(ctx, actor, caseId, () => Promise.resolve(null));
  await refusable(ctx, async (trx) => {
    const caseRow = await requireCase(trx, caseId);
    if ((await teamBasesOf(trx, actor.id, caseRow)).length > 0) {
      await appendAudit(trx, ctx, actor, {
        action: 'case_team.list',
        entityType: 'case_team',
        entityId: caseId,
        caseId,
        before: null,
        after: null,
      });
      return { ok: null };
    }
    await logRefusal(trx, ctx, actor, 'case_team.list', {
      entityType: 'case_team',
      entityId: caseId,
      caseId,
    });
    return { refused: notOnTeam(actor, caseRow, 'see its team') };
  });
  return listCaseTeamAs(ctx, caseId);
}

// The team as it stands; callers have checked access already.
async function listCaseTeamAs(ctx: AppContext, caseId: string): Promise<CaseTeamView> {
  const caseRow = await requireCase(ctx.db, caseId);
  const members = new Map<string, CaseTeamMemberView>();
  const entry = (row: {
    id: string;
    username: string;
    display_name: string;
    agency_id: string;
  }): CaseTeamMemberView => {
    const existing = members.get(row.id);
    if (existing !== undefined) return existing;
    const created: CaseTeamMemberView = {
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      agencyId: row.agency_id,
      bases: [],
      addedBy: null,
      addedAt: null,
    };
    members.set(row.id, created);
    return created;
  };
  for (const row of await listRuleCandidates(
    ctx.db,
    caseRow.opening_agency_id,
    caseRow.jurisdiction,
  )) {
    if (row.active !== 1) continue;
    if (row.agency_id === caseRow.opening_agency_id) entry(row).bases.push('opening_agency');
    if (row.jurisdiction === caseRow.jurisdiction && row.roles.includes('supervisor'))
      entry(row).bases.push('jurisdiction_supervisor');
  }
  for (const row of await listAddedMembers(ctx.db, caseId)) {
    if (row.active !== 1) continue;
    const member = entry(row);
    member.bases.push('added');
    member.addedBy = row.added_by;
    member.addedAt = row.added_at;
  }
  return {
    caseId,
    members: [...members.values()].sort((a, b) => a.username.localeCompare(b.username)),
  };
}
