import { observedTotal, pairOverlap } from './capture-table.ts';
import type { CaptureTable } from './capture-table.ts';
import { designRank, fitPoisson } from './poisson.ts';
import type { PoissonFit } from './poisson.ts';

/** A two-list interaction, lists i < j by index. */
export type Pair = readonly [number, number];

/**
 * A linear program for the existence check, in a solver-neutral shape: maximise c·x subject to
 * equality rows and bounds. The caller supplies a solver (the app layer uses HiGHS); the core
 * stays pure.
 */
export interface LinearProgram {
  readonly objective: readonly number[];
  readonly equalities: readonly (readonly number[])[];
  readonly bounds: readonly (readonly [number | null, number | null])[];
}
/** Returns the optimal objective value, or null when the solver finds none. */
export type LinearProgramSolver = (lp: LinearProgram) => number | null;

/** A fitted log-linear model over a capture table. */
export interface FittedModel {
  readonly kind: 'fitted';
  /** Interactions estimated as finite numbers. */
  readonly pairs: readonly Pair[];
  /**
   * Interactions between lists nobody is on together: their extended maximum likelihood
   * estimate is −∞, so the cells holding both lists are fitted as zero (Fienberg and Rinaldo 2012).
   */
  readonly minusInfinity: readonly Pair[];
  readonly fit: PoissonFit;
  /** The masks of the cells fitted, in design-row order. */
  readonly cells: readonly number[];
  /** The fitted number of individuals on no list. */
  readonly darkFigure: number;
  /** Observed individuals + the dark figure. */
  readonly estimate: number;
  readonly aic: number;
  readonly bic: number;
}

/** Why a model has no estimate: its maximum likelihood estimate does not exist, or its parameters are not identifiable. */
export interface UnfittableModel {
  readonly kind: 'nonexistent' | 'nonidentifiable';
}

export type ModelResult = FittedModel | UnfittableModel;

const hasPair = (mask: number, [i, j]: Pair): boolean =>
  (mask & (1 << i)) !== 0 && (mask & (1 << j)) !== 0;

/** The design matrix of main effects plus the given finite interactions over the given cells. */
export function designRows(
  k: number,
  cells: readonly number[],
  pairs: readonly Pair[],
): number[][] {
  return cells.map((mask) => [
    1,
    ...Array.from({ length: k }, (_, i) => (mask >> i) & 1),
    ...pairs.map((pair) => (hasPair(mask, pair) ? 1 : 0)),
  ]);
}

/**
 * The Fienberg–Rinaldo check: the MLE fails to exist exactly when some direction d leaves every
 * positive cell's linear predictor unchanged and lowers at least one zero cell's. Maximising the
 * total lowering (each capped at 1) gives 0 exactly when the estimate exists.
 */
export function mleExists(
  design: readonly (readonly number[])[],
  y: readonly number[],
  solve: LinearProgramSolver,
): boolean {
  const zeroRows = y.flatMap((v, r) => (v === 0 ? [r] : []));
  if (zeroRows.length === 0) return true;
  const p = design[0]?.length ?? 0;
  const s = zeroRows.length;
  // Variables: d (p, free), then one slack per zero cell in [0, 1]; (Ad)_r + s_r = 0 for zero cells, (Ad)_r = 0 otherwise.
  const equalities = design.map((row, r) => {
    const slack = new Array<number>(s).fill(0);
    const at = zeroRows.indexOf(r);
    if (at >= 0) slack[at] = 1;
    return [...row, ...slack, 0];
  });
  const optimum = solve({
    objective: [...new Array<number>(p).fill(0), ...new Array<number>(s).fill(1)],
    equalities,
    bounds: [
      ...new Array<readonly [null, null]>(p).fill([null, null]),
      ...new Array<readonly [number, number]>(s).fill([0, 1]),
    ],
  });
  return optimum !== null && optimum < 1e-7;
}

/** The cells, counts and design of a model: cells holding a non-overlapping pair of the model are left out. */
function modelDesign(table: CaptureTable, pairs: readonly Pair[]) {
  const k = table.lists.length;
  const minusInfinity = pairs.filter(([i, j]) => pairOverlap(table, i, j) === 0);
  const finite = pairs.filter((p) => !minusInfinity.includes(p));
  const cells: number[] = [];
  for (let mask = 1; mask < 1 << k; mask++) {
    if (!minusInfinity.some((pair) => hasPair(mask, pair))) cells.push(mask);
  }
  const design = designRows(k, cells, finite);
  const y = cells.map((mask) => table.counts[mask] ?? 0);
  return { minusInfinity, finite, cells, design, y };
}

/** Whether the model's extended maximum likelihood estimate exists and is identifiable. */
export function modelExists(
  table: CaptureTable,
  pairs: readonly Pair[],
  solve: LinearProgramSolver,
): boolean {
  const { design, y } = modelDesign(table, pairs);
  return designRank(design) === (design[0]?.length ?? 0) && mleExists(design, y, solve);
}

/** Fits main effects plus the given interactions, handling non-overlapping pairs as −∞. */
export function fitModel(
  table: CaptureTable,
  pairs: readonly Pair[],
  solve: LinearProgramSolver,
): ModelResult {
  const { minusInfinity, finite, cells, design, y } = modelDesign(table, pairs);
  if (designRank(design) < (design[0]?.length ?? 0)) return { kind: 'nonidentifiable' };
  if (!mleExists(design, y, solve)) return { kind: 'nonexistent' };
  const fit = fitPoisson(design, y);
  if (fit === null) return { kind: 'nonexistent' };
  const parameters = design[0]?.length ?? 0;
  const observed = observedTotal(table);
  const darkFigure = Math.exp(fit.coefficients[0] ?? Number.NaN);
  return {
    kind: 'fitted',
    pairs: finite,
    minusInfinity,
    fit,
    cells,
    darkFigure,
    estimate: observed + darkFigure,
    aic: -2 * fit.logLikelihood + 2 * parameters,
    bic: -2 * fit.logLikelihood + parameters * Math.log(observed),
  };
}

/** The fitted number of individuals the model expects on both lists of a pair. */
export function fittedOnPair(model: FittedModel, pair: Pair): number {
  let total = 0;
  model.cells.forEach((mask, r) => {
    if (hasPair(mask, pair)) total += model.fit.fitted[r] ?? 0;
  });
  return total;
}
