import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { equalBytes, hashLeaf, rootFromLeafHashes, toHex } from './hash.ts';
import type { Hash } from './hash.ts';
import {
  checkConsistency,
  checkInclusion,
  consistencyProofFromLeafHashes,
  inclusionProofFromLeafHashes,
} from './proof.ts';
import {
  MemoryNodeStore,
  appendLeaves,
  consistencyProofAt,
  frontierIds,
  inclusionProofAt,
  perfectNodesOf,
  planAppend,
  rootAt,
} from './tree.ts';
import type { StoredNode } from './tree.ts';

function leafHashes(n: number, salt = ''): Hash[] {
  return Array.from({ length: n }, (_, i) => hashLeaf(Buffer.from(`${salt}leaf ${i}`, 'utf8')));
}

const hexAll = (hashes: readonly Hash[]): string[] => hashes.map(toHex);

/** Append `leaves` in batches of the given sizes (cycled), as a busy log would. */
async function buildTree(
  leaves: readonly Hash[],
  batches: readonly number[],
): Promise<MemoryNodeStore> {
  const store = new MemoryNodeStore();
  let size = 0n;
  let b = 0;
  while (size < BigInt(leaves.length)) {
    const take = Math.max(1, batches[b++ % batches.length] ?? 1);
    const result = await appendLeaves(store, size, leaves.slice(Number(size), Number(size) + take));
    size = result.size;
  }
  return store;
}

const asyncExpectThrows = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

describe('persisted tree: exhaustive for small trees', () => {
  it('roots and every proof equal the recursive definition for sizes 1..40', async () => {
    const leaves = leafHashes(40);
    const store = await buildTree(leaves, [1, 3, 2, 7]);
    for (let n = 0; n <= 40; n++) {
      const prefix = leaves.slice(0, n);
      expect(toHex(await rootAt(store, BigInt(n)))).toBe(toHex(rootFromLeafHashes(prefix)));
      for (let m = 0; m < n; m++) {
        expect(hexAll(await inclusionProofAt(store, BigInt(m), BigInt(n)))).toEqual(
          hexAll(inclusionProofFromLeafHashes(prefix, m)),
        );
      }
      for (let m = 1; m <= n; m++) {
        expect(hexAll(await consistencyProofAt(store, BigInt(m), BigInt(n)))).toEqual(
          hexAll(consistencyProofFromLeafHashes(prefix, m)),
        );
      }
    }
  });

  it('appending in one batch or one by one stores the same nodes and root', async () => {
    const leaves = leafHashes(37);
    const oneByOne = await buildTree(leaves, [1]);
    const single = new MemoryNodeStore();
    const result = await appendLeaves(single, 0n, leaves);
    expect(result.size).toBe(37n);
    expect(toHex(result.root)).toBe(toHex(rootFromLeafHashes(leaves)));
    // 37 leaves complete 37 + 18 + 9 + 4 + 2 + 1 perfect subtrees.
    expect(single.nodeCount).toBe(71);
    expect(oneByOne.nodeCount).toBe(71);
    expect(result.nodesWritten).toBe(71);
  });
});

