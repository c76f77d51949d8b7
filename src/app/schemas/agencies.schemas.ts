import { z } from 'zod';
import { agencyKinds, roles } from '../../core/vocabulary.ts';
import { entityId, expectedVersion, jurisdictionCode, pageQuery, shortText } from './common.ts';
import { jurisdictionCodeSchema } from '../../core/jurisdiction.ts';

export const createAgencyInput = z.object({
  jurisdiction: jurisdictionCode,
  name: shortText,
  kind: z.enum(agencyKinds),
  parentAgencyId: entityId.nullable().optional(),
});
export type CreateAgencyInput = z.infer<typeof createAgencyInput>;

export const updateAgencyInput = z.object({
  version: expectedVersion,
  name: shortText.optional(),
  kind: z.enum(agencyKinds).optional(),
  parentAgencyId: entityId.nullable().optional(),
});
export type UpdateAgencyInput = z.infer<typeof updateAgencyInput>;

export const agencyView = z.object({
  id: z.string(),
  jurisdiction: jurisdictionCodeSchema,
  name: z.string(),
  kind: z.enum(agencyKinds),
  parentAgencyId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AgencyView = z.infer<typeof agencyView>;

export const listAgenciesQuery = pageQuery.extend({
  jurisdiction: jurisdictionCode.optional(),
  kind: z.enum(agencyKinds).optional(),
});
export type ListAgenciesQuery = z.infer<typeof listAgenciesQuery>;

export const username = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'must be 2-63 lower-case letters, digits, ".", "_" or "-"');

export const createUserInput = z.object({
  agencyId: entityId,
  username,
  displayName: shortText,
  roles: z.array(z.enum(roles)).min(1, 'a user needs at least one role'),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z.object({
  version: expectedVersion,
  displayName: shortText.optional(),
  roles: z.array(z.enum(roles)).min(1).optional(),
  active: z.boolean().optional(),
  agencyId: entityId.optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const userView = z.object({
  id: z.string(),
  agencyId: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(roles)),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserView = z.infer<typeof userView>;

export const listUsersQuery = pageQuery.extend({ agencyId: entityId.optional() });
export type ListUsersQuery = z.infer<typeof listUsersQuery>;
