import type { AgeKind, PersonRole, Sex, TriState } from '../../core/vocabulary.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Row of `persons`: a suspect, victim or witness in one case, without identity (see person_identities). */
export interface PersonsTable {
  id: string;
  jurisdiction: JurisdictionCode;
  case_id: string;
  role: PersonRole;
  label: string | null;
  sex: Sex | null;
  age_kind: AgeKind | null;
  age_years: number | null;
  citizenship: string | null;
  public_official: TriState | null;
  official_agency: string | null;
  official_position: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/**
 * Row of `person_identities`: personal data, kept apart and encrypted (src/app/crypto). The
 * plaintext columns of the first schema are always null: rows from before encryption are
 * sealed at start-up and nothing writes plaintext again. A shredded row keeps only
 * `shredded_at` and `shred_reason`.
 */
export interface PersonIdentitiesTable {
  person_id: string;
  jurisdiction: JurisdictionCode;
  case_id: string;
  full_name: string | null;
  aliases: string | null;
  birth_date: string | null;
  document_number: string | null;
  contacts: string | null;
  address: string | null;
  identity_ciphertext: string | null;
  identity_nonce: string | null;
  wrapped_key: string | null;
  key_id: string | null;
  shredded_at: string | null;
  shred_reason: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Row of `case_team`: a user added by hand to a case's team. */
export interface CaseTeamTable {
  case_id: string;
  jurisdiction: JurisdictionCode;
  user_id: string;
  added_by: string;
  added_at: string;
}
