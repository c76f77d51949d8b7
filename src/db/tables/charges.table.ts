import type { TraffickingForm } from '../../core/vocabulary.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Row of `charges`: one defendant charged under one statute provision. */
export interface ChargesTable {
  id: string;
  jurisdiction: JurisdictionCode;
  case_id: string;
  person_id: string;
  statute_jurisdiction: JurisdictionCode;
  instrument: string;
  article: string;
  part: string | null;
  form: TraffickingForm | null;
  charged_on: string;
  offence_date: string | null;
  status: 'active' | 'dropped';
  version: number;
  created_at: string;
  updated_at: string;
}
