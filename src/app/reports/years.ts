import type { InputOf } from '../common/validate.ts';
import { z } from 'zod';
import type { Actor, AppContext } from '../common/context.ts';
import { onlyJurisdictionInUse } from '../statutes/jurisdictions.ts';
import { jurisdictionCode } from '../schemas/common.ts';
import { recordedDateRange } from '../../db/repositories/stats.repository.ts';
import { parseInput } from '../common/validate.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

export const reportYearsQuery = z.object({ jurisdiction: jurisdictionCode.optional() });

/** The span of years the registry records, for year pickers (null: it records nothing yet). */
export interface ReportYears {
  /** The jurisdiction asked for, else the only one in use; null when several or none are. */
  readonly jurisdiction: JurisdictionCode | null;
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
  raw: InputOf<typeof reportYearsQuery>,
): Promise<ReportYears> {
  const query = parseInput(reportYearsQuery, raw);
  // Without a jurisdiction: the only one in use, when there is one (what pickers default to).
  const jurisdiction = query.jurisdiction ?? (await onlyJurisdictionInUse(ctx)) ?? undefined;
  const range = await recordedDateRange(ctx.db, jurisdiction);
  const year = (date: string | null) => (date === null ? null : Number(date.slice(0, 4)));
  return {
    jurisdiction: jurisdiction ?? null,
    first: year(range.first),
    last: year(range.last),
  };
}
