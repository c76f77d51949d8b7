/** Row of `victim_links`: whether two victim records are one person (see the migration). */
import type { JurisdictionCode } from '../../core/jurisdiction.ts';
export interface VictimLinksTable {
  id: string;
  jurisdiction: JurisdictionCode;
  person_a: string;
  person_b: string;
  /** `linked` | `distinct` | `withdrawn` */
  status: string;
  /** `certain` | `possible` */
  strength: string;
  /** JSON array of what matched: document, name, alias, birth date, birth year. */
  basis: string;
  decided_by: string;
  decided_at: string;
  reason: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}
