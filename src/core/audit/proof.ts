/**
 * Inclusion and consistency proofs.
 *
 * Generation here is the literal recursive definition over an in-memory list of leaf hashes
 * (RFC 6962 §2.1.1 PATH and §2.1.2 PROOF/SUBPROOF, unchanged in RFC 9162 §2.1.3.1 / §2.1.4.1):
 * it is the reference the persisted tree (`tree.ts`) is tested against, and it suits small
 * trees. Verification follows RFC 9162 §2.1.3.2 and §2.1.4.2 step by step, with sizes and
 * indices as `bigint` so that a verifier never silently loses precision beyond 2^53.
 */
import { DomainError } from '../errors.ts';
import {
  HASH_SIZE,
  equalBytes,
  hashChildren,
  leafAt,
  rootFromLeafHashes,
  splitPoint,
  toHex,
} from './hash.ts';
import type { Hash } from './hash.ts';

/** Why a proof was refused; stable codes a caller can branch on. */
export type ProofProblem =
  'HashLength' | 'IndexOutOfRange' | 'EmptyTree' | 'SizeOrder' | 'ProofLength' | 'RootMismatch';

/** Outcome of checking one proof: never throws, so batch verification can collect every failure. */
export type ProofCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly problem: ProofProblem; readonly message: string };

/** What an inclusion proof claims: the leaf with this hash is at `leafIndex` of the tree `root`. */
export interface InclusionClaim {
  readonly leafIndex: bigint;
  readonly treeSize: bigint;
  readonly leafHash: Hash;
  readonly proof: readonly Hash[];
  readonly root: Hash;
}

/** What a consistency proof claims: the tree (`size2`, `root2`) extends (`size1`, `root1`). */
export interface ConsistencyClaim {
  readonly size1: bigint;
  readonly size2: bigint;
  readonly root1: Hash;
  readonly root2: Hash;
  readonly proof: readonly Hash[];
}

const OK: ProofCheck = { ok: true };

function fail(problem: ProofProblem, message: string): ProofCheck {
  return { ok: false, problem, message };
}

function badHashLength(what: string, hash: Hash): ProofCheck | undefined {
  return hash.length === HASH_SIZE
    ? undefined
    : fail('HashLength', `${what} is ${hash.length} bytes, expected ${HASH_SIZE}`);
}

function badProofHashLength(proof: readonly Hash[]): ProofCheck | undefined {
  const i = proof.findIndex((h) => h.length !== HASH_SIZE);
  return i < 0 ? undefined : badHashLength(`proof[${i}]`, leafAt(proof, i));
}

const isOdd = (n: bigint): boolean => (n & 1n) === 1n;

/** Check an inclusion proof per RFC 9162 §2.1.3.2. */
export function checkInclusion(claim: InclusionClaim): ProofCheck {
  const { leafIndex, treeSize, leafHash, proof, root } = claim;
  const lengthProblem =
    badHashLength('leaf hash', leafHash) ??
    badHashLength('root', root) ??
    badProofHashLength(proof);
  if (lengthProblem) return lengthProblem;
  if (leafIndex < 0n || leafIndex >= treeSize) {
    return fail('IndexOutOfRange', `leaf index ${leafIndex} is outside a tree of size ${treeSize}`);
  }
  let fn = leafIndex;
  let sn = treeSize - 1n;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0n) {
      return fail('ProofLength', `proof is longer than a tree of size ${treeSize} needs`);
    }
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      // The node is the last of its level: skip the levels where it has no right sibling.
      while (!isOdd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) {
    return fail('ProofLength', `proof is shorter than a tree of size ${treeSize} needs`);
  }
  if (!equalBytes(r, root)) {
    return fail('RootMismatch', `proof leads to root ${toHex(r)}, expected ${toHex(root)}`);
  }
  return OK;
}

