/** What the registry's commands share: the output format option and JSON writes. */
import { Command, Option } from 'commander';
import type { z } from 'zod';
import type { Actor, AppContext } from '../app/common/context.ts';
import { parseInput } from '../app/common/validate.ts';
import { printJson, readJsonArgument, withRuntime } from './runtime.ts';

/** How a list command prints. */
export type Format = 'text' | 'json';

/** The `--format text|json` option. */
export const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');
/** The `--data` option of a JSON write, and its help. */
export const dataOption = '--data <json>';
export const dataHelp =
  'the record as JSON: inline, @file.json, or - for standard input (see /api/docs for the fields)';

/**
 * What the command line gives is checked against the use-case's schema, as the HTTP layer checks
 * a request body, so a use-case receives the type it declares. The schemas load with the command
 * that runs (building every Zod schema would slow a small command's start).
 */
export const schemas = {
  agencies: () => import('../app/schemas/agencies.schemas.ts'),
  cases: () => import('../app/schemas/cases.schemas.ts'),
  registers: () => import('../app/schemas/registers.schemas.ts'),
  publishedFigures: () => import('../app/schemas/published-figures.schemas.ts'),
};

/** Adds a write subcommand that takes its input as JSON and prints the result as JSON. */
export function jsonWrite<S extends z.ZodType>(
  parent: Command,
  name: string,
  description: string,
  schema: () => Promise<S>,
  run: (ctx: AppContext, actor: Actor, args: string[], data: z.output<S>) => Promise<unknown>,
): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption(dataOption, dataHelp)
    .action(async (...received: unknown[]) => {
      const command = received.at(-1);
      if (!(command instanceof Command)) throw new Error(`${name}: commander passed no command`);
      const args = command.args;
      const data = readJsonArgument(command.opts<{ data: string }>().data);
      await withRuntime(command, async ({ ctx, actor }) =>
        printJson(await run(ctx, actor, args, parseInput(await schema(), data))),
      );
    });
}
