import { CholeskyDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';

/** A Poisson regression with log link fitted by iteratively reweighted least squares. */
export interface PoissonFit {
  readonly coefficients: readonly number[];
  /** Standard errors from the inverse Fisher information at the optimum. */
  readonly standardErrors: readonly number[];
  readonly fitted: readonly number[];
  readonly deviance: number;
  /** The maximised log-likelihood (with the log y! terms, as R's glm reports it). */
  readonly logLikelihood: number;
  readonly iterations: number;
}

const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-10;

/** The numerical rank of a design matrix (singular values above a relative tolerance). */
export function designRank(rows: readonly (readonly number[])[]): number {
  if (rows.length === 0) return 0;
  const svd = new SingularValueDecomposition(new Matrix(rows.map((r) => [...r])), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
  });
  const values = svd.diagonal;
  const largest = Math.max(...values);
  const tolerance = largest * Math.max(rows.length, rows[0]?.length ?? 0) * Number.EPSILON * 1e3;
  return values.filter((v) => v > tolerance).length;
}

function logFactorial(n: number): number {
  let sum = 0;
  for (let i = 2; i <= n; i++) sum += Math.log(i);
  return sum;
}

/**
 * Fits y ~ Poisson(exp(Xβ) · exp(offset)). The design must be of full column rank (callers
 * check identifiability first); null when the iteration does not converge, which for a
 * Poisson log-linear model means the maximum likelihood estimate does not exist.
 */
export function fitPoisson(
  design: readonly (readonly number[])[],
  y: readonly number[],
  offset?: readonly number[],
): PoissonFit | null {
  const n = design.length;
  const p = design[0]?.length ?? 0;
  const X = new Matrix(design.map((r) => [...r]));
  const off = offset ?? new Array<number>(n).fill(0);
  let mu = y.map((v) => v + 0.5);
  let eta = mu.map((m, i) => Math.log(m) - (off[i] ?? 0));
  let beta: Matrix | null = null;
  let information: Matrix | null = null;
  let previous = Number.POSITIVE_INFINITY;
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS; iterations++) {
    // Working response and weights of the log link: z = η + (y − μ)/μ, w = μ.
    const z = eta.map((e, i) => e + ((y[i] ?? 0) - (mu[i] ?? 1)) / (mu[i] ?? 1));
    const Xw = X.clone();
    for (let i = 0; i < n; i++) {
      const w = mu[i] ?? 0;
      for (let j = 0; j < p; j++) Xw.set(i, j, Xw.get(i, j) * w);
    }
    information = X.transpose().mmul(Xw);
    const rhs = Xw.transpose().mmul(Matrix.columnVector(z));
    const cholesky = new CholeskyDecomposition(information);
    if (!cholesky.isPositiveDefinite()) return null;
    beta = cholesky.solve(rhs);
    const linear = X.mmul(beta).to1DArray();
    eta = linear;
    mu = linear.map((l, i) => Math.exp(l + (off[i] ?? 0)));
    if (mu.some((m) => !Number.isFinite(m))) return null;
    const dev = deviance(y, mu);
    if (Math.abs(dev - previous) <= TOLERANCE * (Math.abs(dev) + 0.1)) {
      iterations++;
      break;
    }
    previous = dev;
  }
  if (beta === null || information === null || iterations >= MAX_ITERATIONS) return null;
  // Fisher information at the final μ, for the standard errors.
  const Xw = X.clone();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) Xw.set(i, j, Xw.get(i, j) * (mu[i] ?? 0));
  }
  const finalInformation = new CholeskyDecomposition(X.transpose().mmul(Xw));
  if (!finalInformation.isPositiveDefinite()) return null;
  const covariance = finalInformation.solve(Matrix.eye(p));
  const coefficients = beta.to1DArray();
  const logLikelihood = y.reduce(
    (sum, yi, i) => sum + yi * Math.log(mu[i] ?? 1) - (mu[i] ?? 0) - logFactorial(yi),
    0,
  );
  return {
    coefficients,
    standardErrors: coefficients.map((_, j) => Math.sqrt(Math.max(covariance.get(j, j), 0))),
    fitted: mu,
    deviance: deviance(y, mu),
    logLikelihood,
    iterations,
  };
}

/** Poisson deviance: 2 Σ [y log(y/μ) − (y − μ)]. */
export function deviance(y: readonly number[], mu: readonly number[]): number {
  let sum = 0;
  y.forEach((yi, i) => {
    const m = mu[i] ?? 0;
    sum += (yi > 0 ? yi * Math.log(yi / m) : 0) - (yi - m);
  });
  return 2 * sum;
}
