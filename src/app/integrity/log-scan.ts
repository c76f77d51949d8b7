import {
  checkConsistency,
  consistencyProofAt,
  decodeAuditLeaf,
  equalBytes,
  foldFromRight,
  hashLeaf,
  nodeKey,
  planAppend,
  toHex,
} from '../../core/audit/index.ts';
import type { Hash, JsonValue, MerkleNodeReader, StoredNode } from '../../core/audit/index.ts';
import {
  findAuditEntriesRange,
  maxAuditIndex,
  merkleNodeReader,
  readAuditHead,
} from '../../db/repositories/audit.repository.ts';
import type { Executor } from '../../db/schema.ts';
import { isEntityType } from '../audit/entities.ts';
import type { EntityType } from '../audit/entities.ts';
import { legacyCarriesRecord } from './legacy-records.ts';
import type { IntegrityProblem } from './problems.ts';

const PAGE = 1000;

/**
 * The state of a record as the log last vouched for it: from a version 2 entry, the record it
 * carried (`row` null once deleted); from a version 1 entry, the view it logged (`legacy`).
 */
export type LoggedState =
  | {
      readonly entry: number;
      readonly action: string;
      readonly shape: number;
      readonly row: Readonly<Record<string, JsonValue>> | null;
    }
  | {
      readonly entry: number;
      readonly action: string;
      readonly legacy: JsonValue;
    };

/** The state an entry vouches for, or undefined when it vouches for none (a read, a refusal). */
function stateOf(
  index: number,
  entry: ReturnType<typeof decodeAuditLeaf>,
): { type: EntityType; state: LoggedState } | undefined {
  if (!isEntityType(entry.entityType)) return undefined;
  const type = entry.entityType;
  if (entry.record !== undefined) {
    const record = entry.record;
    if (!isJsonObject(record)) return undefined;
    const shape = record['shape'];
    const row = record['row'];
    return {
      type,
      state: {
        entry: index,
        action: entry.action,
        shape: typeof shape === 'number' ? shape : 0,
        row: row !== undefined && isJsonObject(row) ? row : null,
      },
    };
  }
  if (!legacyCarriesRecord(type, entry.action)) return undefined;
  if (entry.before === null && entry.after === null) return undefined;
  return { type, state: { entry: index, action: entry.action, legacy: entry.after } };
}

/** Everything the log scan learns: the recomputed tree and the last logged state per record. */
interface Scan {
  size: number;
  frontier: StoredNode[];
  rootsAt: Map<number, Hash>;
  states: Map<string, LoggedState>;
}

/**
 * Reads the log in pages: recomputes the tree (stored leaves and interior nodes compared), the
 * root at each wanted size, and the last state the log vouched for per record.
 */
