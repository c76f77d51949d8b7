import type { AgencyKind } from '../../core/vocabulary.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Row of `agencies`: a police unit, prosecutor's office, court, NGO or international organisation. */
export interface AgenciesTable {
  id: string;
  jurisdiction: JurisdictionCode;
  name: string;
  kind: AgencyKind;
  parent_agency_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
