import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../../core/errors.ts';
import { captureTable } from '../../core/stats/mse/capture-table.ts';
import { estimatePopulation } from '../../core/stats/mse/estimate.ts';
import { fitModel, mleExists } from '../../core/stats/mse/model.ts';
import type { LinearProgramSolver } from '../../core/stats/mse/model.ts';
import { parseCaptureCsv } from './capture-file.ts';
import { linearProgramSolver } from './linear-program.ts';

const dataset = (name: string) => {
  const file = new URL(`../../../../shared/data/mse/${name}.csv`, import.meta.url).pathname;
  return parseCaptureCsv(readFileSync(file, 'utf8'), `${name}.csv`);
};

let solve: LinearProgramSolver;
beforeAll(async () => {
  solve = await linearProgramSolver();
});

describe('the published estimates (docs/ESTIMATION.md), stepwise with p = 0.02', () => {
  // Each published point estimate and interval, with where it was published. Ours must fall
  // within the published interval; where the selection is the one the authors describe, the
  // same model must be chosen.
  const published = [
    // Chan, Silverman and Vincent (2021), §4.2: model AE, 2,483, BCa 95% (1,293, 3,670).
    { name: 'Western', model: ['A:E'], estimate: 2483, lower: 1293, upper: 3670 },
    // Ibid. §4.1: model DE, 1,184, BCa 95% (717, 1,657).
    { name: 'NewOrl', model: ['D:E'], estimate: 1184, lower: 717, upper: 1657 },
    // Ibid., five-list version: no interaction, 1,034, BCa 95% (589, 1,703).
    { name: 'NewOrl_5', model: [], estimate: 1034, lower: 589, upper: 1703 },
    // Silverman (2014) for the Home Office, the basis of the UK's 10,000–13,000.
    { name: 'UKdat_5', model: null, estimate: null, lower: 10000, upper: 13000 },
    { name: 'UKdat', model: null, estimate: null, lower: 10000, upper: 13000 },
  ];
  for (const p of published) {
    it(`${p.name}: within the published interval`, () => {
      const result = estimatePopulation(dataset(p.name), solve);
      expect(result.estimate).toBeGreaterThanOrEqual(p.lower);
      expect(result.estimate).toBeLessThanOrEqual(p.upper);
      if (p.estimate !== null) expect(Math.round(result.estimate)).toBe(p.estimate);
      if (p.model !== null) expect(result.model.interactions).toEqual(p.model);
      expect(result.lower).toBeLessThan(result.estimate);
      expect(result.upper).toBeGreaterThan(result.estimate);
    });
  }
});

describe('the Poisson log-linear fit', () => {
  it('matches R glm on the Western data with the AE interaction (coefficients, deviance, AIC)', () => {
    const table = dataset('Western');
    const model = fitModel(table, [[0, 4]], solve);
    expect(model.kind).toBe('fitted');
    if (model.kind !== 'fitted') return;
    // Printed by MultipleSystemsEstimation's vignette "Reproducing Chan, Silverman and Vincent (2021)".
    const expected = [7.668, -3.721, -3.192, -2.929, -3.845, -4.603, 2.335];
    model.fit.coefficients.forEach((b, i) => expect(b).toBeCloseTo(expected[i] ?? 0, 3));
    expect(model.fit.deviance).toBeCloseTo(26.58, 2);
    expect(model.aic).toBeCloseTo(91.84, 2);
  });

  it('detects an estimate that does not exist and one that is not identifiable (Chan et al., Table 2)', () => {
    const table = captureTable(
      ['A', 'B', 'C'],
      [
        { line: 1, history: [1, 0, 0], count: 40 },
        { line: 2, history: [0, 1, 0], count: 30 },
        { line: 3, history: [0, 0, 1], count: 20 },
        { line: 4, history: [1, 1, 0], count: 6 },
      ],
    );
    expect(
      fitModel(
        table,
        [
          [0, 1],
          [0, 2],
          [1, 2],
        ],
        solve,
      ).kind,
    ).toBe('nonidentifiable');
    expect(fitModel(table, [[0, 1]], solve).kind).toBe('nonexistent');
    expect(
      fitModel(
        table,
        [
          [0, 2],
          [1, 2],
        ],
        solve,
      ).kind,
    ).toBe('fitted');
  });

  it('the existence check is not vacuous: a design with a zero cell it can lower is refused', () => {
    // Two lists, only the overlap observed: the main effects can push both single-list cells to zero.
    expect(
      mleExists(
        [
          [1, 1, 0],
          [1, 0, 1],
          [1, 1, 1],
        ],
        [0, 0, 5],
        solve,
      ),
    ).toBe(false);
    expect(
      mleExists(
        [
          [1, 1, 0],
          [1, 0, 1],
          [1, 1, 1],
        ],
        [3, 4, 5],
        solve,
      ),
    ).toBe(true);
  });
});

