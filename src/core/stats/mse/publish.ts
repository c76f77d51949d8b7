import { publishedCounts, suppressTable, unodcRule } from '../disclosure/index.ts';
import type { DisclosureRule, LinearTable, PublishedCount } from '../disclosure/index.ts';
import { observedTotal } from './capture-table.ts';
import type { CaptureTable } from './capture-table.ts';
import type { PopulationEstimate } from './estimate.ts';

/** An estimate as it may leave the registry: rounded, with its overlap table protected. */
export interface PublishedEstimate {
  readonly lists: readonly string[];
  /** Victims on each list (in the order of `lists`). */
  readonly listSizes: readonly PublishedCount[];
  /** Victims on exactly each combination of lists (combinations nobody was on are published as 0 unless protected). */
  readonly overlaps: readonly {
    readonly lists: readonly string[];
    readonly count: PublishedCount;
  }[];
  readonly observed: PublishedCount;
  /** Rounded to two significant figures: an estimate is not a count. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly model: PopulationEstimate['model'];
}

/** Rounds to two significant figures (1,184 → 1,200; 2,483 → 2,500). */
export function roundEstimate(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return value;
  const magnitude = 10 ** Math.max(Math.floor(Math.log10(value)) - 1, 0);
  return Math.round(value / magnitude) * magnitude;
}

/**
 * The overlap table as a linear system: one cell per combination of lists (in mask order), each
 * list's size and the observed total as published sums of them.
 */
export function overlapSystem(table: CaptureTable): LinearTable {
  const k = table.lists.length;
  const masks = Array.from({ length: (1 << k) - 1 }, (_, i) => i + 1);
  const cells = [
    ...masks.map((mask) => ({ key: [`history:${mask}`], count: table.counts[mask] ?? 0 })),
    ...table.lists.map((name, i) => ({
      key: [`list:${name}`],
      count: masks.reduce(
        (sum, mask) => sum + (mask & (1 << i) ? (table.counts[mask] ?? 0) : 0),
        0,
      ),
    })),
    { key: ['observed'], count: observedTotal(table) },
  ];
  const constraints = [
    ...table.lists.map((_, i) => ({
      total: masks.length + i,
      parts: masks.flatMap((mask, m) => (mask & (1 << i) ? [m] : [])),
    })),
    { total: masks.length + k, parts: masks.map((_, m) => m) },
  ];
  return { cells, constraints };
}

/** The estimate with its overlap table under small-count and secondary suppression. */
export function publishEstimate(
  table: CaptureTable,
  estimate: PopulationEstimate,
  rule: DisclosureRule = unodcRule,
): PublishedEstimate {
  const k = table.lists.length;
  const masks = Array.from({ length: (1 << k) - 1 }, (_, i) => i + 1);
  const linear = overlapSystem(table);
  const published = publishedCounts(linear, suppressTable(linear, rule));
  return {
    lists: table.lists,
    listSizes: table.lists.map((_, i) => published[masks.length + i] ?? 'x'),
    overlaps: masks.map((mask, m) => ({
      lists: table.lists.filter((_, i) => mask & (1 << i)),
      count: published[m] ?? 'x',
    })),
    observed: published[masks.length + k] ?? 'x',
    estimate: roundEstimate(estimate.estimate),
    lower: roundEstimate(estimate.lower),
    upper: roundEstimate(estimate.upper),
    level: estimate.level,
    model: estimate.model,
  };
}
