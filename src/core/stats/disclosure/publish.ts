import { proactiveOrigins } from '../../vocabulary.ts';
import type { AnnualReport, TrainingSection } from '../report.ts';
import { publishedCounts, suppressTable, unodcRule } from './suppress.ts';
import type { DisclosureRule, PublishedCount } from './suppress.ts';
import type { LinearTable, SumConstraint, TableCell } from './table.ts';

/** A published figure: a count or its suppression mark; null stays "not known", never zero. */
export type PublicValue = PublishedCount | null;

/** A tree of report values with every count replaced by its published face. */
export type PublicValues<T> = {
  readonly [K in keyof T]: T[K] extends number | null ? PublicValue : PublicValues<T[K]>;
};

/** A report section as published: this period and the previous one, without the records. */
export type PublicSection<S extends { readonly previous: unknown }> = PublicValues<
  Omit<S, 'previous' | 'records'>
> & { readonly previous: PublicValues<S['previous']> };

/** The annual report as it may leave the registry: no record ids, small counts suppressed. */
export interface PublicReport {
  readonly meta: AnnualReport['meta'];
  readonly law: AnnualReport['law'];
  readonly disclosure: { readonly maxN: number; readonly protectZeros: boolean };
  readonly investigations: PublicSection<AnnualReport['investigations']>;
  readonly relatedInvestigations: PublicSection<AnnualReport['relatedInvestigations']>;
  readonly prosecutions: PublicSection<AnnualReport['prosecutions']>;
  readonly convictions: PublicSection<AnnualReport['convictions']>;
  readonly sentences: PublicSection<AnnualReport['sentences']>;
  readonly victims: PublicSection<AnnualReport['victims']>;
  /** Training counts events and officials trained, not people in cases: published as counted. */
  readonly training: Omit<TrainingSection, 'records'>;
  readonly complicity: PublicSection<AnnualReport['complicity']>;
  readonly completeness: {
    readonly agenciesNotCertified: readonly { readonly name: string; readonly kind: string }[];
    readonly investigationsWithUnknownForm: PublicValue;
    readonly investigationsWithoutOrigin: PublicValue;
    readonly prosecutionsWithUnknownDefendants: PublicValue;
    readonly convictionsWithoutSentence: PublicValue;
    readonly casesWithoutProvision: PublicValue;
    readonly pendingAllegations: PublicValue;
  };
  readonly details: {
    readonly trainings: readonly {
      readonly title: string;
      readonly startsOn: string;
      readonly audiences: AnnualReport['details']['trainings'][number]['audiences'];
      readonly partners: readonly string[];
    }[];
  };
}

type Path = readonly string[];
const id = (path: Path): string => JSON.stringify(path);

interface Leaf {
  readonly path: Path;
  readonly value: number | null;
}

function leavesOf(tree: unknown, prefix: Path): Leaf[] {
  if (tree === null || typeof tree === 'number') return [{ path: prefix, value: tree }];
  if (typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([key, child]) => leavesOf(child, [...prefix, key]));
}

