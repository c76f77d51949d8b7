import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decideVictimLink, matchVictims } from '../../../app/victims/deduplication.ts';
import { linkView, matchRunView } from '../../../app/schemas/estimates.schemas.ts';
import type { RouteDeps } from '../../route-deps.ts';
import { jurisdictionCode } from '../../../app/schemas/common.ts';

const decision = z.enum(['linked', 'distinct', 'withdrawn']);

/** One victim recorded by several agencies: matching on keyed digests, and the reviewers' decisions. */
export const victimsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  app.post(
    '/victims/match',
    {
      schema: {
        tags: ['victims'],
        summary:
          'Compare the victim records of a jurisdiction across cases on keyed digests; link certain matches, return possible ones for review',
        body: z.object({
          jurisdiction: jurisdictionCode,
        }),
        response: {
          200: matchRunView,
        },
      },
    },
    async (request) => matchVictims(ctx, await actorOf(request), request.body.jurisdiction),
  );
  app.post(
    '/victims/links',
    {
      schema: {
        tags: ['victims'],
        summary:
          "Decide whether two victim records are one person (a user on both cases' teams); a new decision or a change of one (with its version)",
        body: z.object({
          personA: z.string().min(1),
          personB: z.string().min(1),
          decision: decision.describe(
            'linked: one person; distinct: two people; withdrawn: a link undone',
          ),
          reason: z.string().describe('why; kept in the audit log'),
          version: z
            .number()
            .int()
            .optional()
            .describe("the current version of the pair's decision, to change it"),
        }),
        response: { 200: linkView },
      },
    },
    async (request) => {
      const row = await decideVictimLink(ctx, await actorOf(request), request.body);
      return {
        id: row.id,
        personA: row.person_a,
        personB: row.person_b,
        status: decision.parse(row.status),
        decidedBy: row.decided_by,
        decidedAt: row.decided_at,
        reason: row.reason,
        version: row.version,
      };
    },
  );
  // Fastify plugins are async; these routes register synchronously.
  await Promise.resolve();
};
