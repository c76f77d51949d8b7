import { z } from 'zod';
import { narrativeLanguages } from '../../core/stats/messages.ts';
import { isoDate, jurisdictionCode, wholeNumber } from './common.ts';

/** Which report: a year (calendar or TIP year) or an explicit range, for one jurisdiction. */
export const annualReportQuery = z
  .object({
    jurisdiction: jurisdictionCode.optional(),
    year: wholeNumber(1900, 2200).optional(),
    period: z.enum(['calendar', 'tip']).default('calendar'),
    from: isoDate.optional(),
    to: isoDate.optional(),
    lang: z.enum(narrativeLanguages).default('en'),
  })
  .superRefine((value, context) => {
    const range = value.from !== undefined || value.to !== undefined;
    if (range && value.year !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['year'],
        message: 'give either year or from/to, not both',
      });
    if (range && (value.from === undefined || value.to === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [value.from === undefined ? 'from' : 'to'],
        message: 'from and to go together',
      });
    }
    if (!range && value.year === undefined)
      context.addIssue({ code: 'custom', path: ['year'], message: 'give a year, or from and to' });
  });
export type AnnualReportQuery = z.infer<typeof annualReportQuery>;
