/**
 * The CTDC-style victim export (issue 15): one row per victim of a jurisdiction's cases (sealed
 * cases left out), coded as CTDC codes it, then k-anonymised (default k = 11, as CTDC releases).
 */
import { ctdcColumns, ctdcRow, kAnonymise } from '../../core/exchange/ctdc.ts';
import type { AnonymisedRows } from '../../core/exchange/ctdc.ts';
import { findVictimsForExchange } from '../../db/repositories/exchange.repository.ts';
import { authorize } from '../access.ts';
import { appendAudit } from '../audit.ts';
import type { Actor, AppContext } from '../context.ts';
import { inTransaction } from '../context.ts';
import { csvLine } from '../reports/exports/csv.ts';
import { invalidField } from '../validate.ts';

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
  query: { jurisdiction: string; k?: number },
): Promise<AnonymisedRows & { jurisdiction: string; victims: number; csv: string }> {
  await authorize(ctx, actor, 'report.read', {
    action: 'export CTDC victim rows',
    entityType: 'report',
  });
  const jurisdiction = query.jurisdiction.trim().toUpperCase();
  if (!/^[A-Z]{2,3}$/.test(jurisdiction))
    throw invalidField('jurisdiction', 'must be a country code of two or three letters such as KG');
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
