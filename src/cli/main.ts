import { CommanderError } from 'commander';
import { DomainError } from '../core/errors.ts';
import { buildProgram, modulesFor } from './commands.ts';

/** Runs the CLI; errors go to stderr with a non-zero exit status. */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(modulesFor(argv));
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
