import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addToCaseTeam, listCaseTeam, removeFromCaseTeam } from '../../../app/cases/case-team.ts';
import { caseTeamInput, caseTeamView } from '../../../app/schemas/case-team.schemas.ts';
import { entityId } from '../../../app/schemas/common.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** A case's team: who may read the identities of its victims and witnesses. */
export const caseTeamRoutes: FastifyPluginAsyncZod<RouteDeps> = (app, { ctx, actorOf }) => {
  app.get(
    '/cases/:id/team',
    {
      schema: {
        tags: ['cases'],
        summary: "The case's team and why each member is on it (team members only; logged)",
        params: z.object({ id: entityId }),
        response: { 200: caseTeamView },
      },
    },
    async (request) => listCaseTeam(ctx, await actorOf(request), request.params.id),
  );
  app.post(
    '/cases/:id/team',
    {
      schema: {
        tags: ['cases'],
        summary: "Add a user to the case's team (members by rule only)",
        params: z.object({ id: entityId }),
        body: caseTeamInput,
        response: { 201: caseTeamView },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addToCaseTeam(ctx, await actorOf(request), request.params.id, request.body)),
  );
  app.delete(
    '/cases/:id/team/:userId',
    {
      schema: {
        tags: ['cases'],
        summary: "Remove a hand-added user from the case's team",
        params: z.object({ id: entityId, userId: entityId }),
        response: { 200: caseTeamView },
      },
    },
    async (request) =>
      removeFromCaseTeam(ctx, await actorOf(request), request.params.id, request.params.userId),
  );
  return Promise.resolve();
};
