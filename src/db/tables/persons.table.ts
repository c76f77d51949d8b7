/** Row of `persons`: a suspect, victim or witness in one case, without identity (see person_identities). */
export interface PersonsTable {
  id: string;
  jurisdiction: string;
  case_id: string;
  role: string;
  label: string | null;
  sex: string | null;
  age_kind: string | null;
  age_years: number | null;
  citizenship: string | null;
  public_official: string | null;
  official_agency: string | null;
  official_position: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Row of `person_identities`: personal data, kept apart so that it can be encrypted. */
export interface PersonIdentitiesTable {
  person_id: string;
  jurisdiction: string;
  case_id: string;
  full_name: string | null;
  aliases: string | null;
  birth_date: string | null;
  document_number: string | null;
  contacts: string | null;
  address: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
