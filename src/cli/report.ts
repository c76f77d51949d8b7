import type { Command } from 'commander';
import { parseInput } from '../app/common/validate.ts';
import { annualReportQuery } from '../app/schemas/reports.schemas.ts';
import { Option } from 'commander';
import { loadDemo } from '../app/demo/demo.ts';
import { annualReport } from '../app/reports/annual-report.ts';
import type { AnnualReportWithNarrative } from '../app/reports/annual-report.ts';
import { renderReport } from '../app/reports/exports/export.ts';
import { readGlotipWorkbook, reconcileWithGlotip } from '../app/reports/reconcile.ts';
import type { Reconciliation } from '../app/reports/reconcile.ts';
import { DomainError, invalidField } from '../core/errors.ts';
import { reportFormats } from '../core/stats/formats.ts';
import { isOneOf, traffickingForms } from '../core/vocabulary.ts';
import { writeOutput } from './output.ts';
import { withRuntime } from './runtime.ts';
import { downloadName, jurisdictionName, periodInName } from '../app/reports/download-names.ts';

/** The figures a reader checks first, with the previous period, as text lines. */
export function formatReportText(report: AnnualReportWithNarrative): string {
  const p = report.meta.periods;
  const show = (value: number | null) => (value === null ? 'unknown' : String(value));
  const row = (label: string, value: number | null, previous: number | null) =>
    `  ${label.padEnd(46)} ${show(value).padStart(8)} ${show(previous).padStart(8)}`;
  const lines = [
    `Annual law-enforcement report: ${report.meta.jurisdiction}, ${p.statistics.label} (previous: ${p.previous.label}; reporting period ${p.reporting.from} – ${p.reporting.to})`,
    '',
    ...report.narrative.paragraphs.flatMap((paragraph) => [paragraph, '']),
    `  ${'figure'.padEnd(46)} ${p.statistics.label.slice(0, 8).padStart(8)} ${p.previous.label.slice(0, 8).padStart(8)}`,
    row('investigations', report.investigations.total, report.investigations.previous.total),
    ...traffickingForms.map((form) =>
      row(
        `  of which ${form}`,
        report.investigations.byForm[form],
        report.investigations.previous.byForm[form],
      ),
    ),
    row(
      'related-article investigations',
      report.relatedInvestigations.total,
      report.relatedInvestigations.previous.total,
    ),
    row('prosecutions (cases)', report.prosecutions.cases, report.prosecutions.previous.cases),
    row(
      'prosecutions (defendants)',
      report.prosecutions.defendants,
      report.prosecutions.previous.defendants,
    ),
    row('convictions (persons)', report.convictions.persons, report.convictions.previous.persons),
    row('convictions (cases)', report.convictions.cases, report.convictions.previous.cases),
    row(
      'victims in cases with convictions',
      report.convictions.victims,
      report.convictions.previous.victims,
    ),
    row('sentences recorded', report.sentences.recorded, report.sentences.previous.recorded),
    row(
      'convictions without a sentence recorded',
      report.sentences.missing,
      report.sentences.previous.missing,
    ),
    row('victims identified', report.victims.identified, report.victims.previous.identified),
    row(
      'training events (reporting period)',
      report.training.events,
      report.training.previous.events,
    ),
    row(
      'training participants',
      report.training.participants,
      report.training.previous.participants,
    ),
    row(
      'complicity allegations received',
      report.complicity.allegations,
      report.complicity.previous.allegations,
    ),
    row(
      'complicity allegations investigated',
      report.complicity.investigated,
      report.complicity.previous.investigated,
    ),
    row(
      'officials prosecuted',
      report.complicity.officialsProsecuted,
      report.complicity.previous.officialsProsecuted,
    ),
    row(
      'officials convicted',
      report.complicity.officialsConvicted,
      report.complicity.previous.officialsConvicted,
    ),
    '',
    `Not certified for the period: ${report.completeness.agenciesNotCertified.map((a) => a.name).join(', ') || 'none'}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The reconciliation as text: every line, differences marked, with the records behind them. */
export function formatReconciliationText(result: Reconciliation): string {
  const show = (value: number | string | null) => (value === null ? '—' : String(value));
  const lines = [
    `Reconciliation with UNODC GLOTIP: ${result.countryName} (${result.country}), Palermo jurisdiction ${result.jurisdiction}`,
    `Registry data covers: ${result.registryYears.length === 0 ? 'no year' : `${result.registryYears[0]}–${result.registryYears.at(-1)}`}`,
    `${result.differences.length} of ${result.lines.length} lines differ.`,
    '',
    `  ${'year'.padEnd(5)} ${'indicator'.padEnd(19)} ${'UNODC'.padStart(6)} ${'registry'.padStart(8)} status`,
  ];
  const outside = result.lines.filter((line) => line.status === 'not_in_registry');
  for (const line of result.lines) {
    // Years the registry holds no data for are summarised below; JSON lists them one by one.
    if (line.status === 'not_in_registry') continue;
    const delta =
      line.difference === null ? '' : ` (${line.difference > 0 ? '+' : ''}${line.difference})`;
    lines.push(
      `  ${String(line.year).padEnd(5)} ${line.indicator.padEnd(19)} ${show(line.published).padStart(6)} ${(line.status === 'registry_unknown' ? 'unknown' : show(line.registry)).padStart(8)} ${line.status}${delta}`,
    );
    if (line.status === 'differs' || line.status === 'not_published')
      lines.push(...line.records.map((id) => `        ${id}`));
    if (line.status === 'registry_unknown')
      lines.push(`        defendants not recorded in: ${line.unknownBecause.join(', ') || 'none'}`);
  }
  if (outside.length > 0)
    lines.push(
      '',
      `not_in_registry: UNODC publishes ${outside.length} figures for years outside the registry's data: ${[
        ...new Set(outside.map((line) => line.year)),
      ].join(', ')}`,
    );
  return `${lines.join('\n')}\n`;
}

/** `report`, `reconcile` and `demo`. */
export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description(
      'the annual law-enforcement report (figures, previous period, records behind each figure, narrative)',
    )
    .option('--year <year>', 'the year to report on')
    .addOption(
      new Option('--period <kind>', 'calendar year or TIP year (1 April – 31 March)')
        .choices(['calendar', 'tip'])
        .default('calendar'),
    )
    .option('--from <date>', 'start of an explicit period (YYYY-MM-DD), with --to')
    .option('--to <date>', 'end of an explicit period (YYYY-MM-DD), with --from')
    .option('--jurisdiction <code>', 'jurisdiction (default: the only one in the registry)')
    .addOption(
      new Option('--lang <lang>', 'language of the narrative').choices(['en', 'ru']).default('en'),
    )
    .addOption(
      new Option('--format <format>', 'output format (xlsx is binary: use --out)')
        .choices(['text', 'json', 'html', 'xlsx', 'csv', 'glotip'])
        .default('text'),
    )
    .option(
      '--out <file>',
      'write to this file instead of standard output (a directory: under the name the web gives it)',
    )
    .action(
      async (
        options: {
          year?: string;
          period: string;
          from?: string;
          to?: string;
          jurisdiction?: string;
          lang: string;
          format: string;
          out?: string;
        },
        command: Command,
      ) => {
        await withRuntime(command, async ({ ctx, actor }) => {
          const report = await annualReport(
            ctx,
            actor,
            parseInput(annualReportQuery, {
              year: options.year,
              period: options.period,
              from: options.from,
              to: options.to,
              jurisdiction: options.jurisdiction,
              lang: options.lang,
            }),
          );
          const format = options.format;
          if (format !== 'text' && !isOneOf(reportFormats, format))
            throw invalidField('format', `must be text or one of ${reportFormats.join(', ')}`);
          // --out is the operator's own path on their machine: written as given.
          if (format === 'text') {
            const lang = report.narrative.lang;
            const name = downloadName(
              'annualReport',
              lang,
              {
                jurisdiction: jurisdictionName(ctx.statutes(), report.meta.jurisdiction, lang),
                period: periodInName(report.meta.periods.statistics),
              },
              'txt',
            );
            writeOutput(formatReportText(report), options.out, name);
          } else {
            const file = await renderReport(ctx, report, format);
            writeOutput(file.body, options.out, file.fileName);
          }
        });
      },
    );

  program
    .command('reconcile')
    .description(
      "compare the registry's persons prosecuted and convicted per year with UNODC's published GLOTIP series; differences are findings (exit 0)",
    )
    .requiredOption('--glotip <file>', 'UNODC data_glotip.xlsx (sheet data_glotip_1)')
    .requiredOption('--country <iso3>', 'ISO3 code as in the file (KGZ)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(
      async (options: { glotip: string; country: string; format: string }, command: Command) => {
        // Read the file before opening the database: a wrong path fails fast and names itself.
        const rows = await readGlotipWorkbook(options.glotip);
        await withRuntime(command, async ({ ctx, actor }) => {
          const result = await reconcileWithGlotip(ctx, actor, { rows, country: options.country });
          process.stdout.write(
            options.format === 'json'
              ? `${JSON.stringify(result, null, 2)}\n`
              : formatReconciliationText(result),
          );
        });
      },
    );

  program
    .command('demo')
    .description(
      'load the SYNTHETIC demonstration dataset (Kyrgyz Republic, 2014–2017) built to agree with the 2017 TIP report figures',
    )
    .option('--reset', 'wipe the database first (everything in it is lost)')
    .action(async (options: { reset?: boolean }, command: Command) => {
      await withRuntime(command, async ({ ctx }) => {
        try {
          const { cases } = await loadDemo(ctx, { reset: options.reset === true });
          process.stdout.write(
            `loaded the synthetic demo: ${cases} cases, trainings, complicity allegations and certifications\n`,
          );
        } catch (error) {
          if (error instanceof DomainError && error.code === 'Conflict')
            throw new DomainError('Conflict', `${error.message} (bin/palermo demo --reset)`);
          throw error;
        }
      });
    });
}
