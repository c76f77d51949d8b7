import { z } from 'zod';
import { expectedVersion, jurisdictionCode, longText, shortText } from './common.ts';
import { jurisdictionCodeSchema } from '../../core/jurisdiction.ts';

const count = z.number().int().min(0).max(10_000_000).nullable();

/** A year's figures as a publication printed them; a figure left out or null was not printed. */
export const recordPublishedFiguresInput = z
  .object({
    jurisdiction: jurisdictionCode,
    periodKind: z.enum(['calendar', 'tip']).default('calendar'),
    year: z.number().int().min(1950).max(2200),
    figures: z
      .object({
        investigations: count.optional(),
        prosecutions: count.optional(),
        defendants: count.optional(),
        convictions: count.optional(),
        victims: count.optional(),
      })
      .strict(),
    source: z.object({ title: shortText, url: z.url().max(2000).nullable().optional() }).strict(),
    note: longText.nullable().optional(),
    /** Required to replace figures already recorded for the year: the version last read. */
    version: expectedVersion.optional(),
  })
  .strict()
  .refine((value) => Object.values(value.figures).some((n) => n !== null && n !== undefined), {
    message: 'give at least one figure the source printed',
    path: ['figures'],
  });
export type RecordPublishedFiguresInput = z.infer<typeof recordPublishedFiguresInput>;

export const publishedFiguresView = z.object({
  id: z.string(),
  jurisdiction: jurisdictionCodeSchema,
  periodKind: z.enum(['calendar', 'tip']),
  year: z.number().int(),
  figures: z.object({
    investigations: z.number().int().nullable(),
    prosecutions: z.number().int().nullable(),
    defendants: z.number().int().nullable(),
    convictions: z.number().int().nullable(),
    victims: z.number().int().nullable(),
  }),
  source: z.object({ title: z.string(), url: z.string().nullable() }),
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  version: z.number().int(),
});
export type PublishedFiguresView = z.infer<typeof publishedFiguresView>;

export const listPublishedFiguresQuery = z.object({ jurisdiction: jurisdictionCode.optional() });
