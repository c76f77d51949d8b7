import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  checkJurisdictionConformance,
  checkSentenceFor,
  evaluateFacts,
  lawOn,
  invalidPacks,
  listJurisdictions,
  provisionTimelines,
} from '../../../app/statutes/law.service.ts';
import { assumptionView, findingView } from '../../../app/schemas/annual-report.schemas.ts';
import { FactsSchema } from '../../../core/statutes/logic.ts';
import { findProvision, getPack } from '../../../core/statutes/registry.ts';
import { isoDate, provisionKinds, versionStatuses } from '../../../core/statutes/schema.ts';
import { sentenceVerdicts } from '../../../core/statutes/sentence.ts';
import { amendmentStates } from '../../../core/statutes/timeline.ts';
import { jurisdictionCodeSchema } from '../../../core/jurisdiction.ts';
import { jurisdictionCode } from '../../../app/schemas/common.ts';
import { jurisdictionsView } from '../../../app/schemas/jurisdictions.schemas.ts';
import type { PackRegistry } from '../../../core/statutes/registry.ts';

/** `:code` in either case (`kg`, `KG`); the responses spell it as the system does (`KG`). */
const code = jurisdictionCode;
const date = isoDate;

/** Whether the pack covers the date asked about; outside it nothing is said about the law. */
const coverageView = z.object({
  covered: z.boolean(),
  from: z.string(),
  to: z.string(),
  explanation: z.string().nullable(),
});
const dateBoundView = z.union([
  z.string(),
  z.object({ notBefore: z.string(), notAfter: z.string() }),
]);
const amendmentView = z.object({
  provisionId: z.string(),
  article: z.string(),
  versionId: z.string(),
  status: z.enum(['signed_not_in_force', 'proposed']),
  state: z.enum(amendmentStates),
  signedBetween: z.object({ from: z.string(), to: z.string() }).nullable(),
  proposedBetween: z.object({ from: z.string(), to: z.string() }).nullable(),
  tookEffectOn: dateBoundView.nullable(),
  tookEffectAs: z.object({ provisionId: z.string(), article: z.string() }).nullable(),
  summary: z.string().nullable(),
  explanation: z.string(),
});

const months = z.union([z.number().int(), z.literal('unknown')]);
/** An imprisonment range; `'unknown'` when no cited source gives it, `null` when none is imposed. */
const rangeView = z.union([
  z.object({ minMonths: months, maxMonths: z.union([months, z.null()]), life: z.boolean() }),
  z.null(),
  z.literal('unknown'),
]);
const sanctionView = z.record(z.string(), z.unknown());
const evaluationView = z.object({
  provisionId: z.string(),
  instrument: z.string(),
  article: z.string(),
  title: z.string(),
  kind: z.enum(provisionKinds),
  versionId: z.string(),
  status: z.enum(['applies', 'possibly_applies', 'not_applicable']),
  trace: z
    .array(
      z.object({
        element: z.string(),
        status: z.enum(['matched', 'not_matched', 'unknown', 'not_required']),
        detail: z.string(),
      }),
    )
    .readonly(),
  unmet: z.array(z.string()).readonly(),
  missing: z.array(z.string()).readonly(),
  penalty: z
    .object({
      status: z.enum(['determined', 'undetermined', 'unknown']),
      branches: z
        .array(z.object({ id: z.string(), part: z.string().nullable(), level: z.number() }))
        .readonly(),
      imprisonment: rangeView,
      inLieuOfImprisonment: z.array(sanctionView).readonly(),
      sanctions: z.union([z.literal('unknown'), z.array(sanctionView).readonly()]),
      missing: z.string().nullable(),
    })
    .nullable(),
  imprisonment: rangeView,
  assumptions: z
    .array(assumptionView)
    .readonly()
    .describe('assumptions of the statute pack (not cited sources) the judgement rests on'),
  assumptionNote: z.string().nullable(),
});
const evaluationResultView = z.object({
  jurisdiction: jurisdictionCodeSchema,
  asOf: z.string(),
  coverage: coverageView,
  applicable: z.array(evaluationView).readonly(),
  possiblyApplicable: z.array(evaluationView).readonly(),
  notApplicable: z.array(evaluationView).readonly(),
  noVersionInForce: z
    .array(z.object({ provisionId: z.string(), article: z.string(), reason: z.string() }))
    .readonly(),
});

