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
  /**
   * The tree's nodes this leaf completed, comma-separated hex: its own leaf hash (level 0), then
   * the perfect subtree of 2^k leaves it closed, for k = 1, 2, … while its index ends in k ones.
   * Null only in rows written outside the application (and in none after the upgrade).
   */
  nodes: string | null;
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

/**
 * Row of `merkle_nodes`: the hash of the perfect subtree at (level, idx). Written until December
 * 2026; the upgrade moved each node into its log row (`audit_log.nodes`) and left here only
 * those whose row was gone, which proofs and verify still read.
 */
export interface MerkleNodesTable {
  level: number;
  idx: number | string | bigint;
  hash: string;
}
