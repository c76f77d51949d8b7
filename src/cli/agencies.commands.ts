import type { Command } from 'commander';
import { parseInput } from '../app/common/validate.ts';
import { Option } from 'commander';
import { allows } from '../app/access/access.ts';
import { DomainError } from '../core/errors.ts';
import type { Actor, AppContext } from '../app/common/context.ts';
import { agencyKinds, roles } from '../core/vocabulary.ts';
import { printJson, printTable, withRuntime } from './runtime.ts';
import { formatOption, jsonWrite, schemas } from './json-write.ts';
import type { Format } from './json-write.ts';

// A use-case module is loaded by the command that runs it: a small command does not load (and
// build the Zod schemas of) every use-case of the registry.
const agenciesModule = () => import('../app/agencies/agencies.ts');
const bootstrapModule = () => import('../app/auth/bootstrap.ts');
const passwordsModule = () => import('../app/auth/passwords.ts');

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

/** `agency` and `user`: agencies, users and their roles and passwords. */
export function registerAgencyCommands(program: Command): void {
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
            ).createAgency(
              ctx,
              actor,
              parseInput((await schemas.agencies()).createAgencyInput, {
                name: options.name,
                kind: options.kind,
                jurisdiction: options.jurisdiction,
                parentAgencyId: options.parent ?? null,
              }),
            ),
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
    () => schemas.agencies().then((m) => m.updateAgencyInput),
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
          ).registerUser(
            ctx,
            actor,
            parseInput((await schemas.agencies()).createUserInput, {
              username: options.username,
              displayName: options.name,
              agencyId,
              roles: options.admin === true ? [...new Set(['administrator', ...listed])] : listed,
            }),
          );
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
    () => schemas.agencies().then((m) => m.updateUserInput),
    async (ctx, actor, [id], data) => (await agenciesModule()).updateUser(ctx, actor, id!, data),
  );
}
