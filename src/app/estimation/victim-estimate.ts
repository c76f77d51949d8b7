import type { InputOf } from '../common/validate.ts';
import { z } from 'zod';
import { isDomainError } from '../../core/errors.ts';
import { estimatePopulation } from '../../core/stats/mse/estimate.ts';
import type { PopulationEstimate } from '../../core/stats/mse/estimate.ts';
import { publishEstimate } from '../../core/stats/mse/publish.ts';
import type { PublishedEstimate } from '../../core/stats/mse/publish.ts';
import { authorize } from '../access/access.ts';
import { jurisdictionCode, wholeNumber } from '../schemas/common.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { parseInput } from '../common/validate.ts';
import { buildCaptureTable, captureTableForPeriod } from '../victims/deduplication.ts';
import type { PeriodCaptureTable } from '../victims/deduplication.ts';
import { linearProgramSolver } from './linear-program.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

export const victimEstimateQuery = z.object({
  jurisdiction: jurisdictionCode,
  year: wholeNumber(1990, 2100),
});

/** The year's estimate from the agencies' de-duplicated lists, or why there is none. */
export interface VictimEstimate {
  readonly capture: Omit<PeriodCaptureTable, 'table'> & {
    readonly lists: readonly string[];
    /** Individuals on exactly each combination of lists, by bit mask (bit i = list i). */
    readonly counts: readonly number[];
    /** De-duplicated across agencies: a match has been run (links were applied); see matchedAt. */
    readonly deduplicated: boolean;
  };
  readonly estimate: PopulationEstimate | null;
  /** Why no estimate exists, in words, when `estimate` is null. */
  readonly reason: string | null;
}

function periodOf(year: number) {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

async function estimateFrom(
  captured: PeriodCaptureTable,
): Promise<{ estimate: PopulationEstimate | null; reason: string | null }> {
  if (captured.table.lists.length < 2) {
    return {
      estimate: null,
      reason: `an estimate needs at least two agencies' lists; ${captured.table.lists.length} agency identified victims in the period`,
    };
  }
  try {
    return {
      estimate: estimatePopulation(captured.table, await linearProgramSolver()),
      reason: null,
    };
  } catch (error) {
    if (isDomainError(error, 'ValidationFailed')) return { estimate: null, reason: error.message };
    throw error;
  }
}

/** Multiple systems estimate of the year's victims, for readers of the full report. */
export async function victimEstimate(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof victimEstimateQuery>,
): Promise<VictimEstimate> {
  const query = parseInput(victimEstimateQuery, raw);
  const captured = await captureTableForPeriod(ctx, actor, {
    jurisdiction: query.jurisdiction,
    ...periodOf(query.year),
  });
  return withEstimate(captured);
}

/**
 * The estimate of any period (the annual report's statistics period: a calendar or TIP year, or
 * a range), for callers that have checked the actor's `report.read`.
 */
export async function estimateForPeriod(
  ctx: AppContext,
  period: { jurisdiction: JurisdictionCode; from: string; to: string },
): Promise<VictimEstimate> {
  return withEstimate(await buildCaptureTable(ctx, period));
}

async function withEstimate(captured: PeriodCaptureTable): Promise<VictimEstimate> {
  const { table, ...rest } = captured;
  return {
    capture: {
      ...rest,
      lists: table.lists,
      counts: table.counts,
      deduplicated: rest.matchedAt !== null,
    },
    ...(await estimateFrom(captured)),
  };
}

/** The same estimate as it may be published: rounded, the overlap table under disclosure control. */
export async function publicVictimEstimate(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof victimEstimateQuery>,
): Promise<{ published: PublishedEstimate | null; reason: string | null; deduplicated: boolean }> {
  const query = parseInput(victimEstimateQuery, raw);
  await authorize(ctx, actor, 'report.public', {
    action: 'read the published estimate of unidentified victims',
    entityType: 'jurisdiction',
    entityId: query.jurisdiction,
  });
  const captured = await buildCaptureTable(ctx, {
    jurisdiction: query.jurisdiction,
    ...periodOf(query.year),
  });
  const { estimate, reason } = await estimateFrom(captured);
  return {
    published: estimate === null ? null : publishEstimate(captured.table, estimate),
    reason,
    deduplicated: captured.matchedAt !== null,
  };
}
