import type { InputOf } from '../common/validate.ts';
import { auditedUpdate } from '../common/audited-update.ts';
import { isGuardedRole } from '../../core/access/policy.ts';
import { DomainError } from '../../core/errors.ts';
import type { Role } from '../../core/vocabulary.ts';
import { pageWindow, toPage } from '../common/paging.ts';
import {
  findAgency,
  findAgencyByName,
  findUser,
  findUserByUsername,
  updateUserVersioned,
  insertAgency,
  insertUser,
  listAgencies as listAgencyRows,
  listUsers as listUserRows,
} from '../../db/repositories/agencies.repository.ts';
import { insertPendingRequest } from '../approvals/requests.ts';
import { appendAudit } from '../audit/audit.ts';
import { authorize } from '../access/access.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import type { ApprovalRequestView } from '../schemas/approvals.schemas.ts';
import type { Page } from '../schemas/common.ts';
import {
  createAgencyInput,
  createUserInput,
  listAgenciesQuery,
  listUsersQuery,
  updateAgencyInput,
  updateUserInput,
} from '../schemas/agencies.schemas.ts';
import type { AgencyView, UpdateUserInput, UserView } from '../schemas/agencies.schemas.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  staleVersion,
} from '../common/validate.ts';
import { agencyView, userView } from '../common/views.ts';

