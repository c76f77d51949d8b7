import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { entityId } from '../../../app/schemas/common.ts';
import {
  screeningInput,
  screeningListView,
  screeningSetListView,
  screeningSetsQuery,
  screeningView,
} from '../../../app/schemas/screenings.schemas.ts';
import {
  listScreeningSets,
  listScreenings,
  screenPerson,
} from '../../../app/victims/screenings.ts';
import type { RouteDeps } from '../../route-deps.ts';

const idParams = z.object({ id: entityId });

/** Victim-identification screenings of persons, and the screening sets they use. */
export const screeningsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  app.get(
    '/screening-sets',
    {
      schema: {
        tags: ['screenings'],
        summary: 'Screening sets and their indicators (optionally those a jurisdiction uses)',
        querystring: screeningSetsQuery,
        response: { 200: screeningSetListView },
      },
    },
    async (request) => listScreeningSets(ctx, await actorOf(request), request.query),
  );
  app.post(
    '/persons/:id/screenings',
    {
      schema: {
        tags: ['screenings'],
        summary: 'Record a screening: answers, screener and the resulting status with reasoning',
        params: idParams,
        body: screeningInput,
        response: { 201: screeningView },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await screenPerson(ctx, await actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/persons/:id/screenings',
    {
      schema: {
        tags: ['screenings'],
        summary: 'The screenings of a person, oldest first',
        params: idParams,
        response: { 200: screeningListView },
      },
    },
    async (request) => listScreenings(ctx, await actorOf(request), request.params.id),
  );
  await Promise.resolve();
};
