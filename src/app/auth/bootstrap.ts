import { DomainError } from '../../core/errors.ts';
import { findAgency } from '../../db/repositories/agencies.repository.ts';
import { listSignInUsers } from '../../db/repositories/auth.repository.ts';
import { createAgency, createUser } from '../agencies/agencies.ts';
import type { AppContext } from '../common/context.ts';
import { inTransaction, systemActor } from '../common/context.ts';
import { applyPassword, issuePassword } from './passwords.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';
import { installedJurisdictions } from '../statutes/jurisdictions.ts';

/**
 * Gives a user a one-time password they must change at first sign-in; returns it (to be shown
 * once). Like any reset, it ends the user's sessions and API tokens.
 */
export async function issueOneTimePassword(ctx: AppContext, userId: string): Promise<string> {
  const { password, hash } = await issuePassword();
  await inTransaction(ctx, (trx) =>
    applyPassword(trx, ctx, systemActor, userId, { hash, bySelf: false }),
  );
  return password;
}

/**
 * The first administrator: when no active administrator can sign in, creates `admin` (in the
 * administration agency of `jurisdiction`) or resets its password, and returns the one-time
 * password to print once. Returns null when an administrator can already sign in. Creating one
 * needs the jurisdiction (see `administrationJurisdiction`): without it nothing is created.
 */
export async function ensureAdministrator(
  ctx: AppContext,
  jurisdiction: JurisdictionCode | null,
): Promise<{ username: string; password: string } | null> {
  const users = await listSignInUsers(ctx.db);
  const canSignIn = users.some(
    (u) => u.active === 1 && u.password_hash !== null && u.roles.includes('administrator'),
  );
  if (canSignIn) return null;
  let admin = users.find((u) => u.username === 'admin');
  if (admin === undefined) {
    if (jurisdiction === null) {
      const installed = installedJurisdictions(ctx);
      throw new DomainError(
        'ValidationFailed',
        `jurisdiction: the database has no agency yet and several statute packs are installed (${installed.join(', ')}); name the registry's jurisdiction (serve --jurisdiction <code>) to create the first administrator's agency in it`,
        {
          issues: [{ path: 'jurisdiction', message: 'required to create the first administrator' }],
        },
      );
    }
    const existing = await ctx.db
      .selectFrom('agencies')
      .select('id')
      .where('name', '=', 'Palermo administration')
      .where('jurisdiction', '=', jurisdiction)
      .executeTakeFirst();
    const agencyId =
      existing?.id ??
      (
        await createAgency(ctx, systemActor, {
          jurisdiction,
          name: 'Palermo administration',
          kind: 'other',
        })
      ).id;
    if ((await findAgency(ctx.db, agencyId)) === undefined)
      throw new Error('administration agency missing');
    const created = await createUser(ctx, systemActor, {
      agencyId,
      username: 'admin',
      displayName: 'Administrator',
      roles: ['administrator'],
    });
    admin = {
      id: created.id,
      username: created.username,
      roles: ['administrator'],
      active: 1,
      password_hash: null,
    };
  }
  return { username: admin.username, password: await issueOneTimePassword(ctx, admin.id) };
}
