import { rolesAllow } from '../../core/access/policy.ts';
import type { Permission } from '../../core/access/policy.ts';
import { DomainError } from '../../core/errors.ts';
import { appendAudit } from '../audit/audit.ts';
import type { AuditEntityType } from '../audit/audit-actions.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';

/** Whether the actor's roles, narrowed by a token's scopes, grant the permission. */
export function allows(actor: Actor, permission: Permission): boolean {
  return (
    rolesAllow(actor.roles, permission) &&
    (actor.scopes === undefined || actor.scopes.includes(permission))
  );
}

/** What a refused request tried to reach, for the log. */
export interface AccessTarget {
  readonly action: string;
  readonly entityType?: AuditEntityType;
  readonly entityId?: string;
  readonly caseId?: string | null;
}

/**
 * Refuses a use-case the actor's roles do not allow. The refusal is logged in its own
 * transaction (the use-case's own writes never happen), so attempts leave a trace.
 */
export async function authorize(
  ctx: AppContext,
  actor: Actor,
  permission: Permission,
  target: AccessTarget,
): Promise<void> {
  if (allows(actor, permission)) return;
  await inTransaction(ctx, (trx) =>
    appendAudit(trx, ctx, actor, {
      action: 'access.denied',
      entityType: target.entityType ?? 'permission',
      entityId: target.entityId ?? permission,
      caseId: target.caseId ?? null,
      before: null,
      after: { permission, attempted: target.action, roles: [...actor.roles] },
    }),
  );
  throw new DomainError(
    'Forbidden',
    `${actor.username} may not ${target.action}: it needs the permission "${permission}", which the roles ${actor.roles.join(', ') || '(none)'} do not grant`,
    {
      details: { permission, action: target.action },
    },
  );
}

/** Like `authorize`, for a use-case that any one of several permissions allows. */
export async function authorizeAny(
  ctx: AppContext,
  actor: Actor,
  permissions: readonly [Permission, ...Permission[]],
  target: AccessTarget,
): Promise<void> {
  const granted = permissions.find((permission) => allows(actor, permission));
  await authorize(ctx, actor, granted ?? permissions[0], target);
}
