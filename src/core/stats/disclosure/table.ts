import { DomainError } from '../../errors.ts';

/** A published cell: its coordinates (one code per dimension, or a figure's path) and its count. */
export interface TableCell {
  readonly key: readonly string[];
  readonly count: number;
}

/** A published equation between cells (by index): `total` equals the sum of `parts`. */
export interface SumConstraint {
  readonly total: number;
  readonly parts: readonly number[];
}

/**
 * A table as a linear system: the counts of its cells and every published sum among them.
 * Disclosure is judged on this system alone: what a reader can compute from published cells
 * is exactly what these equations let them compute.
 */
export interface LinearTable {
  readonly cells: readonly TableCell[];
  readonly constraints: readonly SumConstraint[];
}

/** A classification variable with its categories and the aggregates published over them. */
export interface Dimension {
  readonly name: string;
  /** The innermost categories, in publication order. */
  readonly values: readonly string[];
  /**
   * Published aggregates over categories or over other aggregates (a hierarchy); defaults to
   * a single `Total` over every category.
   */
  readonly totals?: readonly { readonly code: string; readonly of: readonly string[] }[];
}

/** The code of the default aggregate of a dimension. */
export const totalCode = 'Total';

function invalid(message: string): DomainError {
  return new DomainError('ValidationFailed', message, {
    issues: [{ path: 'table', message }],
  });
}

/** The innermost categories each code of a dimension covers (a category covers itself). */
function leavesOf(dimension: Dimension): Map<string, ReadonlySet<string>> {
  const totals = dimension.totals ?? [{ code: totalCode, of: dimension.values }];
  const leaves = new Map<string, ReadonlySet<string>>(
    dimension.values.map((value) => [value, new Set([value])]),
  );
  if (leaves.size !== dimension.values.length)
    throw invalid(`dimension ${dimension.name}: repeated category`);
  const pending = new Map(totals.map((t) => [t.code, t.of]));
  if (pending.size !== totals.length) throw invalid(`dimension ${dimension.name}: repeated total`);
  // Aggregates may be listed in any order; resolve those whose parts are known until none is left.
  while (pending.size > 0) {
    let progressed = false;
    for (const [code, of] of pending) {
      if (leaves.has(code)) throw invalid(`dimension ${dimension.name}: ${code} defined twice`);
      const parts = of.map((part) => leaves.get(part));
      if (parts.some((p) => p === undefined)) continue;
      leaves.set(code, new Set(parts.flatMap((p) => [...(p ?? [])])));
      pending.delete(code);
      progressed = true;
    }
    if (!progressed)
      throw invalid(
        `dimension ${dimension.name}: unknown or circular parts in ${[...pending.keys()].join(', ')}`,
      );
  }
  return leaves;
}

function product<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((item) => [...prefix, item])),
    [[]],
  );
}

/**
 * Builds an n-dimensional frequency table with its published totals (every combination of
 * categories and aggregates) as a linear system; categories without a count are zero.
 */
export function crossTable(
  dimensions: readonly Dimension[],
  counts: readonly TableCell[],
): LinearTable {
  if (dimensions.length === 0) throw invalid('a table needs at least one dimension');
  const leaves = dimensions.map(leavesOf);
  const given = new Map<string, number>();
  for (const cell of counts) {
    if (
      cell.key.length !== dimensions.length ||
      cell.key.some((v, d) => !dimensions[d]?.values.includes(v))
    )
      throw invalid(`cell ${cell.key.join(' × ')} is not an inner cell of the table`);
    if (!Number.isInteger(cell.count) || cell.count < 0)
      throw invalid(`cell ${cell.key.join(' × ')}: a count is a non-negative integer`);
    const id = JSON.stringify(cell.key);
    if (given.has(id)) throw invalid(`cell ${cell.key.join(' × ')} is given twice`);
    given.set(id, cell.count);
  }
  const inner = product(dimensions.map((d) => d.values));
  const all = product(leaves.map((byCode) => [...byCode.keys()]));
  const innerCells: TableCell[] = inner.map((key) => ({
    key,
    count: given.get(JSON.stringify(key)) ?? 0,
  }));
  const aggregates = all.filter((key) =>
    key.some((code, d) => !dimensions[d]?.values.includes(code)),
  );
  const covers = (key: readonly string[], leaf: readonly string[]) =>
    key.every((code, d) => leaves[d]?.get(code)?.has(leaf[d] ?? '') === true);
  const constraints: SumConstraint[] = [];
  const totalCells: TableCell[] = aggregates.map((key, i) => {
    const parts = inner.flatMap((leaf, j) => (covers(key, leaf) ? [j] : []));
    constraints.push({ total: inner.length + i, parts });
    return { key, count: parts.reduce((sum, j) => sum + (innerCells[j]?.count ?? 0), 0) };
  });
  return { cells: [...innerCells, ...totalCells], constraints };
}

/** Checks that a table's constraints name existing cells and hold on its counts. */
export function checkTable(table: LinearTable): void {
  const n = table.cells.length;
  for (const cell of table.cells)
    if (!Number.isInteger(cell.count) || cell.count < 0)
      throw invalid(`cell ${cell.key.join(' × ')}: a count is a non-negative integer`);
  for (const c of table.constraints) {
    const indices = [c.total, ...c.parts];
    if (indices.some((i) => !Number.isInteger(i) || i < 0 || i >= n))
      throw invalid('a constraint names a cell the table does not have');
    if (new Set(indices).size !== indices.length) throw invalid('a constraint names a cell twice');
    const sum = c.parts.reduce((s, i) => s + (table.cells[i]?.count ?? 0), 0);
    if (sum !== table.cells[c.total]?.count)
      throw invalid(`the parts of ${table.cells[c.total]?.key.join(' × ') ?? '?'} do not add up`);
  }
}
