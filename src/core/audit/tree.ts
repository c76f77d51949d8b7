/**
 * A persisted RFC 6962 Merkle tree: O(log n) appends, and proofs for any past size without
 * rebuilding anything.
 *
 * ## What is stored
 *
 * Only *perfect* subtrees, each stored once, when it becomes complete, and never changed:
 * the node `(level, index)` is the Merkle Tree Hash of the 2^level leaves
 * `[index·2^level, (index+1)·2^level)`. Level 0 holds the leaf hashes. This is the layout of
 * Trillian's subtree storage and of C2SP tlog-tiles (without the tiling); see also the
 * "compact range" of transparency-dev/merkle.
 *
 * ## Why it is enough
 *
 * Every subtree that RFC 6962 hashes (in a root, a PATH or a SUBPROOF) starts at a multiple of a
 * power of two at least as large as itself, so it splits into at most log2(n) perfect subtrees,
 * one per set bit of its width; its hash is those nodes folded from the right. Only the
 * right-most subtree of a proof can be partial, so a proof reads O(log n) stored nodes, and an
 * append reads the frontier (one node per set bit of the size) and writes O(log n) new nodes
 * (amortised 2 per leaf).
 *
 * Perfect nodes are immutable, so a tree of size n contains every node needed for every size
 * m ≤ n: proofs against old checkpoints need no history.
 */
import { DomainError } from '../errors.ts';
import { emptyRoot, hashChildren, splitPoint } from './hash.ts';
import type { Hash } from './hash.ts';

/** Address of a perfect subtree: it covers leaves `[index·2^level, (index+1)·2^level)`. */
export interface NodeId {
  /** Height above the leaves: 0 for a leaf hash, at most 63 for trees below 2^64 leaves. */
  readonly level: number;
  readonly index: bigint;
}

/** A perfect subtree with its Merkle Tree Hash. */
export interface StoredNode extends NodeId {
  readonly hash: Hash;
}

/**
 * Where the tree's perfect-subtree hashes live, read and written (`appendLeaves`; tests and
 * tools keep one in memory). The database only reads through a `MerkleNodeReader`: since
 * December 2026 it keeps every node in the log row of the leaf that completed it
 * (`audit_log.nodes`), written with that row.
 *
 * Contract:
 * - `getNodes` returns the stored nodes among `ids`, in any order; ids that are not stored are
 *   simply absent from the result (the caller decides whether that is an error). One call per
 *   append or proof, with O(log n) ids: `WHERE (level, idx) IN (…)` is the intended query.
 * - `putNodes` inserts all of `nodes` atomically, as part of the caller's transaction. A node is
 *   written exactly once in the life of the log; an existing `(level, idx)` must make the
 *   call fail (plain INSERT, no upsert): that is how a stale tree size or a concurrent append
 *   shows up instead of silently rewriting history.
 * - The store does not know the tree size. The caller keeps it (e.g. in the audit head row it
 *   locks for the append) and passes it in; appends must be serialised by the caller.
 */
export interface MerkleNodeStore extends MerkleNodeReader {
  /** Insert new nodes atomically; fail if any `(level, index)` already exists. */
  putNodes(nodes: readonly StoredNode[]): Promise<void>;
}

/**
 * Reads of the stored tree, which is all that roots and proofs need. The database keeps each
 * node in the log row of the leaf that completed it, written with that row (not through a store).
 */
export interface MerkleNodeReader {
  /** The stored nodes among `ids`, in any order; missing ones are left out. */
  getNodes(ids: readonly NodeId[]): Promise<readonly StoredNode[]>;
}

/** Key for maps of nodes: `level/index`. */
export function nodeKey(id: NodeId): string {
  return `${id.level}/${id.index}`;
}

