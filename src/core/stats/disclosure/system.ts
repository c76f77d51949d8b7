import { DomainError } from '../../errors.ts';
import type { Pack } from '../../statutes/schema.ts';
import type { StatsDataset } from '../dataset.ts';
import { calendarYear, tipYear } from '../period.ts';
import { figureSections } from '../sections.ts';
import type { FigureSection } from '../sections.ts';
import type { Period } from '../period.ts';
import { computeAnnualReport } from '../report.ts';
import type { AnnualReport } from '../report.ts';
import { proactiveOrigins } from '../../vocabulary.ts';
import { gaussSecondary } from './gauss.ts';
import { isPrimarySensitive, publicationOrder, unodcRule } from './suppress.ts';
import type { DisclosureRule } from './suppress.ts';
import type { LinearTable, SumConstraint, TableCell } from './table.ts';

// Everything published for the publication periods of a jurisdiction is one linear system: every
// figure of every calendar and TIP year, linked within a period by the report's sums, across
// periods by the quarters they share (a calendar year and a TIP year overlap by nine months), and
// protected together, so that no combination of published outputs recovers a suppressed count.

/** A figure's place in a period's tree (`['victims', 'bySex', 'female']`). */
export type FigurePath = readonly string[];

/** The kinds of publication period: calendar years and TIP years (1 April – 31 March). */
export type PublicationKind = 'calendar' | 'tip';

/**
 * The periods figures are counted over: the publication periods, and the two pieces every one of
 * them is made of (January–March and April–December of a year), which are never published.
 */
type PeriodKey = `${PublicationKind | 'q1' | 'q2to4'}:${number}`;

const periodKey = (kind: PublicationKind | 'q1' | 'q2to4', year: number): PeriodKey =>
  `${kind}:${year}`;

function periodOf(key: PeriodKey): Period {
  const [kind, yearText] = key.split(':');
  const year = Number(yearText);
  if (kind === 'calendar') return calendarYear(year);
  if (kind === 'tip') return tipYear(year);
  if (kind === 'q1')
    return { kind: 'range', from: `${year}-01-01`, to: `${year}-03-31`, label: `Q1 ${year}` };
  return { kind: 'range', from: `${year}-04-01`, to: `${year}-12-31`, label: `Q2–Q4 ${year}` };
}

/** The sections whose figures are suppressed (training counts officials trained: published as is). */
export type ProtectedSection = Exclude<FigureSection, 'training'>;
export const protectedSections: readonly ProtectedSection[] = figureSections.filter(
  (name): name is ProtectedSection => name !== 'training',
);

/** Figures that are not counts: a share is published only when the counts it is made of are. */
export const shares: readonly {
  readonly path: FigurePath;
  readonly from: readonly FigurePath[];
}[] = [
  {
    path: ['investigations', 'proactiveShare'],
    from: [
      ['investigations', 'proactive'],
      ['investigations', 'total'],
      ['investigations', 'byOrigin', 'unknown'],
      ['investigations', 'byOrigin', 'not_recorded'],
    ],
  },
];

/** Figures that are a state at the end of a period (a stock), not a count of events within it. */
const stocks: readonly FigurePath[] = [['complicity', 'pendingUninvestigated']];

/**
 * Every additive identity between the figures of one period: `total` is the sum of `parts`, where
 * a single path stands for every figure directly under it. An identity is declared here whether
 * or not it always holds; it enters the system for a period when the data satisfy it (a reader
 * who cannot know it holds gains no equation; see docs/COUNTING.md).
 */
