import { keyedBy } from '../keyed.ts';
/**
 * A figure is a number together with the records it was counted from. Indicators are built
 * as trees of figures; a report shows their values, the previous period's values, and the
 * records behind each, all in the same shape so that any figure can be drilled into.
 */
export interface Figure {
  readonly value: number | null;
  readonly records: readonly string[];
}

export interface FigureTree {
  readonly [key: string]: Figure | FigureTree;
}

export type ValuesOf<T> = {
  readonly [K in keyof T]: T[K] extends Figure ? number | null : ValuesOf<T[K]>;
};
export type RecordsOf<T> = {
  readonly [K in keyof T]: T[K] extends Figure ? readonly string[] : RecordsOf<T[K]>;
};

/**
 * The records of a section: this period's figure by figure, and under `previous` the previous
 * period's (no figure of a section is called `previous`: the section's values have that key).
 */
export type SectionRecords<T> = RecordsOf<T> & { readonly previous: RecordsOf<T> };

/**
 * A section of the report: this period's values, the previous period's, and the records behind
 * each (`records.<figure>` this period's, `records.previous.<figure>` the previous period's).
 */
export type Section<T extends FigureTree> = ValuesOf<T> & {
  readonly previous: ValuesOf<T>;
  readonly records: SectionRecords<T>;
};

/**
 * Distinct records, sorted the first time they are read (a drill-down, or an export): most
 * figures are read for their values and counts only, so their records are never sorted.
 */
function lazyFigure(value: number | null, unique: ReadonlySet<string>): Figure {
  let sorted: readonly string[] | undefined;
  const made: Figure = {
    value,
    get records() {
      sorted ??= [...unique].sort();
      return sorted;
    },
  };
  distinctOf.set(made, unique);
  return made;
}

/** Each figure's distinct records, unsorted (how many there are is known without sorting). */
const distinctOf = new WeakMap<Figure, ReadonlySet<string>>();
/** The figure behind each list of a records tree, by the tree and the list's key. */
const figuresOf = new WeakMap<object, ReadonlyMap<string, Figure>>();

/**
 * How many records the list `key` of a records tree (a section's `records`, or a subtree of it)
 * holds, without reading the list (which would sort it); null when the tree was not made by
 * `recordsOf` or `key` is not a list of it: then read the list.
 */
export function listedCount(tree: object, key: string): number | null {
  const figure = figuresOf.get(tree)?.get(key);
  return (figure && distinctOf.get(figure)?.size) ?? null;
}

/** The count of distinct records. */
export function countOf(records: Iterable<string>): Figure {
  const unique = new Set(records);
  return lazyFigure(unique.size, unique);
}

/**
 * The count of the distinct records of several figures together (a completeness count summing
 * two groupings), read without sorting them.
 */
export function countOfAll(figures: readonly Figure[]): Figure {
  const unique = new Set<string>();
  for (const one of figures) for (const id of distinctOf.get(one) ?? one.records) unique.add(id);
  return lazyFigure(unique.size, unique);
}

/** A value computed from records (a sum, a share), or null when it cannot be known. */
export function figure(value: number | null, records: Iterable<string>): Figure {
  return lazyFigure(value, new Set(records));
}

// Tells a figure from a subtree without reading its records (which would sort them).
function isFigure(node: Figure | FigureTree): node is Figure {
  return (
    'records' in node && 'value' in node && (node.value === null || typeof node.value === 'number')
  );
}

function mapTree(tree: FigureTree, leaf: (figure: Figure) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(tree))
    out[key] = isFigure(node) ? leaf(node) : mapTree(node, leaf);
  return out;
}

/** The values of a figure tree. */
export function valuesOf<T extends FigureTree>(tree: T): ValuesOf<T> {
  // assertion: mapTree keeps every key and replaces each figure by its value, which is ValuesOf<T>;
  // the compiler cannot follow a mapped type through the recursion
  return mapTree(tree, (node) => node.value) as ValuesOf<T>;
}

/**
 * The records of a figure tree, each list sorted when it is first read (a drill-down, or the
 * answer written out), not when the report is counted.
 */
export function recordsOf<T extends FigureTree>(tree: T): RecordsOf<T> {
  // assertion: as in valuesOf, with each figure replaced by its records
  return lazyRecords(tree) as RecordsOf<T>;
}

function lazyRecords(tree: FigureTree): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const figures = new Map<string, Figure>();
  for (const [key, node] of Object.entries(tree)) {
    if (isFigure(node)) {
      figures.set(key, node);
      // A frozen tree (a report kept for many readers) hands out its lists frozen too.
      const get = () => (Object.isFrozen(out) ? Object.freeze(node.records) : node.records);
      Object.defineProperty(out, key, { enumerable: true, get });
    } else out[key] = lazyRecords(node);
  }
  figuresOf.set(out, figures);
  return out;
}

/** Builds a section from the trees of this period and the previous one. */
export function sectionOf<T extends FigureTree>(current: T, previous: T): Section<T> {
  // Object.assign sets a plain `previous` on the lazily sorted tree without reading its lists.
  const records = Object.assign(recordsOf(current), { previous: recordsOf(previous) });
  return { ...valuesOf(current), previous: valuesOf(previous), records };
}

/** Groups ids by a key, with every listed key present (possibly empty). */
export function groupBy<K extends string>(
  keys: readonly K[],
  items: Iterable<{ key: NoInfer<K>; id: string }>,
): Record<K, Figure> {
  const buckets = new Map(keys.map((key): [K, string[]] => [key, []]));
  for (const item of items) buckets.get(item.key)?.push(item.id);
  return keyedBy(keys, (key) => countOf(buckets.get(key) ?? []));
}

/** Groups ids by an open set of keys (articles, citizenships), sorted by key. */
export function groupByOpen(items: Iterable<{ key: string; id: string }>): Record<string, Figure> {
  const buckets = new Map<string, string[]>();
  for (const item of items) {
    const bucket = buckets.get(item.key);
    if (bucket === undefined) buckets.set(item.key, [item.id]);
    else bucket.push(item.id);
  }
  return Object.fromEntries(
    [...buckets.keys()].sort().map((key) => [key, countOf(buckets.get(key) ?? [])]),
  );
}
