import type { Command } from 'commander';
import { parseInput } from '../app/common/validate.ts';
import { approvalRequestInput, listApprovalsQuery } from '../app/schemas/approvals.schemas.ts';
import { Option } from 'commander';
import {
  approveRequest,
  listApprovals,
  rejectRequest,
  requestApproval,
} from '../app/approvals/approvals.ts';
import { integrityReport } from '../app/integrity/report.ts';
import type { IntegrityReport } from '../app/schemas/integrity.schemas.ts';
import { grantSealAccess, revokeSealAccess, sealCase, sealReview } from '../app/cases/sealing.ts';
import {
  printJson,
  printOutcome,
  printTable,
  processConfig,
  readJsonInput,
  withRuntime,
} from './runtime.ts';

const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

function printReport(report: IntegrityReport): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`Integrity report ${report.year} (as of ${report.asOf})`);
  out();
  out(`Closures: ${report.closures.total} (and ${report.closures.suspensions} suspensions)`);
  for (const [reason, n] of Object.entries(report.closures.byReason)) out(`  ${reason}: ${n}`);
  out('Closures by approving officer:');
  for (const [officer, n] of Object.entries(report.closures.byApprover)) out(`  ${officer}: ${n}`);
  out();
  out(
    `Closed or suspended after the victim withdrew or was compensated: ${report.victimWithdrewOrCompensated.cases.length}`,
  );
  printTable(report.victimWithdrewOrCompensated.cases, [
    'caseId',
    'reference',
    'kind',
    'occurredOn',
    'reasonCode',
    'approvedBy',
  ]);
  out(
    `Charges dropped: ${report.droppedCharges.length} (after withdrawal or compensation: ${report.victimWithdrewOrCompensated.droppedCharges.length})`,
  );
  out(`Verdicts corrected with four eyes: ${report.correctedVerdicts.length}`);
  printTable(report.correctedVerdicts, [
    'caseId',
    'from',
    'to',
    'reasonCode',
    'requestedBy',
    'approvedBy',
  ]);
  out();
  out(`Cases idle more than ${report.idleThresholdDays} days: ${report.idleCases.length}`);
  printTable(report.idleCases, ['caseId', 'reference', 'status', 'lastActivityOn', 'idleDays']);
  out();
  out('Complicity allegations by status:');
  printTable(report.complicity.byStatus, ['status', 'count', 'oldestDays']);
  printTable(
    report.complicity.allegations.map((a) => ({
      ...a,
      toAssign: a.steps.receivedToAssigned,
      toInvestigate: a.steps.assignedToInvestigated,
      toConclude: a.steps.investigatedToConcluded,
    })),
    [
      'id',
      'status',
      'receivedOn',
      'ageDays',
      'daysInStatus',
      'toAssign',
      'toInvestigate',
      'toConclude',
    ],
  );
  out();
  out(
    `Sealed cases: ${report.sealed.sealedThisYear} sealed, ${report.sealed.unsealedThisYear} unsealed this year; views:`,
  );
  printTable(report.sealed.access, ['caseId', 'actor', 'views', 'refused']);
  out();
  out(
    `Four eyes: ${report.fourEyes.pending.length} request(s) pending; ${report.fourEyes.selfApprovalAttempts} self-approval attempt(s) refused`,
  );
  printTable(report.fourEyes.pending, [
    'id',
    'action',
    'caseId',
    'reasonCode',
    'requestedBy',
    'waitingDays',
  ]);
}

