/**
 * `palermo import <file> --mapping <mapping.yaml>`: existing records from a CSV or XLSX file
 * (src/app/import). Progress goes to standard error: a bar with rows/s and the time left on a
 * terminal, plain lines otherwise; the outcome and every problem go to standard output.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { importCtdc } from '../app/exchange/ctdc.ts';
import { importHtcds } from '../app/exchange/htcds.ts';
import type { ExchangeImportResult } from '../app/exchange/htcds.ts';
import { importRecords } from '../app/import/import.ts';
import type { ImportProgress, ImportResult } from '../app/import/import.ts';
import { parseMapping } from '../core/import/mapping.ts';
import { DomainError } from '../core/errors.ts';
import { jurisdictionOption, printJson, withRuntime } from './runtime.ts';

/** Reports progress: redrawn in place on a terminal, a line every tenth of the work otherwise. */
export function progressReporter(
  stream: { readonly isTTY?: boolean; write(text: string): unknown },
  startedAt: number = Date.now(),
): (progress: ImportProgress) => void {
  let lastTenth = -1;
  let lastDraw = 0;
  return (p) => {
    const elapsed = Math.max((Date.now() - startedAt) / 1000, 0.001);
    const rate = p.rows / elapsed;
    const left = rate > 0 ? (p.totalRows - p.rows) / rate : 0;
    const text = `${p.rows}/${p.totalRows} rows, ${p.cases}/${p.totalCases} cases, ${rate.toFixed(0)} rows/s, ETA ${left.toFixed(0)} s`;
    if (stream.isTTY) {
      if (Date.now() - lastDraw < 100 && p.cases < p.totalCases) return;
      lastDraw = Date.now();
      const width = 24;
      const filled = p.totalRows === 0 ? width : Math.round((p.rows / p.totalRows) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
      if (p.cases === p.totalCases) stream.write('\n');
      return;
    }
    const tenth = p.totalCases === 0 ? 10 : Math.floor((p.cases / p.totalCases) * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      stream.write(`import: ${text}\n`);
    }
  };
}

function printResult(result: ImportResult): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const would = result.mode === 'dry-run' || (result.mode === 'atomic' && !result.committed);
  const verb = would ? 'would be' : 'were';
  out(`${basename(result.file)} (${result.encoding}): ${result.rows} rows, mode ${result.mode}`);
  if (!result.grouped)
    out(
      'the rows of a case are not together in the file: it was grouped in memory (sort it by the case key to import it case by case, in bounded memory)',
    );
  out(
    `cases: ${result.cases.created} ${would ? 'to create' : 'created'}, ${result.cases.updated} ${would ? 'to update' : 'updated'}, ${result.cases.unchanged} unchanged, ${result.cases.rejected} refused`,
  );
  out(
    `records that ${verb} written: ${result.written.case} cases, ${result.written.person} persons, ${result.written.victim} victim records, ${result.written.charge} charges, ${result.written.event} events`,
  );
  const skipped = Object.entries(result.skippedCharges);
  if (skipped.length > 0)
    out(
      `charges outside the pack, not imported (mapping: skip): ${skipped.map(([code, n]) => `${code} ×${n}`).join(', ')}`,
    );
  if (result.skippedSentences > 0)
    out(
      `sentences not imported (no conviction among the imported charges): ${result.skippedSentences}`,
    );
  if (result.problems.length > 0) {
    out(`${result.problems.length} problem(s):`);
    out('row\tcolumn\tvalue\treason');
    for (const p of result.problems) out(`${p.row}\t${p.column}\t${p.value}\t${p.reason}`);
  }
  if (result.mode === 'atomic')
    out(
      result.committed
        ? 'written in one transaction'
        : 'nothing was written: correct the rows above, or import the good cases with --partial',
    );
  if (result.rejectsFile !== null) out(`rejected rows: ${result.rejectsFile}`);
}

function printExchangeResult(result: ExchangeImportResult): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const would = result.mode === 'dry-run' || (result.mode === 'atomic' && !result.committed);
  out(`${result.file}: ${result.jurisdiction}, mode ${result.mode}`);
  out(
    `cases: ${result.cases.created} ${would ? 'to create' : 'created'}, ${result.cases.updated} ${would ? 'to update' : 'updated'}, ${result.cases.unchanged} unchanged, ${result.cases.rejected} refused (cases or rows)`,
  );
  out(
    `records that ${would ? 'would be' : 'were'} written: ${result.written.case} cases, ${result.written.person} persons, ${result.written.victim} victim records, ${result.written.charge} charges, ${result.written.event} events`,
  );
  const notImported = Object.entries(result.notImported);
  if (notImported.length > 0)
    out(
      `read, not imported (the registry has no such field): ${notImported.map(([f, n]) => `${f} ×${n}`).join(', ')}`,
    );
  if (result.problems.length > 0) {
    out(`${result.problems.length} problem(s):`);
    out('row\tfield\tvalue\treason');
    for (const p of result.problems) out(`${p.row}\t${p.column}\t${p.value}\t${p.reason}`);
  }
  if (result.mode === 'atomic')
    out(
      result.committed
        ? 'written in one transaction'
        : 'nothing was written: correct the problems above, or import the good cases with --partial',
    );
}

