import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalidPackView } from '../../../app/schemas/jurisdictions.schemas.ts';
import { recentSystemStatus } from '../../../app/system/system.ts';
import { keptJson } from '../../kept-json.ts';
import type { RouteDeps } from '../../route-deps.ts';
import { jurisdictionCodeSchema } from '../../../core/jurisdiction.ts';

const healthView = z.object({
  status: z.enum(['ok', 'migrations_pending']),
  version: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  migrations: z.object({
    applied: z.array(z.string()),
    pending: z.array(z.string()),
    latest: z.string().nullable(),
  }),
  /** Jurisdictions whose statute packs loaded, and those refused with their file:line problems. */
  statutePacks: z.object({
    loaded: z.array(jurisdictionCodeSchema),
    invalid: z.array(invalidPackView).readonly(),
    /** Why no pack could be read at all (e.g. the directory is missing), else null. */
    problem: z.string().nullable(),
  }),
});

/** Health and the service's own description. */
export const systemRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx }) => {
  const sendHealth = keptJson(healthView, { method: 'GET', url: '/api/health' });
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Engine and migration state',
        response: { 200: healthView, 503: healthView },
      },
    },
    async (_request, reply) => {
      const status = await recentSystemStatus(ctx);
      return sendHealth(reply.status(status.status === 'ok' ? 200 : 503), status);
    },
  );
  await Promise.resolve();
};
