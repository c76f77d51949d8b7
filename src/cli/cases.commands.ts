import type { Command } from 'commander';
import { parseInput } from '../app/common/validate.ts';
import { registerCaseTeamCommand } from './case-team.ts';
import { printJson, printOutcome, printTable, readJsonArgument, withRuntime } from './runtime.ts';
import { formatOption, dataOption, dataHelp, jsonWrite, schemas } from './json-write.ts';
import type { Format } from './json-write.ts';

// A use-case module is loaded by the command that runs it: a small command does not load (and
// build the Zod schemas of) every use-case of the registry.
const historyModule = () => import('../app/integrity/history.ts');
const casesModule = () => import('../app/cases/cases.ts');
const eventsModule = () => import('../app/cases/events.ts');
const chargesModule = () => import('../app/persons/charges.ts');
const personsModule = () => import('../app/persons/persons.ts');
const identityModule = () => import('../app/persons/identity.ts');
const victimRecordsModule = () => import('../app/persons/victim-records.ts');

/** `case`, `person` and `charge`: cases and their lifecycle, persons, identities, victim records, charges. */
export function registerCaseCommands(program: Command): void {
  const caseCommand = program.command('case').description('cases and their lifecycle');
  registerCaseTeamCommand(caseCommand);
  caseCommand
    .command('list')
    .description('search and filter cases')
    .option('--jurisdiction <code>')
    .option('--status <status>')
    .option('--origin <origin>')
    .option('--agency <agencyId>')
    .option('--year <year>', 'opened in this year')
    .option('--article <article>')
    .option('--form <form>', 'sex, labour, both, other or unknown')
    .option('--reference <text>', 'reference contains')
    .option('--page <n>', 'page number', '1')
    .option('--page-size <n>', 'cases per page', '50')
    .addOption(formatOption())
    .action(
      async (
        options: Record<string, string | undefined> & { format: Format },
        command: Command,
      ) => {
        await withRuntime(command, async ({ ctx, actor }) => {
          const page = await (
            await casesModule()
          ).listCases(
            ctx,
            actor,
            parseInput((await schemas.cases()).listCasesQuery, {
              jurisdiction: options.jurisdiction,
              status: options.status,
              origin: options.origin,
              agencyId: options.agency,
              year: options.year,
              article: options.article,
              form: options.form,
              reference: options.reference,
              page: options.page,
              pageSize: options.pageSize,
            }),
          );
          if (options.format === 'json') printJson(page);
          else {
            printTable(page.items, ['id', 'reference', 'openedOn', 'status', 'origin']);
            process.stdout.write(`${page.items.length} of ${page.total} (page ${page.page})\n`);
          }
        });
      },
    );
  caseCommand
    .command('show <caseId>')
    .description('a case with its persons, charges and timeline (JSON)')
    .action(async (caseId: string, _options: unknown, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) =>
        printJson(await (await casesModule()).getCase(ctx, actor, caseId)),
      );
    });
  jsonWrite(
    caseCommand,
    'open',
    'open a case',
    () => schemas.cases().then((m) => m.createCaseInput),
    async (ctx, actor, _args, data) => (await casesModule()).openCase(ctx, actor, data),
  );
  jsonWrite(
    caseCommand,
    'update <caseId>',
    'correct a case (JSON with "version")',
    () => schemas.cases().then((m) => m.updateCaseInput),
    async (ctx, actor, [id], data) => (await casesModule()).updateCase(ctx, actor, id!, data),
  );
  caseCommand
    .command('event <caseId>')
    .description(
      'record a lifecycle event: {"kind": "refer", "caseVersion": 3, "occurredOn": "2016-05-01", …} (suspend and close wait for approval: exit status 3)',
    )
    .requiredOption(dataOption, dataHelp)
    .action(async (caseId: string, options: { data: string }, command: Command) => {
      const data = readJsonArgument(options.data);
      await withRuntime(command, async ({ ctx, actor }) =>
        printOutcome(
          await (
            await eventsModule()
          ).recordCaseEvent(
            ctx,
            actor,
            caseId,
            parseInput((await schemas.cases()).caseEventInput, data),
          ),
        ),
      );
    });
  caseCommand
    .command('history <caseId>')
    .description("the case record's history of changes")
    .action(async (caseId: string, _options: unknown, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) =>
        printJson(await (await historyModule()).historyOf(ctx, actor, 'case', caseId)),
      );
    });

  const person = program.command('person').description('suspects, victims and witnesses in a case');
  jsonWrite(
    person,
    'add <caseId>',
    'add a person to a case',
    () => schemas.cases().then((m) => m.createPersonInput),
    async (ctx, actor, [id], data) => (await personsModule()).addPerson(ctx, actor, id!, data),
  );
  jsonWrite(
    person,
    'update <personId>',
    'correct a person (JSON with "version")',
    () => schemas.cases().then((m) => m.updatePersonInput),
    async (ctx, actor, [id], data) => (await personsModule()).updatePerson(ctx, actor, id!, data),
  );
  jsonWrite(
    person,
    'identity <personId>',
    "record or replace a person's identity",
    () => schemas.cases().then((m) => m.identityInput),
    async (ctx, actor, [id], data) =>
      (await identityModule()).recordIdentity(ctx, actor, id!, data),
  );
  person
    .command('show-identity <personId>')
    .description("read a person's identity (the read is logged)")
    .action(async (personId: string, _options: unknown, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        const identity = await (await identityModule()).getIdentity(ctx, actor, personId);
        if (identity.shredded !== null)
          process.stderr.write(
            `the identity of person ${personId} was shredded on ${identity.shredded.on} (${identity.shredded.reason})\n`,
          );
        printJson(identity);
      });
    });
  jsonWrite(
    person,
    'victim <personId>',
    'record or update the victim record',
    () => schemas.cases().then((m) => m.victimRecordInput),
    async (ctx, actor, [id], data) =>
      (await victimRecordsModule()).recordVictim(ctx, actor, id!, data),
  );

  const charge = program.command('charge').description('charges against defendants');
  jsonWrite(
    charge,
    'add <caseId>',
    'charge a suspect under a provision',
    () => schemas.cases().then((m) => m.createChargeInput),
    async (ctx, actor, [id], data) => (await chargesModule()).addCharge(ctx, actor, id!, data),
  );
  jsonWrite(
    charge,
    'update <chargeId>',
    'correct a charge (JSON with "version")',
    () => schemas.cases().then((m) => m.updateChargeInput),
    async (ctx, actor, [id], data) => (await chargesModule()).updateCharge(ctx, actor, id!, data),
  );
}
