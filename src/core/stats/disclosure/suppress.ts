import { DomainError } from '../../errors.ts';
import { gaussSecondary } from './gauss.ts';
import { checkTable } from './table.ts';
import type { LinearTable } from './table.ts';

/** Which counts are too small to publish. */
export interface DisclosureRule {
  /** Counts from 1 to `maxN` are primary-sensitive (UNODC: 4, printed `<5`). */
  readonly maxN: number;
  /** Zeros are primary-sensitive too (they tell that nobody in the group has the attribute). */
  readonly protectZeros: boolean;
}

/** The UNODC rule: counts 1–4 are shown as `<5`, zeros are published. */
export const unodcRule: DisclosureRule = { maxN: 4, protectZeros: false };

/** Why a cell is or is not published. */
export type CellStatus = 'published' | 'primary' | 'secondary';

/** The outcome of disclosure control on one table: a status per cell, in the table's order. */
export interface Suppression {
  readonly status: readonly CellStatus[];
  readonly primary: readonly number[];
  readonly secondary: readonly number[];
}

/**
 * A published cell: its count, or `x` for a hidden one. One mark for every hidden cell, small or
 * hidden to protect a small one: two marks would tell a reader that an `x` is 0 or at least 5.
 */
export type PublishedCount = number | 'x';

/** True when a count must not be published under the rule. */
export function isPrimarySensitive(count: number, rule: DisclosureRule): boolean {
  return count === 0 ? rule.protectZeros : count <= rule.maxN;
}

/**
 * The non-primary cells, most wanted published first: zeros (hiding a zero protects nothing
 * once readers know counts are never negative), then larger counts before smaller, totals
 * before the cells they sum, then table order. Gauss suppression keeps back the tail.
 */
export function publicationOrder(table: LinearTable, primary: ReadonlySet<number>): number[] {
  const totals = new Set(table.constraints.map((c) => c.total));
  const count = (i: number) => table.cells[i]?.count ?? 0;
  return table.cells
    .map((_, i) => i)
    .filter((i) => !primary.has(i))
    .sort(
      (a, b) =>
        Number(count(b) === 0) - Number(count(a) === 0) ||
        count(b) - count(a) ||
        Number(totals.has(b)) - Number(totals.has(a)) ||
        a - b,
    );
}

/**
 * Primary and secondary suppression of one table: small counts are hidden, then further cells
 * until no hidden small count can be computed from the published cells and totals.
 */
export function suppressTable(table: LinearTable, rule: DisclosureRule = unodcRule): Suppression {
  if (!Number.isInteger(rule.maxN) || rule.maxN < 0)
    throw new DomainError('ValidationFailed', 'maxN is a non-negative integer', {
      issues: [{ path: 'maxN', message: 'must be a non-negative integer' }],
    });
  checkTable(table);
  const primary = table.cells.flatMap((cell, i) =>
    isPrimarySensitive(cell.count, rule) ? [i] : [],
  );
  const secondary =
    primary.length === 0
      ? []
      : gaussSecondary(table, primary, publicationOrder(table, new Set(primary)));
  const status: CellStatus[] = table.cells.map(() => 'published');
  for (const i of primary) status[i] = 'primary';
  for (const i of secondary) status[i] = 'secondary';
  return { status, primary, secondary: [...secondary].sort((a, b) => a - b) };
}

/** The published face of each cell: its count, or the one mark `x` for a hidden cell. */
export function publishedCounts(table: LinearTable, suppression: Suppression): PublishedCount[] {
  return table.cells.map((cell, i) =>
    (suppression.status[i] ?? 'published') === 'published' ? cell.count : 'x',
  );
}
