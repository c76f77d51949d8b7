import { z } from 'zod';
import { screeningAnswers, screeningStatuses } from '../../core/statutes/screening.ts';
import { entityId, isoDate, jurisdictionCode } from './common.ts';
import { jurisdictionCodeSchema } from '../../core/jurisdiction.ts';

const indicatorId = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be an indicator id');

/**
 * A screening as the screener submits it. Who screened is the acting user and the age comes
 * from the person's record, so neither is accepted here. Strict, so that a field the
 * registry does not store (free-text notes, say) is refused rather than silently dropped.
 */
export const screeningInput = z
  .object({
    /** The screening set, one the pack of the case's jurisdiction lists (e.g. ilo-forced-labour). */
    setId: indicatorId,
    screenedOn: isoDate,
    /** Indicator id → yes, no or unknown; an indicator left out counts as unknown. */
    answers: z.record(indicatorId, z.enum(screeningAnswers)),
  })
  .strict();
export type ScreeningInput = z.infer<typeof screeningInput>;

export const screeningView = z.object({
  id: entityId,
  jurisdiction: jurisdictionCodeSchema,
  caseId: entityId,
  personId: entityId,
  setId: z.string(),
  /** Every indicator of the set, including those stored as unknown because they were not answered. */
  answers: z.record(z.string(), z.enum(screeningAnswers)),
  screenedBy: z.string(),
  screenedOn: z.string(),
  status: z.enum(screeningStatuses),
  /** False while any indicator is unknown. */
  complete: z.boolean(),
  reasoning: z.array(z.string()),
  createdAt: z.string(),
});
export type ScreeningView = z.infer<typeof screeningView>;

export const screeningListView = z.object({ items: z.array(screeningView) });
export type ScreeningListView = z.infer<typeof screeningListView>;

export const screeningSetView = z.object({
  id: z.string(),
  title: z.string(),
  source: z.object({
    title: z.string(),
    publisher: z.string().optional(),
    url: z.string().optional(),
  }),
  purposes: z.array(z.string()),
  indicators: z.array(z.object({ id: z.string(), text: z.string(), note: z.string().optional() })),
  policy: z.object({
    presumedVictimMinYes: z.number().int(),
    childPresumedVictimMinYes: z.number().int(),
    note: z.string(),
  }),
  /** The jurisdictions whose pack lists the set, upper-case as cases store them. */
  jurisdictions: z.array(jurisdictionCodeSchema),
});
export type ScreeningSetView = z.infer<typeof screeningSetView>;

export const screeningSetsQuery = z.object({ jurisdiction: jurisdictionCode.optional() });
export type ScreeningSetsQuery = z.infer<typeof screeningSetsQuery>;

export const screeningSetListView = z.object({ sets: z.array(screeningSetView) });
export type ScreeningSetListView = z.infer<typeof screeningSetListView>;
