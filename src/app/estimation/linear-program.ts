import highsModule from 'highs';
import type { Highs } from 'highs';
import type { IntegerProgram, IntegerProgramSolver } from '../../core/stats/disclosure/system.ts';
import type { LinearProgram, LinearProgramSolver } from '../../core/stats/mse/model.ts';

// assertion: the package is CommonJS: at run time its default import is the loader itself,
// while its types describe an ES module with a default export.
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

/** Writes an integer program in CPLEX LP format, declaring only the variables it uses. */
export function toIntegerLpText(program: IntegerProgram): string {
  const used = new Set<number>(program.objective.keys());
  for (const row of program.equalities) for (const v of row.terms.keys()) used.add(v);
  const terms = (coefficients: ReadonlyMap<number, number>): string =>
    [...coefficients]
      .filter(([, a]) => a !== 0)
      .map(([v, a]) => ` ${a < 0 ? '-' : '+'} ${Math.abs(a)} x${v}`)
      .join('') || ' 0 x0';
  const rows = program.equalities.map((row, r) => ` c${r}:${terms(row.terms)} = ${row.rhs}`);
  const variables = [...used].sort((a, b) => a - b);
  const bounds = variables.map((v) => {
    const [lo, hi] = program.bounds[v] ?? [0, null];
    return hi === null ? ` x${v} >= ${lo}` : ` ${lo} <= x${v} <= ${hi}`;
  });
  return [
    program.sense === 'min' ? 'Minimize' : 'Maximize',
    ` obj:${terms(program.objective)}`,
    'Subject To',
    ...(rows.length > 0 ? rows : [' c0: 0 x0 = 0']),
    'Bounds',
    ...bounds,
    'General',
    ` ${variables.map((v) => `x${v}`).join(' ')}`,
    'End',
  ].join('\n');
}

/**
 * HiGHS as an integer-program solver (branch and bound over the WebAssembly build), for the
 * disclosure control's protection intervals and the analyst it is tested against.
 */
export async function integerProgramSolver(): Promise<IntegerProgramSolver> {
  loading ??= highsLoader();
  const highs = await loading;
  return (program) => {
    const result = highs.solve(toIntegerLpText(program));
    if (result.Status !== 'Optimal') return null;
    const solution = new Map<number, number>();
    const columns: Record<string, unknown> = result.Columns;
    for (const [name, column] of Object.entries(columns))
      if (typeof column === 'object' && column !== null && 'Primal' in column)
        if (typeof column.Primal === 'number')
          solution.set(Number(name.slice(1)), Math.round(column.Primal));
    return { value: result.ObjectiveValue, solution };
  };
}
