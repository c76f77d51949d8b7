import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lawAmendmentImpact } from '../../../app/statutes/impact.ts';
import type { RouteDeps } from '../../route-deps.ts';
import { jurisdictionCodeSchema } from '../../../core/jurisdiction.ts';
import { jurisdictionCode } from '../../../app/schemas/common.ts';

const applicability = z.enum(['applies', 'possibly_applies', 'not_applicable']);
const judgement = z.object({
  versionId: z.string(),
  status: applicability,
  open: z.array(z.string()).readonly().describe('elements whose answer is unknown, with why'),
  unmet: z.array(z.string()).readonly(),
});
const terms = z.array(z.string()).readonly().nullable();

/** The response of the amendment impact route. */
export const amendmentImpactView = z.object({
  jurisdiction: jurisdictionCodeSchema,
  provisionId: z.string(),
  article: z.string(),
  versionId: z.string(),
  status: z
    .enum(['signed_not_in_force', 'proposed'])
    .describe('a signed amendment not in force, or a draft not signed'),
  summary: z.string().nullable(),
  period: z.object({ from: z.string(), to: z.string() }),
  casesRead: z.number().int(),
  casesWithoutVictims: z.number().int(),
  unchanged: z.number().int(),
  sealedCasesRead: z.literal(false).describe('sealed cases are never read'),
  differently: z
    .array(
      z.object({
        caseId: z.string(),
        reference: z.string(),
        offenceDate: z.string(),
        offenceDateFrom: z.enum(['charge', 'opened']),
        articles: z.array(z.string()).readonly(),
        victim: z.string().describe('the case-file label, never a name'),
        facts: z.object({
          offenceDate: z.string(),
          acts: terms,
          means: terms,
          purposes: terms,
          victimAge: z.number().nullable(),
          aggravating: terms,
        }),
        notRecorded: z.array(z.string()).readonly(),
        inForce: judgement.nullable(),
        amendment: judgement,
        change: z.string(),
      }),
    )
    .readonly(),
  incomplete: z
    .array(
      z.object({
        reference: z.string(),
        victim: z.string(),
        notRecorded: z.array(z.string()).readonly(),
      }),
    )
    .readonly(),
});

/** What a signed or proposed amendment would change in the recorded cases (needs report.read). */
export const lawImpactRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  app.get(
    '/jurisdictions/:code/amendments/:version/impact',
    {
      schema: {
        tags: ['statutes'],
        summary:
          'The recorded cases a signed-not-in-force or proposed version would judge differently from the version in force on their offence date, with the facts behind each (unsealed cases only; what a case does not record is named, not guessed)',
        params: z.object({ code: jurisdictionCode, version: z.string() }),
        querystring: z.object({
          from: z.string().optional().describe('first offence date read (default: signed)'),
          to: z
            .string()
            .optional()
            .describe('last offence date read (default: day before it took effect)'),
        }),
        response: { 200: amendmentImpactView },
      },
    },
    async (request) =>
      lawAmendmentImpact(ctx, await actorOf(request), {
        jurisdiction: request.params.code,
        version: request.params.version,
        ...(request.query.from === undefined ? {} : { from: request.query.from }),
        ...(request.query.to === undefined ? {} : { to: request.query.to }),
      }),
  );
  await Promise.resolve();
};
