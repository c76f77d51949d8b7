import type { InputOf } from '../common/validate.ts';
import { hash, randomBytes } from 'node:crypto';
import { verify as argonVerify } from '@node-rs/argon2';
import { z } from 'zod';
import type { Permission } from '../../core/access/policy.ts';
import { DomainError } from '../../core/errors.ts';
import type { Role } from '../../core/vocabulary.ts';
import {
  findCredentials,
  findSession,
  insertSession,
  lockAccount,
  recordFailedLogin,
  reserveLoginAttempt,
  revokeSession,
  touchSession,
} from '../../db/repositories/auth.repository.ts';
import { appendAudit, flushAudit } from '../audit/audit.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { parseInput } from '../common/validate.ts';
import { readingAt } from '../reports/head-cache.ts';
import { hashPassword } from './passwords.ts';

/** Sessions end after this long whatever happens, and after this long unused. */
export const sessionLifetimeMs = 12 * 3_600_000;
export const sessionIdleMs = 2 * 3_600_000;
/** Failed sign-ins before an account is locked, and for how long. */
export const lockoutThreshold = 5;
export const lockoutMs = 15 * 60_000;

/**
 * The hex SHA-256 of a secret: sessions and tokens are stored by it, never in clear. Node's
 * one-shot `hash` (0.7–1.0 µs against 1.8–2.5 µs for a Hash object; every request hashes its
 * credential).
 */
export const sha256 = (text: string) => hash('sha256', text, 'hex');
/** A random secret, base64url. */
export const secret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** The actor of a session's or token's user row (a token's actor carries its scopes). */
export function actorOf(
  row: { user_id: string; username: string; agency_id: string; roles: readonly Role[] },
  scopes?: readonly Permission[],
): Actor {
  return {
    id: row.user_id,
    username: row.username,
    agencyId: row.agency_id,
    roles: [...row.roles],
    ...(scopes === undefined ? {} : { scopes: [...scopes] }),
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
export async function login(
  ctx: AppContext,
  raw: InputOf<typeof loginInput>,
  from: string,
): Promise<SessionGrant> {
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
  options: { readonly forRead?: boolean } = {},
): Promise<{ actor: Actor; csrfToken: string; mustChangePassword: boolean } | null> {
  const idHash = sha256(sessionSecret);
  // As for a token (tokens.ts resolveToken): a read notes the log head of the same statement.
  if (options.forRead === true) await flushAudit(ctx.db);
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
  const actor = actorOf(row);
  return {
    actor:
      options.forRead === true && row.head_size !== null && row.head_root !== null
        ? readingAt(actor, { size: Number(row.head_size), rootHash: row.head_root })
        : actor,
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
