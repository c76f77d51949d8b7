import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { z } from 'zod';
import { isGuardedRole, permissions } from '../../core/access/policy.ts';
import type { Permission } from '../../core/access/policy.ts';
import { DomainError } from '../../core/errors.ts';
import type { Role } from '../../core/vocabulary.ts';
import {
  findApiToken,
  findApiTokenById,
  findCredentials,
  findSession,
  insertApiToken,
  insertSession,
  listApiTokens,
  lockAccount,
  recordFailedLogin,
  reserveLoginAttempt,
  revokeApiToken,
  revokeSession,
  revokeSessionsOfUser,
  revokeTokensOfUser,
  setPasswordHash,
  touchApiToken,
  touchSession,
} from '../../db/repositories/auth.repository.ts';
import { findUser } from '../../db/repositories/agencies.repository.ts';
import { allows, authorize } from '../access/access.ts';
import { isRegisteredUser } from '../agencies/agencies.ts';
import { createPendingRequest } from '../approvals/requests.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import type { ApprovalRequestView } from '../schemas/approvals.schemas.ts';
import { userView } from '../common/views.ts';
import { passwordWeakness } from './password-strength.ts';
import { inTransaction } from '../common/context.ts';
import { invalidField, notFound, parseInput } from '../common/validate.ts';

/** Sessions end after this long whatever happens, and after this long unused. */
export const sessionLifetimeMs = 12 * 3_600_000;
export const sessionIdleMs = 2 * 3_600_000;
/** Failed sign-ins before an account is locked, and for how long. */
export const lockoutThreshold = 5;
export const lockoutMs = 15 * 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const secret = (bytes = 32) => randomBytes(bytes).toString('base64url');

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

export const passwordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters');

function actorOf(
  row: { user_id: string; username: string; agency_id: string; roles: string },
  scopes?: Permission[],
): Actor {
  return {
    id: row.user_id,
    username: row.username,
    agencyId: row.agency_id,
    roles: JSON.parse(row.roles) as Role[],
    ...(scopes === undefined ? {} : { scopes }),
  };
}

/** A signed-in session: its secret goes in an HttpOnly cookie, its CSRF token to the page. */
export interface SessionGrant {
  readonly sessionSecret: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly actor: Actor;
  readonly mustChangePassword: boolean;
}

let decoy: Promise<string> | undefined;
/** A real argon2id hash of a random secret, verified against when no real check may run. */
function decoyHash(): Promise<string> {
  decoy ??= hashPassword(secret());
  return decoy;
}

/**
 * Spends the time of a real password check without one, so that a refusal for an unknown,
 * disabled or locked account takes as long as a wrong password and reveals nothing.
 */
async function decoyCheck(password: string): Promise<void> {
  await argonVerify(await decoyHash(), password);
}

const loginInput = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(256),
});

/** A refused sign-in, and whether it was a failure to count (every refusal is one). */
export const signInRefused = 'wrong username or password, or the account is locked';

/**
 * Signs a user in with a password. Every attempt is logged. An attempt first takes a place in
 * the account's failure count, atomically in the database, and reads the count back: beyond
 * `lockoutThreshold` the account is locked for `lockoutMs` and the password is not checked at
 * all, so parallel guesses get at most `lockoutThreshold` checks between them. A correct
 * password clears the count. Every refusal says the same and takes the same time (an argon2id
 * check against a decoy hash when no real one runs), whether the username exists or not.
 */
