import { DomainError } from '../../errors.ts';
import { observedTotal, pairOverlap } from './capture-table.ts';
import type { CaptureTable } from './capture-table.ts';
import { designRows, fitModel, fittedOnPair, modelExists } from './model.ts';
import type { FittedModel, LinearProgramSolver, Pair } from './model.ts';
import { deviance, fitPoisson } from './poisson.ts';
import { normalQuantile, poissonCdf } from './normal.ts';

/**
 * How the interactions are chosen:
 * - `stepwise`: forward selection by p-value with a threshold (Chan, Silverman and Vincent 2021;
 *   the default threshold 0.02 is theirs); a pair nobody is on together enters with the Poisson
 *   probability of seeing no-one there under the current model;
 * - `aic`, `bic`: forward selection while the information criterion falls;
 * - `main`: independence of the lists (main effects only).
 */
export type Selection = 'stepwise' | 'aic' | 'bic' | 'main';

export interface EstimateOptions {
  readonly selection?: Selection;
  /** p-value threshold for `stepwise`. */
  readonly threshold?: number;
  /** Two-sided confidence level of the interval (default 0.95). */
  readonly level?: number;
  /**
   * `profile`: profile-likelihood interval for the selected model (conditional on the model);
   * `bootstrap`: percentile interval over multinomial resamples that repeat the model selection.
   */
  readonly interval?: 'profile' | 'bootstrap';
  readonly replicates?: number;
  /** Seed of the bootstrap's random numbers: the same seed gives the same interval. */
  readonly seed?: number;
}

/** A population estimate with its interval and the model it rests on. */
export interface PopulationEstimate {
  readonly lists: readonly string[];
  readonly observed: number;
  readonly estimate: number;
  readonly darkFigure: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly interval: 'profile' | 'bootstrap';
  readonly selection: Selection;
  readonly model: {
    /** Interactions in the model, as list-name pairs ("A:E"). */
    readonly interactions: readonly string[];
    /** Interactions of lists with no overlap, estimated as −∞. */
    readonly minusInfinity: readonly string[];
    readonly deviance: number;
    readonly aic: number;
    readonly bic: number;
  };
  /** Bootstrap replicates that had no estimate (resamples whose every model failed). */
  readonly failedReplicates?: number;
}

const pairName = (table: CaptureTable, [i, j]: Pair): string =>
  `${table.lists[i]}:${table.lists[j]}`;

function allPairs(k: number): Pair[] {
  const pairs: Pair[] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) pairs.push([i, j]);
  return pairs;
}

/** Chooses the model by the requested selection; null when not even independence can be fitted. */
export function selectModel(
  table: CaptureTable,
  solve: LinearProgramSolver,
  selection: Selection = 'stepwise',
  threshold = 0.02,
): FittedModel | null {
  const start = fitModel(table, [], solve);
  if (start.kind !== 'fitted') return null;
  let current = start;
  if (selection === 'main') return current;
  const candidates = allPairs(table.lists.length);
  const overlapping = candidates.filter(([i, j]) => pairOverlap(table, i, j) > 0);
  // If the model with every overlapping pair exists and is identifiable, so does every model
  // that leaves some of them out (Chan, Silverman and Vincent 2021, §2.7): one check per set of
  // non-overlapping pairs instead of one per candidate.
  const topLevel = new Map<string, boolean>();
  const exists = (pairs: readonly Pair[]): boolean => {
    const empty = pairs.filter((p) => !overlapping.includes(p));
    const key = empty
      .map(([i, j]) => `${i}-${j}`)
      .sort()
      .join(',');
    let top = topLevel.get(key);
    if (top === undefined) {
      top = modelExists(table, [...overlapping, ...empty], solve);
      topLevel.set(key, top);
    }
    return top || modelExists(table, pairs, solve);
  };
  for (;;) {
    const chosen: Pair[] = [...current.pairs, ...current.minusInfinity];
    let best: { pair: Pair; model: FittedModel | null; score: number } | null = null;
    for (const pair of candidates) {
      if (chosen.includes(pair)) continue;
      let score: number;
      let next: FittedModel | null = null;
      if (selection === 'stepwise') {
        // Chan, Silverman and Vincent's test: under the current model the number seen on both
        // lists is Poisson with the fitted mean; the one-sided p-value of what was seen.
        if (!exists([...chosen, pair])) continue;
        const seen = pairOverlap(table, pair[0], pair[1]);
        const expected = fittedOnPair(current, pair);
        score = Math.min(poissonCdf(seen, expected), 1 - poissonCdf(seen - 1, expected));
      } else {
        const fitted = fitModel(table, [...chosen, pair], solve);
        if (fitted.kind !== 'fitted') continue;
        next = fitted;
        score = selection === 'aic' ? fitted.aic : fitted.bic;
      }
      if (best === null || score < best.score) best = { pair, model: next, score };
    }
    if (best === null) return current;
    const improves =
      selection === 'stepwise'
        ? best.score < threshold
        : best.score < (selection === 'aic' ? current.aic : current.bic);
    if (!improves) return current;
    const next = best.model ?? fitModel(table, [...chosen, best.pair], solve);
    if (next.kind !== 'fitted') return current;
    current = next;
  }
}