const sentenceMonths = z.number().int().min(0).max(1200);
/**
 * A sentence to check: the same fields as the registry's sentence event, so that a client can
 * check the sentence it is about to record. Omitted measures were not imposed.
 */
const sentenceCheckInput = z
  .object({
    article: z.string().trim().min(1).max(60),
    /** Checked against the parts the pack declares; the penalty branch follows from the facts. */
    part: z.string().trim().min(1).max(30).optional(),
    offenceDate: date,
    /** Facts of the offence as for /evaluate; omitted, every fact is unknown. */
    facts: FactsSchema.omit({ offenceDate: true }).optional(),
    sentence: z
      .object({
        imprisonmentMonths: sentenceMonths.nullable().optional(),
        life: z.boolean().default(false),
        suspended: z.boolean().default(false),
        probationMonths: sentenceMonths.nullable().optional(),
        houseArrestMonths: sentenceMonths.nullable().optional(),
        fine: z
          .object({
            amount: z.number().positive(),
            currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
          })
          .nullable()
          .optional(),
        otherMeasures: z.string().max(1000).nullable().optional(),
      })
      .strict(),
  })
  .strict();

const boundedMeasure = z.enum(['house_arrest', 'fine']);
/** A part of the check's explanation as a code and its values (core/statutes/sentence.ts). */
const sentenceReasonView = z.discriminatedUnion('code', [
  z.object({
    code: z.enum(['measure_above', 'measure_below']),
    measure: boundedMeasure,
    imposed: z.number(),
    bound: z.number(),
    unit: z.string().nullable(),
  }),
  z.object({
    code: z.literal('not_comparable'),
    measure: boundedMeasure,
    why: z.enum(['no_bound', 'other_currency']),
    currency: z.string().nullable(),
    unit: z.string().nullable(),
  }),
  z.object({
    code: z.literal('no_imprisonment'),
    imposed: z.array(z.enum(['fine', 'house_arrest', 'other'])).readonly(),
    allowed: z.union([z.boolean(), z.literal('unknown')]),
  }),
  z.object({ code: z.literal('no_imprisonment_prescribed') }),
  z.object({ code: z.literal('range_unknown') }),
  z.object({
    code: z.literal('against_range'),
    months: z.number().nullable().describe('null for life'),
    range: z.object({
      minMonths: months,
      maxMonths: z.union([months, z.null()]),
      life: z.boolean(),
    }),
  }),
  z.object({ code: z.literal('suspended') }),
]);

const sentenceCheckView = z.object({
  article: z.string(),
  part: z.string().nullable(),
  versionId: z.string(),
  verdict: z.enum(sentenceVerdicts),
  verdicts: z.array(z.enum(sentenceVerdicts)).readonly(),
  permittedByStatute: z.union([z.boolean(), z.literal('unknown')]),
  range: rangeView,
  branches: z.array(z.string()).readonly(),
  weighsAgainstVigorousSentencing: z.boolean(),
  reasons: z
    .array(sentenceReasonView)
    .readonly()
    .describe('why, as codes and values, for a reader in another language'),
  explanation: z.string().describe('the reasons in English'),
});

