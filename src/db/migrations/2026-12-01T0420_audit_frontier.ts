import type { Kysely } from 'kysely';

/**
 * `audit_head.frontier`: the Merkle tree's frontier (the hashes of the perfect subtrees that
 * make up the whole tree, largest first, comma-separated hex) kept with the head, so that an
 * append reads the head row only instead of the head and O(log n) tree nodes (issue 16, part 3).
 * Null on a log written before this migration: the next append reads the frontier from
 * `merkle_nodes` and writes it here. Never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_head').addColumn('frontier', 'text').execute();
}

/** Drops the column `up` added. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_head').dropColumn('frontier').execute();
}