describe('persisted tree: random sizes up to a few thousand (property)', () => {
  it('root and proofs equal the recursive definition', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3000 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        async (n, batches, picks) => {
          const leaves = leafHashes(n, `${n}:`);
          const store = await buildTree(leaves, batches);
          for (const [a, b] of picks) {
            const size = 1 + (a % n);
            const prefix = leaves.slice(0, size);
            const root = rootFromLeafHashes(prefix);
            expect(toHex(await rootAt(store, BigInt(size)))).toBe(toHex(root));

            const m = b % size;
            const inclusion = await inclusionProofAt(store, BigInt(m), BigInt(size));
            expect(hexAll(inclusion)).toEqual(hexAll(inclusionProofFromLeafHashes(prefix, m)));
            expect(
              checkInclusion({
                leafIndex: BigInt(m),
                treeSize: BigInt(size),
                leafHash: leaves[m]!,
                proof: inclusion,
                root,
              }).ok,
            ).toBe(true);

            const size1 = 1 + (b % size);
            const consistency = await consistencyProofAt(store, BigInt(size1), BigInt(size));
            expect(hexAll(consistency)).toEqual(
              hexAll(consistencyProofFromLeafHashes(prefix, size1)),
            );
            expect(
              checkConsistency({
                size1: BigInt(size1),
                size2: BigInt(size),
                root1: rootFromLeafHashes(leaves.slice(0, size1)),
                root2: root,
                proof: consistency,
              }).ok,
            ).toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('persisted tree: cost', () => {
  it('a proof reads O(log n) stored nodes and an append O(log n)', async () => {
    const n = 4099; // 2^12 + 3: a non-power-of-two size with a partial right subtree
    const store = await buildTree(leafHashes(n), [64]);
    const budget = 2 * Math.ceil(Math.log2(n)) + 2;

    store.idsRead = 0;
    await inclusionProofAt(store, 1234n, BigInt(n));
    expect(store.idsRead).toBeLessThanOrEqual(budget);

    store.idsRead = 0;
    await consistencyProofAt(store, 3000n, BigInt(n));
    expect(store.idsRead).toBeLessThanOrEqual(budget);

    store.idsRead = 0;
    const result = await appendLeaves(store, BigInt(n), leafHashes(1, 'next'));
    expect(store.idsRead).toBeLessThanOrEqual(Math.ceil(Math.log2(n)) + 1);
    // Leaf 4099 is odd: it completes (0,4099), (1,2049) and stops at the even (2,1024).
    expect(result.nodesWritten).toBe(3);
  });

  it('handles sizes beyond 2^53 (bigint throughout)', async () => {
    // Seed only the frontier of a huge tree with stand-in hashes: enough for appends and proofs
    // about the new leaves, which is all a store would ever be asked for.
    const size = (1n << 60n) + 5n;
    const store = new MemoryNodeStore();
    const frontier = frontierIds(size).map((id, i) => ({
      ...id,
      hash: hashLeaf(Buffer.from(`frontier ${i}`)),
    }));
    expect(frontier.map((f) => [f.level, f.index])).toEqual([
      [60, 0n],
      [2, (1n << 58n) + 0n],
      [0, (1n << 60n) + 4n],
    ]);
    await store.putNodes(frontier);
    const [leaf] = leafHashes(1, 'huge');
    const result = await appendLeaves(store, size, [leaf!]);
    expect(result.size).toBe(size + 1n);
    expect(toHex(await rootAt(store, size + 1n))).toBe(toHex(result.root));
    const proof = await inclusionProofAt(store, size, size + 1n);
    expect(
      checkInclusion({
        leafIndex: size,
        treeSize: size + 1n,
        leafHash: leaf!,
        proof,
        root: result.root,
      }).ok,
    ).toBe(true);
    const oldRoot = await rootAt(store, size);
    const consistency = await consistencyProofAt(store, size, size + 1n);
    expect(
      checkConsistency({
        size1: size,
        size2: size + 1n,
        root1: oldRoot,
        root2: result.root,
        proof: consistency,
      }).ok,
    ).toBe(true);
  });
});

describe('persisted tree: misuse is reported', () => {
  it('a stale size is a VersionConflict and writes nothing', async () => {
    const store = await buildTree(leafHashes(10), [4]);
    const before = store.nodeCount;
    const error = await asyncExpectThrows(appendLeaves(store, 9n, leafHashes(1, 'late')));
    expect(isDomainError(error, 'VersionConflict')).toBe(true);
    expect(store.nodeCount).toBe(before);
  });

  it('a size larger than the tree is an IntegrityViolation naming the missing node', async () => {
    const store = await buildTree(leafHashes(10), [4]);
    const error = await asyncExpectThrows(appendLeaves(store, 11n, leafHashes(1)));
    expect(isDomainError(error, 'IntegrityViolation')).toBe(true);
    expect(error).toMatchObject({ details: { level: 0, index: '10' } });
    const proofError = await asyncExpectThrows(inclusionProofAt(store, 3n, 12n));
    expect(isDomainError(proofError, 'IntegrityViolation')).toBe(true);
  });

  it('rejects an out-of-range index or size order', async () => {
    const store = await buildTree(leafHashes(4), [4]);
    expect(
      isDomainError(await asyncExpectThrows(inclusionProofAt(store, 4n, 4n)), 'ValidationFailed'),
    ).toBe(true);
    expect(
      isDomainError(await asyncExpectThrows(consistencyProofAt(store, 3n, 2n)), 'ValidationFailed'),
    ).toBe(true);
    expect(
      isDomainError(await asyncExpectThrows(consistencyProofAt(store, 0n, 2n)), 'ValidationFailed'),
    ).toBe(true);
  });

  it('planAppend refuses a frontier that does not match the size', () => {
    const wrong: StoredNode[] = [{ level: 1, index: 0n, hash: hashLeaf(new Uint8Array()) }];
    expect(() => planAppend(wrong, 3n, [])).toThrow(/does not belong to a tree of size 3/);
  });

  it('the memory store refuses to overwrite a node, like a primary key', async () => {
    const store = new MemoryNodeStore();
    const node = { level: 0, index: 0n, hash: hashLeaf(new Uint8Array()) };
    await store.putNodes([node]);
    const error = await asyncExpectThrows(store.putNodes([{ ...node, index: 1n }, node]));
    expect(isDomainError(error, 'Conflict')).toBe(true);
    expect(store.nodeCount).toBe(1);
  });

  it('perfectNodesOf refuses a misaligned range', () => {
    expect(perfectNodesOf({ start: 4n, end: 7n })).toEqual([
      { level: 1, index: 2n },
      { level: 0, index: 6n },
    ]);
    expect(() => perfectNodesOf({ start: 2n, end: 6n })).toThrow(/not aligned/);
  });

  it('planAppend keeps a frontier that continues the tree without a read', () => {
    const leaves = leafHashes(21);
    const first = planAppend([], 0n, leaves.slice(0, 13));
    const second = planAppend(first.frontier, first.size, leaves.slice(13));
    expect(equalBytes(second.root, rootFromLeafHashes(leaves))).toBe(true);
  });
});