/** Registers an agency (police unit, prosecutor's office, court, NGO, international organisation). */
export async function createAgency(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof createAgencyInput>,
): Promise<AgencyView> {
  await authorize(ctx, actor, 'agency.manage', {
    action: 'register an agency',
    entityType: 'agency',
  });
  const input = parseInput(createAgencyInput, raw);
  return inTransaction(ctx, async (trx) => {
    if ((await findAgencyByName(trx, input.jurisdiction, input.name)) !== undefined) {
      throw new DomainError(
        'Conflict',
        `an agency named "${input.name}" already exists in ${input.jurisdiction}`,
        {
          issues: [{ path: 'name', message: 'already exists in this jurisdiction' }],
        },
      );
    }
    if (
      input.parentAgencyId != null &&
      (await findAgency(trx, input.parentAgencyId)) === undefined
    ) {
      throw invalidField('parentAgencyId', `agency ${input.parentAgencyId} does not exist`);
    }
    const at = ctx.now().toISOString();
    const row = {
      id: ctx.newId(),
      jurisdiction: input.jurisdiction,
      name: input.name,
      kind: input.kind,
      parent_agency_id: input.parentAgencyId ?? null,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await insertAgency(trx, row);
    const view = agencyView(row);
    await appendAudit(trx, ctx, actor, {
      action: 'agency.create',
      entityType: 'agency',
      entityId: row.id,
      caseId: null,
      before: null,
      after: view,
    });
    return view;
  });
}

/** Changes an agency's name, kind or parent, refusing a stale version. */
export async function updateAgency(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: InputOf<typeof updateAgencyInput>,
): Promise<AgencyView> {
  await authorize(ctx, actor, 'agency.manage', {
    action: 'change an agency',
    entityType: 'agency',
    entityId: id,
  });
  const input = parseInput(updateAgencyInput, raw);
  return inTransaction(ctx, async (trx) => {
    const before = await findAgency(trx, id);
    if (before === undefined) throw notFound('agency', id);
    assertVersion('agency', id, before.version, input.version);
    if (
      input.parentAgencyId != null &&
      (input.parentAgencyId === id || (await findAgency(trx, input.parentAgencyId)) === undefined)
    ) {
      throw invalidField('parentAgencyId', `agency ${input.parentAgencyId} cannot be the parent`);
    }
    const at = ctx.now().toISOString();
    const values = {
      name: input.name ?? before.name,
      kind: input.kind ?? before.kind,
      parent_agency_id:
        input.parentAgencyId === undefined ? before.parent_agency_id : input.parentAgencyId,
      updated_at: at,
    };
    const view = agencyView({ ...before, ...values, version: input.version + 1 });
    await auditedUpdate(
      trx,
      ctx,
      actor,
      {
        table: 'agencies',
        key: { column: 'id', value: id },
        version: input.version,
        values,
        entity: 'agency',
      },
      {
        action: 'agency.update',
        entityType: 'agency',
        entityId: id,
        caseId: null,
        before: agencyView(before),
        after: view,
      },
    );
    return view;
  });
}

/** One agency. */
export async function getAgency(ctx: AppContext, actor: Actor, id: string): Promise<AgencyView> {
  const row = await findAgency(ctx.db, id);
  if (row === undefined) throw notFound('agency', id);
  return agencyView(row);
}

/** Agencies, filtered and paginated. */
export async function listAgencies(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof listAgenciesQuery>,
): Promise<Page<AgencyView>> {
  const query = parseInput(listAgenciesQuery, raw);
  const { rows, total } = await listAgencyRows(ctx.db, query, pageWindow(query));
  return toPage(query, total, rows.map(agencyView));
}

/**
 * What a change to a user did: applied at once, or (for a role that opens identities or
 * approvals, given by a registered user) waiting for a different administrator's approval.
 */
export type UserChange =
  | { readonly result: 'applied'; readonly user: UserView }
  | { readonly result: 'pending'; readonly user: UserView; readonly approval: ApprovalRequestView };

/**
 * Whether the actor is a signed-in person (a row in `users`) rather than the operator's own
 * tools (the CLI's development actor, the system that creates the first administrator), who
 * hold the database itself and so cannot be held to four eyes by it.
 */
export async function isRegisteredUser(executor: Executor, actor: Actor): Promise<boolean> {
  return (await findUser(executor, actor.id)) !== undefined;
}

/** The guarded roles (see `isGuardedRole`) in `next` that `held` does not already have. */
export function guardedRolesAdded(held: readonly Role[], next: readonly Role[]): Role[] {
  return next.filter((role) => isGuardedRole(role) && !held.includes(role));
}

/** Records the request for a second administrator to grant `roles` to a user. */
function requestRoleGrant(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  user: UserView,
  change: { roles: readonly Role[]; added: readonly Role[] } & Omit<
    UpdateUserInput,
    'version' | 'roles'
  >,
): Promise<ApprovalRequestView> {
  return insertPendingRequest(trx, ctx, actor, {
    action: 'user.grant_roles',
    jurisdiction: null,
    caseId: null,
    targetType: 'user',
    targetId: user.id,
    reasonCode: 'guarded_role',
    reasonText: `give ${user.username} the roles ${change.added.join(', ')}`,
    payload: { ...change, roles: [...change.roles], added: [...change.added] },
  });
}

/**
 * Creates a user in an agency with the given roles. A registered user (an administrator
 * signed in) gives the roles that open identities or approvals only through a second
 * administrator: the user is created without them and a `user.grant_roles` request waits.
 */
export async function registerUser(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof createUserInput>,
): Promise<UserChange> {
  await authorize(ctx, actor, 'user.manage', { action: 'create a user', entityType: 'user' });
  const input = parseInput(createUserInput, raw);
  return inTransaction(ctx, async (trx) => {
    if ((await findAgency(trx, input.agencyId)) === undefined)
      throw invalidField('agencyId', `agency ${input.agencyId} does not exist`);
    if ((await findUserByUsername(trx, input.username)) !== undefined) {
      throw new DomainError('Conflict', `the username "${input.username}" is taken`, {
        issues: [{ path: 'username', message: 'is taken' }],
      });
    }
    const requested = [...new Set(input.roles)];
    const guarded = (await isRegisteredUser(trx, actor)) ? guardedRolesAdded([], requested) : [];
    const at = ctx.now().toISOString();
    const row = {
      id: ctx.newId(),
      agency_id: input.agencyId,
      username: input.username,
      display_name: input.displayName,
      roles: requested.filter((role) => !guarded.includes(role)),
      active: 1,
      version: 1,
      created_at: at,
      updated_at: at,
      password_hash: null,
      failed_logins: 0,
      locked_until: null,
      must_change_password: 0,
    };
    await insertUser(trx, row);
    const view = userView(row);
    await appendAudit(trx, ctx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: row.id,
      caseId: null,
      before: null,
      after: view,
    });
    if (guarded.length === 0) return { result: 'applied', user: view };
    const approval = await requestRoleGrant(trx, ctx, actor, view, {
      roles: requested,
      added: guarded,
    });
    return { result: 'pending', user: view, approval };
  });
}