export const periodIdentities: readonly {
  readonly total: FigurePath;
  readonly parts: FigurePath | readonly FigurePath[];
}[] = [
  { total: ['investigations', 'total'], parts: ['investigations', 'byForm'] },
  { total: ['investigations', 'total'], parts: ['investigations', 'byArticle'] },
  { total: ['investigations', 'total'], parts: ['investigations', 'byOrigin'] },
  {
    total: ['investigations', 'proactive'],
    parts: proactiveOrigins.map((origin) => ['investigations', 'byOrigin', origin]),
  },
  {
    total: ['completeness', 'investigationsWithoutOrigin'],
    parts: [
      ['investigations', 'byOrigin', 'unknown'],
      ['investigations', 'byOrigin', 'not_recorded'],
    ],
  },
  { total: ['relatedInvestigations', 'total'], parts: ['relatedInvestigations', 'byArticle'] },
  { total: ['prosecutions', 'cases'], parts: ['prosecutions', 'byForm'] },
  { total: ['prosecutions', 'cases'], parts: ['prosecutions', 'byArticle'] },
  { total: ['prosecutions', 'defendants'], parts: [['prosecutions', 'defendantsKnown']] },
  { total: ['convictions', 'persons'], parts: ['convictions', 'byForm'] },
  { total: ['convictions', 'persons'], parts: ['convictions', 'byArticle'] },
  { total: ['convictions', 'persons'], parts: [['sentences', 'convictedPersons']] },
  {
    total: ['sentences', 'convictedPersons'],
    parts: [
      ['sentences', 'recorded'],
      ['sentences', 'missing'],
    ],
  },
  {
    total: ['sentences', 'recorded'],
    parts: [
      ['sentences', 'custodial'],
      ['sentences', 'suspended'],
      ['sentences', 'fineOnly'],
      ['sentences', 'otherNonCustodial'],
    ],
  },
  { total: ['sentences', 'custodial'], parts: ['sentences', 'imprisonment'] },
  { total: ['victims', 'identified'], parts: ['victims', 'bySex'] },
  { total: ['victims', 'identified'], parts: ['victims', 'byAgeBand'] },
  { total: ['victims', 'identified'], parts: ['victims', 'byCitizenship'] },
  { total: ['victims', 'identified'], parts: ['victims', 'byForm'] },
  { total: ['victims', 'identified'], parts: ['victims', 'referredToServices'] },
  { total: ['complicity', 'officialsConvicted'], parts: [['convictions', 'publicOfficials']] },
  // Identities that hold only on some data (found by the property test on random registries):
  // one defendant or convicted person per case, one article per case, every sentence unchecked
  // against the law, every allegation received within the period.
  {
    total: ['prosecutions', 'cases'],
    parts: [
      ['prosecutions', 'casesWithUnknownDefendants'],
      ['prosecutions', 'defendantsKnown'],
    ],
  },
  { total: ['convictions', 'persons'], parts: [['convictions', 'cases']] },
  { total: ['convictions', 'cases'], parts: ['convictions', 'byArticle'] },
  { total: ['sentences', 'recorded'], parts: ['sentences', 'outsideRange'] },
  {
    total: ['complicity', 'allegations'],
    parts: [
      ['complicity', 'investigated'],
      ['complicity', 'pendingUninvestigated'],
    ],
  },
];

/** One published figure of a report: which block and path, and the system cell it shows. */
export interface ReportFigure {
  readonly block: 'current' | 'previous';
  /** The path in the report (`['completeness', 'pendingAllegations']`). */
  readonly path: FigurePath;
  readonly period: PeriodKey;
  /** The path in the period's figures. */
  readonly figure: FigurePath;
}

/** Where the report's completeness counts come from in the period's figures. */
const completenessSources = {
  investigationsWithUnknownForm: {
    figure: ['investigations', 'byForm', 'unknown'],
    reporting: false,
  },
  investigationsWithoutOrigin: {
    figure: ['completeness', 'investigationsWithoutOrigin'],
    reporting: false,
  },
  prosecutionsWithUnknownDefendants: {
    figure: ['prosecutions', 'casesWithUnknownDefendants'],
    reporting: false,
  },
  convictionsWithoutSentence: { figure: ['sentences', 'missing'], reporting: false },
  casesWithoutProvision: { figure: ['completeness', 'casesWithoutProvision'], reporting: false },
  pendingAllegations: { figure: ['complicity', 'pendingUninvestigated'], reporting: true },
} satisfies Readonly<Record<string, { figure: FigurePath; reporting: boolean }>>;

