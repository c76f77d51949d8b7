import highsModule from 'highs';
import type { Highs } from 'highs';
import type { LinearProgram, LinearProgramSolver } from '../../core/stats/mse/model.ts';

// The package is CommonJS: at run time its default import is the loader itself, while its
// types describe an ES module with a default export (the one justified assertion here).
const highsLoader = highsModule as unknown as (typeof highsModule)['default'];
let loading: Promise<Highs> | undefined;

/** Writes a linear program in CPLEX LP format, the text HiGHS reads. */
export function toLpText(lp: LinearProgram): string {
  const term = (coefficient: number, index: number): string =>
    coefficient === 0 ? '' : ` ${coefficient < 0 ? '-' : '+'} ${Math.abs(coefficient)} x${index}`;
  const objective = lp.objective.map(term).join('') || ' 0 x0';
  const rows = lp.equalities.map((row, r) => {
    const lhs = row.slice(0, -1).map(term).join('') || ' 0 x0';
    return ` c${r}:${lhs} = ${row[row.length - 1] ?? 0}`;
  });
  const bounds = lp.bounds.map(([lo, hi], i) =>
    lo === null && hi === null ? ` x${i} free` : ` ${lo ?? '-inf'} <= x${i} <= ${hi ?? '+inf'}`,
  );
  return ['Maximize', ` obj:${objective}`, 'Subject To', ...rows, 'Bounds', ...bounds, 'End'].join(
    '\n',
  );
}

/**
 * The HiGHS linear-programming solver (compiled to WebAssembly), loaded once per process, as
 * the synchronous solver the estimation core asks for.
 */
export async function linearProgramSolver(): Promise<LinearProgramSolver> {
  loading ??= highsLoader();
  const highs = await loading;
  return (lp) => {
    const result = highs.solve(toLpText(lp));
    return result.Status === 'Optimal' ? result.ObjectiveValue : null;
  };
}
