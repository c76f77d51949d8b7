import { describe, expect, it } from 'vitest';
import { keyedBy } from './keyed.ts';

describe('keyedBy', () => {
  it('gives every listed key its value, in the list order', () => {
    const lengths = keyedBy(['a', 'bb', 'ccc'], (key) => key.length);
    expect(lengths).toEqual({ a: 1, bb: 2, ccc: 3 });
    expect(Object.keys(lengths)).toEqual(['a', 'bb', 'ccc']);
  });
});
