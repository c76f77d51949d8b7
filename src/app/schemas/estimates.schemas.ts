import { z } from 'zod';
import { jurisdictionCodeSchema } from '../../core/jurisdiction.ts';

/** A multiple systems estimate as the HTTP API returns it (docs/ESTIMATION.md). */
export const estimateView = z.object({
  lists: z.array(z.string()).readonly(),
  observed: z.number(),
  estimate: z.number(),
  darkFigure: z.number(),
  lower: z.number(),
  upper: z.number(),
  level: z.number(),
  interval: z.enum(['profile', 'bootstrap']),
  selection: z.enum(['stepwise', 'aic', 'bic', 'main']),
  model: z.object({
    interactions: z.array(z.string()).readonly(),
    minusInfinity: z.array(z.string()).readonly(),
    deviance: z.number(),
    aic: z.number(),
    bic: z.number(),
  }),
  failedReplicates: z.number().optional(),
});

/** The capture table of a period, and the estimate from it or why there is none. */
export const victimEstimateView = z.object({
  capture: z
    .object({
      jurisdiction: jurisdictionCodeSchema,
      from: z.string(),
      to: z.string(),
      lists: z.array(z.string()).readonly(),
      counts: z.array(z.number()).readonly(),
      records: z.number().describe('victim records identified in the period'),
      persons: z.number().describe('distinct persons once confirmed links are applied'),
      linksApplied: z.number(),
      withoutAgency: z.number().describe('records with no identifying agency: on no list'),
      matchedAt: z
        .string()
        .nullable()
        .describe('when the records were last matched across agencies; null: never'),
      deduplicated: z.boolean(),
    })
    .describe('the capture table: counts[mask] individuals on exactly the lists of bit mask'),
  estimate: estimateView.nullable(),
  reason: z.string().nullable().describe('why no estimate exists, when estimate is null'),
});

/** A pair of victim records that may be one person; never an identity value. */
export const candidateView = z.object({
  personA: z.string(),
  personB: z.string(),
  caseA: z.string(),
  caseB: z.string(),
  referenceA: z.string(),
  referenceB: z.string(),
  labelA: z.string().nullable().describe('a pseudonymous label such as V1, never a name'),
  labelB: z.string().nullable(),
  strength: z.enum(['certain', 'possible']),
  basis: z.array(z.string()).readonly().describe('what agreed (never a value)'),
  status: z.enum(['linked', 'distinct', 'withdrawn']).nullable(),
  version: z.number().nullable().describe("the decision's version, to change it"),
});

/** A decision on a pair. */
export const linkView = z.object({
  id: z.string(),
  personA: z.string(),
  personB: z.string(),
  status: z.enum(['linked', 'distinct', 'withdrawn']),
  decidedBy: z.string(),
  decidedAt: z.string(),
  reason: z.string().nullable(),
  version: z.number(),
});

/** What a match run returns (`POST /api/victims/match`). */
export const matchRunView = z.object({
  jurisdiction: jurisdictionCodeSchema,
  compared: z.number(),
  sealedSkipped: z.number(),
  linkedNow: z.number(),
  queue: z.array(candidateView).readonly(),
  candidates: z.array(candidateView).readonly(),
});
export type MatchCandidateView = z.infer<typeof candidateView>;
export type MatchRunView = z.infer<typeof matchRunView>;
export type VictimEstimateView = z.infer<typeof victimEstimateView>;