export async function login(ctx: AppContext, raw: unknown, from: string): Promise<SessionGrant> {
  const input = parseInput(loginInput, raw);
  const refused = new DomainError('Unauthenticated', signInRefused);
  const now = ctx.now();
  const at = now.toISOString();
  const lockUntil = new Date(now.getTime() + lockoutMs).toISOString();
  const user = await findCredentials(ctx.db, input.username);
  const anonymous: Actor = { id: 'anonymous', username: input.username, agencyId: null, roles: [] };
  const log = (
    trx: Executor,
    action: 'auth.login_failed' | 'auth.locked' | 'auth.login_attempt',
    actor: Actor,
    after: Record<string, unknown>,
  ) =>
    appendAudit(trx, ctx, actor, {
      action,
      entityType: 'user',
      entityId: actor.id,
      caseId: null,
      before: null,
      after: { from, ...after },
    });
  if (user === undefined || user.active !== 1 || user.password_hash === null) {
    await decoyCheck(input.password);
    await inTransaction(ctx, (trx) =>
      log(
        trx,
        'auth.login_failed',
        user === undefined ? anonymous : actorOf({ ...user, user_id: user.id }),
        {
          reason: user === undefined ? 'unknown user' : 'account cannot sign in',
          lockedUntil: null,
        },
      ),
    );
    throw refused;
  }
  const actor = actorOf({ ...user, user_id: user.id });
  // Take a place in the failure count, then look: the count is the database's, not this process's.
  const place = await inTransaction(ctx, async (trx) => {
    const count = await reserveLoginAttempt(trx, user.id, at);
    if (count === null) {
      await log(trx, 'auth.login_failed', actor, { reason: 'locked', lockedUntil: null });
      return null;
    }
    if (count > lockoutThreshold) {
      await lockAccount(trx, user.id, lockUntil);
      await log(trx, 'auth.locked', actor, { reason: 'too many attempts', lockedUntil: lockUntil });
      return null;
    }
    await log(trx, 'auth.login_attempt', actor, { attempt: count });
    return count;
  });
  if (place === null) {
    await decoyCheck(input.password);
    throw refused;
  }
  if (!(await argonVerify(user.password_hash, input.password))) {
    await inTransaction(ctx, async (trx) => {
      if (place === lockoutThreshold) {
        await lockAccount(trx, user.id, lockUntil);
        await log(trx, 'auth.locked', actor, { reason: 'wrong password', lockedUntil: lockUntil });
      } else {
        await log(trx, 'auth.login_failed', actor, { reason: 'wrong password', lockedUntil: null });
      }
    });
    throw refused;
  }
  const sessionSecret = secret();
  const csrfToken = secret();
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs).toISOString();
  await inTransaction(ctx, async (trx) => {
    await recordFailedLogin(trx, user.id, 0, null);
    const sessionId = sha256(sessionSecret);
    await insertSession(trx, {
      id_hash: sessionId,
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: at,
      expires_at: expiresAt,
      last_seen_at: at,
      revoked_at: null,
    });
    await appendAudit(trx, ctx, actor, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      caseId: null,
      before: null,
      after: { from, expiresAt },
    });
    await appendAudit(trx, ctx, actor, {
      action: 'session.open',
      entityType: 'session',
      entityId: sessionId,
      caseId: null,
      before: null,
      after: null,
    });
  });
  return {
    sessionSecret,
    csrfToken,
    expiresAt,
    actor,
    mustChangePassword: user.must_change_password === 1,
  };
}

/** The actor of a live session, with its CSRF token; null for an unknown, expired, idle or revoked one. */
export async function resolveSession(
  ctx: AppContext,
  sessionSecret: string,
): Promise<{ actor: Actor; csrfToken: string; mustChangePassword: boolean } | null> {
  const idHash = sha256(sessionSecret);
  const row = await findSession(ctx.db, idHash);
  const now = ctx.now();
  if (row === undefined || row.revoked_at !== null || row.active !== 1) return null;
  if (
    row.expires_at <= now.toISOString() ||
    Date.parse(row.last_seen_at) + sessionIdleMs <= now.getTime()
  )
    return null;
  // Writing last_seen_at at most once a minute keeps reads from writing on every request.
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000)
    await touchSession(ctx.db, idHash, now.toISOString());
  return {
    actor: actorOf(row),
    csrfToken: row.csrf_token,
    mustChangePassword: row.must_change_password === 1,
  };
}

/** Ends a session (sign out). */
export async function logout(ctx: AppContext, actor: Actor, sessionSecret: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const sessionId = sha256(sessionSecret);
    if (await revokeSession(trx, sessionId, ctx.now().toISOString())) {
      await appendAudit(trx, ctx, actor, {
        action: 'session.close',
        entityType: 'session',
        entityId: sessionId,
        caseId: null,
        before: null,
        after: null,
      });
    }
    await appendAudit(trx, ctx, actor, {
      action: 'auth.logout',
      entityType: 'user',
      entityId: actor.id,
      caseId: null,
      before: null,
      after: null,
    });
  });
}

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
  raw: unknown,
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

const tokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(permissions)).min(1, 'name at least one permission the token may use'),
  // Omitted: the longest a token may live (a token that never expires is not offered).
  expiresOn: z.iso.date().optional(),
});

