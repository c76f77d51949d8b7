import jstat from 'jstat';

/** P(X ≤ x) for X Poisson with mean λ (0 for x < 0). */
export function poissonCdf(x: number, lambda: number): number {
  if (x < 0) return 0;
  return jstat.jStat.poisson.cdf(x, lambda);
}

/** The standard normal quantile function. */
export function normalQuantile(p: number): number {
  return jstat.jStat.normal.inv(p, 0, 1);
}