/** A half-open range of leaves `[start, end)` whose Merkle Tree Hash a proof needs. */
export interface LeafRange {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * The perfect subtrees making up `[start, end)`, largest first. `start` must be a multiple of a
 * power of two ≥ the width, which holds for every range RFC 6962 hashes.
 */
export function perfectNodesOf(range: LeafRange): NodeId[] {
  const width = range.end - range.start;
  if (width < 0n) throw new RangeError(`empty range ${range.start}..${range.end}`);
  const ids: NodeId[] = [];
  let position = range.start;
  for (let level = width.toString(2).length - 1; level >= 0; level--) {
    const size = 1n << BigInt(level);
    if ((width & size) !== 0n) {
      if (position % size !== 0n) {
        throw new RangeError(`range ${range.start}..${range.end} is not aligned to a subtree`);
      }
      ids.push({ level, index: position >> BigInt(level) });
      position += size;
    }
  }
  return ids;
}

/** The frontier ("compact range") of a tree of `size` leaves: its perfect subtrees, largest first. */
export function frontierIds(size: bigint): NodeId[] {
  if (size < 0n) throw new RangeError(`negative tree size ${size}`);
  return perfectNodesOf({ start: 0n, end: size });
}

/** Fold perfect-subtree hashes, largest first, into the hash of the range they cover. */
export function foldFromRight(hashes: readonly Hash[]): Hash {
  const last = hashes.at(-1);
  if (last === undefined) return emptyRoot();
  return hashes.slice(0, -1).reduceRight((right, left) => hashChildren(left, right), last);
}

/** The ranges whose hashes form the inclusion proof of leaf `index` in a tree of `size`, leaf to root. */
export function inclusionProofRanges(index: bigint, size: bigint): LeafRange[] {
  if (index < 0n || index >= size) {
    throw new DomainError(
      'ValidationFailed',
      `leaf index ${index} is outside a tree of size ${size}`,
    );
  }
  const rootToLeaf: LeafRange[] = [];
  let lo = 0n;
  let hi = size;
  while (hi - lo > 1n) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      rootToLeaf.push({ start: lo + k, end: hi });
      hi = lo + k;
    } else {
      rootToLeaf.push({ start: lo, end: lo + k });
      lo += k;
    }
  }
  return rootToLeaf.reverse();
}

/** The ranges whose hashes form the consistency proof from `size1` to `size2`, in RFC order. */
export function consistencyProofRanges(size1: bigint, size2: bigint): LeafRange[] {
  if (size1 <= 0n || size1 > size2) {
    throw new DomainError(
      'ValidationFailed',
      `no consistency proof from size ${size1} to size ${size2}: need 0 < size1 <= size2`,
    );
  }
  // SUBPROOF of RFC 6962 §2.1.2, unrolled: descend towards the old tree's last leaf.
  const top: LeafRange[] = [];
  let lo = 0n;
  let hi = size2;
  let oldRootIsNode = true;
  while (size1 !== hi) {
    const k = splitPoint(hi - lo);
    if (size1 <= lo + k) {
      top.push({ start: lo + k, end: hi });
      hi = lo + k;
    } else {
      top.push({ start: lo, end: lo + k });
      lo += k;
      oldRootIsNode = false;
    }
  }
  if (!oldRootIsNode) top.push({ start: lo, end: hi });
  return top.reverse();
}

/** Read the given ranges' hashes from the store in one batch. */
async function hashRanges(store: MerkleNodeReader, ranges: readonly LeafRange[]): Promise<Hash[]> {
  const perRange = ranges.map(perfectNodesOf);
  const wanted = new Map<string, NodeId>();
  for (const id of perRange.flat()) wanted.set(nodeKey(id), id);
  const found = await readNodes(store, [...wanted.values()]);
  return perRange.map((ids) =>
    foldFromRight(
      ids.map((id) => {
        const node = found.get(nodeKey(id));
        if (node === undefined) throw missingNode(id);
        return node.hash;
      }),
    ),
  );
}

async function readNodes(
  store: MerkleNodeReader,
  ids: readonly NodeId[],
): Promise<Map<string, StoredNode>> {
  const found = new Map<string, StoredNode>();
  if (ids.length === 0) return found;
  for (const node of await store.getNodes(ids)) found.set(nodeKey(node), node);
  return found;
}

function missingNode(id: NodeId): DomainError {
  return new DomainError(
    'IntegrityViolation',
    `Merkle node (level ${id.level}, index ${id.index}) is not in the store: the tree is smaller than claimed or the store is damaged`,
    { details: { level: id.level, index: id.index.toString() } },
  );
}

/** Root hash of the first `size` leaves, from at most log2(size) stored nodes. */
export async function rootAt(store: MerkleNodeReader, size: bigint): Promise<Hash> {
  const [root] = await hashRanges(store, [{ start: 0n, end: size }]);
  return root ?? emptyRoot();
}

/** Inclusion proof (RFC 9162 §2.1.3.1) of leaf `index` in the tree of `size` leaves. */
export async function inclusionProofAt(
  store: MerkleNodeReader,
  index: bigint,
  size: bigint,
): Promise<Hash[]> {
  return hashRanges(store, inclusionProofRanges(index, size));
}

/** Consistency proof (RFC 9162 §2.1.4.1) from the tree of `size1` leaves to that of `size2`. */
export async function consistencyProofAt(
  store: MerkleNodeReader,
  size1: bigint,
  size2: bigint,
): Promise<Hash[]> {
  return hashRanges(store, consistencyProofRanges(size1, size2));
}

