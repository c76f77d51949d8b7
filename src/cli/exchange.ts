/** `palermo export ctdc`: victim rows in CTDC's coding, k-anonymised. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultCtdcK, exportCtdc } from '../app/exchange/ctdc.ts';
import { resolveJurisdiction } from '../app/jurisdictions.ts';
import { DomainError } from '../core/errors.ts';
import { withRuntime } from './runtime.ts';

/** Adds `export ctdc`. */
export function registerExchangeCommands(program: Command): void {
  const exchange = program.command('export').description('exchange formats for partners');
  exchange
    .command('ctdc')
    .description(
      `CTDC-style victim rows (one a victim, 1/0 flags, -99 for missing), k-anonymised (default k = ${defaultCtdcK})`,
    )
    .option('--jurisdiction <code>', 'jurisdiction, e.g. KG (default: the only one in use)')
    .option(
      '--k <k>',
      'every combination of quasi-identifiers is shared by at least k rows',
      String(defaultCtdcK),
    )
    .option('--out <file>', 'write the CSV to this file instead of standard output')
    .action(
      async (options: { jurisdiction?: string; k: string; out?: string }, command: Command) => {
        const k = Number(options.k);
        if (!Number.isInteger(k))
          throw new DomainError('ValidationFailed', `--k: "${options.k}" is not a whole number`);
        const result = await withRuntime(command, async ({ ctx, actor }) =>
          exportCtdc(ctx, actor, {
            jurisdiction: await resolveJurisdiction(ctx, options.jurisdiction),
            k,
          }),
        );
        if (options.out === undefined) process.stdout.write(result.csv);
        else writeFileSync(options.out, result.csv);
        const generalised = Object.entries(result.generalised).map(([c, n]) => `${c} ×${n}`);
        process.stderr.write(
          `ctdc: ${result.victims} victims, ${result.rows.length} rows released with k = ${result.k}; ` +
            `generalised to -99: ${generalised.length === 0 ? 'none' : generalised.join(', ')}; rows left out: ${result.suppressed}\n`,
        );
      },
    );
}