export async function scanLog(
  executor: Executor,
  problems: IntegrityProblem[],
  wantedSizes: ReadonlySet<number>,
): Promise<Scan> {
  const head = await readAuditHead(executor);
  const maxIndex = await maxAuditIndex(executor);
  const end = Math.max((maxIndex ?? -1) + 1, head?.size ?? 0);
  const store = merkleNodeReader(executor);
  const scan: Scan = { size: 0, frontier: [], rootsAt: new Map(), states: new Map() };
  if (wantedSizes.has(0)) scan.rootsAt.set(0, foldFromRight([]));
  let treeBroken = false;
  const boundaries = [...wantedSizes].filter((s) => s > 0).sort((a, b) => a - b);
  let start = 0;
  while (start < end) {
    // Pages stop at every checkpoint size, so the root at that size can be taken.
    const stop = boundaries.find((b) => b > start && b < start + PAGE) ?? start + PAGE;
    const pageEnd = Math.min(stop, end);
    const rows = await findAuditEntriesRange(executor, start, pageEnd);
    const byIndex = new Map(rows.map((row) => [Number(row.idx), row]));
    // The tree's own copy of each leaf hash is the first node its row carries; an entry whose
    // row is gone may still have it in merkle_nodes (a database upgraded from before December
    // 2026 keeps there the nodes whose rows were already gone).
    const absent: number[] = [];
    for (let index = start; index < pageEnd; index += 1) {
      if (!byIndex.has(index)) absent.push(index);
    }
    const kept = new Map(
      (await store.getNodes(absent.map((index) => ({ level: 0, index: BigInt(index) })))).map(
        (node) => [Number(node.index), node.hash],
      ),
    );
    const hashes: Hash[] = [];
    for (let index = start; index < pageEnd; index += 1) {
      const row = byIndex.get(index);
      if (row === undefined) {
        const stored = kept.get(index);
        problems.push({
          kind: 'LogEntryMissing',
          entry: index,
          message: `log entry ${index} is missing from the log table: it was deleted outside the application`,
        });
        // Without its leaf hash the tree cannot be recomputed past it; the entries after it
        // are still read, checked and replayed.
        if (stored === undefined) treeBroken = true;
        else if (!treeBroken) hashes.push(stored);
        continue;
      }
      const nodes = row.nodes === null || row.nodes === '' ? [] : row.nodes.split(',');
      const stored = nodes[0] === undefined || nodes[0] === '' ? undefined : nodes[0];
      const bytes = new TextEncoder().encode(row.leaf);
      const leafHash = hashLeaf(bytes);
      if (!treeBroken) hashes.push(leafHash);
      if (stored === undefined) {
        problems.push({
          kind: 'TreeNodeMissing',
          entry: index,
          message: `log entry ${index} (${row.action}) is not in the Merkle tree: it was inserted outside the application`,
        });
      } else if (stored !== toHex(leafHash)) {
        problems.push({
          kind: 'LogEntryAltered',
          entry: index,
          entityType: row.entity_type,
          entityId: row.entity_id,
          message: `log entry ${index} (${row.action} on ${row.entity_type} ${row.entity_id}) was altered after it was logged: its leaf no longer hashes to the tree's leaf ${stored}`,
        });
      }
      if (nodes.length > subtreesClosedBy(index)) {
        problems.push({
          kind: 'TreeNodeMismatch',
          entry: index,
          message: `log entry ${index} carries ${nodes.length} tree nodes, but its leaf completes ${subtreesClosedBy(index)}: nodes were added outside the application`,
        });
      }
      if (row.leaf_hash !== toHex(leafHash)) {
        problems.push({
          kind: 'LogColumnMismatch',
          entry: index,
          field: 'leaf_hash',
          message: `log entry ${index}: the leaf_hash column does not match the leaf`,
        });
      }
      let entry;
      try {
        entry = decodeAuditLeaf(bytes);
      } catch (error) {
        problems.push({
          kind: 'LogEntryMalformed',
          entry: index,
          message: `log entry ${index} is not a canonical audit leaf: ${error instanceof Error ? error.message : String(error)}`,
        });
        continue;
      }
      const columns: [string, unknown, unknown][] = [
        ['at', row.at, entry.at],
        ['actor_id', row.actor_id, entry.actor],
        ['action', row.action, entry.action],
        ['entity_type', row.entity_type, entry.entityType],
        ['entity_id', row.entity_id, entry.entityId],
        ['case_id', row.case_id, entry.caseId],
      ];
      for (const [field, column, leaf] of columns) {
        if (column !== leaf) {
          problems.push({
            kind: 'LogColumnMismatch',
            entry: index,
            field,
            message: `log entry ${index}: column ${field} says ${JSON.stringify(column)} but the signed leaf says ${JSON.stringify(leaf)}`,
          });
        }
      }
      const vouched = stateOf(index, entry);
      if (vouched !== undefined) {
        scan.states.set(`${vouched.type}\u0000${entry.entityId}`, vouched.state);
      }
    }
    if (hashes.length > 0) {
      const plan = planAppend(scan.frontier, BigInt(scan.size), hashes);
      await compareInteriorNodes(store, byIndex, plan.nodes, problems);
      scan.frontier = [...plan.frontier];
      scan.size = Number(plan.size);
      if (wantedSizes.has(scan.size)) scan.rootsAt.set(scan.size, plan.root);
    }
    start = pageEnd;
  }
  if (treeBroken) {
    problems.push({
      kind: 'TreeNodeMissing',
      entry: scan.size,
      message: `the tree cannot be recomputed past entry ${scan.size}: both the entry and its leaf hash are gone`,
    });
  }
  return scan;
}

