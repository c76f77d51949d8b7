/** Row of `published_figures`: a year's figures as a publication printed them, with the source. */
import type { JurisdictionCode } from '../../core/jurisdiction.ts';
export interface PublishedFiguresTable {
  id: string;
  jurisdiction: JurisdictionCode;
  /** 'calendar' or 'tip': the kind of period the figures are for. */
  period_kind: string;
  year: number;
  /** Null: the publication printed no such figure. */
  investigations: number | null;
  prosecutions: number | null;
  defendants: number | null;
  convictions: number | null;
  victims: number | null;
  source_title: string;
  source_url: string | null;
  note: string | null;
  recorded_by: string;
  version: number;
  created_at: string;
  updated_at: string;
}
