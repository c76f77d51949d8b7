import { Command, CommanderError } from 'commander';
import { palermoVersion } from '../app/system.ts';
import { DomainError } from '../core/errors.ts';
import { migrateOrThrow, createDb } from '../db/create-db.ts';
import { registerKeysCommand } from './keys.ts';
import { registerTokenCommands } from './auth.commands.ts';
import { registerLawCommand } from './law.ts';
import { registerEstimateCommand } from './estimate.ts';
import { registerExchangeCommands } from './exchange.ts';
import { registerImportCommand } from './import.ts';
import { registerIntegrityCommands } from './integrity.ts';
import { registerLogCommand } from './log.ts';
import { registerRegistryCommands } from './registry.commands.ts';
import { registerReportCommands } from './report.ts';
import { registerRetentionCommand } from './retention.ts';
import type { GlobalOptions } from './runtime.ts';
import { databaseTarget } from './runtime.ts';
import { registerScreeningCommand } from './screening.ts';
import { registerSentencesCommand } from './sentences.ts';
import { registerServeCommand } from './serve.ts';
import { registerVictimsCommand } from './victims.ts';

/** Builds the `palermo` command tree. */
export function buildProgram(): Command {
  const program = new Command('palermo')
    .description(
      'Palermo: case registry, statutes as code and accountable statistics against human trafficking',
    )
    .version(palermoVersion)
    .option(
      '--db <target>',
      'SQLite file path or postgres:// URL (default: PALERMO_DATABASE_URL, else ./data/palermo.db)',
    )
    .option(
      '--as <username>',
      'act as this user (default: PALERMO_DEV_ACTOR, else the development actor)',
    )
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async (_options: unknown, command: Command) => {
      const handle = createDb(databaseTarget(command.optsWithGlobals<GlobalOptions>()));
      try {
        const applied = await migrateOrThrow(handle.db);
        process.stdout.write(
          applied.length === 0 ? 'no pending migrations\n' : `applied: ${applied.join(', ')}\n`,
        );
      } finally {
        await handle.close();
      }
    });
  registerRegistryCommands(program);
  registerLawCommand(program);
  registerTokenCommands(program);
  registerReportCommands(program);
  registerScreeningCommand(program);
  registerKeysCommand(program);
  registerRetentionCommand(program);
  registerLogCommand(program);
  registerIntegrityCommands(program);
  registerEstimateCommand(program);
  registerVictimsCommand(program);
  registerImportCommand(program);
  registerSentencesCommand(program);
  registerExchangeCommands(program);
  return program;
}

/** Runs the CLI; errors go to stderr with a non-zero exit status. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof DomainError) {
      process.stderr.write(`error: ${error.message}\n`);
      for (const issue of error.issues) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
      return 1;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
