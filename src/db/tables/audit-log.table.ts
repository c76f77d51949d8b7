/** Row of `audit_log`; `idx` is a bigint (a string on PostgreSQL); `leaf` is the hashed leaf input. */
export interface AuditLogTable {
  idx: number | string | bigint;
  at: string;
  actor_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  case_id: string | null;
  leaf: string;
  leaf_hash: string;
}

/** Row of `audit_head`: the single row (id 1) holding the log's size and root. */
export interface AuditHeadTable {
  id: number;
  size: number | string | bigint;
  root_hash: string;
  updated_at: string;
  /** The tree's frontier at `size`, comma-separated hex, largest subtree first; null before it was kept. */
  frontier: string | null;
}

/** Row of `merkle_nodes`: the hash of the perfect subtree at (level, idx). */
export interface MerkleNodesTable {
  level: number;
  idx: number | string | bigint;
  hash: string;
}