/** The completeness counts a published report carries. */
export type CompletenessCount = keyof typeof completenessSources;

type Leaf = { readonly path: FigurePath; readonly value: number | null };

function leavesOf(tree: unknown, prefix: FigurePath): Leaf[] {
  if (tree === null || typeof tree === 'number') return [{ path: prefix, value: tree }];
  if (typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([key, child]) => leavesOf(child, [...prefix, key]));
}

const pathId = (path: FigurePath): string => path.join('\u0000');
const cellId = (period: PeriodKey, path: FigurePath): string => `${period}\u0001${pathId(path)}`;

/** The figures of one period, counted by the annual report's rules with every period set to it. */
function periodFigures(
  dataset: StatsDataset,
  key: PeriodKey,
  law: { readonly pack: Pack | null },
): Leaf[] {
  const period = periodOf(key);
  const report: AnnualReport = computeAnnualReport(
    dataset,
    { statistics: period, previous: period, reporting: period, previousReporting: period },
    { pack: law.pack, findings: [] },
  );
  const current = (name: ProtectedSection) => {
    const { previous: _previous, records: _records, ...values } = report[name];
    return leavesOf(values, [name]);
  };
  return [
    ...protectedSections.flatMap(current),
    {
      path: ['completeness', 'investigationsWithoutOrigin'],
      value: report.completeness.investigationsWithoutOrigin,
    },
    {
      path: ['completeness', 'casesWithoutProvision'],
      value: report.completeness.casesWithoutProvision,
    },
  ];
}

/** The publication years of a jurisdiction: calendar and TIP years from `first` to `last`. */
export interface PublicationYears {
  readonly first: number;
  readonly last: number;
}

/** A cell of the publication system. */
export interface SystemCell extends TableCell {
  /** Shown in some public output (else a piece or sum that a reader can only reason about). */
  readonly published: boolean;
}

/** How far a suppressed small count must stay open to an analyst (tau-argus protection levels). */
export interface ProtectionLevels {
  /**
   * The range every primary cell's value must keep: `full` (the default) is the whole 1..maxN a
   * small count can take; a number `k` asks only that it stay within k of the true value either way.
   */
  readonly primary: 'full' | number;
}
export const defaultProtection: ProtectionLevels = { primary: 'full' };

/** An integer program: optimise `objective`·x subject to equality rows and bounds, x integer. */
export interface IntegerProgram {
  readonly sense: 'min' | 'max';
  readonly objective: ReadonlyMap<number, number>;
  /** Each row: coefficients by variable, and the right-hand side. */
  readonly equalities: readonly {
    readonly terms: ReadonlyMap<number, number>;
    readonly rhs: number;
  }[];
  readonly bounds: readonly (readonly [number, number | null])[];
}
/**
 * Solves an integer program: the optimum and a solution reaching it (by variable), or null when it
 * has none (infeasible or unbounded). The app layer supplies HiGHS.
 */
export type IntegerProgramSolver = (
  program: IntegerProgram,
) => { readonly value: number; readonly solution: ReadonlyMap<number, number> } | null;

/** The protected publication: every cell's count and whether it is suppressed. */
export interface ProtectedPublication {
  readonly years: PublicationYears;
  readonly rule: DisclosureRule;
  readonly protection: ProtectionLevels;
  readonly table: LinearTable & { readonly cells: readonly SystemCell[] };
  readonly primary: ReadonlySet<number>;
  readonly suppressed: ReadonlySet<number>;
  /** The cell index of a figure of a period, or undefined when the figure is unknown (null). */
  readonly cellOf: (period: PeriodKey, figure: FigurePath) => number | undefined;
  /** The figures of a publication report, with the cells they show. */
  readonly figuresOf: (kind: PublicationKind, year: number) => readonly ReportFigure[];
}

