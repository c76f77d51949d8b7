import { sql } from 'kysely';
import type { Hash, MerkleNodeReader, NodeId, StoredNode } from '../../core/audit/index.ts';
import type { Executor } from '../schema.ts';
import type { AuditLogTable } from '../tables/audit-log.table.ts';
import { insertValues, onPostgres, runStatement } from './statements.ts';

/** The log's head row: its size, the hex RFC 6962 root of that many leaves, and its frontier. */
export interface AuditHead {
  readonly size: number;
  readonly rootHash: string;
  /** The frontier's hashes, comma-separated hex, largest subtree first; null before it was kept. */
  readonly frontier?: string | null;
}

function headOf(row: {
  size: number | string | bigint;
  root_hash: string;
  frontier: string | null;
}) {
  return { size: Number(row.size), rootHash: row.root_hash, frontier: row.frontier };
}

/** Reads the log head, locking it on PostgreSQL so that concurrent appends queue (SQLite transactions are already serial). */
export async function lockAuditHead(
  executor: Executor,
  engine: 'sqlite' | 'postgres',
): Promise<AuditHead | null> {
  // A fixed text (statements.ts): every append of the log runs it.
  const { rows } = await runStatement<{
    size: number | string;
    root_hash: string;
    frontier: string | null;
  }>(
    executor,
    engine === 'postgres'
      ? 'select size, root_hash, frontier from audit_head where id = 1 for update'
      : 'select size, root_hash, frontier from audit_head where id = 1',
    [],
  );
  const row = rows[0];
  return row === undefined ? null : headOf(row);
}

