import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { z } from 'zod';
import { resolveActor } from '../app/agencies/actors.ts';
import type { Actor, AppContext } from '../app/common/context.ts';
import { configuredStatutes, createAppContext } from '../app/common/context.ts';
import { sealPlaintextIdentities } from '../app/crypto/keys.ts';
import { readConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { createDb, migrateOrThrow } from '../db/create-db.ts';
import type { DatabaseHandle } from '../db/create-db.ts';
import { DomainError } from '../core/errors.ts';
import { parseInput } from '../app/common/validate.ts';
import { toJurisdictionCode, type JurisdictionCode } from '../core/jurisdiction.ts';
import type { PackRegistry } from '../core/statutes/registry.ts';
import { pendingMessage } from '../app/approvals/requests.ts';
import type { Pending } from '../app/approvals/requests.ts';

/** The global options every command inherits. */
export interface GlobalOptions {
  db?: string;
  as?: string;
}

/** An open database, migrated, with the acting user. */
export interface Runtime {
  readonly ctx: AppContext;
  readonly handle: DatabaseHandle;
  readonly actor: Actor;
  close(): Promise<void>;
}

let config: Config | undefined;

/**
 * The process's configuration: the environment is read on first use, here and nowhere else
 * (ESLint refuses `readConfig` and `process.env` elsewhere in src/). This module is the CLI's
 * and the server's composition root: it reads the configuration and builds the AppContext.
 */
export function processConfig(): Config {
  config ??= readConfig();
  return config;
}

/**
 * The process's statute packs (`PALERMO_JURISDICTIONS_DIR`), loaded on first use: the registry
 * every AppContext of the process reads as `ctx.statutes()`, and the `law` commands (which open
 * no database) read directly.
 */
export function processStatutes(): PackRegistry {
  return configuredStatutes(processConfig())();
}

/** The process's AppContext over an open database, with the configured packs and keys. */
export function composeContext(
  handle: DatabaseHandle,
  overrides: Parameters<typeof createAppContext>[3] = {},
): AppContext {
  return createAppContext(handle.db, handle.engine, processConfig(), {
    statutes: processStatutes,
    ...overrides,
  });
}

/**
 * A `--jurisdiction` option as the system spells it (`kg` → `KG`), refused with
 * ValidationFailed when it is not a code; undefined when the option was not given.
 */
export function jurisdictionOption(text: string | undefined): JurisdictionCode | undefined {
  return text === undefined ? undefined : toJurisdictionCode(text);
}

/** The database target: --db, else PALERMO_DATABASE_URL, else ./data/palermo.db. */
export function databaseTarget(options: GlobalOptions): string {
  return options.db ?? processConfig().databaseUrl;
}

/** Opens and migrates the database named by the global options and resolves the actor. */
export async function openRuntime(command: Command): Promise<Runtime> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const handle = createDb(databaseTarget(options));
  try {
    await migrateOrThrow(handle.db);
    const ctx = composeContext(handle);
    await sealPlaintextIdentities(ctx);
    const actor = await resolveActor(ctx, options.as ?? ctx.config.devActor);
    return { ctx, handle, actor, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Runs `work` with an open runtime and always closes it. */
export async function withRuntime<T>(
  command: Command,
  work: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  const runtime = await openRuntime(command);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** Reads a JSON argument: inline JSON, `@file.json`, or `-` for standard input. */
export function readJsonArgument(value: string, name = '--data'): unknown {
  let text = value;
  if (value === '-') text = readFileSync(0, 'utf8');
  else if (value.startsWith('@')) text = readFileSync(value.slice(1), 'utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch (error) {
    throw new DomainError(
      'ValidationFailed',
      `${name} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Reads a JSON argument and checks it against the use-case's schema, as the HTTP layer checks a
 * request body: a wrong field is refused here, by name, and the use-case receives the type it
 * declares (it parses again, as it does for every caller).
 */
export function readJsonInput<S extends z.ZodType>(
  schema: S,
  value: string,
  name = '--data',
): z.output<S> {
  return parseInput(schema, readJsonArgument(value, name));
}

/** Prints a value as pretty JSON on standard output. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Prints a four-eyes use-case's outcome: what it applied, or the request that waits for a
 * second person, said on stderr with exit status 3 (not a failure, but not done either).
 */
export function printOutcome(
  outcome: { readonly result: 'applied'; readonly case: unknown } | Pending,
): void {
  if (outcome.result === 'applied') {
    printJson(outcome.case);
    return;
  }
  printJson(outcome);
  process.stderr.write(`pending: ${pendingMessage(outcome.approval)}\n`);
  process.exitCode = 3;
}

/** Prints rows as an aligned text table. */
export function printTable(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
): void {
  const cell = (value: unknown): string =>
    value === null || value === undefined
      ? '—'
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line([...columns])}\n`);
  for (const row of rows)
    process.stdout.write(`${line(columns.map((column) => cell(row[column])))}\n`);
}
