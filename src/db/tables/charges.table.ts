import type { TraffickingForm } from '../../core/vocabulary.ts';

/** Row of `charges`: one defendant charged under one statute provision. */
export interface ChargesTable {
  id: string;
  jurisdiction: string;
  case_id: string;
  person_id: string;
  statute_jurisdiction: string;
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
