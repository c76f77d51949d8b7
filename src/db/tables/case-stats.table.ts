/**
 * Row of `case_stats`: what the annual report reads of one case, kept beside the records and
 * marked stale by the database's triggers whenever one of them changes (migration
 * 2026-12-01T0940_case_stats).
 */
export interface CaseStatsTable {
  case_id: string;
  jurisdiction: string;
  /** Bumped by every write to the case or its persons, victims, charges, events, verdicts, sentences. */
  generation: number;
  /** 1 when `data` was built from the records at `generation`; 0 when it must be rebuilt. */
  fresh: number;
  /** The earliest and latest date the report selects the case by (null until built). */
  first_on: string | null;
  last_on: string | null;
  /** The case as the report reads it, JSON (null until built). */
  data: string | null;
}
