import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivableCells, feasibleRanges } from './check.ts';
import { isPrimarySensitive, publishedCounts, suppressTable, unodcRule } from './suppress.ts';
import type { DisclosureRule, Suppression } from './suppress.ts';
import { crossTable } from './table.ts';
import type { Dimension, LinearTable } from './table.ts';

interface VectorCell {
  readonly age: string;
  readonly geo: string;
  readonly freq: number;
  readonly primary?: boolean;
  readonly suppressed?: boolean;
}

const vector = JSON.parse(
  readFileSync('/work/shared/testdata/sdc/sdc-gausssuppression-small-counts.json', 'utf8'),
) as {
  params: { maxN: number; protectZeros: boolean };
  inner: VectorCell[];
  expected: Required<VectorCell>[];
};

const hiddenOf = (s: Suppression): Set<number> => new Set([...s.primary, ...s.secondary]);

/** Primary cells a reader could compute from what is published, by the independent checker. */
const exposedPrimaries = (table: LinearTable, s: Suppression): number[] =>
  derivableCells(table, hiddenOf(s)).filter((i) => s.primary.includes(i));

const cellAt = (table: LinearTable, ...key: string[]): number =>
  table.cells.findIndex((c) => c.key.join('/') === key.join('/'));

describe('the Statistics Norway vector (GaussSuppression, maxN = 1, zeros protected)', () => {
  const dimensions: Dimension[] = [
    { name: 'age', values: ['young', 'old'] },
    { name: 'geo', values: ['Iceland', 'Portugal', 'Spain'] },
  ];
  const table = crossTable(
    dimensions,
    vector.inner.map((c) => ({ key: [c.age, c.geo], count: c.freq })),
  );
  const result = suppressTable(table, vector.params);

  it('builds the totals the vector publishes', () => {
    for (const e of vector.expected)
      expect(table.cells[cellAt(table, e.age, e.geo)]?.count).toBe(e.freq);
    expect(table.cells).toHaveLength(vector.expected.length);
  });

  it('leaves no primary cell derivable and gives it a feasible range wider than a point', () => {
    expect(result.primary.length).toBeGreaterThan(0);
    expect(exposedPrimaries(table, result)).toEqual([]);
    const ranges = feasibleRanges(table, hiddenOf(result), 20);
    for (const p of result.primary) {
      const range = ranges.get(p);
      expect(range).toBeDefined();
      expect(range!.max - range!.min).toBeGreaterThan(0);
      expect(range!.min).toBeLessThanOrEqual(table.cells[p]!.count);
      expect(range!.max).toBeGreaterThanOrEqual(table.cells[p]!.count);
    }
  });

  it('reproduces the published pattern, since its candidate ordering is the same', () => {
    for (const e of vector.expected) {
      const status = result.status[cellAt(table, e.age, e.geo)];
      expect({
        cell: `${e.age}/${e.geo}`,
        primary: status === 'primary',
        suppressed: status !== 'published',
      }).toEqual({
        cell: `${e.age}/${e.geo}`,
        primary: e.primary,
        suppressed: e.suppressed,
      });
    }
  });
});

describe('edge cases', () => {
  const grid = (rows: number[][]): LinearTable =>
    crossTable(
      [
        { name: 'r', values: rows.map((_, i) => `r${i}`) },
        { name: 'c', values: (rows[0] ?? []).map((_, j) => `c${j}`) },
      ],
      rows.flatMap((row, i) => row.map((count, j) => ({ key: [`r${i}`, `c${j}`], count }))),
    );

  it('protects a lone small cell with a second cell in its row, in its column, and a fourth to close the rectangle', () => {
    const table = grid([
      [10, 10, 10],
      [10, 2, 10],
      [10, 10, 10],
    ]);
    const result = suppressTable(table);
    const hidden = hiddenOf(result);
    const inner = (i: number, j: number) => cellAt(table, `r${i}`, `c${j}`);
    expect(result.primary).toEqual([inner(1, 1)]);
    expect([0, 1, 2].filter((j) => hidden.has(inner(1, j))).length).toBe(2);
    expect([0, 1, 2].filter((i) => hidden.has(inner(i, 1))).length).toBe(2);
    expect(result.secondary).toHaveLength(3);
    expect(result.secondary.every((i) => table.cells[i]!.key.every((k) => k !== 'Total'))).toBe(
      true,
    );
    expect(exposedPrimaries(table, result)).toEqual([]);
  });

  it('hides a second category in a one-way table with its total', () => {
    const table = crossTable(
      [{ name: 'sex', values: ['female', 'male', 'unknown'] }],
      [
        { key: ['female'], count: 12 },
        { key: ['male'], count: 3 },
        { key: ['unknown'], count: 7 },
      ],
    );
    const result = suppressTable(table);
    expect(publishedCounts(table, result)).toEqual([12, 'x', 'x', 22]);
    expect(exposedPrimaries(table, result)).toEqual([]);
  });

  it('publishes zeros beside a small count, whose total is then small too', () => {
    const table = crossTable(
      [{ name: 'sex', values: ['female', 'male'] }],
      [
        { key: ['female'], count: 3 },
        { key: ['male'], count: 0 },
      ],
    );
    const result = suppressTable(table);
    expect(publishedCounts(table, result)).toEqual(['x', 0, 'x']);
    expect(exposedPrimaries(table, result)).toEqual([]);
  });

  it('publishes an all-zero table whole, and hides it whole when zeros are protected', () => {
    const table = grid([
      [0, 0],
      [0, 0],
    ]);
    expect(suppressTable(table).status.every((s) => s === 'published')).toBe(true);
    const strict = suppressTable(table, { maxN: 4, protectZeros: true });
    expect(strict.status.every((s) => s === 'primary')).toBe(true);
    expect(exposedPrimaries(table, strict)).toEqual([]);
  });

  it('publishes everything when nothing is sensitive', () => {
    const table = grid([
      [5, 9, 0],
      [6, 5, 12],
    ]);
    const result = suppressTable(table);
    expect(result.primary).toEqual([]);
    expect(result.secondary).toEqual([]);
    expect(publishedCounts(table, result)).toEqual(table.cells.map((c) => c.count));
  });

  it('protects through a hierarchy of totals (regions inside the national total)', () => {
    const table = crossTable(
      [
        {
          name: 'region',
          values: ['north', 'south', 'capital'],
          totals: [
            { code: 'provinces', of: ['north', 'south'] },
            { code: 'Total', of: ['provinces', 'capital'] },
          ],
        },
        { name: 'sex', values: ['female', 'male'] },
      ],
      [
        { key: ['north', 'female'], count: 2 },
        { key: ['north', 'male'], count: 9 },
        { key: ['south', 'female'], count: 8 },
        { key: ['south', 'male'], count: 7 },
        { key: ['capital', 'female'], count: 20 },
        { key: ['capital', 'male'], count: 15 },
      ],
    );
    expect(table.cells[cellAt(table, 'provinces', 'Total')]?.count).toBe(26);
    const result = suppressTable(table);
    expect(exposedPrimaries(table, result)).toEqual([]);
    expect(result.secondary.length).toBeGreaterThanOrEqual(3);
  });
});

