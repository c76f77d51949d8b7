import type { AgencyKind, Role } from '../../core/vocabulary.ts';
import { sql } from 'kysely';
import type { Updateable } from 'kysely';
import { jsonText, withRoles } from '../json-columns.ts';
import { updateVersioned } from './versioned.ts';
import type { Executor } from '../schema.ts';
import type { AgenciesTable } from '../tables/agencies.table.ts';
import type { UsersTable } from '../tables/users.table.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Inserts an agency row. */
export async function insertAgency(executor: Executor, row: AgenciesTable): Promise<void> {
  await executor.insertInto('agencies').values(row).execute();
}

/** One agency, or undefined. */
export function findAgency(executor: Executor, id: string) {
  return executor.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One agency by its name within a jurisdiction, or undefined. */
export function findAgencyByName(executor: Executor, jurisdiction: JurisdictionCode, name: string) {
  return executor
    .selectFrom('agencies')
    .selectAll()
    .where('jurisdiction', '=', jurisdiction)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** A page of agencies with the total matching. */
export async function listAgencies(
  executor: Executor,
  filter: { jurisdiction?: JurisdictionCode | undefined; kind?: AgencyKind | undefined },
  page: { offset: number; limit: number },
) {
  let query = executor.selectFrom('agencies');
  if (filter.jurisdiction !== undefined)
    query = query.where('jurisdiction', '=', filter.jurisdiction);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('name').orderBy('id').offset(page.offset).limit(page.limit).execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** A stored user, its roles parsed. */
export type UserRow = Omit<UsersTable, 'roles'> & { readonly roles: readonly Role[] };

/** Inserts a user row. */
export async function insertUser(executor: Executor, row: UserRow): Promise<void> {
  await executor
    .insertInto('users')
    .values({ ...row, roles: jsonText(row.roles) })
    .execute();
}

/** Updates a user if it still has `expectedVersion` (see updateVersioned); roles as a list. */
export function updateUserVersioned(
  executor: Executor,
  id: string,
  expectedVersion: number,
  values: Omit<Updateable<UsersTable>, 'roles'> & { readonly roles?: readonly Role[] },
): Promise<boolean> {
  const { roles, ...rest } = values;
  const stored = roles === undefined ? rest : { ...rest, roles: jsonText(roles) };
  return updateVersioned(executor, 'users', { column: 'id', value: id }, expectedVersion, stored);
}

/** One user, or undefined. */
export async function findUser(executor: Executor, id: string): Promise<UserRow | undefined> {
  const row = await executor
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : withRoles(row);
}

/** One user by username, or undefined. */
export async function findUserByUsername(
  executor: Executor,
  username: string,
): Promise<UserRow | undefined> {
  const row = await executor
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  return row === undefined ? undefined : withRoles(row);
}

/** A page of users with the total matching. */
export async function listUsers(
  executor: Executor,
  filter: { agencyId?: string | undefined },
  page: { offset: number; limit: number },
) {
  let query = executor.selectFrom('users');
  if (filter.agencyId !== undefined) query = query.where('agency_id', '=', filter.agencyId);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('username').offset(page.offset).limit(page.limit).execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(withRoles), total: Number(total.n) };
}
