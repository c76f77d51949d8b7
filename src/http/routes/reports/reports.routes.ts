import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { annualReport } from '../../../app/reports/annual-report.ts';
import { annualReportQuery } from '../../../app/schemas/reports.schemas.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** Every top-level section; their inner shapes are documented in docs/COUNTING.md. */
const annualReportView = z.object({
  meta: z.unknown(),
  law: z.unknown(),
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
  narrative: z.object({ lang: z.enum(['en', 'ru']), paragraphs: z.array(z.string()).readonly() }),
});

/** The annual report. JSON is its canonical shape; see docs/COUNTING.md for the stable paths. */
export const reportsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  app.get(
    '/reports/annual',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The annual law-enforcement report: figures, previous period, records behind each figure, narrative',
        querystring: annualReportQuery,
        response: { 200: annualReportView },
      },
    },
    async (request) => annualReport(ctx, await actorOf(request), request.query),
  );
  await Promise.resolve();
};