/** The suppression mark: one for every hidden cell, whatever the reason. */
export const hiddenMark = 'x';

/**
 * The figures a report of a publication period shows: its sections for the period and the one
 * before, complicity over the TIP reporting years, and the completeness counts.
 */
export function reportFigures(
  kind: PublicationKind,
  year: number,
  paths: readonly FigurePath[],
): ReportFigure[] {
  const out: ReportFigure[] = [];
  for (const [block, y] of [
    ['current', year],
    ['previous', year - 1],
  ] as const)
    for (const path of paths) {
      if (path[0] === 'completeness') continue;
      // Complicity is counted over the TIP reporting year, except officials convicted, which
      // follow the convictions of the statistics period.
      const reporting = path[0] === 'complicity' && path[1] !== 'officialsConvicted';
      out.push({
        block,
        path,
        period: periodKey(reporting ? 'tip' : kind, y),
        figure: path,
      });
    }
  for (const [name, source] of Object.entries(completenessSources))
    out.push({
      block: 'current',
      path: ['completeness', name],
      period: periodKey(source.reporting ? 'tip' : kind, year),
      figure: source.figure,
    });
  return out;
}

/** The period keys a publication needs, the publication periods first. */
function systemPeriods(years: PublicationYears): { published: PeriodKey[]; pieces: PeriodKey[] } {
  const published: PeriodKey[] = [];
  for (let y = years.first - 1; y <= years.last; y++)
    published.push(periodKey('calendar', y), periodKey('tip', y));
  const pieces: PeriodKey[] = [];
  for (let y = years.first - 1; y <= years.last + 1; y++) {
    pieces.push(periodKey('q1', y));
    if (y <= years.last) pieces.push(periodKey('q2to4', y));
  }
  return { published, pieces };
}

/** Groups cells linked by constraints, so that each group is suppressed as its own system. */
function components(size: number, constraints: readonly SumConstraint[]): number[][] {
  const parent = Array.from({ length: size }, (_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    let node = i;
    while (parent[node] !== root) {
      const next = parent[node] ?? root;
      parent[node] = root;
      node = next;
    }
    return root;
  };
  for (const c of constraints)
    for (const part of c.parts) {
      const a = find(c.total);
      const b = find(part);
      if (a !== b) parent[a] = b;
    }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < size; i++) {
    const root = find(i);
    const group = groups.get(root);
    if (group === undefined) groups.set(root, [i]);
    else group.push(i);
  }
  return [...groups.values()];
}

/** The sub-table of a group of cells, with the group's constraints renumbered. */
function subTable(
  table: LinearTable,
  group: readonly number[],
  constraints: readonly SumConstraint[],
): LinearTable {
  const local = new Map(group.map((cell, i) => [cell, i]));
  const at = (cell: number) => local.get(cell) ?? -1;
  return {
    cells: group.map((cell) => table.cells[cell] ?? { key: [], count: 0 }),
    constraints: constraints
      .filter((c) => local.has(c.total))
      .map((c) => ({ total: at(c.total), parts: c.parts.map(at) })),
  };
}

/** The range an analyst must not be able to narrow a primary cell of count `value` below. */
export function protectionInterval(
  value: number,
  rule: DisclosureRule,
  protection: ProtectionLevels,
): { readonly low: number; readonly high: number } {
  const floor = rule.protectZeros ? 0 : 1;
  if (protection.primary === 'full') return { low: floor, high: rule.maxN };
  return {
    low: Math.max(floor, value - protection.primary),
    high: Math.min(rule.maxN, value + protection.primary),
  };
}

/** What an analyst knows of the hidden cells beyond the published ones. */
export interface AnalystKnowledge {
  /**
   * The cells the analyst takes to be small counts (bounded to the small range): none for the
   * published mark, which is one for every hidden cell; all primary cells for an analyst granted
   * more than is published (as if the marks told small counts from the others).
   */
  readonly small: ReadonlySet<number>;
}

