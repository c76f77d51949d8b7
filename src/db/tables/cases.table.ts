import type { CaseOrigin } from '../../core/vocabulary.ts';
import type { CaseStatus } from '../../core/case/lifecycle.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Row of `cases`. `origin` and `summary` are null until recorded; `origin` may be "unknown". */
export interface CasesTable {
  id: string;
  jurisdiction: JurisdictionCode;
  reference: string;
  opened_on: string;
  opening_agency_id: string;
  origin: CaseOrigin | null;
  summary: string | null;
  registered_instrument: string | null;
  registered_article: string | null;
  registered_part: string | null;
  status: CaseStatus;
  sealed: number;
  version: number;
  created_at: string;
  updated_at: string;
}