/** Adds `import`. */
export function registerImportCommand(program: Command): void {
  program
    .command('import <file>')
    .description(
      'import existing records from a CSV or XLSX file by a column mapping (YAML); idempotent by external key',
    )
    .option(
      '--mapping <file>',
      'the mapping (YAML): columns → case, person, charge and event fields (a spreadsheet import)',
    )
    .addOption(
      new Option(
        '--from <format>',
        'an exchange format instead of a mapping: htcds (an HTCDS 2.0 JSON document, as `export htcds` writes) or ctdc (CTDC-style victim rows, CSV)',
      ).choices(['htcds', 'ctdc']),
    )
    .option('--agency <name>', 'with --from: the opening agency of the cases created')
    .option('--jurisdiction <code>', 'with --from ctdc: the jurisdiction the victims belong to')
    .option(
      '--source <name>',
      'with --from: names the source of the external keys (default: htcds, or the CTDC file name)',
    )
    .option(
      '--dry-run',
      'list every row that would fail (row, column, value, reason); write nothing',
    )
    .option(
      '--rejects <file>',
      'with --partial: where to write refused rows (default: beside the input)',
    )
    .option(
      '--partial',
      'one transaction per case: import the good cases, write refused rows to <file>.rejects.csv',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(
      async (
        file: string,
        options: {
          mapping?: string;
          from?: 'htcds' | 'ctdc';
          agency?: string;
          jurisdiction?: string;
          source?: string;
          dryRun?: boolean;
          partial?: boolean;
          rejects?: string;
          format: string;
        },
        command: Command,
      ) => {
        if (options.dryRun === true && options.partial === true)
          throw new DomainError('ValidationFailed', '--dry-run and --partial cannot be combined');
        if (options.from !== undefined) {
          await importExchange(file, { ...options, from: options.from }, command);
          return;
        }
        if (options.mapping === undefined)
          throw new DomainError(
            'ValidationFailed',
            '--mapping <file> is needed (or --from htcds|ctdc for an exchange format)',
          );
        // Read and check the mapping before opening the database: a wrong key fails fast.
        let text: string;
        try {
          text = readFileSync(options.mapping, 'utf8');
        } catch (error) {
          throw new DomainError(
            'ValidationFailed',
            `--mapping: cannot read ${options.mapping}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        const mapping = parseMapping(text, basename(options.mapping));
        const result = await withRuntime(command, ({ ctx, actor }) =>
          importRecords(ctx, actor, {
            file,
            mapping,
            dryRun: options.dryRun === true,
            partial: options.partial === true,
            ...(options.rejects === undefined ? {} : { rejectsFile: options.rejects }),
            onProgress: progressReporter(process.stderr),
          }),
        );
        if (options.format === 'json') printJson(result);
        else printResult(result);
        if (result.problems.length > 0 && result.mode !== 'partial') process.exitCode = 1;
      },
    );
}

async function importExchange(
  file: string,
  options: {
    from: 'htcds' | 'ctdc';
    agency?: string;
    jurisdiction?: string;
    source?: string;
    dryRun?: boolean;
    partial?: boolean;
    format: string;
  },
  command: Command,
): Promise<void> {
  if (options.agency === undefined)
    throw new DomainError('ValidationFailed', '--agency <name> is needed with --from');
  const common = {
    agency: options.agency,
    dryRun: options.dryRun === true,
    partial: options.partial === true,
    ...(options.source === undefined ? {} : { source: options.source }),
    onProgress: progressReporter(process.stderr),
  };
  let result: ExchangeImportResult;
  if (options.from === 'htcds') {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new DomainError(
        'ValidationFailed',
        `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    result = await withRuntime(command, ({ ctx, actor }) =>
      importHtcds(ctx, actor, text, { ...common, fileName: file }),
    );
  } else {
    const jurisdiction = jurisdictionOption(options.jurisdiction);
    if (jurisdiction === undefined)
      throw new DomainError('ValidationFailed', '--jurisdiction <code> is needed with --from ctdc');
    result = await withRuntime(command, ({ ctx, actor }) =>
      importCtdc(ctx, actor, file, { ...common, jurisdiction }),
    );
  }
  if (options.format === 'json') printJson(result);
  else printExchangeResult(result);
  if (result.problems.length > 0 && result.mode !== 'partial') process.exitCode = 1;
}
