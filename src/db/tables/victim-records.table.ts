import type { TriState } from '../../core/vocabulary.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Row of `victim_records`; `forms` is a JSON array, null while not recorded. */
export interface VictimRecordsTable {
  person_id: string;
  jurisdiction: JurisdictionCode;
  case_id: string;
  forms: string | null;
  identified_on: string | null;
  identifying_agency_id: string | null;
  referred_to_services: TriState | null;
  cooperating_as_witness: TriState | null;
  version: number;
  created_at: string;
  updated_at: string;
}
