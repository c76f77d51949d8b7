import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * `audit_log.nodes`: the Merkle tree's nodes kept in the log row of the leaf that completed
 * them (comma-separated hex: the leaf hash, then the perfect subtree of 2^k leaves it closed,
 * k = 1, 2, … while the row's index ends in k one bits), so that an append writes its tree with
 * its row instead of one to several `merkle_nodes` rows in another table (issue 16, part 3).
 *
 * Every node of `merkle_nodes` whose row is in the log moves into that row; the nodes whose row
 * is gone (deleted outside the application) stay in `merkle_nodes`, where proofs and verify still
 * read them, so nothing is lost. The hashes do not change: checkpoints signed before still
 * verify. All of it lands or none: PostgreSQL runs it in the migrator's transaction, SQLite (whose
 * migrator runs none) in its own. Never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await atomically(db, () => moveIntoRows(db));
}

async function moveIntoRows(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('nodes', 'text').execute();
  const end = await logEnd(db);
  for (let start = 0; start < end; start += ROWS) {
    const stop = Math.min(start + ROWS, end);
    const byRow = new Map<number, string[]>();
    for (let level = 0; 2 ** level <= stop; level += 1) {
      const width = 2 ** level;
      // The node (level, i) is completed by leaf (i + 1)·width − 1; those in [start, stop).
      const from = Math.ceil((start + 1) / width) - 1;
      const to = Math.floor(stop / width) - 1;
      if (to < from) continue;
      const { rows } = await sql<{ idx: number | string; hash: string }>`
        select idx, hash from merkle_nodes where level = ${level} and idx >= ${from} and idx <= ${to}
      `.execute(db);
      for (const row of rows) {
        const last = (Number(row.idx) + 1) * width - 1;
        const hashes = byRow.get(last) ?? [];
        hashes[level] = row.hash;
        byRow.set(last, hashes);
      }
    }
    if (byRow.size === 0) continue;
    const values = [...byRow].map(
      ([idx, hashes]) =>
        sql`(cast(${idx} as bigint), ${Array.from(hashes, (hash) => hash ?? '').join(',')})`,
    );
    await sql`
      with v (idx, nodes) as (values ${sql.join(values)})
      update audit_log set nodes = v.nodes from v where audit_log.idx = v.idx
    `.execute(db);
  }
  for (let level = 0; 2 ** level <= end; level += 1) {
    await sql`
      delete from merkle_nodes where level = ${level} and exists (
        select 1 from audit_log
        where audit_log.idx = (merkle_nodes.idx + 1) * ${2 ** level} - 1 and audit_log.nodes is not null
      )
    `.execute(db);
  }
}

/** Moves the nodes back into `merkle_nodes` and drops the column. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await atomically(db, () => moveOutOfRows(db));
}

async function moveOutOfRows(db: Kysely<unknown>): Promise<void> {
  const end = await logEnd(db);
  for (let start = 0; start < end; start += ROWS) {
    const { rows } = await sql<{ idx: number | string; nodes: string | null }>`
      select idx, nodes from audit_log where idx >= ${start} and idx < ${start + ROWS} and nodes is not null
    `.execute(db);
    const values = rows.flatMap((row) =>
      (row.nodes ?? '')
        .split(',')
        .flatMap((hash, level) =>
          hash === ''
            ? []
            : [sql`(${level}, ${Math.floor(Number(row.idx) / 2 ** level)}, ${hash})`],
        ),
    );
    if (values.length > 0) {
      await sql`insert into merkle_nodes (level, idx, hash) values ${sql.join(values)}`.execute(db);
    }
  }
  await db.schema.alterTable('audit_log').dropColumn('nodes').execute();
}

/** Rows moved per statement (two bound parameters each). */
const ROWS = 500;

async function logEnd(db: Kysely<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number | string | null }>`
    select max(idx) as n from audit_log
  `.execute(db);
  const n = rows[0]?.n;
  return n === null || n === undefined ? 0 : Number(n) + 1;
}

/** Runs `work` in a transaction of its own on SQLite; PostgreSQL's migrator already runs one. */
async function atomically(db: Kysely<unknown>, work: () => Promise<void>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return work();
  await sql`begin`.execute(db);
  try {
    await work();
    await sql`commit`.execute(db);
  } catch (error) {
    await sql`rollback`.execute(db);
    throw error;
  }
}