/** Statute packs: jurisdictions, conformance findings, evaluation of case facts, sentence checks. */
export const jurisdictionsRoutes: FastifyPluginAsyncZod<{
  /** The context's statute packs (`ctx.statutes`). */
  readonly statutes: () => PackRegistry;
}> = async (app, options) => {
  const registry = options.statutes;

  app.get(
    '/jurisdictions',
    {
      schema: {
        tags: ['statutes'],
        summary:
          'Loaded statute packs and their provisions, and the packs that failed validation (not loaded) with their file:line problems',
        response: {
          200: jurisdictionsView,
        },
      },
    },
    () => ({ jurisdictions: listJurisdictions(registry()), invalid: invalidPacks(registry()) }),
  );

  app.get(
    '/jurisdictions/:code/conformance',
    {
      schema: {
        tags: ['statutes'],
        summary: 'Findings against the Palermo Protocol and the TVPA minimum standards',
        params: z.object({ code }),
        querystring: z.object({ asOf: date }),
        response: {
          200: z.object({
            jurisdiction: jurisdictionCodeSchema,
            asOf: z.string(),
            coverage: coverageView,
            findings: z.array(findingView).readonly(),
          }),
        },
      },
    },
    (request) => checkJurisdictionConformance(registry(), request.params.code, request.query.asOf),
  );

  const bound = z.union([
    z.string(),
    z.object({ notBefore: z.string(), notAfter: z.string() }),
    z.null(),
  ]);
  app.get(
    '/jurisdictions/:code/provisions',
    {
      schema: {
        tags: ['statutes'],
        summary:
          'Every provision with the timeline of its versions: from when, until when (a date, a window, or unknown), signed and when and as what it took effect',
        params: z.object({ code }),
        response: {
          200: z.object({
            jurisdiction: jurisdictionCodeSchema,
            coverage: z.object({ from: z.string(), to: z.string() }),
            provisions: z.array(
              z.object({
                id: z.string(),
                article: z.string(),
                title: z.string(),
                kind: z.enum(provisionKinds),
                versions: z.array(
                  z.object({
                    id: z.string(),
                    status: z.enum(versionStatuses),
                    validFrom: bound,
                    validTo: bound,
                    notBefore: bound,
                    signedBetween: z.object({ from: z.string(), to: z.string() }).nullable(),
                    proposedBetween: z.object({ from: z.string(), to: z.string() }).nullable(),
                    tookEffect: z.object({ on: bound, as: z.string().nullable() }).nullable(),
                    summary: z.string().nullable(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    (request) => provisionTimelines(registry(), request.params.code),
  );

  app.get(
    '/jurisdictions/:code/timeline',
    {
      schema: {
        tags: ['statutes'],
        summary:
          'Whether the pack covers a date, and where each signed amendment stands on it (pending, taken effect, or open)',
        params: z.object({ code }),
        querystring: z.object({ asOf: date }),
        response: {
          200: z.object({
            jurisdiction: jurisdictionCodeSchema,
            asOf: z.string(),
            coverage: coverageView,
            amendments: z.array(amendmentView).readonly(),
          }),
        },
      },
    },
    (request) => lawOn(registry(), request.params.code, request.query.asOf),
  );

  app.post(
    '/jurisdictions/:code/evaluate',
    {
      schema: {
        tags: ['statutes'],
        summary: 'Which provisions in force on the offence date the facts fall under',
        params: z.object({ code }),
        body: FactsSchema,
        response: { 200: evaluationResultView },
      },
    },
    (request) => evaluateFacts(registry(), request.params.code, request.body),
  );

  app.post(
    '/jurisdictions/:code/sentence-check',
    {
      schema: {
        tags: ['statutes'],
        summary: 'Check a sentence against the version of an article in force on the offence date',
        params: z.object({ code }),
        body: sentenceCheckInput,
        response: { 200: sentenceCheckView },
      },
    },
    (request) => {
      const { article, part, offenceDate, facts, sentence } = request.body;
      // Refuses a part the article does not have, as a charge under it would be refused.
      if (part !== undefined)
        findProvision(getPack(registry(), request.params.code), article, part);
      // Without facts each one is unknown, not absent, so no penalty branch is assumed.
      const unknownFacts = {
        acts: null,
        means: null,
        purposes: null,
        victimAge: null,
        aggravating: null,
      };
      const check = checkSentenceFor(
        registry(),
        request.params.code,
        article,
        {
          imprisonmentMonths: sentence.imprisonmentMonths ?? null,
          life: sentence.life,
          suspended: sentence.suspended,
          probationMonths: sentence.probationMonths ?? null,
          houseArrestMonths: sentence.houseArrestMonths ?? null,
          fineAmount: sentence.fine?.amount ?? null,
          fineCurrency: sentence.fine?.currency ?? null,
          otherMeasures: sentence.otherMeasures ?? null,
        },
        { ...(facts ?? unknownFacts), offenceDate },
      );
      return { ...check, part: part ?? null };
    },
  );
  await Promise.resolve();
};
