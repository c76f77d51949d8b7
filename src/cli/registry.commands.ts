import type { Command } from 'commander';
import { Option } from 'commander';
import { allows } from '../app/access/access.ts';
import { DomainError } from '../core/errors.ts';
import type { Actor, AppContext } from '../app/common/context.ts';
import { agencyKinds, roles } from '../core/vocabulary.ts';
import { registerCaseTeamCommand } from './case-team.ts';
import { printJson, printOutcome, printTable, readJsonArgument, withRuntime } from './runtime.ts';

type Format = 'text' | 'json';

// A use-case module is loaded by the command that runs it: a small command does not load (and
// build the Zod schemas of) every use-case of the registry.
const publishedFiguresModule = () => import('../app/reports/published-figures.ts');
const agenciesModule = () => import('../app/agencies/agencies.ts');
const bootstrapModule = () => import('../app/auth/bootstrap.ts');
const passwordsModule = () => import('../app/auth/passwords.ts');
const historyModule = () => import('../app/integrity/history.ts');
const casesModule = () => import('../app/cases/cases.ts');
const eventsModule = () => import('../app/cases/events.ts');
const chargesModule = () => import('../app/persons/charges.ts');
const personsModule = () => import('../app/persons/persons.ts');
const identityModule = () => import('../app/persons/identity.ts');
const victimRecordsModule = () => import('../app/persons/victim-records.ts');
const complicityModule = () => import('../app/registers/complicity.ts');
const certificationsModule = () => import('../app/registers/certifications.ts');
const trainingModule = () => import('../app/registers/training.ts');

/** The "Palermo administration" agency of a jurisdiction, created on first use. */
async function administrationAgency(
  ctx: AppContext,
  actor: Actor,
  jurisdiction: string,
): Promise<string> {
  const existing = (
    await (await agenciesModule()).listAgencies(ctx, actor, { jurisdiction, pageSize: 500 })
  ).items.find((a) => a.name === 'Palermo administration');
  return (
    existing?.id ??
    (
      await (
        await agenciesModule()
      ).createAgency(ctx, actor, {
        jurisdiction,
        name: 'Palermo administration',
        kind: 'other',
      })
    ).id
  );
}
const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');
const dataOption = '--data <json>';
const dataHelp =
  'the record as JSON: inline, @file.json, or - for standard input (see /api/docs for the fields)';

/** Adds a write subcommand that takes its input as JSON and prints the result as JSON. */
function jsonWrite(
  parent: Command,
  name: string,
  description: string,
  run: (ctx: AppContext, actor: Actor, args: string[], data: unknown) => Promise<unknown>,
): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption(dataOption, dataHelp)
    .action(async (...received: unknown[]) => {
      const command = received.at(-1) as Command;
      const args = command.args;
      const data = readJsonArgument(command.opts<{ data: string }>().data);
      await withRuntime(command, async ({ ctx, actor }) =>
        printJson(await run(ctx, actor, args, data)),
      );
    });
}

