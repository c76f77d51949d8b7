import { reportPeriods } from '../../core/stats/period.ts';
import { fetchDataSpan } from '../../db/repositories/stats.repository.ts';
import type { AppContext } from '../common/context.ts';
import { computeReport } from './annual-report.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** One calendar year of the law-enforcement series, counted by the annual report's rules. */
export interface SeriesYear {
  readonly year: number;
  /** Trafficking investigations opened (cases). */
  readonly investigations: number | null;
  /** Trafficking prosecutions begun (cases referred to court). */
  readonly prosecutions: number | null;
  /** Persons indicted in those cases; null while a prosecuted case names no defendant. */
  readonly defendants: number | null;
  /** Persons convicted at first instance under a trafficking provision. */
  readonly convictions: number | null;
  /** The records behind each figure, as in the report's drill-down. */
  readonly records: {
    readonly investigations: readonly string[];
    readonly prosecutions: readonly string[];
    readonly defendants: readonly string[];
    readonly casesWithUnknownDefendants: readonly string[];
    readonly convictions: readonly string[];
  };
}

/** The calendar years from the first to the last dated event in the jurisdiction's data. */
export async function dataYears(
  ctx: AppContext,
  jurisdiction: JurisdictionCode,
): Promise<number[]> {
  const span = await fetchDataSpan(ctx.db, jurisdiction);
  if (span === null) return [];
  const first = Number(span.first.slice(0, 4));
  const last = Number(span.last.slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/**
 * Investigations, prosecutions and convictions for every year in the data. Each year is the
 * annual report computed for that calendar year, so the series can never disagree with it.
 */
export async function yearlySeries(
  ctx: AppContext,
  jurisdiction: JurisdictionCode,
): Promise<SeriesYear[]> {
  const out: SeriesYear[] = [];
  for (const year of await dataYears(ctx, jurisdiction)) {
    const report = await computeReport(
      ctx,
      jurisdiction,
      reportPeriods({ year, kind: 'calendar' }),
    );
    out.push({
      year,
      investigations: report.investigations.total,
      prosecutions: report.prosecutions.cases,
      defendants: report.prosecutions.defendants,
      convictions: report.convictions.persons,
      records: {
        investigations: report.investigations.records.total,
        prosecutions: report.prosecutions.records.cases,
        defendants: report.prosecutions.records.defendants,
        casesWithUnknownDefendants: report.prosecutions.records.casesWithUnknownDefendants,
        convictions: report.convictions.records.persons,
      },
    });
  }
  return out;
}
