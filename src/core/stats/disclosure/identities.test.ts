import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarYear } from '../period.ts';
import { computeAnnualReport } from '../report.ts';
import { generatedDataset } from '../../../../test/support/generated-registry.ts';
import { periodIdentities, protectedSections } from './system.ts';

// Issue 18, part 3: every additive identity that the figures of a period satisfy on any data
// must be declared, or a reader could subtract along it unprotected. Random registries are
// counted; the linear relations that hold on every one of them (the null space of the samples)
// must all follow from the declared identities.

type Leaf = { path: string; value: number | null };
function leaves(tree: unknown, prefix: string): Leaf[] {
  if (tree === null || typeof tree === 'number') return [{ path: prefix, value: tree }];
  if (typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([k, v]) => leaves(v, prefix === '' ? k : `${prefix}.${k}`));
}

/** The counts one calendar year publishes, by path (the share is not a count). */
function figuresOf(size: number, seed: number): Map<string, number | null> {
  const dataset = generatedDataset(size, seed, 2020, 2020);
  const period = calendarYear(2020);
  const report = computeAnnualReport(
    dataset,
    { statistics: period, previous: period, reporting: period, previousReporting: period },
    { pack: null, findings: [] },
  );
  const out = new Map<string, number | null>();
  for (const name of protectedSections) {
    const { previous: _p, records: _r, ...values } = report[name];
    for (const leaf of leaves(values, name)) out.set(leaf.path, leaf.value);
  }
  out.set(
    'completeness.investigationsWithoutOrigin',
    report.completeness.investigationsWithoutOrigin,
  );
  out.set('completeness.casesWithoutProvision', report.completeness.casesWithoutProvision);
  out.delete('investigations.proactiveShare');
  return out;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};
/** A row divided by the gcd of its entries, so that entries stay small. */
const primitive = (row: bigint[]): bigint[] => {
  const g = row.reduce(gcd, 0n);
  return g <= 1n ? row : row.map((v) => v / g);
};

/** Reduced row echelon form over the rationals, kept as bigint rows scaled to integers. */
function echelon(rows: bigint[][]): { rows: bigint[][]; pivots: number[] } {
  const m = rows.map((r) => [...r]);
  const pivots: number[] = [];
  const width = m[0]?.length ?? 0;
  let r = 0;
  for (let c = 0; c < width && r < m.length; c++) {
    const at = m.findIndex((row, i) => i >= r && row[c] !== 0n);
    if (at < 0) continue;
    [m[r], m[at]] = [m[at] ?? [], m[r] ?? []];
    const pivot = m[r] ?? [];
    for (let i = 0; i < m.length; i++) {
      const row = m[i] ?? [];
      if (i === r || row[c] === 0n) continue;
      const a = row[c] ?? 0n;
      const p = pivot[c] ?? 1n;
      m[i] = primitive(row.map((x, k) => x * p - a * (pivot[k] ?? 0n)));
    }
    pivots.push(c);
    r++;
  }
  return { rows: m.slice(0, r), pivots };
}

/** A basis of the vectors w with X·w = 0 (integer entries). */
function nullSpace(x: bigint[][], width: number): bigint[][] {
  const { rows, pivots } = echelon(x);
  const free = Array.from({ length: width }, (_, c) => c).filter((c) => !pivots.includes(c));
  return free.map((f) => {
    const scale = rows.reduce((s, row, i) => {
      const p = row[pivots[i] ?? 0] ?? 1n;
      return (s / gcd(s, p)) * (p < 0n ? -p : p);
    }, 1n);
    const w = Array.from({ length: width }, () => 0n);
    w[f] = scale;
    rows.forEach((row, i) => {
      const p = pivots[i] ?? 0;
      w[p] = (-(row[f] ?? 0n) * scale) / (row[p] ?? 1n);
    });
    return primitive(w);
  });
}

const samples = fc.sample(
  fc.record({ size: fc.integer({ min: 0, max: 40 }), seed: fc.integer({ min: 1, max: 1e9 }) }),
  { numRuns: 260, seed: 18 },
);
const figures = samples.map(({ size, seed }) => figuresOf(size, seed));

/** The relations every sample satisfies that do not follow from `identities`, written out. */
function undeclared(identities: typeof periodIdentities): string[] {
  // Open categories absent from a registry are none; a figure unknown somewhere (null) is left out.
  const paths = [...new Set(figures.flatMap((f) => [...f.keys()]))]
    .filter((p) => figures.every((f) => f.get(p) !== null))
    .filter((p) => figures.some((f) => (f.get(p) ?? 0) !== 0))
    .sort();
  const column = new Map(paths.map((p, i) => [p, i]));
  const x = figures.map((f) => paths.map((p) => BigInt(f.get(p) ?? 0)));
  if (x.length <= paths.length) throw new Error('too few samples for the figures');
  // The declared identities that hold on every sample, as rows over the same columns.
  const declared: bigint[][] = [];
  for (const identity of identities) {
    const total = identity.total.join('.');
    const parts = identity.parts.every((p) => typeof p !== 'string')
      ? identity.parts.map((p) => (typeof p === 'string' ? p : p.join('.')))
      : paths.filter((p) => p.startsWith(`${identity.parts.join('.')}.`));
    if (!column.has(total) || parts.some((p) => !column.has(p))) continue;
    const row = paths.map(() => 0n);
    row[column.get(total) ?? 0] = 1n;
    for (const p of parts) row[column.get(p) ?? 0] = (row[column.get(p) ?? 0] ?? 0n) - 1n;
    if (x.every((sample) => sample.reduce((s, v, i) => s + v * (row[i] ?? 0n), 0n) === 0n))
      declared.push(row);
  }
  const declaredRank = echelon(declared).rows.length;
  return nullSpace(x, paths.length)
    .filter((w) => echelon([...declared, w]).rows.length > declaredRank)
    .map((w) =>
      w.flatMap((a, i) => (a === 0n ? [] : [`${a > 0n ? '+' : ''}${a} ${paths[i]}`])).join(' '),
    );
}

describe('property: every identity of a period the data satisfy is declared', () => {
  it('finds no linear relation among the counts of random registries beyond the declared ones', () => {
    expect(undeclared(periodIdentities)).toEqual([]);
  });

  it('would name the identity of recorded sentences if it were not declared', () => {
    const without = periodIdentities.filter(
      (i) => !(i.total.join('.') === 'sentences.recorded' && i.parts.length === 4),
    );
    expect(without).toHaveLength(periodIdentities.length - 1);
    expect(undeclared(without)).toHaveLength(1);
  });
});
