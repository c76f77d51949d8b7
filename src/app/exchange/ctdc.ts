/**
 * The CTDC-style victim export (issue 15): one row per victim of a jurisdiction's cases (sealed
 * cases left out), coded as CTDC codes it, then k-anonymised (default k = 11, as CTDC releases);
 * and the same rows back in (`importCtdc`).
 */
import { basename, extname } from 'node:path';
import { ctdcColumns, ctdcRow, kAnonymise } from '../../core/exchange/ctdc.ts';
import { planCtdcRows } from '../../core/exchange/ctdc-import.ts';
import type { AnonymisedRows } from '../../core/exchange/ctdc.ts';
import { findVictimsForExchange } from '../../db/repositories/exchange.repository.ts';
import { authorize } from '../access/access.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { csvLine } from '../reports/exports/csv.ts';
import { readTable } from '../import/read-table.ts';
import { invalidField } from '../common/validate.ts';
import { writeExchangePlans } from './htcds.ts';
import type { ExchangeImportOptions, ExchangeImportResult } from './htcds.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** CTDC's own release threshold. */
export const defaultCtdcK = 11;

function formsOf(text: string | null): string[] | null {
  if (text === null) return null;
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === 'string') : null;
}

/** The k-anonymised CTDC rows of a jurisdiction, and the same as CSV. */
export async function exportCtdc(
  ctx: AppContext,
  actor: Actor,
  query: { jurisdiction: JurisdictionCode; k?: number },
): Promise<AnonymisedRows & { jurisdiction: JurisdictionCode; victims: number; csv: string }> {
  await authorize(ctx, actor, 'report.read', {
    action: 'export CTDC victim rows',
    entityType: 'report',
  });
  const jurisdiction = query.jurisdiction;
  const k = query.k ?? defaultCtdcK;
  if (!Number.isInteger(k) || k < 2 || k > 1000)
    throw invalidField('k', 'must be a whole number from 2 to 1000');
  const victims = await findVictimsForExchange(ctx.db, jurisdiction);
  const rows = victims.map((v) =>
    ctdcRow(
      {
        identifiedOn: v.identified_on,
        sex: v.sex,
        ageKind: v.age_kind,
        ageYears: v.age_years === null ? null : Number(v.age_years),
        citizenship: v.citizenship,
        forms: formsOf(v.forms),
      },
      jurisdiction,
    ),
  );
  const released = kAnonymise(rows, k);
  await inTransaction(ctx, (trx) =>
    appendAudit(trx, ctx, actor, {
      action: 'log.export',
      entityType: 'report',
      entityId: `ctdc/${jurisdiction}`,
      caseId: null,
      before: null,
      after: { format: 'ctdc', k, rows: released.rows.length, suppressed: released.suppressed },
    }),
  );
  const csv = [
    csvLine(ctdcColumns),
    ...released.rows.map((row) => csvLine(ctdcColumns.map((c) => String(row[c])))),
  ].join('');
  return { ...released, jurisdiction, victims: victims.length, csv };
}

/**
 * Imports CTDC-style victim rows (a CSV file, UTF-8 or Windows-1251) into `jurisdiction`, one
 * case per registration year (src/core/exchange/ctdc-import.ts), through the import writer: the
 * use-cases, the audit log, atomic unless partial, idempotent by row (the same file twice writes
 * nothing). The source of the keys is the file's name unless `source` is given.
 */
export async function importCtdc(
  ctx: AppContext,
  actor: Actor,
  file: string,
  options: Omit<ExchangeImportOptions, 'fileName'> & { readonly jurisdiction: JurisdictionCode },
): Promise<ExchangeImportResult> {
  await authorize(ctx, actor, 'records.import', { action: 'import records', entityType: 'case' });
  const jurisdiction = options.jurisdiction;
  const table = await readTable(file);
  const source = options.source ?? basename(file, extname(file));
  const planned = planCtdcRows(table.rows, table.headers, {
    jurisdiction,
    source,
  });
  return writeExchangePlans(
    ctx,
    actor,
    { ...options, jurisdiction, fileName: file, source, defaultSource: source },
    {
      plans: planned.plans,
      problems: planned.problems,
      refused: planned.refused,
      rows: table.rows.length,
    },
    planned.notImported,
  );
}