/**
 * The profile-likelihood interval of the dark figure for a fitted model: the values of the
 * no-list cell's log-mean whose profile deviance is within the χ²₁ quantile of the optimum.
 */
export function profileInterval(
  table: CaptureTable,
  model: FittedModel,
  level: number,
): { lower: number; upper: number } {
  const k = table.lists.length;
  const critical = normalQuantile(0.5 + level / 2) ** 2;
  const rows = designRows(k, model.cells, model.pairs).map((row) => row.slice(1));
  const y = model.cells.map((mask) => table.counts[mask] ?? 0);
  const best = model.fit.deviance;
  const beta0 = model.fit.coefficients[0] ?? 0;
  const excess = (b: number): number => {
    const fit = fitPoisson(rows, y, new Array<number>(rows.length).fill(b));
    return fit === null ? Number.POSITIVE_INFINITY : deviance(y, fit.fitted) - best - critical;
  };
  const se = model.fit.standardErrors[0] ?? 1;
  const bound = (direction: 1 | -1): number => {
    let inside = beta0;
    let step = Math.max(se, 0.05);
    let outside = beta0 + direction * step;
    // Widen until the deviance crosses the critical value, then bisect.
    for (let i = 0; i < 60 && excess(outside) < 0; i++) {
      inside = outside;
      step *= 2;
      outside = beta0 + direction * step;
    }
    if (excess(outside) < 0)
      return direction > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    for (let i = 0; i < 60; i++) {
      const middle = (inside + outside) / 2;
      if (excess(middle) < 0) inside = middle;
      else outside = middle;
    }
    return (inside + outside) / 2;
  };
  const observed = observedTotal(table);
  return { lower: observed + Math.exp(bound(-1)), upper: observed + Math.exp(bound(1)) };
}

/** A small, seedable generator (mulberry32): the bootstrap is reproducible from its seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A multinomial resample of the observed individuals over their capture histories. */
function resample(table: CaptureTable, random: () => number): CaptureTable {
  const total = observedTotal(table);
  const cumulative: { mask: number; upTo: number }[] = [];
  let running = 0;
  table.counts.forEach((n, mask) => {
    if (n > 0) {
      running += n;
      cumulative.push({ mask, upTo: running });
    }
  });
  const counts = new Array<number>(table.counts.length).fill(0);
  for (let draw = 0; draw < total; draw++) {
    const u = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid]?.upTo ?? 0) > u) hi = mid;
      else lo = mid + 1;
    }
    const mask = cumulative[lo]?.mask ?? 0;
    counts[mask] = (counts[mask] ?? 0) + 1;
  }
  return { lists: table.lists, counts };
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const a = sorted[below] ?? Number.NaN;
  const b = sorted[above] ?? Number.NaN;
  return a + (b - a) * (position - below);
}

/**
 * Estimates the total population, observed and unobserved, from a capture table. Throws a
 * ValidationFailed error naming the reason when no estimate exists (for example, lists so
 * sparse that not even the independence model has a maximum likelihood estimate).
 */
export function estimatePopulation(
  table: CaptureTable,
  solve: LinearProgramSolver,
  options: EstimateOptions = {},
): PopulationEstimate {
  const selection = options.selection ?? 'stepwise';
  const threshold = options.threshold ?? 0.02;
  const level = options.level ?? 0.95;
  const interval = options.interval ?? 'profile';
  if (!(level > 0 && level < 1))
    throw new DomainError(
      'ValidationFailed',
      `the confidence level must be between 0 and 1 (found ${level})`,
    );
  const model = selectModel(table, solve, selection, threshold);
  if (model === null) {
    throw new DomainError(
      'ValidationFailed',
      'no estimate exists for this table: even the model of independent lists has no maximum likelihood estimate (the lists are too sparse or do not overlap)',
    );
  }
  let lower: number;
  let upper: number;
  let failedReplicates: number | undefined;
  if (interval === 'profile') {
    ({ lower, upper } = profileInterval(table, model, level));
  } else {
    const replicates = options.replicates ?? 1000;
    const random = generator(options.seed ?? 1234);
    const estimates: number[] = [];
    failedReplicates = 0;
    for (let r = 0; r < replicates; r++) {
      const again = selectModel(resample(table, random), solve, selection, threshold);
      if (again === null) failedReplicates++;
      else estimates.push(again.estimate);
    }
    estimates.sort((a, b) => a - b);
    lower = quantile(estimates, (1 - level) / 2);
    upper = quantile(estimates, 1 - (1 - level) / 2);
  }
  return {
    lists: table.lists,
    observed: observedTotal(table),
    estimate: model.estimate,
    darkFigure: model.darkFigure,
    lower,
    upper,
    level,
    interval,
    selection,
    model: {
      interactions: model.pairs.map((p) => pairName(table, p)),
      minusInfinity: model.minusInfinity.map((p) => pairName(table, p)),
      deviance: model.fit.deviance,
      aic: model.aic,
      bic: model.bic,
    },
    ...(failedReplicates === undefined ? {} : { failedReplicates }),
  };
}