/** A group of hidden cells linked by equations (with published values moved to the right). */
interface HiddenGroup {
  readonly members: readonly number[];
  readonly rows: readonly { readonly terms: ReadonlyMap<number, number>; readonly rhs: number }[];
}

/** The hidden cells in groups that no equation links to one another. */
function hiddenGroups(table: LinearTable, hidden: ReadonlySet<number>): Map<number, HiddenGroup> {
  const rows = table.constraints.flatMap((c) => {
    const terms = new Map<number, number>();
    let rhs = 0;
    for (const [cell, a] of [[c.total, 1], ...c.parts.map((p) => [p, -1] as const)] as const) {
      if (hidden.has(cell)) terms.set(cell, (terms.get(cell) ?? 0) + a);
      else rhs -= a * (table.cells[cell]?.count ?? 0);
    }
    return terms.size === 0 ? [] : [{ terms, rhs }];
  });
  const parent = new Map<number, number>([...hidden].map((h) => [h, h]));
  const find = (i: number): number => {
    let root = i;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(i, root);
    return root;
  };
  for (const row of rows) {
    const [first, ...rest] = [...row.terms.keys()];
    if (first === undefined) continue;
    for (const other of rest) parent.set(find(other), find(first));
  }
  const groups = new Map<number, { members: number[]; rows: (typeof rows)[number][] }>();
  const groupOf = (cell: number) => {
    const root = find(cell);
    let group = groups.get(root);
    if (group === undefined) {
      group = { members: [], rows: [] };
      groups.set(root, group);
    }
    return group;
  };
  for (const h of hidden) groupOf(h).members.push(h);
  for (const row of rows) groupOf([...row.terms.keys()][0] ?? -1).rows.push(row);
  const byCell = new Map<number, HiddenGroup>();
  for (const group of groups.values()) for (const m of group.members) byCell.set(m, group);
  return byCell;
}

/** The analyst's integer program over one hidden group, optimising one of its cells. */
function groupProgram(
  group: HiddenGroup,
  knowledge: AnalystKnowledge,
  rule: DisclosureRule,
  target: number,
  sense: 'min' | 'max',
): { program: IntegerProgram; cellOf: (variable: number) => number | undefined } {
  const floor = rule.protectZeros ? 0 : 1;
  const local = new Map(group.members.map((cell, i) => [cell, i]));
  return {
    program: {
      sense,
      equalities: group.rows.map((row) => ({
        terms: new Map([...row.terms].map(([cell, a]) => [local.get(cell) ?? 0, a])),
        rhs: row.rhs,
      })),
      bounds: group.members.map((cell): readonly [number, number | null] =>
        knowledge.small.has(cell) ? [floor, rule.maxN] : [0, null],
      ),
      objective: new Map([[local.get(target) ?? 0, 1]]),
    },
    cellOf: (variable) => group.members[variable],
  };
}

/**
 * The smallest and largest value each of `targets` can take in a non-negative integer solution of
 * the table's equations that agrees with every published cell (null: unbounded, or no solution).
 * Each target is solved over only the hidden cells its equations reach.
 */
export function hiddenRanges(
  table: LinearTable,
  hidden: ReadonlySet<number>,
  knowledge: AnalystKnowledge,
  rule: DisclosureRule,
  solve: IntegerProgramSolver,
  targets: Iterable<number>,
): Map<number, { readonly min: number | null; readonly max: number | null }> {
  const groups = hiddenGroups(table, hidden);
  const out = new Map<number, { min: number | null; max: number | null }>();
  for (const target of targets) {
    const group = groups.get(target);
    if (group === undefined) continue;
    const low = solve(groupProgram(group, knowledge, rule, target, 'min').program);
    const high = solve(groupProgram(group, knowledge, rule, target, 'max').program);
    out.set(target, { min: low?.value ?? null, max: high?.value ?? null });
  }
  return out;
}

/**
 * The primary cells an analyst reading the published mark (every hidden cell any non-negative
 * integer) can narrow below their protection interval. Solutions found on the way (and the true
 * counts) serve as witnesses, so a bound already reached by one needs no solve.
 */
