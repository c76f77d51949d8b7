import type { Role } from '../vocabulary.ts';

/**
 * What a use-case needs the actor to be allowed to do. Roles map to permissions through one
 * table; `src/app` checks a permission at the start of every use-case, so the rule holds for
 * the API, the CLI and the web UI alike.
 */
export const permissions = [
  'agency.manage',
  'user.manage',
  'case.read',
  'case.write',
  'case.investigate',
  'case.prosecute',
  'case.adjudicate',
  'case.team',
  'case.seal',
  'seal.review',
  'identity.read',
  'identity.write',
  'screening.write',
  'training.read',
  'training.write',
  'complicity.read',
  'complicity.report',
  'complicity.manage',
  'certification.write',
  'approval.decide',
  'report.read',
  'report.public',
  'law.read',
  'audit.read',
  'integrity.read',
  'retention.run',
  'victims.match',
  'records.import',
] as const;
export type Permission = (typeof permissions)[number];

const everyone: readonly Permission[] = ['law.read', 'report.public', 'training.read'];

/** The permissions of each role (in addition to those every signed-in user has). */
export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  investigator: [
    'case.read',
    'case.write',
    'case.investigate',
    'identity.read',
    'identity.write',
    'screening.write',
    'report.read',
    'complicity.report',
  ],
  prosecutor: [
    'case.read',
    'case.write',
    'case.prosecute',
    'case.seal',
    'identity.read',
    'identity.write',
    'screening.write',
    'report.read',
    'complicity.report',
  ],
  judge: ['case.read', 'case.adjudicate', 'identity.read', 'report.read'],
  supervisor: [
    'case.read',
    'case.write',
    'case.investigate',
    'case.prosecute',
    'case.team',
    'case.seal',
    'seal.review',
    'identity.read',
    'identity.write',
    'screening.write',
    'training.write',
    'complicity.read',
    'complicity.report',
    'complicity.manage',
    'certification.write',
    'approval.decide',
    'report.read',
    'integrity.read',
    'audit.read',
    'victims.match',
    // Bulk import (spreadsheets, HTCDS, CTDC): many cases at once, so a supervisor's decision.
    'records.import',
  ],
  // Statistics only: published (suppressed) tables, never a case record or an identity.
  analyst: ['report.public'],
  // Referrals and allegations: NGOs report complicity and see the register they fed.
  ngo_liaison: ['complicity.report', 'complicity.read'],
  auditor: [
    'case.read',
    'audit.read',
    'integrity.read',
    'seal.review',
    'report.read',
    'complicity.read',
    'training.read',
  ],
  // Runs the system; deliberately not allowed to read victims' identities or decide approvals.
  administrator: [
    'agency.manage',
    'user.manage',
    'audit.read',
    'integrity.read',
    'seal.review',
    'retention.run',
    'training.write',
    'certification.write',
    'case.team',
  ],
};

/** Whether any of the roles grants the permission. */
export function rolesAllow(roles: readonly Role[], permission: Permission): boolean {
  return (
    everyone.includes(permission) ||
    roles.some((role) => rolePermissions[role].includes(permission))
  );
}

/** Every permission the roles grant, sorted. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return permissions.filter((permission) => rolesAllow(roles, permission));
}

/**
 * Permissions that open victims' identities or decide four-eyes requests. A role granting one
 * of them is given to a user only with a second administrator's approval, and so is a new
 * password for a user who holds one (docs/SECURITY.md, "No one alone").
 */
export const guardedPermissions: readonly Permission[] = ['identity.read', 'approval.decide'];

/** Whether a role opens identities or approvals (see `guardedPermissions`). */
export function isGuardedRole(role: Role): boolean {
  return guardedPermissions.some((permission) => rolePermissions[role].includes(permission));
}

/**
 * How far a role's case-changing permissions reach: `all` cases of the registry, or only the
 * cases whose team the user is on (`team`: the user's own agency opened the case, the user
 * supervises the case's jurisdiction, or was added to its team by hand).
 *
 * Investigators work the cases of their own agency: the national unit's investigator does not
 * edit a regional police case unless that case's team adds them. Prosecutors, judges and
 * supervisors act on cases that come to their office from any agency, so they reach all cases
 * (the seal still applies to everyone). Roles without case-changing permissions are `team`.
 */
export type CaseReach = 'all' | 'team';

/** The reach of each role's case writes. */
export const caseWriteReach: Readonly<Record<Role, CaseReach>> = {
  investigator: 'team',
  prosecutor: 'all',
  judge: 'all',
  supervisor: 'all',
  analyst: 'team',
  ngo_liaison: 'team',
  auditor: 'team',
  administrator: 'team',
};

/**
 * Whether one of `roles` grants `permission` on a case: a role that grants it reaching all
 * cases, or reaching its team's cases while the user is on the case's team.
 */
export function rolesReachCase(
  roles: readonly Role[],
  permission: Permission,
  onTeam: boolean,
): boolean {
  return roles.some(
    (role) =>
      rolePermissions[role].includes(permission) && (caseWriteReach[role] === 'all' || onTeam),
  );
}
