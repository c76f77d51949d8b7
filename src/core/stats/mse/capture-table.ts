import { DomainError } from '../../errors.ts';

/**
 * A capture table for multiple systems estimation: how many individuals were seen on exactly
 * each combination of lists. Cell `mask` has bit i set when list i is in the combination; the
 * cell with no list (mask 0) is the dark figure and is never observed.
 */
export interface CaptureTable {
  readonly lists: readonly string[];
  /** counts[mask] for mask 1 … 2^k − 1; combinations nobody was seen on are 0. */
  readonly counts: readonly number[];
}

/** The most lists a table may have: 2^k − 1 cells are fitted, and k(k−1)/2 pairs are searched. */
export const MAX_LISTS = 12;

/** One row of a capture-history file: 0/1 per list, then how many individuals had that history. */
export interface CaptureRow {
  readonly line: number;
  readonly history: readonly number[];
  readonly count: number;
}

/**
 * Builds a capture table from rows, refusing what would make the estimate meaningless: fewer
 * than two lists, a history that is not 0/1, the all-zero history (nobody is observed on no
 * list), a negative or fractional count, the same history twice.
 */
export function captureTable(lists: readonly string[], rows: readonly CaptureRow[]): CaptureTable {
  const k = lists.length;
  if (k < 2) {
    throw new DomainError(
      'ValidationFailed',
      `a capture table needs at least two lists (found ${k})`,
    );
  }
  if (k > MAX_LISTS) {
    throw new DomainError(
      'ValidationFailed',
      `a capture table may have at most ${MAX_LISTS} lists (found ${k})`,
    );
  }
  if (new Set(lists).size !== k) {
    throw new DomainError('ValidationFailed', 'the lists must have distinct names');
  }
  const counts = new Array<number>(1 << k).fill(0);
  const seen = new Set<number>();
  for (const row of rows) {
    if (row.history.length !== k) {
      throw new DomainError(
        'ValidationFailed',
        `line ${row.line}: expected ${k} list columns, found ${row.history.length}`,
      );
    }
    let mask = 0;
    row.history.forEach((flag, i) => {
      if (flag !== 0 && flag !== 1) {
        throw new DomainError(
          'ValidationFailed',
          `line ${row.line}: list ${lists[i]} must be 0 or 1, found ${flag}`,
        );
      }
      if (flag === 1) mask |= 1 << i;
    });
    if (mask === 0) {
      throw new DomainError(
        'ValidationFailed',
        `line ${row.line}: a history on no list cannot be observed`,
      );
    }
    if (!Number.isInteger(row.count) || row.count < 0) {
      throw new DomainError(
        'ValidationFailed',
        `line ${row.line}: the count must be a whole number ≥ 0, found ${row.count}`,
      );
    }
    if (seen.has(mask)) {
      throw new DomainError(
        'ValidationFailed',
        `line ${row.line}: the same combination of lists appears twice`,
      );
    }
    seen.add(mask);
    counts[mask] = row.count;
  }
  return { lists: [...lists], counts };
}

/** How many distinct individuals the table holds (every cell but the dark figure). */
export function observedTotal(table: CaptureTable): number {
  return table.counts.reduce((sum, n) => sum + n, 0);
}

/** How many individuals were seen on both lists i and j, whatever other lists they were on. */
export function pairOverlap(table: CaptureTable, i: number, j: number): number {
  const both = (1 << i) | (1 << j);
  let total = 0;
  table.counts.forEach((n, mask) => {
    if ((mask & both) === both) total += n;
  });
  return total;
}

/** How many individuals each list holds. */
export function listSizes(table: CaptureTable): number[] {
  return table.lists.map((_, i) => {
    let total = 0;
    table.counts.forEach((n, mask) => {
      if (mask & (1 << i)) total += n;
    });
    return total;
  });
}