/** An API token as listed (its secret is shown once, at creation). */
export interface ApiTokenView {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly scopes: readonly Permission[];
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

function tokenView(row: {
  id: string;
  user_id: string;
  name: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}): ApiTokenView {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    scopes: JSON.parse(row.scopes) as Permission[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Creates an API token for the acting user, limited to scopes the actor may use now: a token
 * mints tokens only within its own scopes, never beyond them. The expiry is a day in the
 * future, at most `tokenMaxDays` ahead (the default when none is given). Returns the secret once.
 */
export async function createApiToken(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<ApiTokenView & { token: string }> {
  const input = parseInput(tokenInput, raw);
  const beyond = input.scopes.filter((scope) => !allows(actor, scope));
  if (beyond.length > 0) {
    throw invalidField(
      'scopes',
      actor.scopes === undefined
        ? `your roles do not grant ${beyond.join(', ')}`
        : `the token you use does not carry ${beyond.join(', ')}`,
    );
  }
  if ((await findUser(ctx.db, actor.id)) === undefined)
    throw invalidField('(actor)', 'only a registered user can hold a token');
  const today = ctx.now().toISOString().slice(0, 10);
  const latest = new Date(ctx.now().getTime() + ctx.config.tokenMaxDays * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const expiresOn = input.expiresOn ?? latest;
  // The token works through the end of its last day (UTC): a day before today is in the past.
  if (expiresOn < today)
    throw invalidField('expiresOn', `must not be in the past (today is ${today})`);
  if (expiresOn > latest)
    throw invalidField(
      'expiresOn',
      `must be at most ${ctx.config.tokenMaxDays} days ahead (${latest} at the latest)`,
    );
  const id = ctx.newId();
  const token = `plm_${secret()}`;
  const at = ctx.now().toISOString();
  const row = {
    id,
    user_id: actor.id,
    name: input.name,
    token_hash: sha256(token),
    scopes: JSON.stringify([...new Set(input.scopes)]),
    created_at: at,
    expires_at: `${expiresOn}T23:59:59.999Z`,
    last_used_at: null,
    revoked_at: null,
  };
  await inTransaction(ctx, async (trx) => {
    await insertApiToken(trx, row);
    await appendAudit(trx, ctx, actor, {
      action: 'token.create',
      entityType: 'api_token',
      entityId: id,
      caseId: null,
      before: null,
      after: { name: row.name, scopes: input.scopes, expiresAt: row.expires_at },
    });
  });
  return { ...tokenView(row), token };
}

/** The acting user's tokens. */
export async function listTokens(ctx: AppContext, actor: Actor): Promise<ApiTokenView[]> {
  return (await listApiTokens(ctx.db, actor.id)).map(tokenView);
}

/** Revokes a token of the acting user (or any token, for an administrator). */
export async function revokeToken(ctx: AppContext, actor: Actor, tokenId: string): Promise<void> {
  const row = await findApiTokenById(ctx.db, tokenId);
  if (row === undefined) throw notFound('api token', tokenId);
  if (row.user_id !== actor.id)
    await authorize(ctx, actor, 'user.manage', {
      action: 'revoke another user’s token',
      entityType: 'api_token',
      entityId: tokenId,
    });
  await inTransaction(ctx, async (trx) => {
    await revokeApiToken(trx, tokenId, ctx.now().toISOString());
    await appendAudit(trx, ctx, actor, {
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: tokenId,
      caseId: null,
      before: null,
      after: null,
    });
  });
}

/** The actor an API token acts as, with its scopes; null for an unknown, expired or revoked token. */
export async function resolveToken(ctx: AppContext, token: string): Promise<Actor | null> {
  const row = await findApiToken(ctx.db, sha256(token));
  const at = ctx.now().toISOString();
  if (
    row === undefined ||
    row.revoked_at !== null ||
    row.active !== 1 ||
    (row.expires_at !== null && row.expires_at <= at)
  )
    return null;
  // Like a session's last_seen_at: written at most once a minute, so reads do not write.
  if (row.last_used_at === null || Date.parse(at) - Date.parse(row.last_used_at) > 60_000)
    await touchApiToken(ctx.db, row.id, at);
  return actorOf(row, JSON.parse(row.scopes) as Permission[]);
}
