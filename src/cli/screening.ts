/**
 * `palermo screening …`: victim-identification screenings from the terminal.
 */
import { screeningInput } from '../app/schemas/screenings.schemas.ts';
import type { Command } from 'commander';
import { Option } from 'commander';
import { listScreeningSets, listScreenings, screenPerson } from '../app/victims/screenings.ts';
import { printJson, printTable, readJsonInput, withRuntime } from './runtime.ts';

type Format = 'text' | 'json';
const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

/** Adds `screening sets`, `screening record <personId>` and `screening list <personId>`. */
export function registerScreeningCommand(program: Command): void {
  const screening = program
    .command('screening')
    .description('victim-identification screenings: answers, screener, status and reasoning');

  screening
    .command('sets')
    .description('list the screening sets and their indicators')
    .option('--jurisdiction <code>', 'only the sets this jurisdiction uses, e.g. KG')
    .addOption(formatOption())
    .action(async (options: { jurisdiction?: string; format: Format }, command: Command) => {
      // The sets need no database, but the runtime resolves who is acting, as for every use-case.
      const { sets } = await withRuntime(command, ({ ctx, actor }) =>
        Promise.resolve(
          listScreeningSets(ctx, actor, {
            ...(options.jurisdiction === undefined ? {} : { jurisdiction: options.jurisdiction }),
          }),
        ),
      );
      if (options.format === 'json') return printJson({ sets });
      for (const set of sets) {
        process.stdout.write(
          `${set.id}  ${set.title} [${set.jurisdictions.join(', ')}]\n` +
            `  presumed victim at ${set.policy.presumedVictimMinYes} indicator(s), a child at ${set.policy.childPresumedVictimMinYes}\n` +
            set.indicators.map((i) => `    ${i.id}: ${i.text}\n`).join(''),
        );
      }
    });

  screening
    .command('record <personId>')
    .description('record a screening of a person and print the resulting status')
    .requiredOption(
      '--data <json>',
      'JSON { setId, screenedOn, answers: { indicator: "yes"|"no"|"unknown" } }: inline, @file.json, or - for standard input',
    )
    .action(async (personId: string, options: { data: string }, command: Command) => {
      const data = readJsonInput(screeningInput, options.data);
      await withRuntime(command, async ({ ctx, actor }) =>
        printJson(await screenPerson(ctx, actor, personId, data)),
      );
    });

  screening
    .command('list <personId>')
    .description("list a person's screenings, oldest first")
    .addOption(formatOption())
    .action(async (personId: string, options: { format: Format }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        const list = await listScreenings(ctx, actor, personId);
        if (options.format === 'json') return printJson(list);
        printTable(
          list.items.map((s) => ({
            id: s.id,
            set: s.setId,
            screenedOn: s.screenedOn,
            screenedBy: s.screenedBy,
            status: s.status,
            complete: s.complete ? 'yes' : 'no',
          })),
          ['id', 'set', 'screenedOn', 'screenedBy', 'status', 'complete'],
        );
      });
    });
}
