import { describe, expect, it } from 'vitest';
import { roles } from '../vocabulary.ts';
import {
  permissions,
  permissionsOf,
  rolePermissions,
  rolesAllow,
  rolesReachCase,
} from './policy.ts';

describe('access policy', () => {
  it('never lets the analyst, the NGO liaison or the administrator read a victim’s identity', () => {
    for (const role of ['analyst', 'ngo_liaison', 'administrator', 'auditor'] as const) {
      expect(rolesAllow([role], 'identity.read')).toBe(false);
    }
    expect(rolesAllow(['investigator'], 'identity.read')).toBe(true);
  });

  it('gives the analyst published statistics only', () => {
    expect(permissionsOf(['analyst'])).toEqual(['training.read', 'report.public', 'law.read']);
  });

  it('lets only supervisors decide approvals', () => {
    expect(roles.filter((role) => rolesAllow([role], 'approval.decide'))).toEqual(['supervisor']);
  });

  it('grants only known permissions and every permission to some role', () => {
    const granted = new Set(Object.values(rolePermissions).flat());
    for (const permission of granted) expect(permissions).toContain(permission);
    for (const permission of permissions) {
      expect(
        roles.some((role) => rolesAllow([role], permission)),
        permission,
      ).toBe(true);
    }
  });

  it('combines roles', () => {
    expect(rolesAllow(['analyst', 'judge'], 'case.adjudicate')).toBe(true);
    expect(rolesAllow([], 'case.read')).toBe(false);
    expect(rolesAllow([], 'law.read')).toBe(true);
  });

  it("keeps an investigator's case writes to the cases of their team", () => {
    expect(rolesReachCase(['investigator'], 'case.write', false)).toBe(false);
    expect(rolesReachCase(['investigator'], 'case.write', true)).toBe(true);
    expect(rolesReachCase(['investigator'], 'case.investigate', false)).toBe(false);
    // Prosecutors take cases from any agency; a role without the permission reaches nothing.
    expect(rolesReachCase(['prosecutor'], 'case.write', false)).toBe(true);
    expect(rolesReachCase(['investigator', 'prosecutor'], 'case.investigate', false)).toBe(false);
    expect(rolesReachCase(['auditor'], 'case.write', true)).toBe(false);
  });
});