/** What an append computed: the nodes to insert and the new tree head. */
export interface AppendPlan {
  readonly size: bigint;
  readonly root: Hash;
  /** The new frontier, largest subtree first: keep it to plan the next append without a read. */
  readonly frontier: readonly StoredNode[];
  /** Every node that became complete, leaves included: insert all of them. */
  readonly nodes: readonly StoredNode[];
}

/**
 * Pure part of an append: given the frontier of a tree of `size` leaves (as `frontierIds(size)`
 * lists it), the nodes that appending `leafHashes` completes, and the new root.
 */
export function planAppend(
  frontier: readonly StoredNode[],
  size: bigint,
  leafHashes: readonly Hash[],
): AppendPlan {
  const expected = frontierIds(size);
  const matches =
    expected.length === frontier.length &&
    expected.every((id, i) => {
      const node = frontier[i];
      return node !== undefined && node.level === id.level && node.index === id.index;
    });
  if (!matches) {
    throw new DomainError(
      'IntegrityViolation',
      `the frontier given does not belong to a tree of size ${size}`,
      { details: { expected: expected.map(nodeKey), got: frontier.map(nodeKey) } },
    );
  }
  const stack = [...frontier];
  const nodes: StoredNode[] = [];
  let next = size;
  for (const hash of leafHashes) {
    let node: StoredNode = { level: 0, index: next, hash };
    nodes.push(node);
    // An odd index is a right child: its left sibling is the smallest subtree on the frontier.
    while ((node.index & 1n) === 1n) {
      const left = stack.pop();
      if (left === undefined || left.level !== node.level) {
        throw new Error(`frontier invariant broken at ${nodeKey(node)}`);
      }
      node = {
        level: node.level + 1,
        index: node.index >> 1n,
        hash: hashChildren(left.hash, node.hash),
      };
      nodes.push(node);
    }
    stack.push(node);
    next += 1n;
  }
  return { size: next, root: foldFromRight(stack.map((n) => n.hash)), frontier: stack, nodes };
}

/** The result of appending to a stored tree. */
export interface AppendResult {
  readonly size: bigint;
  readonly root: Hash;
  readonly nodesWritten: number;
}

/**
 * Append leaf hashes to the stored tree of `size` leaves: one read of O(log n) nodes, one
 * batch insert. Fails with VersionConflict when `size` is stale (a leaf already sits at
 * index `size`), IntegrityViolation when the frontier is missing (`size` too large).
 */
export async function appendLeaves(
  store: MerkleNodeStore,
  size: bigint,
  leafHashes: readonly Hash[],
): Promise<AppendResult> {
  const ids = frontierIds(size);
  const probe: NodeId = { level: 0, index: size };
  const found = await readNodes(store, [...ids, probe]);
  if (found.has(nodeKey(probe))) {
    throw new DomainError(
      'VersionConflict',
      `the audit tree already has a leaf at index ${size}: the size passed in is stale`,
      { details: { size: size.toString() } },
    );
  }
  const frontier = ids.map((id) => {
    const node = found.get(nodeKey(id));
    if (node === undefined) throw missingNode(id);
    return node;
  });
  const plan = planAppend(frontier, size, leafHashes);
  if (plan.nodes.length > 0) await store.putNodes(plan.nodes);
  return { size: plan.size, root: plan.root, nodesWritten: plan.nodes.length };
}

/** A `MerkleNodeStore` in a Map, for tests, benchmarks and offline verification tools. */
export class MemoryNodeStore implements MerkleNodeStore {
  readonly #nodes = new Map<string, StoredNode>();
  /** Ids asked for so far, to check that proofs stay O(log n). */
  idsRead = 0;

  /** The stored nodes among `ids`. */
  getNodes(ids: readonly NodeId[]): Promise<readonly StoredNode[]> {
    this.idsRead += ids.length;
    const found: StoredNode[] = [];
    for (const id of ids) {
      const node = this.#nodes.get(nodeKey(id));
      if (node !== undefined) found.push(node);
    }
    return Promise.resolve(found);
  }

  /** Insert all nodes, or none if one already exists (like a failed INSERT in a transaction). */
  putNodes(nodes: readonly StoredNode[]): Promise<void> {
    const clash = nodes.find((node) => this.#nodes.has(nodeKey(node)));
    if (clash !== undefined) {
      return Promise.reject(
        new DomainError('Conflict', `Merkle node ${nodeKey(clash)} is already stored`),
      );
    }
    for (const node of nodes) this.#nodes.set(nodeKey(node), node);
    return Promise.resolve();
  }

  /** Number of stored nodes. */
  get nodeCount(): number {
    return this.#nodes.size;
  }
}
