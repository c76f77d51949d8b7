import {
  hiddenMark,
  hiddenRanges,
  protectionInterval,
} from '../../src/core/stats/disclosure/system.ts';
import type {
  IntegerProgramSolver,
  ProtectedPublication,
  PublicationKind,
} from '../../src/core/stats/disclosure/system.ts';
import type { PublicReport } from '../../src/core/stats/disclosure/publish.ts';
import type { LinearTable } from '../../src/core/stats/disclosure/table.ts';

// The analyst of issue 18, as a test helper: holds every public report of every publication year
// and kind, reads each figure's face, places it in the published system (whose structure and
// identities docs/COUNTING.md lays open), and solves the smallest and largest value of every
// hidden cell with HiGHS.

type Node = Readonly<Record<string, unknown>>;
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The face a public report shows at a path (`previous` for the previous-year block). */
function faceAt(report: PublicReport, block: 'current' | 'previous', path: readonly string[]) {
  const [section, ...rest] = path;
  let node: unknown = isNode(report)
    ? Object.entries(report).find(([k]) => k === section)?.[1]
    : undefined;
  if (block === 'previous') node = isNode(node) ? node['previous'] : undefined;
  for (const key of rest) node = isNode(node) ? node[key] : undefined;
  return node;
}

export interface AttackResult {
  /** Hidden published cells and what the analyst learnt of each. */
  readonly cells: readonly {
    readonly key: string;
    readonly count: number;
    readonly primary: boolean;
    readonly min: number | null;
    readonly max: number | null;
  }[];
  /** Primary cells narrowed below their protection interval (must be none). */
  readonly narrowed: readonly string[];
  /** Hidden cells the analyst computes exactly. */
  readonly exact: readonly string[];
  /** Figures shown with different faces in two outputs (must be none). */
  readonly inconsistent: readonly string[];
  readonly solves: number;
}

/**
 * Attacks a protected publication from its public reports only: every published count is fixed,
 * every hidden one is a non-negative integer (the one mark tells nothing more), the equations are
 * those of the system; `informed` grants the analyst which hidden cells are small (1..maxN), as
 * if the marks told them apart.
 */
export function attack(
  publication: ProtectedPublication,
  reports: readonly { kind: PublicationKind; year: number; report: PublicReport }[],
  solve: IntegerProgramSolver,
  informed = false,
): AttackResult {
  const table: LinearTable = publication.table;
  const seen = new Map<number, unknown>();
  const inconsistent: string[] = [];
  for (const { kind, year, report } of reports)
    for (const f of publication.figuresOf(kind, year)) {
      const cell = publication.cellOf(f.period, f.figure);
      const face = faceAt(report, f.block, f.path);
      if (cell === undefined) {
        // Shares are published with their counts; an open category absent from a year is none.
        const share = f.path.at(-1) === 'proactiveShare';
        if (face !== null && face !== undefined && !share)
          inconsistent.push(`${kind} ${year} ${f.path.join('.')}: ${JSON.stringify(face)}`);
        continue;
      }
      if (seen.has(cell) && seen.get(cell) !== face)
        inconsistent.push(
          `${publication.table.cells[cell]?.key.join(' ')}: ${JSON.stringify(seen.get(cell))} and ${JSON.stringify(face)}`,
        );
      seen.set(cell, face);
    }
  // What the analyst cannot read: the hidden faces and every cell no output shows.
  const hidden = new Set<number>();
  table.cells.forEach((cell, i) => {
    const face = seen.get(i);
    if (face === undefined || face === hiddenMark) hidden.add(i);
    else if (face !== cell.count)
      inconsistent.push(`${cell.key.join(' ')}: shows ${JSON.stringify(face)}`);
  });
  const targets = [...hidden].filter((i) => seen.get(i) === hiddenMark);
  let solves = 0;
  const counted: IntegerProgramSolver = (program) => {
    solves++;
    return solve(program);
  };
  const ranges = hiddenRanges(
    table,
    hidden,
    { small: informed ? publication.primary : new Set() },
    publication.rule,
    counted,
    targets,
  );
  const cells = targets.map((i) => {
    const range = ranges.get(i);
    return {
      key: table.cells[i]?.key.join(' ') ?? String(i),
      count: table.cells[i]?.count ?? 0,
      primary: publication.primary.has(i),
      min: range?.min ?? null,
      max: range?.max ?? null,
    };
  });
  const narrowed = cells.filter((c) => {
    if (!c.primary) return false;
    const want = protectionInterval(c.count, publication.rule, publication.protection);
    return c.min === null || c.min > want.low || (c.max !== null && c.max < want.high);
  });
  return {
    cells,
    narrowed: narrowed.map((c) => `${c.key} = ${c.count}: ${c.min}..${c.max ?? '∞'}`),
    exact: cells.filter((c) => c.min !== null && c.min === c.max).map((c) => `${c.key} = ${c.min}`),
    inconsistent,
    solves,
  };
}
