import type { InputOf } from '../common/validate.ts';
import { z } from 'zod';
import { permissions } from '../../core/access/policy.ts';
import type { Permission } from '../../core/access/policy.ts';
import {
  findApiToken,
  findApiTokenById,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
} from '../../db/repositories/auth.repository.ts';
import { findUser } from '../../db/repositories/agencies.repository.ts';
import { allows, authorize } from '../access/access.ts';
import { appendAudit, flushAudit } from '../audit/audit.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { invalidField, notFound, parseInput } from '../common/validate.ts';
import { readingAt } from '../reports/head-cache.ts';
import { sha256, secret, actorOf } from './auth.ts';

/** A token asked for: the permissions it may use, and its last day. */
export const tokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(permissions)).min(1, 'name at least one permission the token may use'),
  // Omitted: the longest a token may live (a token that never expires is not offered).
  expiresOn: z.iso
    .date()
    .optional()
    .describe('last day the token works; default and latest: PALERMO_TOKEN_MAX_DAYS ahead'),
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
  scopes: readonly Permission[];
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}): ApiTokenView {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    scopes: [...row.scopes],
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
  raw: InputOf<typeof tokenInput>,
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
    scopes: [...new Set(input.scopes)],
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

/**
 * The actor an API token acts as, with its scopes; null for an unknown, expired or revoked
 * token. For a request that only reads (`forRead`), the log head read in the same statement is
 * noted for its kept answers (head-cache.ts).
 */
export async function resolveToken(
  ctx: AppContext,
  token: string,
  options: { readonly forRead?: boolean } = {},
): Promise<Actor | null> {
  // The head in the statement is the one of the committed log: appends of this process not
  // yet written are written first, as a head read does.
  if (options.forRead === true) await flushAudit(ctx.db);
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
  const actor = actorOf(row, row.scopes);
  return options.forRead === true && row.head_size !== null && row.head_root !== null
    ? readingAt(actor, { size: Number(row.head_size), rootHash: row.head_root })
    : actor;
}
