/** `palermo sentences --jurisdiction US --article 1591`: prison terms by year under one article. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { resolveJurisdiction } from '../app/statutes/jurisdictions.ts';
import { sentencesUnderArticle } from '../app/reports/sentences.ts';
import { jurisdictionOption, printJson, printTable, withRuntime } from './runtime.ts';

/** Adds `sentences`. */
export function registerSentencesCommand(program: Command): void {
  program
    .command('sentences')
    .description(
      'sentences by year of persons convicted under an article: count, with a prison term, median, min and max months',
    )
    .option('--jurisdiction <code>', 'jurisdiction, e.g. US (default: the only one in use)')
    .requiredOption('--article <article>', 'the article convicted under, e.g. 1591')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(
      async (
        options: { jurisdiction?: string; article: string; format: string },
        command: Command,
      ) => {
        const result = await withRuntime(command, async ({ ctx, actor }) =>
          sentencesUnderArticle(ctx, actor, {
            ...options,
            jurisdiction: await resolveJurisdiction(ctx, jurisdictionOption(options.jurisdiction)),
          }),
        );
        if (options.format === 'json') return printJson(result);
        process.stdout.write(
          `Sentences of persons convicted under ${result.jurisdiction} article ${result.article}, by year sentenced\n`,
        );
        printTable(
          result.years.map((y) => ({
            year: String(y.year),
            sentences: String(y.sentences),
            'with term': String(y.withTerm),
            'median months': y.medianMonths,
            min: y.minMonths,
            max: y.maxMonths,
            life: String(y.life),
            'no term': String(y.withoutTerm),
          })),
          ['year', 'sentences', 'with term', 'median months', 'min', 'max', 'life', 'no term'],
        );
      },
    );
}
