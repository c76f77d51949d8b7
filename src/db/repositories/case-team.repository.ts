import { withRoles } from '../json-columns.ts';
import type { Executor } from '../schema.ts';
import type { CaseTeamTable } from '../tables/persons.table.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Adds a user to a case's team. */
export async function insertTeamMember(executor: Executor, row: CaseTeamTable): Promise<void> {
  await executor.insertInto('case_team').values(row).execute();
}

/** Removes a user added to a case's team; false when there was no such row. */
export async function deleteTeamMember(
  executor: Executor,
  caseId: string,
  userId: string,
): Promise<boolean> {
  const result = await executor
    .deleteFrom('case_team')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The row adding a user to a case's team, or undefined. */
export function findTeamMember(executor: Executor, caseId: string, userId: string) {
  return executor
    .selectFrom('case_team')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The users added by hand to a case's team, with their user rows. */
export async function listAddedMembers(executor: Executor, caseId: string) {
  const rows = await executor
    .selectFrom('case_team')
    .innerJoin('users', 'users.id', 'case_team.user_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.agency_id',
      'users.roles',
      'users.active',
      'case_team.added_by',
      'case_team.added_at',
    ])
    .where('case_team.case_id', '=', caseId)
    .execute();
  return rows.map(withRoles);
}

/**
 * Users who may be on a case's team by rule: those of the opening agency, and those of any
 * agency in the jurisdiction (the caller keeps the supervisors among them).
 */
export async function listRuleCandidates(
  executor: Executor,
  openingAgencyId: string,
  jurisdiction: JurisdictionCode,
) {
  const rows = await executor
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.agency_id',
      'users.roles',
      'users.active',
      'agencies.jurisdiction',
    ])
    .where((eb) =>
      eb.or([
        eb('users.agency_id', '=', openingAgencyId),
        eb('agencies.jurisdiction', '=', jurisdiction),
      ]),
    )
    .execute();
  return rows.map(withRoles);
}
