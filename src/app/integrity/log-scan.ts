import {
  checkConsistency,
  consistencyProofAt,
  decodeAuditLeaf,
  equalBytes,
  foldFromRight,
  hashChildren,
  hashLeaf,
  nodeKey,
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
  const tree = new Recomputation(problems);
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
    for (let index = start; index < pageEnd; index += 1) {
      const row = byIndex.get(index);
      if (row === undefined) {
        const stored = kept.get(index);
        problems.push({
          kind: 'LogEntryMissing',
          entry: index,
          message: `log entry ${index} is missing from the log table: it was deleted outside the application`,
        });
        if (stored === undefined) tree.lose(index);
        else await tree.addLeaf(index, stored, undefined, store);
        continue;
      }
      const nodes = row.nodes === null || row.nodes === '' ? [] : row.nodes.split(',');
      const stored = nodes[0] === undefined || nodes[0] === '' ? undefined : nodes[0];
      const bytes = new TextEncoder().encode(row.leaf);
      const leafHash = hashLeaf(bytes);
      await tree.addLeaf(index, leafHash, nodes, store);
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
    if (tree.size === pageEnd && wantedSizes.has(pageEnd)) scan.rootsAt.set(pageEnd, tree.root());
    start = pageEnd;
  }
  tree.finish();
  scan.frontier = [...tree.frontier];
  scan.size = tree.size;
  return scan;
}

/** How many tree nodes the leaf at `index` completes: itself, and one more per trailing 1 bit. */
function subtreesClosedBy(index: number): number {
  let count = 1;
  for (let rest = BigInt(index); (rest & 1n) === 1n; rest >>= 1n) count += 1;
  return count;
}

/**
 * The tree recomputed leaf by leaf from the entries, each node it completes compared with the
 * stored one: in the row of the leaf that completed it, or (for a row gone before the upgrade
 * of December 2026) in merkle_nodes. A row deleted since takes its leaf hash with it: the tree
 * then resumes from the smallest stored subtree that covers the lost entry (kept in a later
 * row), so one deleted entry does not hide the rest of the log; only the roots of sizes inside
 * that subtree cannot be recomputed.
 */
class Recomputation {
  frontier: StoredNode[] = [];
  /** Leaves the frontier covers. */
  size = 0;
  /**
   * A lost entry, the level of the subtree over it that the tree waits for, and the entries
   * after it in that subtree, recomputed apart so that their own nodes are still compared.
   */
  #gap: { entry: number; level: number; after: Recomputation } | undefined;
  readonly #problems: IntegrityProblem[];
  /** A piece of the tree after a lost entry: its first nodes have no left sibling to merge with. */
  readonly #piece: boolean;

  constructor(problems: IntegrityProblem[], piece = false) {
    this.#problems = problems;
    this.#piece = piece;
  }

  /** Entry `index` is gone with its leaf hash. */
  lose(index: number): void {
    if (this.#piece) return;
    if (this.#gap !== undefined) {
      // Inside the subtree awaited; if it would have been kept in this row, wait for a larger
      // one, kept in a later row.
      while (lastLeaf(this.#gap) <= index) this.#gap.level += 1;
      return;
    }
    this.#gap = {
      entry: index,
      level: subtreesClosedBy(index),
      after: new Recomputation(this.#problems, true),
    };
  }

  /**
   * Entry `index`, with its leaf hash and the nodes its row stores (undefined for a row gone
   * before the upgrade: its nodes are read from the store).
   */
  async addLeaf(
    index: number,
    leafHash: Hash,
    stored: readonly string[] | undefined,
    store: MerkleNodeReader,
  ): Promise<void> {
    const gap = this.#gap;
    if (gap === undefined) {
      await this.#push({ level: 0, index: BigInt(index), hash: leafHash }, stored, store);
      this.size = index + 1;
      return;
    }
    await gap.after.addLeaf(index, leafHash, stored, store);
    if (index !== lastLeaf(gap)) return;
    const id = { level: gap.level, index: BigInt(gap.entry) >> BigInt(gap.level) };
    const hex =
      stored === undefined
        ? (await store.getNodes([id])).map((node) => toHex(node.hash))[0]
        : stored[gap.level];
    if (hex === undefined || hex === '') {
      while (lastLeaf(gap) <= index) gap.level += 1;
      return;
    }
    // The stored subtree over the lost entry stands for the leaves it covers.
    const first = id.index << BigInt(id.level);
    for (
      let top = this.frontier.at(-1);
      top !== undefined && top.index << BigInt(top.level) >= first;
      top = this.frontier.at(-1)
    ) {
      this.frontier.pop();
    }
    this.#gap = undefined;
    await this.#push({ ...id, hash: Uint8Array.from(Buffer.from(hex, 'hex')) }, stored, store);
    this.size = index + 1;
  }

  /** Pushes a node onto the frontier, merging and comparing the nodes it completes. */
  async #push(
    node: StoredNode,
    stored: readonly string[] | undefined,
    store: MerkleNodeReader,
  ): Promise<void> {
    let current = node;
    const completed: StoredNode[] = [];
    while ((current.index & 1n) === 1n) {
      const left = this.frontier.at(-1);
      if (left === undefined || left.level !== current.level || left.index !== current.index - 1n) {
        // Only a piece after a lost entry lacks the left sibling; the whole tree never does.
        if (this.#piece) break;
        throw new Error(`the recomputed frontier has no left sibling for ${nodeKey(current)}`);
      }
      this.frontier.pop();
      current = {
        level: current.level + 1,
        index: current.index >> 1n,
        hash: hashChildren(left.hash, current.hash),
      };
      completed.push(current);
    }
    this.frontier.push(current);
    if (completed.length === 0) return;
    const found = new Map<string, string>();
    if (stored === undefined) {
      for (const kept of await store.getNodes(completed))
        found.set(nodeKey(kept), toHex(kept.hash));
    } else {
      for (const done of completed) found.set(nodeKey(done), stored[done.level] ?? '');
    }
    for (const done of completed) this.#compare(done, found.get(nodeKey(done)));
  }

  #compare(node: StoredNode, stored: string | undefined): void {
    const first = Number(node.index << BigInt(node.level));
    const last = first + 2 ** node.level - 1;
    if (stored === undefined || stored === '') {
      this.#problems.push({
        kind: 'TreeNodeMissing',
        message: `the tree node over entries ${first}..${last} (level ${node.level}) is missing`,
      });
    } else if (stored !== toHex(node.hash)) {
      this.#problems.push({
        kind: 'TreeNodeMismatch',
        entry: first,
        message: `the tree node over entries ${first}..${last} (level ${node.level}) does not match the entries under it`,
      });
    }
  }

  /** The root of the leaves covered so far. */
  root(): Hash {
    return foldFromRight(this.frontier.map((node) => node.hash));
  }

  /** At the end of the log: a lost entry no stored subtree covers leaves the tree short. */
  finish(): void {
    if (this.#gap === undefined) return;
    this.#problems.push({
      kind: 'TreeNodeMissing',
      entry: this.#gap.entry,
      message: `the tree cannot be recomputed past entry ${this.#gap.entry}: the entry, its leaf hash and every stored subtree over it are gone`,
    });
  }
}

/** The last leaf of the subtree of 2^level leaves over the lost entry (where it is stored). */
function lastLeaf(gap: { entry: number; level: number }): number {
  const width = 2 ** gap.level;
  return (Math.floor(gap.entry / width) + 1) * width - 1;
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
