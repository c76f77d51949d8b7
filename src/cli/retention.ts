import type { Command } from 'commander';
import { loadRetentionRules, runRetention } from '../app/crypto/retention.ts';
import { checkpointSqlite } from '../db/create-db.ts';
import { printJson, printTable, processConfig, withRuntime } from './runtime.ts';

/** `retention run [--dry-run]`: crypto-shred identities whose retention period has passed. */
export function registerRetentionCommand(program: Command): void {
  const retention = program
    .command('retention')
    .description('retention of victim and witness identity by case outcome (crypto-shredding)');
  retention
    .command('run')
    .description('shred the identities whose retention period has passed (PALERMO_RETENTION_FILE)')
    .option('--dry-run', 'list what would be shredded and change nothing')
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: { dryRun?: boolean; format: string }, command: Command) => {
      const rules = loadRetentionRules(processConfig().retentionFile);
      await withRuntime(command, async ({ ctx, actor, handle }) => {
        const report = await runRetention(ctx, actor, { rules, dryRun: options.dryRun === true });
        // Shredded keys must leave the WAL too, not only the main file.
        if (!report.dryRun && report.shredded > 0) await checkpointSqlite(handle);
        if (options.format === 'json') {
          printJson(report);
          return;
        }
        printTable(
          report.due.map((item) => ({ ...item })),
          ['reference', 'jurisdiction', 'outcome', 'endedOn', 'years', 'dueOn', 'identities'],
        );
        process.stdout.write(
          report.dryRun
            ? `dry run as of ${report.asOf}: ${report.due.reduce((n, item) => n + item.identities, 0)} identities would be shredded; nothing changed\n`
            : `as of ${report.asOf}: ${report.shredded} identities shredded\n`,
        );
      });
    });
}
