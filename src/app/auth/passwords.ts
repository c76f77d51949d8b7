import type { InputOf } from '../common/validate.ts';
import { randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { z } from 'zod';
import { isGuardedRole } from '../../core/access/policy.ts';
import {
  findCredentials,
  revokeSessionsOfUser,
  revokeTokensOfUser,
  setPasswordHash,
} from '../../db/repositories/auth.repository.ts';
import { findUser } from '../../db/repositories/agencies.repository.ts';
import { authorize } from '../access/access.ts';
import { isRegisteredUser } from '../agencies/agencies.ts';
import { createPendingRequest } from '../approvals/requests.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import type { ApprovalRequestView } from '../schemas/approvals.schemas.ts';
import { userView } from '../common/views.ts';
import { passwordWeakness } from './password-strength.ts';
import { inTransaction } from '../common/context.ts';
import { invalidField, notFound, parseInput } from '../common/validate.ts';

/** A random password that is easy to type once: 4 groups of 5 base32 characters. */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length] ?? 'a');
  return [0, 5, 10, 15].map((start) => chars.slice(start, start + 5).join('')).join('-');
}

/** A one-time password and its hash. */
export interface IssuedPassword {
  readonly password: string;
  readonly hash: string;
}

/** A fresh one-time password, hashed. */
export async function issuePassword(): Promise<IssuedPassword> {
  const password = oneTimePassword();
  return { password, hash: await hashPassword(password) };
}

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum for argon2id). */
export function hashPassword(password: string): Promise<string> {
  return argonHash(password);
}

/** A password is 12 to 256 characters (its strength is judged apart, by passwordWeakness). */
export const passwordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters');

const passwordInput = z.object({
  // Optional only for a reset that waits for a second administrator (who gets a one-time one).
  password: passwordSchema.optional(),
  currentPassword: z.string().max(256).optional(),
});

/** What setting a password did: applied, or waiting for a second administrator. */
export type PasswordChange =
  | { readonly result: 'applied' }
  | { readonly result: 'pending'; readonly approval: ApprovalRequestView };

/**
 * Sets a password: a user changes their own (giving the current one), an administrator sets
 * anyone's (the user must change it at next sign-in). Every session and API token of the user
 * ends. An administrator (a registered user) setting the password of a user whose roles open
 * identities or approvals changes nothing: a `user.reset_password` request waits for a
 * different administrator, who receives a one-time password when approving.
 */
export async function setPassword(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  raw: InputOf<typeof passwordInput>,
): Promise<PasswordChange> {
  const input = parseInput(passwordInput, raw);
  const self = actor.id === userId;
  if (!self)
    await authorize(ctx, actor, 'user.manage', {
      action: 'set another user’s password',
      entityType: 'user',
      entityId: userId,
    });
  const user = await findUser(ctx.db, userId);
  if (user === undefined) throw notFound('user', userId);
  const target = userView(user);
  if (!self && target.roles.some(isGuardedRole) && (await isRegisteredUser(ctx.db, actor))) {
    const approval = await createPendingRequest(ctx, actor, {
      action: 'user.reset_password',
      jurisdiction: null,
      caseId: null,
      targetType: 'user',
      targetId: userId,
      reasonCode: 'guarded_role',
      reasonText: `set a new password for ${target.username} (${target.roles.join(', ')})`,
      payload: {},
    });
    return { result: 'pending', approval };
  }
  const password = input.password;
  if (password === undefined) throw invalidField('password', 'is required');
  if (self) {
    const credentials = await findCredentials(ctx.db, user.username);
    const current = credentials?.password_hash ?? null;
    if (
      current !== null &&
      (input.currentPassword === undefined || !(await argonVerify(current, input.currentPassword)))
    ) {
      throw invalidField('currentPassword', 'is wrong');
    }
    // A one-time password is someone else's knowledge: it never becomes the user's own.
    if (input.currentPassword !== undefined && password === input.currentPassword)
      throw invalidField('password', 'must differ from the current (one-time) password');
  }
  const weakness = passwordWeakness(password, [user.username, user.display_name]);
  if (weakness !== null) throw invalidField('password', weakness);
  const hash = await hashPassword(password);
  await inTransaction(ctx, (trx) => applyPassword(trx, ctx, actor, userId, { hash, bySelf: self }));
  return { result: 'applied' };
}

/**
 * Writes a new password hash in the caller's transaction (clearing the lockout; an
 * administrator's is one-time) and ends every session and API token of the user, logging each.
 */
export async function applyPassword(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  userId: string,
  change: { readonly hash: string; readonly bySelf: boolean; readonly approvalRequestId?: string },
): Promise<void> {
  const at = ctx.now().toISOString();
  await setPasswordHash(trx, userId, change.hash, !change.bySelf);
  for (const sessionId of await revokeSessionsOfUser(trx, userId, at)) {
    await appendAudit(trx, ctx, actor, {
      action: 'session.close',
      entityType: 'session',
      entityId: sessionId,
      caseId: null,
      before: null,
      after: null,
    });
  }
  // A token is a password that does not expire with the session: a changed password ends it too.
  for (const tokenId of await revokeTokensOfUser(trx, userId, at)) {
    await appendAudit(trx, ctx, actor, {
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: tokenId,
      caseId: null,
      before: null,
      after: { reason: 'password changed' },
    });
  }
  await appendAudit(trx, ctx, actor, {
    action: 'auth.password_set',
    entityType: 'user',
    entityId: userId,
    caseId: null,
    before: null,
    after: {
      bySelf: change.bySelf,
      ...(change.approvalRequestId === undefined
        ? {}
        : { approvalRequestId: change.approvalRequestId }),
    },
  });
}
