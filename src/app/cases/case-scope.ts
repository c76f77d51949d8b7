import { rolesReachCase } from '../../core/access/policy.ts';
import type { Permission } from '../../core/access/policy.ts';
import { DomainError } from '../../core/errors.ts';
import { findAgency } from '../../db/repositories/agencies.repository.ts';
import { findCase } from '../../db/repositories/cases.repository.ts';
import { allows } from '../access/access.ts';
import { appendAudit } from '../audit/audit.ts';
import { teamBasesOf } from './case-team.ts';
import type { Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';

/**
 * The agency scope of case writes (`caseWriteReach` in src/core/access/policy.ts): before a
 * use-case changes a case, refuses an actor whose only roles granting the permission reach
 * their team's cases when the actor is not on this case's team. The refusal is logged in its
 * own transaction (`case.write_refused`), so the use-case writes nothing.
 */
export async function refuseOutsideReach(
  ctx: AppContext,
  actor: Actor,
  caseId: string | null | undefined,
  permissions: readonly Permission[],
  attempted: string,
): Promise<void> {
  if (caseId == null) return;
  const row = await findCase(ctx.db, caseId);
  if (row !== undefined) await refuseRowOutsideReach(ctx, actor, row, permissions, attempted);
}

/** `refuseOutsideReach` for a case row already read (an import's cases, opened in its batch). */
export async function refuseRowOutsideReach(
  ctx: AppContext,
  actor: Actor,
  row: Selectable<Database['cases']>,
  permissions: readonly Permission[],
  attempted: string,
): Promise<void> {
  const caseId = row.id;
  const granted = permissions.filter((permission) => allows(actor, permission));
  if (granted.some((permission) => rolesReachCase(actor.roles, permission, false))) return;
  const onTeam = (await teamBasesOf(ctx.db, actor.id, row)).length > 0;
  if (granted.some((permission) => rolesReachCase(actor.roles, permission, onTeam))) return;
  await inTransaction(ctx, (trx) =>
    appendAudit(trx, ctx, actor, {
      action: 'case.write_refused',
      entityType: 'case',
      entityId: caseId,
      caseId,
      before: null,
      after: { attempted, reason: 'outside the agency scope' },
    }),
  );
  throw new DomainError(
    'Forbidden',
    `${actor.username} may not ${attempted} in case ${caseId}: an investigator changes only the cases of their own agency or of a team they are on`,
    { details: { reason: 'outside the agency scope', caseId } },
  );
}

/** Refuses opening a case for another agency to an actor whose roles reach their team's cases only. */
export async function refuseOpeningOutsideReach(
  ctx: AppContext,
  actor: Actor,
  openingAgencyId: string,
): Promise<void> {
  if (rolesReachCase(actor.roles, 'case.write', actor.agencyId === openingAgencyId)) return;
  // An agency that does not exist is the input's fault (400), reported by the use-case.
  if ((await findAgency(ctx.db, openingAgencyId)) === undefined) return;
  await inTransaction(ctx, (trx) =>
    appendAudit(trx, ctx, actor, {
      action: 'access.denied',
      entityType: 'agency',
      entityId: openingAgencyId,
      caseId: null,
      before: null,
      after: { attempted: 'open a case for another agency', roles: [...actor.roles] },
    }),
  );
  throw new DomainError(
    'Forbidden',
    `${actor.username} may not open a case for agency ${openingAgencyId}: an investigator opens cases of their own agency`,
    {
      details: { reason: 'outside the agency scope' },
      issues: [{ path: 'openingAgencyId', message: 'not your agency' }],
    },
  );
}
