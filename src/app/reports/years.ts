import { z } from 'zod';
import type { Actor, AppContext } from '../context.ts';
import { jurisdictionCode } from '../schemas/common.ts';
import { recordedDateRange } from '../../db/repositories/stats.repository.ts';
import { parseInput } from '../validate.ts';

export const reportYearsQuery = z.object({ jurisdiction: jurisdictionCode.optional() });

/** The span of years the registry records, for year pickers (null: it records nothing yet). */
export interface ReportYears {
  readonly jurisdiction: string | null;
  readonly first: number | null;
  readonly last: number | null;
}

/**
 * The first and last year with a recorded case, event, verdict or sentence. Every signed-in
 * user may read it: it is what year pickers offer, and it says nothing about any one record.
 */
export async function reportYears(
  ctx: AppContext,
  _actor: Actor,
  raw: unknown,
): Promise<ReportYears> {
  const query = parseInput(reportYearsQuery, raw);
  const range = await recordedDateRange(ctx.db, query.jurisdiction);
  const year = (date: string | null) => (date === null ? null : Number(date.slice(0, 4)));
  return {
    jurisdiction: query.jurisdiction ?? null,
    first: year(range.first),
    last: year(range.last),
  };
}
