import type { Command } from 'commander';
import { Option } from 'commander';
import type { CaseTeamView } from '../app/schemas/case-team.schemas.ts';
import { printJson, printTable, withRuntime } from './runtime.ts';

// Loaded by the commands that use it (see cases.commands.ts).
const caseTeam = () => import('../app/cases/case-team.ts');

function printTeam(team: CaseTeamView, format: string): void {
  if (format === 'json') {
    printJson(team);
    return;
  }
  printTable(
    team.members.map((member) => ({ ...member, bases: member.bases.join(',') })),
    ['userId', 'username', 'agencyId', 'bases', 'addedBy', 'addedAt'],
  );
}

const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

/** `case team add|remove|list`: who may read a case's identities. */
export function registerCaseTeamCommand(caseCommand: Command): void {
  const team = caseCommand
    .command('team')
    .description(
      "a case's team: the opening agency's users, the jurisdiction's supervisors and users added by hand; only the team reads identities",
    );
  team
    .command('add <caseId> <userId>')
    .description('add a user to the team (members by rule only)')
    .addOption(formatOption())
    .action(
      async (caseId: string, userId: string, options: { format: string }, command: Command) => {
        await withRuntime(command, async ({ ctx, actor }) =>
          printTeam(
            await (await caseTeam()).addToCaseTeam(ctx, actor, caseId, { userId }),
            options.format,
          ),
        );
      },
    );
  team
    .command('remove <caseId> <userId>')
    .description('remove a user added by hand')
    .addOption(formatOption())
    .action(
      async (caseId: string, userId: string, options: { format: string }, command: Command) => {
        await withRuntime(command, async ({ ctx, actor }) =>
          printTeam(
            await (await caseTeam()).removeFromCaseTeam(ctx, actor, caseId, userId),
            options.format,
          ),
        );
      },
    );
  team
    .command('list <caseId>')
    .description('list the team and why each member is on it')
    .addOption(formatOption())
    .action(async (caseId: string, options: { format: string }, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) =>
        printTeam(await (await caseTeam()).listCaseTeam(ctx, actor, caseId), options.format),
      );
    });
}
