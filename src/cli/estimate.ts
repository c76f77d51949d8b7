import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { linearProgramSolver } from '../app/estimation/linear-program.ts';
import { parseCaptureCsv } from '../app/estimation/capture-file.ts';
import { captureTableForPeriod } from '../app/victims/deduplication.ts';
import { resolveJurisdiction } from '../app/statutes/jurisdictions.ts';
import { DomainError } from '../core/errors.ts';
import type { CaptureTable } from '../core/stats/mse/capture-table.ts';
import { jurisdictionOption, withRuntime } from './runtime.ts';
import { estimatePopulation } from '../core/stats/mse/estimate.ts';
import type { PopulationEstimate, Selection } from '../core/stats/mse/estimate.ts';

interface EstimateOptions {
  lists?: string;
  year?: string;
  jurisdiction?: string;
  format: 'text' | 'json';
  selection: Selection;
  threshold: string;
  interval: 'profile' | 'bootstrap';
  replicates: string;
  seed: string;
  level: string;
}

const whole = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The estimate as a reader would want it: the figure, its interval, the lists and the model. */
export function formatEstimateText(e: PopulationEstimate): string {
  const interval =
    e.interval === 'profile'
      ? 'profile-likelihood interval, conditional on the model'
      : `bootstrap percentile interval, model chosen afresh in each resample${e.failedReplicates ? `; ${e.failedReplicates} resamples had no estimate` : ''}`;
  return [
    `Estimated population: ${whole(e.estimate)} (${Math.round(e.level * 100)}% interval ${whole(e.lower)} – ${whole(e.upper)}; ${interval})`,
    `Observed on at least one list: ${whole(e.observed)}; estimated never identified: ${whole(e.darkFigure)}`,
    `Lists (${e.lists.length}): ${e.lists.join(', ')}`,
    `Model (${e.selection}): main effects${e.model.interactions.length > 0 ? ` + ${e.model.interactions.join(', ')}` : ' only'}${e.model.minusInfinity.length > 0 ? `; −∞ for lists with no overlap: ${e.model.minusInfinity.join(', ')}` : ''}`,
    'This is a statistical estimate, not a count: it assumes a closed population and that the chosen log-linear model describes how the lists depend on each other (docs/ESTIMATION.md).',
  ].join('\n');
}

function numberOption(value: string, name: string, check: (n: number) => boolean): number {
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) {
    throw new DomainError('ValidationFailed', `--${name}: invalid value ${JSON.stringify(value)}`);
  }
  return n;
}

/** `palermo estimate`: multiple systems estimation of the number of victims never identified. */
export function registerEstimateCommand(program: Command): void {
  program
    .command('estimate')
    .description(
      'estimate how many victims were never identified (multiple systems estimation over overlapping lists)',
    )
    .option(
      '--lists <file.csv>',
      'capture histories: one 0/1 column per list, then the count of individuals with that history',
    )
    .option(
      '--year <year>',
      "from the registry's own records: the agencies' lists of the victims they identified that year, de-duplicated by the confirmed links",
    )
    .option('--jurisdiction <code>', 'with --year: the jurisdiction (default: the only one in use)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .addOption(
      new Option('--selection <method>', 'how interactions between lists are chosen')
        .choices(['stepwise', 'aic', 'bic', 'main'])
        .default('stepwise'),
    )
    .option('--threshold <p>', 'p-value threshold of the stepwise selection', '0.02')
    .addOption(
      new Option('--interval <kind>', 'confidence interval')
        .choices(['profile', 'bootstrap'])
        .default('profile'),
    )
    .option('--replicates <n>', 'bootstrap resamples', '1000')
    .option('--seed <n>', 'bootstrap seed (same seed, same interval)', '1234')
    .option('--level <p>', 'confidence level', '0.95')
    .action(async (options: EstimateOptions, command: Command) => {
      if ((options.lists === undefined) === (options.year === undefined)) {
        throw new DomainError(
          'ValidationFailed',
          'give either --lists <file.csv> or --year <year> (with --jurisdiction)',
        );
      }
      let table: CaptureTable;
      if (options.lists !== undefined) {
        table = parseCaptureCsv(readFileSync(options.lists, 'utf8'), options.lists);
      } else {
        const year = options.year ?? '';
        if (!/^\d{4}$/.test(year))
          throw new DomainError(
            'ValidationFailed',
            `--year: expected a year such as 2016, found ${JSON.stringify(year)}`,
          );
        const captured = await withRuntime(command, async ({ ctx, actor }) =>
          captureTableForPeriod(ctx, actor, {
            jurisdiction: await resolveJurisdiction(ctx, jurisdictionOption(options.jurisdiction)),
            from: `${year}-01-01`,
            to: `${year}-12-31`,
          }),
        );
        table = captured.table;
        const source = `From the registry: ${captured.records} victim records identified in ${year}, ${captured.persons} distinct persons after applying ${captured.linksApplied} confirmed links (${captured.matchedAt === null ? 'the records were never matched across agencies: not de-duplicated' : `matched across agencies on ${captured.matchedAt.slice(0, 10)}`}); ${captured.withoutAgency} records with no identifying agency are on no list and left out.`;
        // Said before the estimate, so that a table with no estimate still shows what it held.
        if (options.format === 'text') process.stdout.write(`${source}\n`);
      }
      const estimate = estimatePopulation(table, await linearProgramSolver(), {
        selection: options.selection,
        threshold: numberOption(options.threshold, 'threshold', (n) => n >= 0 && n <= 1),
        interval: options.interval,
        replicates: numberOption(
          options.replicates,
          'replicates',
          (n) => Number.isInteger(n) && n >= 10 && n <= 100_000,
        ),
        seed: numberOption(options.seed, 'seed', Number.isInteger),
        level: numberOption(options.level, 'level', (n) => n > 0 && n < 1),
      });
      process.stdout.write(
        options.format === 'json'
          ? `${JSON.stringify(
              {
                estimate: estimate.estimate,
                lower: estimate.lower,
                upper: estimate.upper,
                model: estimate.model,
                observed: estimate.observed,
                darkFigure: estimate.darkFigure,
                lists: estimate.lists,
                level: estimate.level,
                interval: estimate.interval,
                selection: estimate.selection,
              },
              null,
              2,
            )}\n`
          : `${formatEstimateText(estimate)}\n`,
      );
    });
}
