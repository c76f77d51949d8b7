/**
 * Row of `screenings`: one victim-identification screening of a person. `answers` is a JSON
 * object (indicator id → yes/no/unknown), `reasoning` a JSON array of sentences, `complete` 0/1.
 */
import type { JurisdictionCode } from '../../core/jurisdiction.ts';
export interface ScreeningsTable {
  id: string;
  jurisdiction: JurisdictionCode;
  case_id: string;
  person_id: string;
  screening_set: string;
  answers: string;
  screened_by: string;
  screened_on: string;
  status: string;
  complete: number;
  reasoning: string;
  created_at: string;
}
