import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyRoot,
  equalBytes,
  hashChildren,
  hashLeaf,
  hashLeafText,
  rootFromLeafHashes,
  splitPoint,
  toHex,
} from './hash.ts';

describe('RFC 6962 hashing', () => {
  it('empty root is SHA-256 of nothing', () => {
    expect(toHex(emptyRoot())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(equalBytes(rootFromLeafHashes([]), emptyRoot())).toBe(true);
  });

  it('leaf and node hashes are domain-separated by their prefix byte', () => {
    // RFC 6962 reference: the leaf hash of the empty input.
    expect(toHex(hashLeaf(new Uint8Array()))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    const a = hashLeaf(Uint8Array.of(1));
    const b = hashLeaf(Uint8Array.of(2));
    const concatenated = Uint8Array.from([...a, ...b]);
    expect(equalBytes(hashChildren(a, b), hashLeaf(concatenated))).toBe(false);
    expect(equalBytes(rootFromLeafHashes([a, b]), hashChildren(a, b))).toBe(true);
  });

  it('hashes a node as SHA-256(0x01 || left || right), whatever the lengths of its children', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 40 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (odd, left, right) => {
          for (const [a, b] of [
            [left, right],
            [odd, right],
            [left, odd],
          ] as const) {
            const streamed = createHash('sha256').update(Uint8Array.of(1)).update(a).update(b);
            expect(toHex(hashChildren(a, b))).toBe(streamed.digest('hex'));
          }
          // The one-shot path reuses a buffer: earlier results must not change.
          const first = hashChildren(left, right);
          const copy = Uint8Array.from(first);
          hashChildren(right, left);
          expect(equalBytes(first, copy)).toBe(true);
        },
      ),
    );
  });

  it('hashes a text as the UTF-8 bytes TextEncoder gives, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const bytes = new TextEncoder().encode(text);
        expect(toHex(hashLeafText(text))).toBe(toHex(hashLeaf(bytes)));
      }),
    );
    expect(toHex(hashLeafText('a\ud800b'))).toBe(
      toHex(hashLeaf(new TextEncoder().encode('a\ud800b'))),
    );
  });

  it('splits at the largest power of two strictly below n', () => {
    expect([2n, 3n, 4n, 5n, 8n, 9n].map(splitPoint)).toEqual([1n, 2n, 2n, 4n, 4n, 8n]);
    expect(splitPoint((1n << 70n) + 1n)).toBe(1n << 70n);
    expect(() => splitPoint(1n)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.bigInt({ min: 2n, max: 1n << 80n }), (n) => {
        const k = splitPoint(n);
        expect(k < n && 2n * k >= n && (k & (k - 1n)) === 0n).toBe(true);
      }),
    );
  });

  it('equalBytes compares length and content', () => {
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(equalBytes(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
  });
});