/** `agency`, `user`, `case`, `person`, `charge`, `training`, `complicity`, `certify`, `history`. */
export function registerRegistryCommands(program: Command): void {
  const agency = program
    .command('agency')
    .description('agencies: police units, prosecutors, courts, NGOs, international organisations');
  agency
    .command('add')
    .description('register an agency')
    .requiredOption('--name <name>', 'the agency name')
    .addOption(
      new Option('--kind <kind>', 'kind of agency').choices(agencyKinds).makeOptionMandatory(),
    )
    .requiredOption('--jurisdiction <code>', 'jurisdiction code, e.g. KG')
    .option('--parent <agencyId>', 'the agency it belongs to')
    .action(
      async (
        options: { name: string; kind: string; jurisdiction: string; parent?: string },
        command: Command,
      ) => {
        await withRuntime(command, async ({ ctx, actor }) =>
          printJson(
            await (
              await agenciesModule()
            ).createAgency(ctx, actor, {
              name: options.name,
              kind: options.kind,
              jurisdiction: options.jurisdiction,
              parentAgencyId: options.parent ?? null,
            }),
          ),
        );
      },
    );
  agency
    .command('list')
    .description('list agencies')
    .option('--jurisdiction <code>', 'only this jurisdiction')
    .addOption(formatOption())
    .action(async (options: { jurisdiction?: string; format: Format }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        const page = await (
          await agenciesModule()
        ).listAgencies(ctx, actor, {
          jurisdiction: options.jurisdiction,
          pageSize: 500,
        });
        if (options.format === 'json') printJson(page);
        else printTable(page.items, ['id', 'jurisdiction', 'kind', 'name']);
      });
    });
  jsonWrite(
    agency,
    'update <agencyId>',
    'change an agency (JSON with "version")',
    async (ctx, actor, [id], data) => (await agenciesModule()).updateAgency(ctx, actor, id!, data),
  );

  const user = program.command('user').description('users and their roles');
  user
    .command('add')
    .description(
      'create a user; with --admin, an administrator with a one-time password printed once',
    )
    .requiredOption('--username <username>', 'login name')
    .requiredOption('--name <displayName>', 'display name')
    .option(
      '--agency <agencyId>',
      'the agency the user belongs to (default for --admin: "Palermo administration")',
    )
    .option('--roles <roles>', `comma-separated roles: ${roles.join(', ')}`)
    .option('--admin', 'give the administrator role and print a one-time password')
    .option(
      '--jurisdiction <code>',
      "with --admin and no --agency: the administration agency's jurisdiction",
      'KG',
    )
    .action(
      async (
        options: {
          username: string;
          name: string;
          agency?: string;
          roles?: string;
          admin?: boolean;
          jurisdiction: string;
        },
        command: Command,
      ) => {
        await withRuntime(command, async ({ ctx, actor }) => {
          const listed = (options.roles ?? '')
            .split(',')
            .map((role) => role.trim())
            .filter(Boolean);
          if (options.admin !== true && listed.length === 0)
            throw new DomainError('ValidationFailed', '--roles is required (or --admin)');
          const agencyId =
            options.agency ??
            (options.admin === true
              ? await administrationAgency(ctx, actor, options.jurisdiction)
              : undefined);
          if (agencyId === undefined)
            throw new DomainError('ValidationFailed', '--agency is required');
          const change = await (
            await agenciesModule()
          ).registerUser(ctx, actor, {
            username: options.username,
            displayName: options.name,
            agencyId,
            roles: options.admin === true ? [...new Set(['administrator', ...listed])] : listed,
          });
          const created = change.user;
          printJson(change.result === 'applied' ? created : change);
          if (options.admin === true) {
            const password = await (await bootstrapModule()).issueOneTimePassword(ctx, created.id);
            process.stderr.write(
              `one-time password for ${created.username} (shown once; change it at first sign-in): ${password}\n`,
            );
          }
        });
      },
    );
  user
    .command('password <username>')
    .description(
      'issue a new one-time password for a user (printed once; the user changes it at sign-in)',
    )
    .action(async (username: string, _options: unknown, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        if (!allows(actor, 'user.manage'))
          throw new DomainError('Forbidden', `${actor.username} may not manage users`);
        const found = await (await agenciesModule()).findActor(ctx, username);
        if (found === null) throw new DomainError('NotFound', `no user "${username}"`);
        // Held to the same rule as the API: a registered administrator resetting the password
        // of a user whose roles open identities or approvals files a request instead.
        const password = (await passwordsModule()).oneTimePassword();
        const change = await (
          await passwordsModule()
        ).setPassword(ctx, actor, found.id, { password });
        if (change.result === 'pending') {
          printJson(change);
          process.stderr.write(
            `a different administrator must approve (palermo approval approve ${change.approval.id}); they receive the one-time password\n`,
          );
          return;
        }
        process.stdout.write(`one-time password for ${username} (shown once): ${password}\n`);
      });
    });
  user
    .command('list')
    .description('list users')
    .option('--agency <agencyId>', 'only this agency')
    .addOption(formatOption())
    .action(async (options: { agency?: string; format: Format }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) => {
        const page = await (
          await agenciesModule()
        ).listUsers(ctx, actor, { agencyId: options.agency, pageSize: 500 });
        if (options.format === 'json') printJson(page);
        else
          printTable(
            page.items.map((u) => ({ ...u, roles: u.roles.join(',') })),
            ['id', 'username', 'displayName', 'roles', 'active'],
          );
      });
    });
  jsonWrite(
    user,
    'update <userId>',
    'change a user (JSON with "version")',
    async (ctx, actor, [id], data) => (await agenciesModule()).updateUser(ctx, actor, id!, data),
  );

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
          ).listCases(ctx, actor, {
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
          });
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
  jsonWrite(caseCommand, 'open', 'open a case', async (ctx, actor, _args, data) =>
    (await casesModule()).openCase(ctx, actor, data),
  );
  jsonWrite(
    caseCommand,
    'update <caseId>',
    'correct a case (JSON with "version")',
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
        printOutcome(await (await eventsModule()).recordCaseEvent(ctx, actor, caseId, data)),
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
  jsonWrite(person, 'add <caseId>', 'add a person to a case', async (ctx, actor, [id], data) =>
    (await personsModule()).addPerson(ctx, actor, id!, data),
  );
  jsonWrite(
    person,
    'update <personId>',
    'correct a person (JSON with "version")',
    async (ctx, actor, [id], data) => (await personsModule()).updatePerson(ctx, actor, id!, data),
  );
  jsonWrite(
    person,
    'identity <personId>',
    "record or replace a person's identity",
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
    async (ctx, actor, [id], data) =>
      (await victimRecordsModule()).recordVictim(ctx, actor, id!, data),
  );

  const charge = program.command('charge').description('charges against defendants');
  jsonWrite(
    charge,
    'add <caseId>',
    'charge a suspect under a provision',
    async (ctx, actor, [id], data) => (await chargesModule()).addCharge(ctx, actor, id!, data),
  );
  jsonWrite(
    charge,
    'update <chargeId>',
    'correct a charge (JSON with "version")',
    async (ctx, actor, [id], data) => (await chargesModule()).updateCharge(ctx, actor, id!, data),
  );

  const training = program.command('training').description('the training register');
  jsonWrite(training, 'add', 'record a training event', async (ctx, actor, _args, data) =>
    (await trainingModule()).createTraining(ctx, actor, data),
  );
  jsonWrite(
    training,
    'update <trainingId>',
    'correct a training event',
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
  jsonWrite(complicity, 'add', 'register an allegation', async (ctx, actor, _args, data) =>
    (await complicityModule()).createAllegation(ctx, actor, data),
  );
  jsonWrite(
    complicity,
    'update <allegationId>',
    'correct an allegation',
    async (ctx, actor, [id], data) =>
      (await complicityModule()).updateAllegation(ctx, actor, id!, data),
  );
  jsonWrite(
    complicity,
    'step <allegationId>',
    'assign, investigate or conclude: {"step": "assign", "version": 1, "on": "…", "agencyId": "…"}',
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
        ).listAllegations(ctx, actor, { status: options.status, pageSize: 500 });
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
          jurisdiction: options.jurisdiction?.toUpperCase(),
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