/** `integrity-report`, `approval list|request|approve|reject`, `seal case|grant|revoke|review`. */
export function registerIntegrityCommands(program: Command): void {
  program
    .command('integrity-report')
    .description(
      'closures by reason and approver, victim-driven closures, idle cases, complicity ages, sealed-case views',
    )
    .requiredOption('--year <year>', 'the calendar year')
    .option('--idle-days <n>', 'idle threshold in days (default PALERMO_IDLE_DAYS or 180)')
    .option('--as-of <date>', 'reference date for ages (default: the end of the year or today)')
    .addOption(formatOption())
    .action(
      async (
        options: { year: string; idleDays?: string; asOf?: string; format: 'text' | 'json' },
        command: Command,
      ) => {
        await withRuntime(command, async ({ ctx, actor }) => {
          const report = await integrityReport(ctx, actor, {
            year: options.year,
            idleDays: options.idleDays ?? processConfig().idleDays,
            asOf: options.asOf,
          });
          if (options.format === 'json') printJson(report);
          else printReport(report);
        });
      },
    );

  const approval = program
    .command('approval')
    .description('four eyes: requests to close, suspend, drop a charge, unseal or delete');
  approval
    .command('list')
    .description('list requests')
    .addOption(new Option('--status <status>').choices(['pending', 'approved', 'rejected']))
    .option('--case <caseId>', 'only this case')
    .addOption(formatOption())
    .action(
      async (
        options: { status?: string; case?: string; format: 'text' | 'json' },
        command: Command,
      ) => {
        await withRuntime(command, async ({ ctx, actor }) => {
          const page = await listApprovals(
            ctx,
            actor,
            parseInput(listApprovalsQuery, {
              status: options.status,
              caseId: options.case,
              pageSize: 500,
            }),
          );
          if (options.format === 'json') printJson(page);
          else
            printTable(page.items, [
              'id',
              'action',
              'targetType',
              'targetId',
              'reasonCode',
              'status',
              'requestedBy',
              'version',
            ]);
        });
      },
    );
  approval
    .command('request')
    .description('ask for a four-eyes change (JSON: {"action": "case.close", "caseId", …})')
    .requiredOption('--data <json>', 'the request as JSON: inline, @file.json, or -')
    .action(async (options: { data: string }, command: Command) => {
      const data = readJsonInput(approvalRequestInput, options.data);
      await withRuntime(command, async ({ ctx, actor }) =>
        printJson(await requestApproval(ctx, actor, data)),
      );
    });
  for (const decision of ['approve', 'reject'] as const) {
    approval
      .command(`${decision} <requestId>`)
      .description(
        decision === 'approve'
          ? 'approve and carry out a request (a supervisor other than the requester)'
          : 'reject a request (a note is required); nothing changes',
      )
      .option('--version <n>', 'the request version you read', '1')
      .option('--note <text>', 'why')
      .action(
        async (
          requestId: string,
          options: { version: string; note?: string },
          command: Command,
        ) => {
          const input = { version: Number(options.version), note: options.note ?? null };
          await withRuntime(command, async ({ ctx, actor }) =>
            printJson(
              decision === 'approve'
                ? await approveRequest(ctx, actor, requestId, input)
                : await rejectRequest(ctx, actor, requestId, input),
            ),
          );
        },
      );
  }

  const seal = program.command('seal').description('sealed operations: who may see a case');
  seal
    .command('case <caseId>')
    .description('seal a case to named users (you are added); unsealing needs approval')
    .requiredOption('--version <n>', 'the case version you read')
    .requiredOption('--users <ids>', 'comma-separated user ids')
    .requiredOption('--reason <text>', 'why the case is sealed')
    .action(
      async (
        caseId: string,
        options: { version: string; users: string; reason: string },
        command: Command,
      ) => {
        await withRuntime(command, async ({ ctx, actor }) =>
          printOutcome(
            await sealCase(ctx, actor, caseId, {
              version: Number(options.version),
              userIds: options.users.split(',').filter(Boolean),
              reasonText: options.reason,
            }),
          ),
        );
      },
    );
  for (const [name, run] of [
    ['grant', grantSealAccess],
    ['revoke', revokeSealAccess],
  ] as const) {
    seal
      .command(`${name} <caseId> <userId>`)
      .description(
        `${name === 'grant' ? 'add a user to' : 'remove a user from'} a sealed case's access list`,
      )
      .action(async (caseId: string, userId: string, _options: unknown, command: Command) => {
        await withRuntime(command, async ({ ctx, actor }) =>
          printJson(await run(ctx, actor, caseId, { userId })),
        );
      });
  }
  seal
    .command('review <caseId>')
    .description(
      'who could see the case and every view of it (members while sealed; supervisors and auditors after)',
    )
    .action(async (caseId: string, _options: unknown, command: Command) => {
      await withRuntime(command, async ({ ctx, actor }) =>
        printJson(await sealReview(ctx, actor, caseId)),
      );
    });
}
