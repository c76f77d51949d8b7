import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { integrityReport } from '../../../app/integrity/report.ts';
import {
  integrityReportQuery,
  integrityReportView,
} from '../../../app/schemas/integrity.schemas.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** The integrity report: closures, victim-driven closures, idle cases, complicity ages, sealed views. */
export const integrityRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  app.get(
    '/reports/integrity',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Closures by reason and approving officer, closures after a victim withdrew or was compensated, idle cases, complicity allegations by status and age, views of sealed cases',
        querystring: integrityReportQuery,
        response: { 200: integrityReportView },
      },
    },
    async (request) => integrityReport(ctx, await actorOf(request), request.query),
  );
  await Promise.resolve();
};
