import { DomainError } from '../../errors.ts';
import type { LinearTable } from './table.ts';

// An auditor's check of a suppression pattern, written apart from the suppression algorithm
// (different formulation, different arithmetic) so that one mistake cannot hide in both: the
// algorithm asks whether a cell's coordinates lie in the span of the published cells'; this
// asks whether the equations left over the hidden cells pin one of them down.

/** An exact rational number, in lowest terms with a positive denominator. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

const ratio = (num: bigint, den = 1n): Ratio => {
  const sign = den < 0n ? -1n : 1n;
  let a = num < 0n ? -num : num;
  let b = den < 0n ? -den : den;
  while (b !== 0n) [a, b] = [b, a % b];
  const g = a === 0n ? 1n : a;
  return { num: (sign * num) / g, den: (sign * den) / g };
};
const sub = (x: Ratio, y: Ratio): Ratio => ratio(x.num * y.den - y.num * x.den, x.den * y.den);
const mul = (x: Ratio, y: Ratio): Ratio => ratio(x.num * y.num, x.den * y.den);
const div = (x: Ratio, y: Ratio): Ratio => ratio(x.num * y.den, x.den * y.num);

/**
 * A basis of the null space of the published equations restricted to the hidden cells: each
 * vector is a way to change the hidden cells that every published figure stays blind to.
 */
export function hiddenNullSpace(table: LinearTable, hidden: readonly number[]): Ratio[][] {
  const column = new Map(hidden.map((cell, j) => [cell, j]));
  const width = hidden.length;
  // Published cells move to the right-hand side; only their coefficients on hidden cells matter.
  const matrix: Ratio[][] = table.constraints.map((c) => {
    const row = Array.from({ length: width }, () => ratio(0n));
    const put = (cell: number, coefficient: bigint) => {
      const j = column.get(cell);
      if (j !== undefined) row[j] = ratio((row[j]?.num ?? 0n) + coefficient);
    };
    put(c.total, 1n);
    for (const part of c.parts) put(part, -1n);
    return row;
  });
  // Reduced row echelon form over the rationals.
  const pivotOf: number[] = [];
  let r = 0;
  for (let j = 0; j < width && r < matrix.length; j++) {
    const found = matrix.findIndex((row, i) => i >= r && row[j]?.num !== 0n);
    if (found < 0) continue;
    const pivotRow = matrix[found] ?? [];
    matrix[found] = matrix[r] ?? [];
    const lead = pivotRow[j] ?? ratio(1n);
    const normal = pivotRow.map((x) => div(x, lead));
    matrix[r] = normal;
    for (let i = 0; i < matrix.length; i++) {
      const row = matrix[i] ?? [];
      const factor = row[j] ?? ratio(0n);
      if (i === r || factor.num === 0n) continue;
      matrix[i] = row.map((x, k) => sub(x, mul(factor, normal[k] ?? ratio(0n))));
    }
    pivotOf.push(j);
    r++;
  }
  const pivots = new Set(pivotOf);
  const free = Array.from({ length: width }, (_, j) => j).filter((j) => !pivots.has(j));
  return free.map((f) => {
    const v = Array.from({ length: width }, () => ratio(0n));
    v[f] = ratio(1n);
    pivotOf.forEach((pj, i) => {
      v[pj] = sub(ratio(0n), matrix[i]?.[f] ?? ratio(0n));
    });
    return v;
  });
}

/**
 * The hidden cells a reader can compute exactly from the published cells and totals: those on
 * which every vector of the hidden null space is zero.
 */
export function derivableCells(table: LinearTable, hidden: ReadonlySet<number>): number[] {
  const cells = [...hidden].sort((a, b) => a - b);
  const nullSpace = hiddenNullSpace(table, cells);
  return cells.filter((_, j) => nullSpace.every((v) => v[j]?.num === 0n));
}

/** The smallest and largest value a hidden cell can take in a non-negative integer table. */
export interface FeasibleRange {
  readonly min: number;
  readonly max: number;
}

/**
 * The range of every hidden cell over all non-negative integer tables that agree with the
 * published cells, by exhaustive search with each hidden cell at most `bound` (the grand total
 * suits). Exponential: for small tables in tests only.
 */
export function feasibleRanges(
  table: LinearTable,
  hidden: ReadonlySet<number>,
  bound: number,
): Map<number, FeasibleRange> {
  const cells = [...hidden].sort((a, b) => a - b);
  if (cells.length > 8)
    throw new DomainError('ValidationFailed', 'exhaustive ranges are for at most 8 hidden cells');
  const value = table.cells.map((c, i) => (hidden.has(i) ? null : c.count));
  const position = new Map(cells.map((cell, j) => [cell, j]));
  // Each equation is checked as soon as its last hidden cell has been given a value.
  const checkAt = cells.map((): (typeof table.constraints)[number][] => []);
  for (const c of table.constraints) {
    const last = Math.max(-1, ...[c.total, ...c.parts].map((i) => position.get(i) ?? -1));
    if (last >= 0) checkAt[last]?.push(c);
  }
  const ranges = new Map<number, FeasibleRange>();
  const holds = (c: (typeof table.constraints)[number]) =>
    c.parts.reduce((s, i) => s + (value[i] ?? 0), 0) === value[c.total];
  const visit = (j: number): void => {
    if (j === cells.length) {
      for (const cell of cells) {
        const v = value[cell] ?? 0;
        const seen = ranges.get(cell);
        ranges.set(cell, {
          min: Math.min(seen?.min ?? v, v),
          max: Math.max(seen?.max ?? v, v),
        });
      }
      return;
    }
    const cell = cells[j] ?? 0;
    for (let v = 0; v <= bound; v++) {
      value[cell] = v;
      if ((checkAt[j] ?? []).every(holds)) visit(j + 1);
    }
    value[cell] = null;
  };
  visit(0);
  return ranges;
}