/** Check a consistency proof per RFC 9162 §2.1.4.2, with the edge cases the published vectors pin. */
export function checkConsistency(claim: ConsistencyClaim): ProofCheck {
  const { size1, size2, root1, root2, proof } = claim;
  // Every tree extends the empty tree, so a proof from size 0 proves nothing; the reference
  // vectors treat it as an error rather than a vacuous success, and so do we.
  if (size1 <= 0n)
    return fail('EmptyTree', `consistency from a tree of size ${size1} is meaningless`);
  if (size2 < size1) return fail('SizeOrder', `size2 (${size2}) is smaller than size1 (${size1})`);
  if (size1 === size2) {
    if (proof.length > 0) {
      return fail('ProofLength', `trees of equal size need an empty proof, got ${proof.length}`);
    }
    // Nothing is hashed here, so identical byte strings are all that is required.
    return equalBytes(root1, root2)
      ? OK
      : fail('RootMismatch', `trees of equal size ${size1} have different roots`);
  }
  const lengthProblem =
    badHashLength('root1', root1) ?? badHashLength('root2', root2) ?? badProofHashLength(proof);
  if (lengthProblem) return lengthProblem;
  if (proof.length === 0) return fail('ProofLength', 'proof is empty');

  // Step 2: when size1 is a power of two its root is a node of the new tree, so the proof omits it.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1n;
  let sn = size2 - 1n;
  while (isOdd(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  const [first, ...rest] = path;
  if (first === undefined) return fail('ProofLength', 'proof is empty');
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0n) {
      return fail('ProofLength', `proof is longer than sizes ${size1} → ${size2} need`);
    }
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return fail('ProofLength', `proof is shorter than sizes ${size1} → ${size2} need`);
  if (!equalBytes(fr, root1)) {
    return fail('RootMismatch', `proof leads to root1 ${toHex(fr)}, expected ${toHex(root1)}`);
  }
  if (!equalBytes(sr, root2)) {
    return fail('RootMismatch', `proof leads to root2 ${toHex(sr)}, expected ${toHex(root2)}`);
  }
  return OK;
}

/** Throw IntegrityViolation unless the inclusion proof holds. */
export function verifyInclusion(claim: InclusionClaim): void {
  throwUnlessOk(checkInclusion(claim), {
    leafIndex: claim.leafIndex.toString(),
    treeSize: claim.treeSize.toString(),
  });
}

/** Throw IntegrityViolation unless the consistency proof holds. */
export function verifyConsistency(claim: ConsistencyClaim): void {
  throwUnlessOk(checkConsistency(claim), {
    size1: claim.size1.toString(),
    size2: claim.size2.toString(),
  });
}

function throwUnlessOk(check: ProofCheck, details: Record<string, unknown>): void {
  if (!check.ok) {
    throw new DomainError('IntegrityViolation', check.message, {
      details: { ...details, problem: check.problem },
    });
  }
}

/** True for 1, 2, 4, 8, … */
export function isPowerOfTwo(n: bigint): boolean {
  return n > 0n && (n & (n - 1n)) === 0n;
}

/**
 * Inclusion proof for the leaf at `index` in the tree made of `leafHashes`
 * (RFC 6962 §2.1.1 PATH, literally; O(n) hashing, for tests and small trees).
 */
export function inclusionProofFromLeafHashes(leafHashes: readonly Hash[], index: number): Hash[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) {
    throw new RangeError(`leaf index ${index} is outside a tree of size ${leafHashes.length}`);
  }
  return path(index, leafHashes);
}

function path(m: number, d: readonly Hash[]): Hash[] {
  const n = d.length;
  if (n <= 1) return [];
  const k = Number(splitPoint(BigInt(n)));
  if (m < k) return [...path(m, d.slice(0, k)), rootFromLeafHashes(d.slice(k))];
  return [...path(m - k, d.slice(k)), rootFromLeafHashes(d.slice(0, k))];
}

/**
 * Consistency proof from the first `size1` leaves to all of `leafHashes`
 * (RFC 6962 §2.1.2 PROOF, literally; O(n) hashing, for tests and small trees).
 */
export function consistencyProofFromLeafHashes(leafHashes: readonly Hash[], size1: number): Hash[] {
  if (!Number.isInteger(size1) || size1 <= 0 || size1 > leafHashes.length) {
    throw new RangeError(`size1 ${size1} is not in 1..${leafHashes.length}`);
  }
  return subproof(size1, leafHashes, true);
}

function subproof(m: number, d: readonly Hash[], complete: boolean): Hash[] {
  const n = d.length;
  if (m === n) return complete ? [] : [rootFromLeafHashes(d)];
  const k = Number(splitPoint(BigInt(n)));
  if (m <= k) return [...subproof(m, d.slice(0, k), complete), rootFromLeafHashes(d.slice(k))];
  return [...subproof(m - k, d.slice(k), false), rootFromLeafHashes(d.slice(0, k))];
}
