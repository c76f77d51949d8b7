import { Command } from 'commander';
import { palermoVersion } from '../app/system/version.ts';
import type { GlobalOptions } from './runtime.ts';

/** Adds a module's commands to the program. */
export type Registrar = (program: Command) => void;

async function registerMigrateCommand(): Promise<Registrar> {
  const [{ createDb, migrateOrThrow }, { databaseTarget }] = await Promise.all([
    import('../db/create-db.ts'),
    import('./runtime.ts'),
  ]);
  return (program) =>
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
}

/**
 * Each module of commands, with the top-level commands it registers, in the order of the help.
 * A command line loads only the module of the command it runs (a small command starts without
 * the server, the report or the import); help and unknown commands load them all.
 */
export const commandModules: readonly {
  readonly commands: readonly string[];
  readonly load: () => Promise<Registrar>;
}[] = [
  { commands: ['serve'], load: async () => (await import('./serve.ts')).registerServeCommand },
  { commands: ['migrate'], load: registerMigrateCommand },
  {
    commands: ['agency', 'user'],
    load: async () => (await import('./agencies.commands.ts')).registerAgencyCommands,
  },
  {
    commands: ['case', 'person', 'charge'],
    load: async () => (await import('./cases.commands.ts')).registerCaseCommands,
  },
  {
    commands: ['training', 'complicity', 'certification', 'published-figures'],
    load: async () => (await import('./registers.commands.ts')).registerRegisterCommands,
  },
  { commands: ['law'], load: async () => (await import('./law.ts')).registerLawCommand },
  {
    commands: ['token'],
    load: async () => (await import('./auth.commands.ts')).registerTokenCommands,
  },
  {
    commands: ['report', 'reconcile', 'demo'],
    load: async () => (await import('./report.ts')).registerReportCommands,
  },
  {
    commands: ['screening'],
    load: async () => (await import('./screening.ts')).registerScreeningCommand,
  },
  { commands: ['keys'], load: async () => (await import('./keys.ts')).registerKeysCommand },
  {
    commands: ['retention'],
    load: async () => (await import('./retention.ts')).registerRetentionCommand,
  },
  { commands: ['verify', 'log'], load: async () => (await import('./log.ts')).registerLogCommand },
  {
    commands: ['integrity-report', 'approval', 'seal'],
    load: async () => (await import('./integrity.ts')).registerIntegrityCommands,
  },
  {
    commands: ['estimate'],
    load: async () => (await import('./estimate.ts')).registerEstimateCommand,
  },
  {
    commands: ['victims'],
    load: async () => (await import('./victims.ts')).registerVictimsCommand,
  },
  { commands: ['import'], load: async () => (await import('./import.ts')).registerImportCommand },
  {
    commands: ['sentences'],
    load: async () => (await import('./sentences.ts')).registerSentencesCommand,
  },
  {
    commands: ['export'],
    load: async () => (await import('./exchange.ts')).registerExchangeCommands,
  },
];

/** The command a command line runs: its first word that is not a global option or its value. */
export function commandOf(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--db' || arg === '--as') i += 1;
    else if (!arg.startsWith('-')) return arg;
  }
  return null;
}

/**
 * The modules a command line needs: the one registering its command; none for `--version`
 * alone; all of them for help or an unknown command (which lists or suggests them all).
 */
export function modulesFor(argv: readonly string[]): typeof commandModules {
  const asked = commandOf(argv);
  if (asked === null)
    return argv.some((arg) => arg === '--version' || arg === '-V') ? [] : commandModules;
  const wanted = commandModules.filter((module) => module.commands.includes(asked));
  return wanted.length > 0 ? wanted : commandModules;
}

/** Builds the `palermo` command tree with the commands of `modules` (default: all). */
export async function buildProgram(
  modules: typeof commandModules = commandModules,
): Promise<Command> {
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
  for (const register of await Promise.all(modules.map((module) => module.load())))
    register(program);
  return program;
}
