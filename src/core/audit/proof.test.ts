import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { hashLeaf, rootFromLeafHashes } from './hash.ts';
import type { Hash } from './hash.ts';
import {
  checkConsistency,
  checkInclusion,
  consistencyProofFromLeafHashes,
  inclusionProofFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './proof.ts';

// The published vectors are read where they live (shared test data), never copied into the repo.
const RFC6962_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/testdata/rfc6962',
);

function vectorFiles(sub: string): string[] {
  const dir = join(RFC6962_DIR, sub);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .map((name) => relative(RFC6962_DIR, join(dir, name)))
    .sort();
}

function readJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(RFC6962_DIR, relativePath), 'utf8'));
}

const b64 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'base64'));
const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  wantErr: boolean;
}

interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  wantErr: boolean;
}

interface ReferenceTree {
  leafInputsHex: string[];
  leafHashesHex: string[];
  rootHashesBySizeHex: string[];
}

/** Distinct leaf hashes, so that no mutation can survive by swapping two equal siblings. */
function leafHashes(n: number): Hash[] {
  return Array.from({ length: n }, (_, i) => hashLeaf(Buffer.from(`leaf ${i}`, 'utf8')));
}

function flipBit(hash: Hash, bit: number): Hash {
  const copy = Uint8Array.from(hash);
  copy[bit >> 3] = (copy[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return copy;
}

describe('published inclusion vectors (transparency-dev/merkle)', () => {
  const files = vectorFiles('testdata/inclusion');

  it('finds the vector files', () => {
    expect(files.length).toBeGreaterThan(80);
  });

  for (const file of files) {
    it(file, () => {
      const v = readJson(file) as InclusionVector;
      const check = checkInclusion({
        leafIndex: BigInt(v.leafIdx),
        treeSize: BigInt(v.treeSize),
        leafHash: b64(v.leafHash),
        proof: (v.proof ?? []).map(b64),
        root: b64(v.root),
      });
      expect(check.ok).toBe(!v.wantErr);
    });
  }
});

describe('published consistency vectors (transparency-dev/merkle)', () => {
  const files = vectorFiles('testdata/consistency');

  it('finds the vector files', () => {
    expect(files.length).toBeGreaterThan(80);
  });

  for (const file of files) {
    it(file, () => {
      const v = readJson(file) as ConsistencyVector;
      const check = checkConsistency({
        size1: BigInt(v.size1),
        size2: BigInt(v.size2),
        root1: b64(v.root1),
        root2: b64(v.root2),
        proof: (v.proof ?? []).map(b64),
      });
      expect(check.ok).toBe(!v.wantErr);
    });
  }
});

describe('reference_tree.json', () => {
  const tree = readJson('reference_tree.json') as ReferenceTree;
  const leaves = tree.leafInputsHex.map((input) => hashLeaf(hex(input)));

  it('leaf hashes are SHA-256(0x00 || input)', () => {
    expect(leaves.map((h) => Buffer.from(h).toString('hex'))).toEqual(tree.leafHashesHex);
  });

  it('roots for every size 0..8 match, and every proof between them verifies', () => {
    expect(tree.rootHashesBySizeHex).toHaveLength(9);
    tree.rootHashesBySizeHex.forEach((rootHex, size) => {
      const root = hex(rootHex);
      const prefix = leaves.slice(0, size);
      expect(Buffer.from(rootFromLeafHashes(prefix)).toString('hex')).toBe(rootHex);
      for (let i = 0; i < size; i++) {
        verifyInclusion({
          leafIndex: BigInt(i),
          treeSize: BigInt(size),
          leafHash: prefix[i]!,
          proof: inclusionProofFromLeafHashes(prefix, i),
          root,
        });
      }
      for (let size1 = 1; size1 <= size; size1++) {
        verifyConsistency({
          size1: BigInt(size1),
          size2: BigInt(size),
          root1: hex(tree.rootHashesBySizeHex[size1]!),
          root2: root,
          proof: consistencyProofFromLeafHashes(prefix, size1),
        });
      }
    });
  });
});

describe('verifyInclusion / verifyConsistency', () => {
  it('throw IntegrityViolation naming the problem', () => {
    const leaves = leafHashes(5);
    const root = rootFromLeafHashes(leaves);
    let caught: unknown;
    try {
      verifyInclusion({ leafIndex: 1n, treeSize: 5n, leafHash: leaves[1]!, proof: [], root });
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught, 'IntegrityViolation')).toBe(true);
    expect(caught).toMatchObject({ details: { problem: 'ProofLength', treeSize: '5' } });
    expect(() =>
      verifyConsistency({ size1: 3n, size2: 2n, root1: root, root2: root, proof: [] }),
    ).toThrow(/smaller than size1/);
  });

  it('handle sizes beyond 2^53 without losing precision', () => {
    // A tree of 2^60 + 1 leaves: leaf 2^60 is the lone right child of the root, so its proof is
    // the single perfect left subtree; a plausible stand-in hash is enough for the arithmetic.
    const big = 1n << 60n;
    const left = hashLeaf(Buffer.from('left subtree stand-in'));
    const leaf = hashLeaf(Buffer.from('last'));
    const root = rootFromLeafHashes([left, leaf]);
    expect(
      checkInclusion({ leafIndex: big, treeSize: big + 1n, leafHash: leaf, proof: [left], root }),
    ).toEqual({ ok: true });
    // Off by one beyond 2^53 is still seen: with Number sizes these would collapse together.
    expect(
      checkInclusion({
        leafIndex: big + 1n,
        treeSize: big + 2n,
        leafHash: leaf,
        proof: [left],
        root,
      }).ok,
    ).toBe(false);
  });
});

describe('generated proofs (property)', () => {
  const treeAndIndex = fc
    .integer({ min: 1, max: 200 })
    .chain((n) => fc.record({ n: fc.constant(n), m: fc.nat({ max: n - 1 }) }));

  it('every generated inclusion proof verifies', () => {
    fc.assert(
      fc.property(treeAndIndex, ({ n, m }) => {
        const leaves = leafHashes(n);
        const check = checkInclusion({
          leafIndex: BigInt(m),
          treeSize: BigInt(n),
          leafHash: leaves[m]!,
          proof: inclusionProofFromLeafHashes(leaves, m),
          root: rootFromLeafHashes(leaves),
        });
        expect(check).toEqual({ ok: true });
      }),
    );
  });

  it('every mutated inclusion proof fails', () => {
    fc.assert(
      fc.property(
        treeAndIndex,
        fc.nat(),
        fc.nat({ max: 255 }),
        fc.integer({ min: 1, max: 300 }),
        (tree, pick, bit, otherSize) => {
          const { n, m } = tree;
          const leaves = leafHashes(Math.max(n, otherSize));
          const prefix = leaves.slice(0, n);
          const proof = inclusionProofFromLeafHashes(prefix, m);
          const claim = {
            leafIndex: BigInt(m),
            treeSize: BigInt(n),
            leafHash: leaves[m]!,
            proof,
            root: rootFromLeafHashes(prefix),
          };
          const mutations = [
            { ...claim, proof: [...proof, hashLeaf(Buffer.from('extra'))] },
            { ...claim, leafIndex: BigInt((m + 1 + (pick % n)) % (n + 1)) },
            { ...claim, leafHash: flipBit(claim.leafHash, bit) },
            { ...claim, root: flipBit(claim.root, bit) },
          ];
          if (proof.length > 0) {
            const i = pick % proof.length;
            mutations.push({ ...claim, proof: proof.with(i, flipBit(proof[i]!, bit)) });
            mutations.push({ ...claim, proof: proof.toSpliced(i, 1) });
          }
          if (otherSize !== n) {
            // An old proof replayed against another tree head: that head's true root.
            mutations.push({
              ...claim,
              treeSize: BigInt(otherSize),
              root: rootFromLeafHashes(leaves.slice(0, otherSize)),
            });
          }
          for (const mutated of mutations) expect(checkInclusion(mutated).ok).toBe(false);
        },
      ),
    );
  });

  const sizePair = fc
    .integer({ min: 1, max: 200 })
    .chain((n) => fc.record({ size2: fc.constant(n), size1: fc.integer({ min: 1, max: n }) }));

  it('every generated consistency proof verifies', () => {
    fc.assert(
      fc.property(sizePair, ({ size1, size2 }) => {
        const leaves = leafHashes(size2);
        const check = checkConsistency({
          size1: BigInt(size1),
          size2: BigInt(size2),
          root1: rootFromLeafHashes(leaves.slice(0, size1)),
          root2: rootFromLeafHashes(leaves),
          proof: consistencyProofFromLeafHashes(leaves, size1),
        });
        expect(check).toEqual({ ok: true });
      }),
    );
  });

  it('every mutated consistency proof fails', () => {
    fc.assert(
      fc.property(
        sizePair.filter(({ size1, size2 }) => size1 < size2),
        fc.nat(),
        fc.nat({ max: 255 }),
        fc.integer({ min: 1, max: 300 }),
        ({ size1, size2 }, pick, bit, otherSize) => {
          const leaves = leafHashes(Math.max(size2, otherSize));
          const rootAt = (size: number): Hash => rootFromLeafHashes(leaves.slice(0, size));
          const proof = consistencyProofFromLeafHashes(leaves.slice(0, size2), size1);
          const claim = {
            size1: BigInt(size1),
            size2: BigInt(size2),
            root1: rootAt(size1),
            root2: rootAt(size2),
            proof,
          };
          const i = pick % proof.length;
          const mutations = [
            { ...claim, proof: proof.with(i, flipBit(proof[i]!, bit)) },
            { ...claim, proof: proof.toSpliced(i, 1) },
            { ...claim, proof: proof.toSpliced(i, 0, hashLeaf(Buffer.from('extra'))) },
            { ...claim, root1: flipBit(claim.root1, bit) },
            { ...claim, root2: flipBit(claim.root2, bit) },
          ];
          if (otherSize !== size1) {
            mutations.push({ ...claim, size1: BigInt(otherSize), root1: rootAt(otherSize) });
          }
          if (otherSize !== size2) {
            mutations.push({ ...claim, size2: BigInt(otherSize), root2: rootAt(otherSize) });
          }
          for (const mutated of mutations) expect(checkConsistency(mutated).ok).toBe(false);
        },
      ),
    );
  });
});
