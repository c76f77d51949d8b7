import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivableCells, feasibleRanges, hiddenNullSpace } from './check.ts';
import { derivableBySpan } from './gauss.ts';
import { crossTable } from './table.ts';
import type { LinearTable } from './table.ts';

const oneWay = crossTable(
  [{ name: 'sex', values: ['female', 'male'] }],
  [
    { key: ['female'], count: 3 },
    { key: ['male'], count: 8 },
  ],
);
const [female, male, total] = [0, 1, 2];

const square = crossTable(
  [
    { name: 'r', values: ['r0', 'r1'] },
    { name: 'c', values: ['c0', 'c1'] },
  ],
  [
    { key: ['r0', 'c0'], count: 1 },
    { key: ['r0', 'c1'], count: 6 },
    { key: ['r1', 'c0'], count: 7 },
    { key: ['r1', 'c1'], count: 9 },
  ],
);

describe('the independent checker', () => {
  it('finds a lone hidden category by subtraction from its total', () => {
    expect(derivableCells(oneWay, new Set([female]))).toEqual([female]);
    expect(derivableCells(oneWay, new Set([female, male]))).toEqual([]);
    expect(derivableCells(oneWay, new Set([female, total]))).toEqual([]);
  });

  it('finds three hidden corners of a rectangle, and not four', () => {
    expect(derivableCells(square, new Set([0, 1, 2]))).toEqual([0, 1, 2]);
    expect(derivableCells(square, new Set([0, 1, 2, 3]))).toEqual([]);
  });

  it('finds a cell pinned down by a chain through other hidden cells', () => {
    // Row r0 hidden with its total: r0c0 follows from column c0, then r0c1 and the row total.
    const r0Total = square.cells.findIndex((c) => c.key.join('/') === 'r0/Total');
    expect(derivableCells(square, new Set([0, 1, r0Total]))).toEqual([0, 1, r0Total]);
  });

  it('gives null-space vectors that every equation is blind to', () => {
    const hidden = [0, 1, 2, 3];
    const basis = hiddenNullSpace(square, hidden);
    expect(basis).toHaveLength(1);
    for (const c of square.constraints) {
      const coefficient = (cell: number) =>
        (cell === c.total ? 1n : 0n) - (c.parts.includes(cell) ? 1n : 0n);
      const v = basis[0]!;
      const scale = v.reduce((product, x) => product * x.den, 1n);
      const dot = hidden.reduce(
        (sum, cell, j) => sum + coefficient(cell) * v[j]!.num * (scale / v[j]!.den),
        0n,
      );
      expect(dot).toBe(0n);
    }
  });

  it('gives the range a hidden cell can take in non-negative integers', () => {
    const ranges = feasibleRanges(oneWay, new Set([female, male]), 11);
    expect(ranges.get(female)).toEqual({ min: 0, max: 11 });
    expect(ranges.get(male)).toEqual({ min: 0, max: 11 });
    // r0c0 = t forces r0c1 = 7 − t, r1c0 = 8 − t, r1c1 = 8 + t: t runs from 0 to 7.
    const square4 = feasibleRanges(square, new Set([0, 1, 2, 3]), 23);
    expect(square4.get(0)).toEqual({ min: 0, max: 7 });
  });
});

/** A random two-way table with its totals and a random set of hidden cells. */
const tableWithHidden = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
  .chain(([rows, cols]) =>
    fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: rows * cols, maxLength: rows * cols })
      .map((counts): LinearTable =>
        crossTable(
          [
            { name: 'r', values: Array.from({ length: rows }, (_, i) => `r${i}`) },
            { name: 'c', values: Array.from({ length: cols }, (_, j) => `c${j}`) },
          ],
          counts.map((count, k) => ({ key: [`r${Math.floor(k / cols)}`, `c${k % cols}`], count })),
        ),
      ),
  )
  .chain((table) =>
    fc.subarray(table.cells.map((_, i) => i)).map((hidden) => ({ table, hidden: new Set(hidden) })),
  );

describe('property: the checker and the algorithm judge derivability alike', () => {
  it('agree on every random hidden set, from their different formulations', () => {
    fc.assert(
      fc.property(tableWithHidden, ({ table, hidden }) => {
        expect(derivableCells(table, hidden)).toEqual(derivableBySpan(table, hidden));
      }),
      { numRuns: 300 },
    );
  });
});
