/** `palermo export ctdc|htcds`: victim rows in CTDC's coding, k-anonymised; cases as HTCDS 2.0. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { defaultCtdcK, exportCtdc } from '../app/exchange/ctdc.ts';
import { resolveJurisdiction } from '../app/statutes/jurisdictions.ts';
import { exportHtcds } from '../app/exchange/htcds.ts';
import { DomainError } from '../core/errors.ts';
import { writeOutput } from './output.ts';
import { jurisdictionOption, withRuntime } from './runtime.ts';
import {
  downloadLanguages,
  downloadName,
  jurisdictionName,
} from '../app/reports/download-names.ts';
import type { DownloadLanguage } from '../app/reports/download-names.ts';

/** `--lang`: the language of the file's name when `--out` is a directory. */
const nameLanguage = () =>
  new Option('--lang <lang>', 'language of the file name when --out is a directory')
    .choices(downloadLanguages)
    .default('en');

/** Adds `export ctdc` and `export htcds`. */
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
    .option(
      '--out <file>',
      'write the CSV to this file instead of standard output (a directory: under a name in words)',
    )
    .addOption(nameLanguage())
    .action(
      async (
        options: { jurisdiction?: string; k: string; out?: string; lang: DownloadLanguage },
        command: Command,
      ) => {
        const k = Number(options.k);
        if (!Number.isInteger(k))
          throw new DomainError('ValidationFailed', `--k: "${options.k}" is not a whole number`);
        const { result, name } = await withRuntime(command, async ({ ctx, actor }) => {
          const jurisdiction = await resolveJurisdiction(
            ctx,
            jurisdictionOption(options.jurisdiction),
          );
          return {
            result: await exportCtdc(ctx, actor, { jurisdiction, k }),
            name: downloadName(
              'ctdc',
              options.lang,
              { jurisdiction: jurisdictionName(ctx.statutes(), jurisdiction, options.lang) },
              'csv',
            ),
          };
        });
        writeOutput(result.csv, options.out, name);
        const generalised = Object.entries(result.generalised).map(([c, n]) => `${c} ×${n}`);
        process.stderr.write(
          `ctdc: ${result.victims} victims, ${result.rows.length} rows released with k = ${result.k}; ` +
            `generalised to -99: ${generalised.length === 0 ? 'none' : generalised.join(', ')}; rows left out: ${result.suppressed}\n`,
        );
      },
    );
  exchange
    .command('htcds')
    .description(
      'cases as an HTCDS 2.0 JSON document (cas_, prs_, vic_, per_, hte_ fields; plm_ for what HTCDS has no field for); no identities, no free text, no sealed case',
    )
    .option('--jurisdiction <code>', 'jurisdiction, e.g. KG (default: the only one in use)')
    .option(
      '--out <file>',
      'write the JSON to this file instead of standard output (a directory: under a name in words)',
    )
    .addOption(nameLanguage())
    .action(
      async (
        options: { jurisdiction?: string; out?: string; lang: DownloadLanguage },
        command: Command,
      ) => {
        const { result, name } = await withRuntime(command, async ({ ctx, actor }) => {
          const jurisdiction = await resolveJurisdiction(
            ctx,
            jurisdictionOption(options.jurisdiction),
          );
          return {
            result: await exportHtcds(ctx, actor, { jurisdiction }),
            name: downloadName(
              'htcds',
              options.lang,
              { jurisdiction: jurisdictionName(ctx.statutes(), jurisdiction, options.lang) },
              'json',
            ),
          };
        });
        const text = `${JSON.stringify(result.document, null, 2)}\n`;
        writeOutput(text, options.out, name);
        const notCarried = Object.entries(result.notCarried).map(([k, n]) => `${k} ×${n}`);
        process.stderr.write(
          `htcds: ${result.document.cases.length} cases; events not carried by the exchange: ${notCarried.length === 0 ? 'none' : notCarried.join(', ')}\n`,
        );
      },
    );
}
