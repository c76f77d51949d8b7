import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './ids.ts';

describe('timeOrderedId', () => {
  it('makes UUIDv7s: the time, version 7, the variant, and random bits that differ', () => {
    const before = Date.now();
    // More ids than one block of random bytes holds (4 KiB: 256 ids), so that blocks are refilled.
    const ids = Array.from({ length: 5000 }, () => timeOrderedId());
    const after = Date.now();
    const seen = new Set<string>();
    const tails = new Set<string>();
    const variants = new Set<string>();
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
      expect(ms).toBeGreaterThanOrEqual(before);
      // A millisecond's 4,096 counter values used up borrow the next ones.
      expect(ms).toBeLessThanOrEqual(after + 2);
      seen.add(id);
      tails.add(id.slice(19));
      variants.add(id.charAt(19));
    }
    expect(seen.size).toBe(ids.length);
    // 62 random bits each: two alike would be a broken source or a block drawn twice.
    expect(tails.size).toBe(ids.length);
    expect([...variants].sort()).toEqual(['8', '9', 'a', 'b']);
  });

  it('sorts in the order the ids were made', () => {
    const ids = Array.from({ length: 10000 }, () => timeOrderedId());
    expect([...ids].sort()).toEqual(ids);
  });

  it('spreads the random bits: each hex digit of the random part takes every value', () => {
    const ids = Array.from({ length: 2000 }, () => timeOrderedId());
    for (const position of [20, 21, 22, 24, 30, 35]) {
      const digits = new Set(ids.map((id) => id.charAt(position)));
      expect(digits.size).toBe(16);
    }
  });
});