describe('the primary rule', () => {
  it('is 1 to maxN, and zero only when asked', () => {
    expect([0, 1, 4, 5].map((n) => isPrimarySensitive(n, unodcRule))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect([0, 1, 2].map((n) => isPrimarySensitive(n, { maxN: 1, protectZeros: true }))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('prints one mark for every hidden cell, whatever the threshold', () => {
    const table = crossTable(
      [{ name: 'a', values: ['x', 'y', 'z'] }],
      [
        { key: ['x'], count: 8 },
        { key: ['y'], count: 9 },
        { key: ['z'], count: 30 },
      ],
    );
    const rule = { maxN: 9, protectZeros: false };
    expect(publishedCounts(table, suppressTable(table, rule))).toEqual(['x', 'x', 30, 47]);
  });
});

const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 }));
const rule: fc.Arbitrary<DisclosureRule> = fc.record({
  maxN: fc.integer({ min: 1, max: 4 }),
  protectZeros: fc.boolean(),
});

/** A random table of 2 or 3 dimensions; the first may carry a subtotal under its total. */
const table = fc
  .record({
    sizes: fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
      fc.tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
      ),
    ),
    subtotal: fc.boolean(),
  })
  .chain(({ sizes, subtotal }) => {
    const dimensions: Dimension[] = sizes.map((size, d) => {
      const values = Array.from({ length: size }, (_, v) => `d${d}v${v}`);
      return d === 0 && subtotal && size >= 3
        ? {
            name: `d${d}`,
            values,
            totals: [
              { code: 'sub', of: values.slice(0, 2) },
              { code: 'Total', of: ['sub', ...values.slice(2)] },
            ],
          }
        : { name: `d${d}`, values };
    });
    const inner = sizes.reduce((n, s) => n * s, 1);
    return fc.array(count, { minLength: inner, maxLength: inner }).map((counts) => {
      const keys = dimensions.reduce<string[][]>(
        (acc, d) => acc.flatMap((prefix) => d.values.map((v) => [...prefix, v])),
        [[]],
      );
      return crossTable(
        dimensions,
        keys.map((key, i) => ({ key, count: counts[i] ?? 0 })),
      );
    });
  });

describe('property: random 2-D and 3-D tables with totals', () => {
  it('hides every small count, publishes the rest unchanged, and leaves no hidden small count derivable', () => {
    fc.assert(
      fc.property(table, rule, (t, r) => {
        const result = suppressTable(t, r);
        const faces = publishedCounts(t, result);
        t.cells.forEach((cell, i) => {
          if (isPrimarySensitive(cell.count, r)) expect(result.status[i]).toBe('primary');
          else expect(result.status[i]).not.toBe('primary');
          if (result.status[i] === 'published') expect(faces[i]).toBe(cell.count);
          else expect(typeof faces[i]).toBe('string');
        });
        expect(exposedPrimaries(t, result)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('hides no cell in vain: publishing any one secondary cell would expose a small count', () => {
    fc.assert(
      fc.property(table, rule, (t, r) => {
        const result = suppressTable(t, r);
        for (const s of result.secondary) {
          const hidden = hiddenOf(result);
          hidden.delete(s);
          const exposed = derivableCells(t, hidden).filter((i) => result.primary.includes(i));
          expect(exposed.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 60 },
    );
  });
});