/** How many tree nodes the leaf at `index` completes: itself, and one more per trailing 1 bit. */
function subtreesClosedBy(index: number): number {
  let count = 1;
  for (let rest = BigInt(index); (rest & 1n) === 1n; rest >>= 1n) count += 1;
  return count;
}

/**
 * Compares the interior nodes recomputed for a page with the stored ones: each in the row of
 * the leaf that completed it (on the page), else in merkle_nodes (see `merkleNodeReader`).
 */
async function compareInteriorNodes(
  store: MerkleNodeReader,
  rows: ReadonlyMap<number, { nodes: string | null }>,
  nodes: readonly StoredNode[],
  problems: IntegrityProblem[],
): Promise<void> {
  const interior = nodes.filter((node) => node.level > 0);
  const stored = new Map<string, string>();
  const elsewhere: StoredNode[] = [];
  for (const node of interior) {
    const last = Number(((node.index + 1n) << BigInt(node.level)) - 1n);
    const row = rows.get(last);
    if (row === undefined) elsewhere.push(node);
    else stored.set(nodeKey(node), row.nodes?.split(',')[node.level] ?? '');
  }
  for (const node of await store.getNodes(elsewhere)) stored.set(nodeKey(node), toHex(node.hash));
  for (const node of interior) {
    const found = stored.get(nodeKey(node));
    const first = Number(node.index << BigInt(node.level));
    const last = first + 2 ** node.level - 1;
    if (found === undefined || found === '') {
      problems.push({
        kind: 'TreeNodeMissing',
        message: `the tree node over entries ${first}..${last} (level ${node.level}) is missing`,
      });
    } else if (found !== toHex(node.hash)) {
      problems.push({
        kind: 'TreeNodeMismatch',
        entry: first,
        message: `the tree node over entries ${first}..${last} (level ${node.level}) does not match the entries under it`,
      });
    }
  }
}

/** A JSON object (not null, not an array). */
export function isJsonObject(value: JsonValue): value is { readonly [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a kept checkpoint against the log: not truncated, not rewritten, consistent with the head. */
export async function checkKept(
  executor: Executor,
  kept: { size: number; root: Hash },
  scan: Scan,
  root: Hash,
  problems: IntegrityProblem[],
): Promise<boolean> {
  if (kept.size > scan.size) {
    problems.push({
      kind: 'LogTruncated',
      entry: scan.size,
      message: `a kept checkpoint covers ${kept.size} entries but the log holds ${scan.size}: entries ${scan.size}..${kept.size - 1} were removed`,
    });
    return false;
  }
  const recomputed = scan.rootsAt.get(kept.size);
  if (recomputed === undefined || !equalBytes(recomputed, kept.root)) {
    problems.push({
      kind: 'LogRewritten',
      entry: kept.size,
      message: `the first ${kept.size} entries no longer hash to the root of the checkpoint kept at that size: an entry before ${kept.size} was changed or removed`,
    });
    return false;
  }
  if (kept.size === 0 || kept.size === scan.size) return true;
  try {
    const proof = await consistencyProofAt(
      merkleNodeReader(executor),
      BigInt(kept.size),
      BigInt(scan.size),
    );
    const check = checkConsistency({
      size1: BigInt(kept.size),
      root1: kept.root,
      size2: BigInt(scan.size),
      root2: root,
      proof,
    });
    if (!check.ok) {
      problems.push({
        kind: 'LogRewritten',
        message: `the stored tree gives no valid consistency proof from the checkpoint of ${kept.size} entries: ${check.message}`,
      });
      return false;
    }
  } catch (error) {
    problems.push({
      kind: 'TreeNodeMissing',
      message: `no consistency proof from ${kept.size} entries can be built: ${error instanceof Error ? error.message : String(error)}`,
    });
    return false;
  }
  return true;
}
