/** Row of `cases`. `origin` and `summary` are null until recorded; `origin` may be "unknown". */
export interface CasesTable {
  id: string;
  jurisdiction: string;
  reference: string;
  opened_on: string;
  opening_agency_id: string;
  origin: string | null;
  summary: string | null;
  registered_instrument: string | null;
  registered_article: string | null;
  registered_part: string | null;
  status: string;
  sealed: number;
  version: number;
  created_at: string;
  updated_at: string;
}
