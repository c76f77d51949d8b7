import { describe, expect, it } from 'vitest';
import { countOf, figure, listedCount, sectionOf } from './figures.ts';

describe('a section’s record lists', () => {
  const current = { total: countOf(['b', 'a', 'b']), byKind: { x: figure(7, ['c']) } };
  const previous = { total: countOf([]), byKind: { x: figure(null, []) } };

  it('say how many records each lists without the list, and list them sorted and distinct', () => {
    const section = sectionOf(current, previous);
    expect(listedCount(section.records, 'total')).toBe(2);
    expect(listedCount(section.records.byKind, 'x')).toBe(1);
    expect(listedCount(section.records, 'byKind')).toBeNull();
    expect(listedCount({ total: ['a'] }, 'total')).toBeNull();
    expect(section.records.total).toEqual(['a', 'b']);
    expect(section.records.byKind.x).toEqual(['c']);
  });

  it('hand out their lists frozen once the tree is frozen, and not before', () => {
    const open = sectionOf(current, previous).records;
    expect(Object.isFrozen(open.total)).toBe(false);
    const kept = sectionOf(current, previous).records;
    Object.freeze(kept);
    expect(Object.isFrozen(kept.total)).toBe(true);
    expect(() => Array.prototype.push.call(kept.total, 'z')).toThrow(TypeError);
  });
});
