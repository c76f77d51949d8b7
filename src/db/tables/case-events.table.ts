import type { VerdictOutcome } from '../../core/vocabulary.ts';
import type { CaseStatus, EventKind } from '../../core/case/lifecycle.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Row of `case_events`: the case timeline; `details` is JSON. */
export interface CaseEventsTable {
  id: string;
  jurisdiction: JurisdictionCode;
  case_id: string;
  seq: number;
  kind: EventKind;
  occurred_on: string;
  from_status: CaseStatus;
  to_status: CaseStatus;
  person_id: string | null;
  charge_id: string | null;
  agency_id: string | null;
  reason_code: string | null;
  reason_text: string | null;
  details: string | null;
  recorded_by: string;
  recorded_at: string;
}

/** Row of `verdicts`: one outcome per defendant per charge. */
export interface VerdictsTable {
  id: string;
  jurisdiction: JurisdictionCode;
  case_id: string;
  event_id: string;
  person_id: string;
  charge_id: string;
  outcome: VerdictOutcome;
  decided_on: string;
  court_agency_id: string | null;
  on_appeal: number;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Row of `sentences`; `fine_amount` is numeric (a string on PostgreSQL). */
export interface SentencesTable {
  id: string;
  jurisdiction: JurisdictionCode;
  case_id: string;
  event_id: string;
  person_id: string;
  charge_id: string | null;
  sentenced_on: string;
  imprisonment_months: number | null;
  life: number;
  suspended: number;
  probation_months: number | null;
  house_arrest_months: number | null;
  fine_amount: number | string | null;
  fine_currency: string | null;
  other_measures: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