describe('model selection and intervals', () => {
  it('AIC and BIC selections and the main-effects model give their own models', () => {
    const table = dataset('Western');
    const main = estimatePopulation(table, solve, { selection: 'main' });
    expect(main.model.interactions).toEqual([]);
    const bic = estimatePopulation(table, solve, { selection: 'bic' });
    const aic = estimatePopulation(table, solve, { selection: 'aic' });
    expect(aic.model.aic).toBeLessThanOrEqual(bic.model.aic);
    expect(bic.model.bic).toBeLessThanOrEqual(aic.model.bic);
    expect(main.estimate).not.toBeCloseTo(aic.estimate, 0);
  });

  it('a bootstrap interval repeats the selection, is reproducible from its seed, and contains the estimate', () => {
    const table = dataset('NewOrl_5');
    const one = estimatePopulation(table, solve, {
      interval: 'bootstrap',
      replicates: 40,
      seed: 7,
    });
    const two = estimatePopulation(table, solve, {
      interval: 'bootstrap',
      replicates: 40,
      seed: 7,
    });
    expect(one.lower).toBe(two.lower);
    expect(one.upper).toBe(two.upper);
    expect(one.lower).toBeLessThan(one.estimate);
    expect(one.upper).toBeGreaterThan(one.estimate);
    const other = estimatePopulation(table, solve, {
      interval: 'bootstrap',
      replicates: 40,
      seed: 8,
    });
    expect([other.lower, other.upper]).not.toEqual([one.lower, one.upper]);
  });

  it('a wider confidence level gives a wider interval', () => {
    const table = dataset('Western');
    const narrow = estimatePopulation(table, solve, { level: 0.8 });
    const wide = estimatePopulation(table, solve, { level: 0.99 });
    expect(wide.lower).toBeLessThan(narrow.lower);
    expect(wide.upper).toBeGreaterThan(narrow.upper);
  });

  it('two lists nobody is on together have no estimate, and the error says why', () => {
    const table = captureTable(
      ['Police', 'NGO'],
      [
        { line: 2, history: [1, 0], count: 4 },
        { line: 3, history: [0, 1], count: 3 },
      ],
    );
    let error: unknown;
    try {
      estimatePopulation(table, solve);
    } catch (caught) {
      error = caught;
    }
    expect(isDomainError(error, 'ValidationFailed')).toBe(true);
    expect((error as Error).message).toMatch(/no estimate exists/);
  });
});

describe('capture files', () => {
  it('names the file, line and column of what is wrong', () => {
    expect(() => parseCaptureCsv('A,B,count\n1,0,5\n0,1,x\n', 'f.csv')).toThrow(
      /f\.csv:3: column count is not a number/,
    );
    expect(() => parseCaptureCsv('A,B,count\n1,0,5\n1,0,2\n', 'f.csv')).toThrow(
      /line 3: the same combination/,
    );
    expect(() => parseCaptureCsv('A,B,count\n0,0,5\n', 'f.csv')).toThrow(
      /line 2: a history on no list/,
    );
    expect(() => parseCaptureCsv('A,B,count\n2,0,5\n', 'f.csv')).toThrow(/list A must be 0 or 1/);
    expect(() => parseCaptureCsv('A,count\n1,5\n', 'f.csv')).toThrow(/at least two list names/);
    expect(() => parseCaptureCsv('A,B,count\n1,0,-1\n', 'f.csv')).toThrow(/whole number/);
  });
});

describe('a published estimate', () => {
  it('is rounded, and no small overlap cell can be recovered from what it publishes', async () => {
    const { overlapSystem, publishEstimate, roundEstimate } =
      await import('../../core/stats/mse/publish.ts');
    const { derivableCells } = await import('../../core/stats/disclosure/index.ts');
    const table = dataset('Western');
    const estimate = estimatePopulation(table, solve);
    const published = publishEstimate(table, estimate);
    expect(published.estimate).toBe(2500);
    expect(roundEstimate(1184)).toBe(1200);
    expect(roundEstimate(11313)).toBe(11000);
    // Western has cells of 1 to 4 people: each is hidden, and so is enough else that the list
    // sizes and the total do not give them back.
    const small = published.overlaps.filter((o) => typeof o.count !== 'number');
    expect(small.length).toBeGreaterThanOrEqual(6);
    for (const o of published.overlaps) {
      if (typeof o.count === 'number') expect(o.count === 0 || o.count >= 5).toBe(true);
    }
    // Ask the independent checker what a reader of the published cells and sums could derive.
    const faces = [
      ...published.overlaps.map((o) => o.count),
      ...published.listSizes,
      published.observed,
    ];
    const hidden = new Set(faces.flatMap((face, i) => (typeof face === 'number' ? [] : [i])));
    expect(derivableCells(overlapSystem(table), hidden)).toEqual([]);
  });
});