/** Creates a user (see `registerUser`) and returns it as stored, without any role still waiting for approval. */
export async function createUser(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof createUserInput>,
): Promise<UserView> {
  return (await registerUser(ctx, actor, raw)).user;
}

/**
 * Changes a user's name, roles, agency or active flag, refusing a stale version. A registered
 * user giving a role that opens identities or approvals changes nothing yet: the whole change
 * waits for a different administrator's approval (`user.grant_roles`), even when it is the
 * actor's own account.
 */
export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: InputOf<typeof updateUserInput>,
): Promise<UserChange> {
  await authorize(ctx, actor, 'user.manage', {
    action: 'change a user',
    entityType: 'user',
    entityId: id,
  });
  const input = parseInput(updateUserInput, raw);
  return inTransaction(ctx, async (trx) => {
    const before = await findUser(trx, id);
    if (before === undefined) throw notFound('user', id);
    assertVersion('user', id, before.version, input.version);
    if (input.agencyId !== undefined && (await findAgency(trx, input.agencyId)) === undefined) {
      throw invalidField('agencyId', `agency ${input.agencyId} does not exist`);
    }
    const current = userView(before);
    const added = input.roles === undefined ? [] : guardedRolesAdded(current.roles, input.roles);
    if (added.length > 0 && (await isRegisteredUser(trx, actor))) {
      const { version: _version, roles, ...rest } = input;
      const approval = await requestRoleGrant(trx, ctx, actor, current, {
        ...rest,
        roles: [...new Set(roles)],
        added,
      });
      return { result: 'pending', user: current, approval };
    }
    return { result: 'applied', user: await applyUserChange(trx, ctx, actor, id, input) };
  });
}

/**
 * Writes a change to a user in the caller's transaction and logs it: the use-case above, and
 * an approved `user.grant_roles` request (with its id in the entry).
 */
export async function applyUserChange(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: UpdateUserInput,
  approvalRequestId?: string,
): Promise<UserView> {
  const before = await findUser(trx, id);
  if (before === undefined) throw notFound('user', id);
  const values = {
    display_name: input.displayName ?? before.display_name,
    roles: input.roles === undefined ? before.roles : [...new Set(input.roles)],
    active: input.active === undefined ? before.active : input.active ? 1 : 0,
    agency_id: input.agencyId ?? before.agency_id,
    updated_at: ctx.now().toISOString(),
  };
  if (!(await updateUserVersioned(trx, id, input.version, values))) {
    throw staleVersion('user', id, input.version);
  }
  const view = userView({ ...before, ...values, version: input.version + 1 });
  await appendAudit(trx, ctx, actor, {
    action: 'user.update',
    entityType: 'user',
    entityId: id,
    caseId: null,
    before: userView(before),
    after: approvalRequestId === undefined ? view : { ...view, approvalRequestId },
  });
  return view;
}

/** Users, filtered and paginated. */
export async function listUsers(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof listUsersQuery>,
): Promise<Page<UserView>> {
  await authorize(ctx, actor, 'user.manage', { action: 'list users', entityType: 'user' });
  const query = parseInput(listUsersQuery, raw);
  const { rows, total } = await listUserRows(ctx.db, query, pageWindow(query));
  return toPage(query, total, rows.map(userView));
}

/** The user with this username, as an actor, or null. */
export async function findActor(
  ctx: AppContext,
  usernameOrId: string,
): Promise<(UserView & { actor: Actor }) | null> {
  const row =
    (await findUserByUsername(ctx.db, usernameOrId)) ?? (await findUser(ctx.db, usernameOrId));
  if (row === undefined) return null;
  const view = userView(row);
  return {
    ...view,
    actor: { id: view.id, username: view.username, agencyId: view.agencyId, roles: view.roles },
  };
}
