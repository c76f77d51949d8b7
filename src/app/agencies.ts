import { DomainError } from '../core/errors.ts';
import { pageWindow, toPage } from './paging.ts';
import {
  findAgency,
  findAgencyByName,
  findUser,
  findUserByUsername,
  insertAgency,
  insertUser,
  listAgencies as listAgencyRows,
  listUsers as listUserRows,
} from '../db/repositories/agencies.repository.ts';
import { updateVersioned } from '../db/repositories/versioned.ts';
import { appendAudit } from './audit.ts';
import { authorize } from './access.ts';
import type { Actor, AppContext } from './context.ts';
import { inTransaction } from './context.ts';
import type { Page } from './schemas/common.ts';
import {
  createAgencyInput,
  createUserInput,
  listAgenciesQuery,
  listUsersQuery,
  updateAgencyInput,
  updateUserInput,
} from './schemas/agencies.schemas.ts';
import type { AgencyView, UserView } from './schemas/agencies.schemas.ts';
import { assertVersion, invalidField, notFound, parseInput, staleVersion } from './validate.ts';
import { agencyView, userView } from './views.ts';

/** Registers an agency (police unit, prosecutor's office, court, NGO, international organisation). */
export async function createAgency(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
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
  raw: unknown,
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
    if (
      !(await updateVersioned(trx, 'agencies', { column: 'id', value: id }, input.version, values))
    ) {
      throw staleVersion('agency', id, input.version);
    }
    const view = agencyView({ ...before, ...values, version: input.version + 1 });
    await appendAudit(trx, ctx, actor, {
      action: 'agency.update',
      entityType: 'agency',
      entityId: id,
      caseId: null,
      before: agencyView(before),
      after: view,
    });
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
  raw: unknown,
): Promise<Page<AgencyView>> {
  const query = parseInput(listAgenciesQuery, raw);
  const { rows, total } = await listAgencyRows(ctx.db, query, pageWindow(query));
  return toPage(query, total, rows.map(agencyView));
}

/** Creates a user in an agency with the given roles. */
export async function createUser(ctx: AppContext, actor: Actor, raw: unknown): Promise<UserView> {
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
    const at = ctx.now().toISOString();
    const row = {
      id: ctx.newId(),
      agency_id: input.agencyId,
      username: input.username,
      display_name: input.displayName,
      roles: JSON.stringify([...new Set(input.roles)]),
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
    return view;
  });
}

/** Changes a user's name, roles, agency or active flag, refusing a stale version. */
export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<UserView> {
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
    const values = {
      display_name: input.displayName ?? before.display_name,
      roles: input.roles === undefined ? before.roles : JSON.stringify([...new Set(input.roles)]),
      active: input.active === undefined ? before.active : input.active ? 1 : 0,
      agency_id: input.agencyId ?? before.agency_id,
      updated_at: ctx.now().toISOString(),
    };
    if (
      !(await updateVersioned(trx, 'users', { column: 'id', value: id }, input.version, values))
    ) {
      throw staleVersion('user', id, input.version);
    }
    const view = userView({ ...before, ...values, version: input.version + 1 });
    await appendAudit(trx, ctx, actor, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      caseId: null,
      before: userView(before),
      after: view,
    });
    return view;
  });
}

/** Users, filtered and paginated. */
export async function listUsers(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
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