/** Reads the log head without locking it (for checkpoints and proofs). */
export async function readAuditHead(executor: Executor): Promise<AuditHead | null> {
  const row = await executor
    .selectFrom('audit_head')
    .select(['size', 'root_hash', 'frontier'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row === undefined ? null : headOf(row);
}

/** Writes the log head (with its frontier) after an append. */
export async function saveAuditHead(
  executor: Executor,
  head: AuditHead,
  at: string,
  exists: boolean,
): Promise<void> {
  const frontier = head.frontier ?? null;
  const postgres = onPostgres(executor);
  if (exists) {
    await runStatement(
      executor,
      postgres
        ? 'update audit_head set size = $1, root_hash = $2, frontier = $3, updated_at = $4 where id = 1'
        : 'update audit_head set size = ?, root_hash = ?, frontier = ?, updated_at = ? where id = 1',
      [head.size, head.rootHash, frontier, at],
    );
  } else {
    await insertValues(
      executor,
      'audit_head',
      ['id', 'size', 'root_hash', 'frontier', 'updated_at'],
      [[1, head.size, head.rootHash, frontier, at]],
      1,
    );
  }
}

// Each log row is ten bound parameters: 100 rows stay below SQLite's and PostgreSQL's limits.
const LOG_CHUNK = 100;

const LOG_COLUMNS = [
  'idx',
  'at',
  'actor_id',
  'action',
  'entity_type',
  'entity_id',
  'case_id',
  'leaf',
  'leaf_hash',
  'nodes',
] as const;

/** Appends log rows (in index order), a hundred to an INSERT. */
export async function insertAuditEntries(
  executor: Executor,
  rows: readonly AuditLogTable[],
): Promise<void> {
  await insertValues(
    executor,
    'audit_log',
    LOG_COLUMNS,
    rows.map((row) => LOG_COLUMNS.map((column) => row[column])),
    LOG_CHUNK,
  );
}

/** The log rows about one entity, oldest first. */
export function findAuditEntriesForEntity(
  executor: Executor,
  entityType: string,
  entityId: string,
) {
  return executor
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('idx')
    .execute();
}

/** The log rows of one case (the case and everything in it), oldest first. */
export function findAuditEntriesForCase(executor: Executor, caseId: string) {
  return executor
    .selectFrom('audit_log')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('idx')
    .execute();
}

/** Log rows with indices in [from, to), oldest first. */
export function findAuditEntriesRange(executor: Executor, from: number, to: number) {
  return executor
    .selectFrom('audit_log')
    .selectAll()
    .where('idx', '>=', from)
    .where('idx', '<', to)
    .orderBy('idx')
    .execute();
}

/** Log rows with one of `actions`, oldest first (reports over reads and approvals). */
export function findAuditEntriesByAction(executor: Executor, actions: readonly string[]) {
  return executor
    .selectFrom('audit_log')
    .selectAll()
    .where('action', 'in', [...actions])
    .orderBy('idx')
    .execute();
}

/** The largest log index present, or null for an empty table. */
export async function maxAuditIndex(executor: Executor): Promise<number | null> {
  const row = await executor
    .selectFrom('audit_log')
    .select(sql<number | string | null>`max(idx)`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n === null ? null : Number(row.n);
}

const fromHexText = (text: string): Hash => Uint8Array.from(Buffer.from(text, 'hex'));

function sqlIndex(index: bigint): number {
  // Indices travel as numbers: both drivers bind them exactly below 2^53, far beyond any log.
  if (index > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`index ${index} exceeds 2^53`);
  return Number(index);
}

const SELECT_CHUNK = 200;

/** The index of the leaf that completes the perfect subtree `id`: its last leaf. */
function completedBy(id: NodeId): bigint {
  return ((id.index + 1n) << BigInt(id.level)) - 1n;
}

/**
 * The Merkle tree's perfect-subtree hashes, read inside `executor`: each node from the log row
 * of the leaf that completed it (`audit_log.nodes`, position = level), and a node that no row
 * holds from `merkle_nodes`, where a database written before December 2026 keeps the nodes
 * whose rows were gone when it was upgraded. Hashes are lowercase hex text on both engines.
 */
export function merkleNodeReader(executor: Executor): MerkleNodeReader {
  return {
    async getNodes(ids: readonly NodeId[]): Promise<readonly StoredNode[]> {
      const found: StoredNode[] = [];
      const missing: NodeId[] = [];
      for (let i = 0; i < ids.length; i += SELECT_CHUNK) {
        const chunk = ids.slice(i, i + SELECT_CHUNK);
        const rowIndices = [...new Set(chunk.map((id) => sqlIndex(completedBy(id))))];
        const rows = await executor
          .selectFrom('audit_log')
          .select(['idx', 'nodes'])
          .where('idx', 'in', rowIndices)
          .execute();
        const nodesOf = new Map(rows.map((row) => [Number(row.idx), row.nodes]));
        for (const id of chunk) {
          const hex = nodesOf.get(sqlIndex(completedBy(id)))?.split(',')[id.level];
          if (hex === undefined || hex === '') missing.push(id);
          else found.push({ level: id.level, index: id.index, hash: fromHexText(hex) });
        }
      }
      if (missing.length > 0) found.push(...(await legacyNodes(executor, missing)));
      return found;
    },
  };
}

/** Nodes among `ids` that `merkle_nodes` still holds (see `merkleNodeReader`). */
async function legacyNodes(executor: Executor, ids: readonly NodeId[]): Promise<StoredNode[]> {
  const found: StoredNode[] = [];
  for (let i = 0; i < ids.length; i += SELECT_CHUNK) {
    const chunk = ids.slice(i, i + SELECT_CHUNK);
    const rows = await executor
      .selectFrom('merkle_nodes')
      .select(['level', 'idx', 'hash'])
      .where((eb) =>
        eb.or(
          chunk.map((id) =>
            eb.and([eb('level', '=', id.level), eb('idx', '=', sqlIndex(id.index))]),
          ),
        ),
      )
      .execute();
    for (const row of rows) {
      found.push({ level: Number(row.level), index: BigInt(row.idx), hash: fromHexText(row.hash) });
    }
  }
  return found;
}

/** How many nodes are stored at each level (extra nodes beyond the tree show tampering). */
export async function countMerkleNodesByLevel(
  executor: Executor,
): Promise<{ level: number; count: number; maxIndex: number }[]> {
  const rows = await executor
    .selectFrom('merkle_nodes')
    .select([
      'level',
      sql<number | string>`count(*)`.as('n'),
      sql<number | string>`max(idx)`.as('maxIdx'),
    ])
    .groupBy('level')
    .orderBy('level')
    .execute();
  return rows.map((row) => ({
    level: Number(row.level),
    count: Number(row.n),
    maxIndex: Number(row.maxIdx),
  }));
}

/** The head an append expects to find: its size and frontier exactly as stored. */
export interface ExpectedHead {
  readonly size: number;
  readonly frontier: string;
}

const appendTexts = new Map<number, string>();

/** PostgreSQL: one statement moves the head if it is still `expected` and only then inserts. */
function appendOnHeadText(rows: number): string {
  const known = appendTexts.get(rows);
  if (known !== undefined) return known;
  let n = 6;
  const types = LOG_COLUMNS.map((column) => (column === 'idx' ? 'bigint' : 'text'));
  const tuples = Array.from(
    { length: rows },
    () => `(${types.map((type) => `$${(n += 1)}::${type}`).join(', ')})`,
  );
  const text =
    'with h as (update audit_head set size = $1, root_hash = $2, frontier = $3, updated_at = $4 where id = 1 and size = $5 and frontier = $6 returning id)' +
    `, l as (insert into audit_log (${LOG_COLUMNS.map((c) => `"${c}"`).join(', ')}) select * from (values ${tuples.join(', ')}) as v where exists (select from h))` +
    ' select count(*) as n from h';
  appendTexts.set(rows, text);
  return text;
}

/** Log rows one `appendOnHead` takes at most (PostgreSQL binds them in one statement). */
export const APPEND_ON_HEAD_ROWS = LOG_CHUNK;

/**
 * An append on a head known in advance (the one this process wrote last): the head becomes
 * `next` only if it still is `expected` (same size, same frontier), and the log rows (which
 * carry their tree nodes) are inserted only then, in the caller's transaction. False, with
 * nothing written, when the head is not what was expected (another process appended, a
 * transaction rolled back): the caller then reads the head and appends on it. PostgreSQL runs
 * it as one statement (its update takes the head's row lock as `lockAuditHead` does); SQLite
 * as the update and the insert.
 */
export async function appendOnHead(
  executor: Executor,
  expected: ExpectedHead,
  next: AuditHead,
  at: string,
  rows: readonly AuditLogTable[],
): Promise<boolean> {
  if (rows.length > APPEND_ON_HEAD_ROWS) {
    throw new RangeError(`appendOnHead takes at most ${APPEND_ON_HEAD_ROWS} rows`);
  }
  const headValues = [next.size, next.rootHash, next.frontier ?? null, at];
  if (onPostgres(executor)) {
    const parameters: unknown[] = [...headValues, expected.size, expected.frontier];
    for (const row of rows) for (const column of LOG_COLUMNS) parameters.push(row[column]);
    const { rows: result } = await runStatement<{ n: number | string }>(
      executor,
      appendOnHeadText(rows.length),
      parameters,
    );
    return Number(result[0]?.n ?? 0) === 1;
  }
  const moved = await runStatement(
    executor,
    'update audit_head set size = ?, root_hash = ?, frontier = ?, updated_at = ? where id = 1 and size = ? and frontier = ?',
    [...headValues, expected.size, expected.frontier],
  );
  if (moved.numAffectedRows !== 1n) return false;
  await insertAuditEntries(executor, rows);
  return true;
}
