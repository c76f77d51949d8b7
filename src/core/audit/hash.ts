/**
 * RFC 6962 §2.1 / RFC 9162 §2.1.1 Merkle tree hashing with SHA-256.
 *
 * Leaves and interior nodes get different one-byte prefixes (0x00, 0x01) so that a leaf can never
 * be passed off as an interior node (second-preimage resistance of the tree).
 */
import { createHash, hash } from 'node:crypto';

/** A SHA-256 digest: always exactly {@link HASH_SIZE} bytes. */
export type Hash = Uint8Array;

/** Length in bytes of every hash in the tree. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);

/** SHA-256(0x00 || data): the hash of one log entry. */
export function hashLeaf(data: Uint8Array): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

/**
 * SHA-256(0x00 || UTF-8 of `text`): the leaf hash of a text, without encoding it first. Equal to
 * `hashLeaf(new TextEncoder().encode(text))` for every string (both write a lone surrogate as
 * U+FFFD); the audit log stores such a text only when it is well formed.
 */
export function hashLeafText(text: string): Hash {
  // U+0000 is the one byte 0x00 in UTF-8: the prefix and the text hashed in one call.
  return hash('sha256', `\u0000${text}`, 'buffer');
}

// One buffer for the 65 bytes an interior node hashes: the one-shot hash (no Hash object per
// node) is about twice as fast, and an append hashes up to log2(n) nodes for its new root.
const nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);
nodeInput[0] = 0x01;

/** SHA-256(0x01 || left || right): the hash of an interior node. */
export function hashChildren(left: Hash, right: Hash): Hash {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return createHash('sha256').update(Uint8Array.of(0x01)).update(left).update(right).digest();
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeInput, 'buffer');
}

/** SHA-256 of the empty string: the root of a tree with no leaves. */
export function emptyRoot(): Hash {
  return createHash('sha256').digest();
}

/** True when both byte strings are identical (hashes are public, so no constant-time need). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

/** The largest power of two strictly smaller than `n` (n ≥ 2): where RFC 6962 splits a tree. */
export function splitPoint(n: bigint): bigint {
  if (n < 2n) throw new RangeError(`splitPoint needs n >= 2, got ${n}`);
  return 1n << BigInt((n - 1n).toString(2).length - 1);
}

/** Merkle Tree Hash of a list of leaf hashes, by the recursive definition of RFC 6962 §2.1. */
export function rootFromLeafHashes(leafHashes: readonly Hash[]): Hash {
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

function subtreeRoot(leafHashes: readonly Hash[], start: number, end: number): Hash {
  const n = end - start;
  if (n === 0) return emptyRoot();
  if (n === 1) return leafAt(leafHashes, start);
  const k = Number(splitPoint(BigInt(n)));
  return hashChildren(
    subtreeRoot(leafHashes, start, start + k),
    subtreeRoot(leafHashes, start + k, end),
  );
}

/** The leaf hash at `index`, which the caller has already bounds-checked. */
export function leafAt(leafHashes: readonly Hash[], index: number): Hash {
  const leaf = leafHashes[index];
  if (leaf === undefined) throw new RangeError(`no leaf at index ${index} of ${leafHashes.length}`);
  return leaf;
}

/** Hex encoding, for messages and test diagnostics. */
export function toHex(bytes: Uint8Array): string {
  // A view on the same memory, not a copy.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
