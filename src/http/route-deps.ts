import type { FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../app/common/context.ts';

/** What every route plugin receives: the application context and who is acting. */
export interface RouteDeps {
  readonly ctx: AppContext;
  readonly actorOf: (request: FastifyRequest) => Promise<Actor>;
}
