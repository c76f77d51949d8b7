import { DomainError } from '../../errors.ts';
import type { LinearTable } from './table.ts';

// Exact integer arithmetic throughout: a rounding error here would publish a derivable cell.

type Vector = bigint[];

const abs = (a: bigint): bigint => (a < 0n ? -a : a);

function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Divides a vector by the gcd of its entries so that fraction-free elimination stays small. */
function primitive(v: Vector): Vector {
  const g = v.reduce(gcd, 0n);
  return g <= 1n ? v : v.map((x) => x / g);
}

const isZero = (v: Vector): boolean => v.every((x) => x === 0n);

/** `v` with column `col` eliminated by `pivotRow` (whose entry at `col` is non-zero). */
function eliminate(v: Vector, pivotRow: Vector, col: number): Vector {
  const a = v[col] ?? 0n;
  if (a === 0n) return v;
  const p = pivotRow[col] ?? 0n;
  return primitive(v.map((x, i) => x * p - a * (pivotRow[i] ?? 0n)));
}

/**
 * A basis of the tables consistent with the constraints (the null space of the constraint
 * matrix), as one coordinate vector per cell: cell i's value is the dot product of row i with
 * the table's coordinates, so cell i is derivable from a set of cells exactly when its row lies
 * in the span of theirs.
 */
export function cellCoordinates(table: LinearTable): Vector[] {
  const n = table.cells.length;
  const rows: Vector[] = table.constraints.map((c) => {
    const row: Vector = Array.from({ length: n }, () => 0n);
    row[c.total] = 1n;
    for (const part of c.parts) row[part] = (row[part] ?? 0n) - 1n;
    return row;
  });
  const pivots: { row: Vector; col: number }[] = [];
  let remaining = rows;
  for (let col = 0; col < n && remaining.length > 0; col++) {
    const at = remaining.findIndex((r) => r[col] !== 0n);
    if (at < 0) continue;
    const pivot = remaining[at] ?? [];
    remaining = remaining.filter((_, i) => i !== at).map((r) => eliminate(r, pivot, col));
    for (const done of pivots) done.row = eliminate(done.row, pivot, col);
    pivots.push({ row: pivot, col });
  }
  const pivotCols = new Set(pivots.map((p) => p.col));
  const free = Array.from({ length: n }, (_, i) => i).filter((i) => !pivotCols.has(i));
  const scale = pivots.reduce((l, p) => {
    const v = abs(p.row[p.col] ?? 1n);
    return (l / gcd(l, v)) * v;
  }, 1n);
  // One basis vector per free cell: that cell is `scale`, the pivot cells follow from their rows.
  const basis = free.map((f) => {
    const v: Vector = Array.from({ length: n }, () => 0n);
    v[f] = scale;
    for (const p of pivots) v[p.col] = (-(p.row[f] ?? 0n) * scale) / (p.row[p.col] ?? 1n);
    return v;
  });
  return Array.from({ length: n }, (_, i) => basis.map((b) => b[i] ?? 0n));
}

/** An echelon basis of the span of the published cells' coordinates, reduced on every pivot. */
class PublishedSpan {
  private readonly pivots: { row: Vector; col: number }[] = [];

  /** What is left of `v` once everything the published cells determine is taken out. */
  residual(v: Vector): Vector {
    return this.pivots.reduce((r, p) => eliminate(r, p.row, p.col), v);
  }

  /** Adds a residual (non-zero, already reduced) to the basis. */
  add(residual: Vector): void {
    const col = residual.findIndex((x) => x !== 0n);
    for (const p of this.pivots) p.row = eliminate(p.row, residual, col);
    this.pivots.push({ row: residual, col });
  }
}

/** True when `a` and `b` (both non-zero) are multiples of each other. */
function parallel(a: Vector, b: Vector): boolean {
  const col = b.findIndex((x) => x !== 0n);
  const ai = a[col] ?? 0n;
  const bi = b[col] ?? 0n;
  return ai !== 0n && a.every((x, i) => x * bi === (b[i] ?? 0n) * ai);
}

/**
 * Secondary suppression by Gaussian elimination (after Statistics Norway's GaussSuppression):
 * every cell but the primary ones is considered in `order` (the most wanted published first)
 * and published unless that would make some primary cell derivable from the published cells;
 * the cells kept back are returned. Publishing a secondary cell later would reveal a primary one,
 * since the published span only grows.
 */
export function gaussSecondary(
  table: LinearTable,
  primary: readonly number[],
  order: readonly number[],
): number[] {
  const coordinates = cellCoordinates(table);
  const at = (i: number): Vector => coordinates[i] ?? [];
  const span = new PublishedSpan();
  const hidden = primary.map((p) => ({ cell: p, rest: at(p) }));
  for (const h of hidden)
    if (isZero(h.rest))
      throw new DomainError(
        'ValidationFailed',
        `cell ${table.cells[h.cell]?.key.join(' × ') ?? h.cell} is fixed by the totals alone and cannot be protected`,
      );
  const secondary: number[] = [];
  for (const cell of order) {
    const rest = span.residual(at(cell));
    if (isZero(rest)) continue; // already derivable from what is published: publishing adds nothing
    // With `rest` published, a primary becomes derivable exactly when its own residual is a multiple.
    if (hidden.some((h) => parallel(h.rest, rest))) {
      secondary.push(cell);
      continue;
    }
    span.add(rest);
    for (const h of hidden) h.rest = span.residual(h.rest);
  }
  return secondary;
}

/**
 * The hidden cells computable from the published ones, as the suppression algorithm sees it
 * (coordinates in the span of the published cells'); the tests hold it against the checker.
 */
export function derivableBySpan(table: LinearTable, hidden: ReadonlySet<number>): number[] {
  const coordinates = cellCoordinates(table);
  const span = new PublishedSpan();
  table.cells.forEach((_, i) => {
    if (hidden.has(i)) return;
    const rest = span.residual(coordinates[i] ?? []);
    if (!isZero(rest)) span.add(rest);
  });
  return [...hidden]
    .sort((a, b) => a - b)
    .filter((i) => isZero(span.residual(coordinates[i] ?? [])));
}