function narrowedPrimaries(
  table: LinearTable,
  hidden: ReadonlySet<number>,
  primary: ReadonlySet<number>,
  rule: DisclosureRule,
  protection: ProtectionLevels,
  solve: IntegerProgramSolver,
): number[] {
  const groups = hiddenGroups(table, hidden);
  const lowSeen = new Map<number, number>();
  const highSeen = new Map<number, number>();
  const witness = (cell: number, value: number) => {
    lowSeen.set(cell, Math.min(lowSeen.get(cell) ?? value, value));
    highSeen.set(cell, Math.max(highSeen.get(cell) ?? value, value));
  };
  for (const cell of hidden) witness(cell, table.cells[cell]?.count ?? 0);
  const narrowed: number[] = [];
  const none = { small: new Set<number>() };
  for (const cell of primary) {
    const group = groups.get(cell);
    const want = protectionInterval(table.cells[cell]?.count ?? 0, rule, protection);
    if (group === undefined) continue;
    for (const sense of ['min', 'max'] as const) {
      const reached = () =>
        sense === 'min'
          ? (lowSeen.get(cell) ?? Infinity) <= want.low
          : (highSeen.get(cell) ?? -Infinity) >= want.high;
      if (reached()) continue;
      const { program, cellOf } = groupProgram(group, none, rule, cell, sense);
      const result = solve(program);
      // No optimum for a maximum: unbounded (the true counts are always a solution).
      if (result === null) {
        if (sense === 'max') highSeen.set(cell, Infinity);
        continue;
      }
      for (const [variable, value] of result.solution) {
        const other = cellOf(variable);
        if (other !== undefined) witness(other, value);
      }
      witness(cell, result.value);
      if (!reached()) {
        narrowed.push(cell);
        break;
      }
    }
  }
  return narrowed;
}

/**
 * Widens a group's suppression until every primary cell keeps its protection interval against an
 * analyst who reads the published mark: each pass hides, for every primary cell still narrowed,
 * the published cell nearest to it through the equations with the smallest count.
 */
function protectIntervals(
  table: LinearTable,
  hidden: Set<number>,
  primary: ReadonlySet<number>,
  candidates: ReadonlySet<number>,
  rule: DisclosureRule,
  protection: ProtectionLevels,
  solve: IntegerProgramSolver,
): void {
  const neighbours = new Map<number, Set<number>>();
  for (const c of table.constraints) {
    const members = [c.total, ...c.parts];
    for (const m of members) {
      const set = neighbours.get(m) ?? new Set<number>();
      for (const other of members) if (other !== m) set.add(other);
      neighbours.set(m, set);
    }
  }
  for (;;) {
    const narrowed = narrowedPrimaries(table, hidden, primary, rule, protection, solve);
    if (narrowed.length === 0) return;
    for (const cell of narrowed) {
      // Breadth-first through hidden cells to the nearest published ones.
      const seen = new Set([cell]);
      let frontier = [cell];
      let pick: number | undefined;
      while (frontier.length > 0 && pick === undefined) {
        const next: number[] = [];
        const open: number[] = [];
        for (const at of frontier)
          for (const n of neighbours.get(at) ?? []) {
            if (seen.has(n)) continue;
            seen.add(n);
            if (hidden.has(n)) next.push(n);
            else if (candidates.has(n)) open.push(n);
          }
        open.sort((a, b) => (table.cells[a]?.count ?? 0) - (table.cells[b]?.count ?? 0) || a - b);
        pick = open[0];
        frontier = next;
      }
      if (pick === undefined)
        throw new DomainError(
          'ValidationFailed',
          `cell ${table.cells[cell]?.key.join(' ') ?? cell} cannot be protected: every figure it is linked to is hidden already`,
        );
      hidden.add(pick);
    }
  }
}

