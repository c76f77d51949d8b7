import type { FastifyRequest } from 'fastify';
import { resolveActor } from '../app/actors.ts';
import type { Actor, AppContext } from '../app/context.ts';

/**
 * Who is acting for a request: the user named in the `X-Palermo-User` header, else the
 * configured development actor, else the development actor with every role. Authentication
 * (a later issue) replaces this function only: use-cases already take the actor.
 */
export function createActorResolver(
  ctx: AppContext,
  devActor: string | null,
): (request: FastifyRequest) => Promise<Actor> {
  return (request) => {
    const header = request.headers['x-palermo-user'];
    return resolveActor(ctx, typeof header === 'string' && header !== '' ? header : devActor);
  };
}
