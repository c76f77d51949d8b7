import { DomainError } from '../../core/errors.ts';
import { roles } from '../../core/vocabulary.ts';
import { findActor } from './agencies.ts';
import type { Actor, AppContext } from '../common/context.ts';

/** The actor used in development when no user is named: every role, no agency. */
export const developmentActor: Actor = Object.freeze({
  id: 'development',
  username: 'development',
  agencyId: null,
  roles,
});

/**
 * The actor for a username, or the development actor when none is named: the CLI's `--as`
 * (an operator's tool on the database) and the server's development mode in tests. A served
 * request is authenticated by its session or token instead (src/http/auth.ts).
 */
export async function resolveActor(ctx: AppContext, username: string | null): Promise<Actor> {
  if (username === null) return developmentActor;
  const user = await findActor(ctx, username);
  if (user === null || !user.active)
    throw new DomainError('Unauthenticated', `no active user "${username}"`);
  return user.actor;
}
