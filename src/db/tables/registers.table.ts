import type { ComplicitySource, ComplicityStatus } from '../../core/vocabulary.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Row of `trainings`; audiences, organisers, partners, trainers and topics are JSON arrays. */
export interface TrainingsTable {
  id: string;
  jurisdiction: JurisdictionCode;
  title: string;
  starts_on: string;
  ends_on: string;
  audiences: string;
  organisers: string;
  partners: string;
  trainers: string;
  topics: string;
  agreement_reference: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Row of `complicity_allegations`. */
export interface ComplicityAllegationsTable {
  id: string;
  jurisdiction: JurisdictionCode;
  received_on: string;
  source: ComplicitySource;
  source_reference: string | null;
  allegation: string;
  accused_agency_id: string | null;
  accused_agency_description: string | null;
  status: ComplicityStatus;
  assigned_agency_id: string | null;
  assigned_on: string | null;
  investigated_on: string | null;
  outcome: string | null;
  concluded_on: string | null;
  resulting_case_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Row of `period_certifications`: an agency certified its data for a period as complete. */
export interface PeriodCertificationsTable {
  id: string;
  jurisdiction: JurisdictionCode;
  agency_id: string;
  period_from: string;
  period_to: string;
  certified_by: string;
  certified_at: string;
  note: string | null;
}