/**
 * Builds and protects everything published for a jurisdiction's publication years: the figures of
 * every calendar and TIP year from `years.first` to `years.last` (with the year before each, as the
 * reports show it), linked by every declared identity the data satisfy, suppressed as one system
 * by Gauss elimination and, when a solver is given, widened until each small count keeps its
 * protection interval against an analyst's integer program.
 */
export function protectPublication(
  dataset: StatsDataset,
  years: PublicationYears,
  options: {
    readonly pack: Pack | null;
    readonly rule?: DisclosureRule;
    readonly protection?: ProtectionLevels;
    readonly solver?: IntegerProgramSolver;
  },
): ProtectedPublication {
  const rule = options.rule ?? unodcRule;
  const protection = options.protection ?? defaultProtection;
  if (!Number.isInteger(years.first) || !Number.isInteger(years.last) || years.last < years.first)
    throw new DomainError(
      'ValidationFailed',
      'publication years: first and last are years, first ≤ last',
    );
  const { published: publishedPeriods, pieces } = systemPeriods(years);
  const periods = [...publishedPeriods, ...pieces];
  const shareIds = new Set(shares.map((s) => pathId(s.path)));
  const cells: { key: string[]; count: number; published: boolean }[] = [];
  const index = new Map<string, number>();
  const valueOf = new Map<string, number | null>();
  const pathsSeen = new Map<string, FigurePath>();
  for (const period of periods)
    for (const leaf of periodFigures(dataset, period, options)) {
      valueOf.set(cellId(period, leaf.path), leaf.value);
      pathsSeen.set(pathId(leaf.path), leaf.path);
      if (leaf.value === null || shareIds.has(pathId(leaf.path))) continue;
      index.set(cellId(period, leaf.path), cells.length);
      cells.push({ key: [period, ...leaf.path], count: leaf.value, published: false });
    }
  const cellOf = (period: PeriodKey, figure: FigurePath) => index.get(cellId(period, figure));
  const figuresOf = (kind: PublicationKind, year: number) =>
    reportFigures(kind, year, [...pathsSeen.values()]);
  for (let y = years.first; y <= years.last; y++)
    for (const kind of ['calendar', 'tip'] as const)
      for (const f of figuresOf(kind, y)) {
        const cell = cellOf(f.period, f.figure);
        if (cell !== undefined) {
          const target = cells[cell];
          if (target !== undefined) target.published = true;
        }
      }

  const constraints: SumConstraint[] = [];
  // An identity enters when all its figures are known and the data satisfy it.
  const declare = (total: number | undefined, parts: readonly (number | undefined)[]) => {
    if (total === undefined || parts.length === 0 || parts.some((p) => p === undefined)) return;
    const known = parts.filter((p): p is number => p !== undefined);
    if (new Set([total, ...known]).size !== known.length + 1) return;
    const sum = known.reduce((s, p) => s + (cells[p]?.count ?? 0), 0);
    if (sum === cells[total]?.count) constraints.push({ total, parts: known });
  };
  const allPaths = [...pathsSeen.values()];
  for (const period of periods)
    for (const identity of periodIdentities) {
      const partPaths = isPathList(identity.parts)
        ? identity.parts
        : allPaths.filter(
            (path) =>
              path.length === identity.parts.length + 1 &&
              identity.parts.every((segment, i) => path[i] === segment),
          );
      declare(
        cellOf(period, identity.total),
        partPaths.map((p) => cellOf(period, p)),
      );
    }
  // Across periods: a calendar year is its first quarter and the rest; a TIP year is the last
  // three quarters of its year and the first quarter of the next. Stocks are states at an end date.
  const stockIds = new Set(stocks.map(pathId));
  for (let y = years.first - 1; y <= years.last; y++)
    for (const path of allPaths) {
      if (shareIds.has(pathId(path))) continue;
      const q1 = cellOf(periodKey('q1', y), path);
      const rest = cellOf(periodKey('q2to4', y), path);
      const nextQ1 = cellOf(periodKey('q1', y + 1), path);
      const calendar = cellOf(periodKey('calendar', y), path);
      const tip = cellOf(periodKey('tip', y), path);
      if (stockIds.has(pathId(path))) {
        declare(calendar, [rest]);
        declare(tip, [nextQ1]);
      } else {
        declare(calendar, [q1, rest]);
        declare(tip, [rest, nextQ1]);
      }
    }
  // A stock moves by its flows: pending at the end of a piece, plus those investigated in it, is
  // pending at the end of the piece before plus those received in it. The shared sum is a cell
  // no output shows.
  for (let i = 1; i < pieces.length; i++) {
    const before = pieces[i - 1];
    const piece = pieces[i];
    if (before === undefined || piece === undefined) continue;
    const pending = cellOf(piece, ['complicity', 'pendingUninvestigated']);
    const investigated = cellOf(piece, ['complicity', 'investigated']);
    const pendingBefore = cellOf(before, ['complicity', 'pendingUninvestigated']);
    const received = cellOf(piece, ['complicity', 'allegations']);
    if ([pending, investigated, pendingBefore, received].some((c) => c === undefined)) continue;
    const count = (c: number | undefined) => (c === undefined ? 0 : (cells[c]?.count ?? 0));
    const flow = count(pending) + count(investigated);
    if (flow !== count(pendingBefore) + count(received)) continue;
    const link = cells.length;
    cells.push({
      key: [piece, 'complicity', 'pendingAndInvestigated'],
      count: flow,
      published: false,
    });
    declare(link, [pending, investigated]);
    declare(link, [pendingBefore, received]);
  }

  const table = { cells, constraints };
  const primary = new Set(
    cells.flatMap((cell, i) => (cell.published && isPrimarySensitive(cell.count, rule) ? [i] : [])),
  );
  const suppressed = new Set(primary);
  for (const group of components(cells.length, constraints)) {
    const groupPrimary = group.filter((cell) => primary.has(cell));
    if (groupPrimary.length === 0) continue;
    const local = subTable(table, group, constraints);
    const localPrimary = groupPrimary.map((cell) => group.indexOf(cell));
    const order = publicationOrder(local, new Set(localPrimary)).filter(
      (i) => cells[group[i] ?? -1]?.published === true,
    );
    const hidden = new Set([
      ...localPrimary,
      ...gaussSecondary(local, localPrimary, order),
      // Cells no output shows are unknown to a reader.
      ...group.flatMap((cell, i) => (cells[cell]?.published === true ? [] : [i])),
    ]);
    if (options.solver !== undefined)
      protectIntervals(
        local,
        hidden,
        new Set(localPrimary),
        new Set(order),
        rule,
        protection,
        options.solver,
      );
    for (const i of hidden) {
      const cell = group[i];
      if (cell !== undefined && cells[cell]?.published === true) suppressed.add(cell);
    }
  }
  return { years, rule, protection, table, primary, suppressed, cellOf, figuresOf };
}

const isPathList = (parts: FigurePath | readonly FigurePath[]): parts is readonly FigurePath[] =>
  parts.every((p) => typeof p !== 'string');

/** The published face of a figure of a period: its count, the mark, or null when unknown. */
export function publicValue(
  publication: ProtectedPublication,
  period: PeriodKey,
  figure: FigurePath,
): number | typeof hiddenMark | null {
  const cell = publication.cellOf(period, figure);
  if (cell === undefined) return null;
  if (publication.suppressed.has(cell)) return hiddenMark;
  return publication.table.cells[cell]?.count ?? null;
}

/** The published face of a share: shown when every count it is made of is, else hidden. */
export function publicShare(
  publication: ProtectedPublication,
  period: PeriodKey,
  share: (typeof shares)[number],
  value: number | null,
): number | typeof hiddenMark | null {
  if (value === null) return null;
  return share.from.every((path) => typeof publicValue(publication, period, path) === 'number')
    ? value
    : hiddenMark;
}

export { periodKey };
export type { PeriodKey };
