/** Row of `import_keys`: the record an external key of an imported source became. */
import type { JurisdictionCode } from '../../core/jurisdiction.ts';
export interface ImportKeysTable {
  id: string;
  jurisdiction: JurisdictionCode;
  source: string;
  /** case, person, charge or event. */
  kind: string;
  external_key: string;
  case_id: string;
  entity_id: string;
  /** SHA-256 of the fields last imported for it. */
  digest: string;
  version: number;
  created_at: string;
  updated_at: string;
}
