import { z } from 'zod';
import { entityId } from './common.ts';

/** Why a user is on a case's team. */
export const teamBases = ['opening_agency', 'jurisdiction_supervisor', 'added'] as const;
export type TeamBasis = (typeof teamBases)[number];

/** A user to add, by id or by the user name people know each other by. */
export const caseTeamInput = z
  .object({
    userId: entityId.optional(),
    username: z.string().trim().min(1).max(100).optional(),
  })
  .refine((input) => input.userId !== undefined || input.username !== undefined, {
    message: 'give the user name of the user to add',
    path: ['username'],
  });
export type CaseTeamInput = z.infer<typeof caseTeamInput>;

export const caseTeamMemberView = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  agencyId: z.string(),
  /** Every reason the user is on the team; removing an "added" member leaves the others. */
  bases: z.array(z.enum(teamBases)),
  addedBy: z.string().nullable(),
  addedAt: z.string().nullable(),
});
export type CaseTeamMemberView = z.infer<typeof caseTeamMemberView>;

export const caseTeamView = z.object({
  caseId: z.string(),
  members: z.array(caseTeamMemberView),
});
export type CaseTeamView = z.infer<typeof caseTeamView>;
