import type { Command } from 'commander';
import { parseInput } from '../app/common/validate.ts';
import { printJson, printTable, withRuntime } from './runtime.ts';
import { formatOption, jsonWrite, schemas } from './json-write.ts';
import type { Format } from './json-write.ts';

// A use-case module is loaded by the command that runs it: a small command does not load (and
// build the Zod schemas of) every use-case of the registry.
const publishedFiguresModule = () => import('../app/reports/published-figures.ts');
const complicityModule = () => import('../app/registers/complicity.ts');
const certificationsModule = () => import('../app/registers/certifications.ts');
const trainingModule = () => import('../app/registers/training.ts');

/** `training`, `complicity`, `certification` and `published-figures`: the registers. */
export function registerRegisterCommands(program: Command): void {
  const training = program.command('training').description('the training register');
  jsonWrite(
    training,
    'add',
    'record a training event',
    () => schemas.registers().then((m) => m.createTrainingInput),
    async (ctx, actor, _args, data) => (await trainingModule()).createTraining(ctx, actor, data),
  );
  jsonWrite(
    training,
    'update <trainingId>',
    'correct a training event',
    () => schemas.registers().then((m) => m.updateTrainingInput),
    async (ctx, actor, [id], data) =>
      (await trainingModule()).updateTraining(ctx, actor, id!, data),
  );
  training
    .command('list')
    .description('list training events')
    .option('--year <year>')
    .addOption(formatOption())
    .action(async (options: { year?: string; format: Format }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        const page = await (
          await trainingModule()
        ).listTrainings(ctx, actor, { year: options.year, pageSize: 500 });
        if (options.format === 'json') printJson(page);
        else
          printTable(
            page.items.map((t) => ({
              ...t,
              audiences: t.audiences.map((a) => `${a.audience}:${a.participants ?? '?'}`).join(' '),
            })),
            ['startsOn', 'endsOn', 'title', 'audiences'],
          );
      });
    });

  const complicity = program
    .command('complicity')
    .description('the register of complicity allegations');
  jsonWrite(
    complicity,
    'add',
    'register an allegation',
    () => schemas.registers().then((m) => m.createAllegationInput),
    async (ctx, actor, _args, data) =>
      (await complicityModule()).createAllegation(ctx, actor, data),
  );
  jsonWrite(
    complicity,
    'update <allegationId>',
    'correct an allegation',
    () => schemas.registers().then((m) => m.updateAllegationInput),
    async (ctx, actor, [id], data) =>
      (await complicityModule()).updateAllegation(ctx, actor, id!, data),
  );
  jsonWrite(
    complicity,
    'step <allegationId>',
    'assign, investigate or conclude: {"step": "assign", "version": 1, "on": "…", "agencyId": "…"}',
    () => schemas.registers().then((m) => m.allegationStepInput),
    async (ctx, actor, [id], data) =>
      (await complicityModule()).advanceAllegation(ctx, actor, id!, data),
  );
  complicity
    .command('list')
    .description('list allegations, oldest first')
    .option('--status <status>')
    .addOption(formatOption())
    .action(async (options: { status?: string; format: Format }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        const page = await (
          await complicityModule()
        ).listAllegations(
          ctx,
          actor,
          parseInput((await schemas.registers()).listAllegationsQuery, {
            status: options.status,
            pageSize: 500,
          }),
        );
        if (options.format === 'json') printJson(page);
        else printTable(page.items, ['receivedOn', 'source', 'status', 'accusedAgencyDescription']);
      });
    });

  const certification = program
    .command('certification')
    .description("agencies' certifications that a period's data is complete");
  jsonWrite(
    certification,
    'add',
    'certify a period: {"agencyId": "…", "periodFrom": "2016-01-01", "periodTo": "2016-12-31"}',
    () => schemas.registers().then((m) => m.certifyPeriodInput),
    async (ctx, actor, _args, data) =>
      (await certificationsModule()).certifyPeriod(ctx, actor, data),
  );
  certification
    .command('list')
    .description('list certifications')
    .addOption(formatOption())
    .action(async (options: { format: Format }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        const page = await (
          await certificationsModule()
        ).listCertifications(ctx, actor, { pageSize: 500 });
        if (options.format === 'json') printJson(page);
        else printTable(page.items, ['agencyId', 'periodFrom', 'periodTo', 'certifiedAt']);
      });
    });

  const published = program
    .command('published-figures')
    .description(
      "a year's aggregate figures as a publication printed them, with the source, for periods without records",
    );
  jsonWrite(
    published,
    'record',
    'record a year\'s published figures: {"jurisdiction": "KG", "year": 2015, "figures": {"investigations": 40}, "source": {"title": "2016 TIP report"}}; with "version", replace them',
    () => schemas.publishedFigures().then((m) => m.recordPublishedFiguresInput),
    async (ctx, actor, _args, data) =>
      (await publishedFiguresModule()).recordPublishedFigures(ctx, actor, data),
  );
  published
    .command('list')
    .description('list the recorded published figures')
    .option('--jurisdiction <code>', 'only this jurisdiction')
    .addOption(formatOption())
    .action(async (options: { jurisdiction?: string; format: Format }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        const items = await (
          await publishedFiguresModule()
        ).listPublishedFigures(ctx, actor, {
          jurisdiction: options.jurisdiction,
        });
        if (options.format === 'json') printJson({ items });
        else
          printTable(
            items.map((i) => ({
              jurisdiction: i.jurisdiction,
              period: `${i.periodKind} ${i.year}`,
              ...Object.fromEntries(
                Object.entries(i.figures).map(([k, v]) => [k, v === null ? '—' : String(v)]),
              ),
              source: i.source.title,
              version: String(i.version),
            })),
            [
              'jurisdiction',
              'period',
              'investigations',
              'prosecutions',
              'defendants',
              'convictions',
              'victims',
              'source',
              'version',
            ],
          );
      });
    });
}