/** Figures that are not counts: a share is published only when the counts it is made of are. */
const shares: readonly { readonly path: Path; readonly from: readonly Path[] }[] = [
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

/**
 * The published equations between figures, by path; `children` of a path stands for every
 * figure under it. A reader can subtract along any of them, so suppression must hold across all.
 */
const relations: readonly { readonly total: Path; readonly parts: Path | readonly Path[] }[] = [
  { total: ['investigations', 'total'], parts: ['investigations', 'byForm'] },
  { total: ['investigations', 'total'], parts: ['investigations', 'byArticle'] },
  { total: ['investigations', 'total'], parts: ['investigations', 'byOrigin'] },
  {
    total: ['investigations', 'proactive'],
    parts: proactiveOrigins.map((origin) => ['investigations', 'byOrigin', origin]),
  },
  { total: ['relatedInvestigations', 'total'], parts: ['relatedInvestigations', 'byArticle'] },
  { total: ['prosecutions', 'cases'], parts: ['prosecutions', 'byForm'] },
  { total: ['prosecutions', 'cases'], parts: ['prosecutions', 'byArticle'] },
  { total: ['convictions', 'persons'], parts: ['convictions', 'byForm'] },
  { total: ['convictions', 'persons'], parts: [['sentences', 'convictedPersons']] },
  {
    total: ['sentences', 'convictedPersons'],
    parts: [
      ['sentences', 'recorded'],
      ['sentences', 'missing'],
    ],
  },
  { total: ['sentences', 'custodial'], parts: ['sentences', 'imprisonment'] },
  { total: ['victims', 'identified'], parts: ['victims', 'bySex'] },
  { total: ['victims', 'identified'], parts: ['victims', 'byAgeBand'] },
  { total: ['victims', 'identified'], parts: ['victims', 'byCitizenship'] },
  { total: ['victims', 'identified'], parts: ['victims', 'byForm'] },
  { total: ['victims', 'identified'], parts: ['victims', 'referredToServices'] },
  // The completeness block repeats figures of the sections under other names.
  {
    total: ['completeness', 'investigationsWithUnknownForm'],
    parts: [['investigations', 'byForm', 'unknown']],
  },
  {
    total: ['completeness', 'investigationsWithoutOrigin'],
    parts: [
      ['investigations', 'byOrigin', 'unknown'],
      ['investigations', 'byOrigin', 'not_recorded'],
    ],
  },
  {
    total: ['completeness', 'prosecutionsWithUnknownDefendants'],
    parts: [['prosecutions', 'casesWithUnknownDefendants']],
  },
  { total: ['completeness', 'convictionsWithoutSentence'], parts: [['sentences', 'missing']] },
];

const isPathList = (parts: Path | readonly Path[]): parts is readonly Path[] =>
  parts.every((p) => typeof p !== 'string');

/**
 * Suppresses one period's figures as a single linear system (the figures linked by relations
 * are protected together; the others only need their own small counts hidden).
 */
function suppressFigures(leaves: readonly Leaf[], rule: DisclosureRule): Map<string, PublicValue> {
  const shareIds = new Set(shares.map((s) => id(s.path)));
  const counted = leaves.filter(
    (leaf): leaf is { path: Path; value: number } =>
      leaf.value !== null && !shareIds.has(id(leaf.path)),
  );
  const index = new Map(counted.map((leaf, i) => [id(leaf.path), i]));
  const cells: TableCell[] = counted.map((leaf) => ({ key: leaf.path, count: leaf.value }));
  const constraints: SumConstraint[] = [];
  for (const relation of relations) {
    const partPaths = isPathList(relation.parts)
      ? relation.parts
      : counted
          .map((leaf) => leaf.path)
          .filter(
            (path) =>
              path.length === relation.parts.length + 1 &&
              relation.parts.every((segment, i) => path[i] === segment),
          );
    const total = index.get(id(relation.total));
    const parts = partPaths.map((path) => index.get(id(path)));
    // An unknown figure, or a sum the counting rules did not make exact, gives a reader no equation.
    if (total === undefined || parts.some((p) => p === undefined)) continue;
    const known = parts.filter((p): p is number => p !== undefined);
    const sum = known.reduce((s, p) => s + (cells[p]?.count ?? 0), 0);
    if (sum === cells[total]?.count) constraints.push({ total, parts: known });
  }
  const table: LinearTable = { cells, constraints };
  const faces = publishedCounts(table, suppressTable(table, rule), rule);
  const out = new Map<string, PublicValue>(leaves.map((leaf) => [id(leaf.path), null]));
  counted.forEach((leaf, i) => out.set(id(leaf.path), faces[i] ?? 'x'));
  for (const share of shares) {
    const value = leaves.find((leaf) => id(leaf.path) === id(share.path))?.value ?? null;
    const open = share.from.every((path) => typeof out.get(id(path)) === 'number');
    out.set(id(share.path), value === null ? null : open ? value : 'x');
  }
  return out;
}

function rebuild(tree: unknown, prefix: Path, faces: ReadonlyMap<string, PublicValue>): unknown {
  if (tree === null || typeof tree === 'number') return faces.get(id(prefix)) ?? null;
  if (typeof tree !== 'object') return tree;
  return Object.fromEntries(
    Object.entries(tree).map(([key, child]) => [key, rebuild(child, [...prefix, key], faces)]),
  );
}

const sectionNames = [
  'investigations',
  'relatedInvestigations',
  'prosecutions',
  'convictions',
  'sentences',
  'victims',
  'complicity',
] as const;

function withoutRecords<S extends { readonly previous: unknown; readonly records: unknown }>(
  section: S,
): { current: Omit<S, 'previous' | 'records'>; previous: S['previous'] } {
  const { previous, records: _records, ...current } = section;
  return { current, previous };
}

/**
 * The public face of an annual report: record ids and identifying details removed, counts of
 * 1 to `rule.maxN` shown as `<5`, and further figures hidden (`x`) wherever a total or a
 * repeated figure would let a reader compute a hidden count.
 */
export function publishAnnualReport(
  report: AnnualReport,
  rule: DisclosureRule = unodcRule,
): PublicReport {
  const split = Object.fromEntries(
    sectionNames.map((name) => [name, withoutRecords(report[name])]),
  ) as { [N in (typeof sectionNames)[number]]: ReturnType<typeof withoutRecords<AnnualReport[N]>> };
  const c = report.completeness;
  const completeness = {
    investigationsWithUnknownForm: c.investigationsWithUnknownForm,
    investigationsWithoutOrigin: c.investigationsWithoutOrigin,
    prosecutionsWithUnknownDefendants: c.prosecutionsWithUnknownDefendants,
    convictionsWithoutSentence: c.convictionsWithoutSentence,
    casesWithoutProvision: c.casesWithoutProvision.length,
    pendingAllegations: c.pendingAllegations.length,
  };
  const currentLeaves = [
    ...sectionNames.flatMap((name) => leavesOf(split[name].current, [name])),
    ...leavesOf(completeness, ['completeness']),
  ];
  const previousLeaves = sectionNames.flatMap((name) => leavesOf(split[name].previous, [name]));
  const now = suppressFigures(currentLeaves, rule);
  const before = suppressFigures(previousLeaves, rule);
  const section = <N extends (typeof sectionNames)[number]>(name: N) =>
    // The rebuilt tree has the section's shape with each number or null replaced by its face.
    ({
      ...(rebuild(split[name].current, [name], now) as object),
      previous: rebuild(split[name].previous, [name], before),
    }) as PublicSection<AnnualReport[N]>;
  const { records: _trainingRecords, ...training } = report.training;
  return {
    meta: report.meta,
    law: report.law,
    disclosure: { maxN: rule.maxN, protectZeros: rule.protectZeros },
    investigations: section('investigations'),
    relatedInvestigations: section('relatedInvestigations'),
    prosecutions: section('prosecutions'),
    convictions: section('convictions'),
    sentences: section('sentences'),
    victims: section('victims'),
    training,
    complicity: section('complicity'),
    completeness: {
      ...(rebuild(completeness, ['completeness'], now) as Omit<
        PublicReport['completeness'],
        'agenciesNotCertified'
      >),
      agenciesNotCertified: c.agenciesNotCertified.map((a) => ({ name: a.name, kind: a.kind })),
    },
    details: {
      trainings: report.details.trainings.map((t) => ({
        title: t.title,
        startsOn: t.startsOn,
        audiences: t.audiences,
        partners: t.partners,
      })),
    },
  };
}
