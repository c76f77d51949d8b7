import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicAnnualReport } from '../../../app/reports/annual-report.ts';
import { annualReportQuery } from '../../../app/schemas/reports.schemas.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** The published annual report: suppressed small counts, no record ids (the analyst's view). */
export const publicReportRoutes: FastifyPluginAsyncZod<RouteDeps> = async (
  app,
  { ctx, actorOf },
) => {
  app.get(
    '/reports/annual/public',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The annual report as published, for a calendar or TIP year only (from/to is refused): every hidden count as "x", protected together with every other public output (docs/COUNTING.md)',
        querystring: annualReportQuery,
        response: {
          200: z.object({
            meta: z.unknown(),
            law: z.unknown(),
            disclosure: z.object({
              maxN: z.number(),
              protectZeros: z.boolean(),
              mark: z.literal('x'),
              years: z.object({ first: z.number(), last: z.number() }),
            }),
            investigations: z.unknown(),
            relatedInvestigations: z.unknown(),
            prosecutions: z.unknown(),
            convictions: z.unknown(),
            sentences: z.unknown(),
            victims: z.unknown(),
            training: z.unknown(),
            complicity: z.unknown(),
            completeness: z.unknown(),
            details: z.unknown(),
          }),
        },
      },
    },
    async (request) => publicAnnualReport(ctx, await actorOf(request), request.query),
  );
  await Promise.resolve();
};
