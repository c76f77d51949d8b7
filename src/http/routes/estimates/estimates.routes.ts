import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  publicVictimEstimate,
  victimEstimate,
  victimEstimateQuery,
} from '../../../app/estimation/victim-estimate.ts';
import { estimateView, victimEstimateView } from '../../../app/schemas/estimates.schemas.ts';
import { publicRequestGate } from '../../public-requests.ts';
import type { RouteDeps } from '../../route-deps.ts';

const publishedCount = z.union([z.number(), z.string()]);

/** Multiple systems estimates of the victims never identified (docs/ESTIMATION.md). */
export const estimatesRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  const gate = publicRequestGate('estimate.public');
  app.get(
    '/estimates/victims',
    {
      schema: {
        tags: ['reports'],
        summary:
          "Estimated victims of a year, identified and not: multiple systems estimation over the agencies' de-duplicated lists",
        querystring: victimEstimateQuery,
        response: {
          200: victimEstimateView,
        },
      },
    },
    async (request) => victimEstimate(ctx, await actorOf(request), request.query),
  );
  app.get(
    '/estimates/victims/public',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The published estimate: rounded to two significant figures, the overlap table under small-count and secondary suppression',
        querystring: victimEstimateQuery,
        response: {
          200: z.object({
            published: z
              .object({
                lists: z.array(z.string()).readonly(),
                listSizes: z.array(publishedCount).readonly(),
                overlaps: z
                  .array(z.object({ lists: z.array(z.string()).readonly(), count: publishedCount }))
                  .readonly(),
                observed: publishedCount,
                estimate: z.number(),
                lower: z.number(),
                upper: z.number(),
                level: z.number(),
                model: estimateView.shape.model,
              })
              .nullable(),
            reason: z.string().nullable(),
            deduplicated: z
              .boolean()
              .describe('whether the records were matched across agencies before counting'),
          }),
        },
      },
    },
    async (request) => {
      const actor = await actorOf(request);
      gate(request, actor, { ...request.query });
      return publicVictimEstimate(ctx, actor, request.query);
    },
  );
  // Fastify plugins are async; these routes register synchronously.
  await Promise.resolve();
};
