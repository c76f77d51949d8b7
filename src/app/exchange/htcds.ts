/**
 * HTCDS 2.0 export and import (issue 15; the format is in src/core/exchange/htcds.ts).
 *
 * Export: a jurisdiction's cases that are not sealed, with their persons (no identities),
 * victim records, charges and prosecution events; logged as an export.
 * Import: each case planned from the document and written by the spreadsheet import's writer,
 * through the ordinary use-cases (history and audit log kept): atomic by default, one
 * transaction per case with `partial`, nothing written on a dry run; idempotent by the
 * document's IDs (a second import of the same document writes nothing).
 */
import { basename } from 'node:path';
import { DomainError } from '../../core/errors.ts';
import {
  htcdsCaseOf,
  htcdsVersion,
  notImportedFields,
  parseHtcds,
  planHtcdsCase,
} from '../../core/exchange/htcds.ts';
import type { CaseFacts, HtcdsDocument } from '../../core/exchange/htcds.ts';
import type { CasePlan, RowProblem, SourceRow } from '../../core/import/plan.ts';
import { findAgencyByName } from '../../db/repositories/agencies.repository.ts';
import { findCasesForExchange } from '../../db/repositories/exchange.repository.ts';
import { authorize } from '../access/access.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { writePlans } from '../import/import.ts';
import type { ImportProgress, WriteOutcome } from '../import/import.ts';
import { invalidField } from '../common/validate.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

function formsOf(text: string | null): string[] | null {
  if (text === null) return null;
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((f): f is string => typeof f === 'string') : null;
}

const count = (value: number | string | null): number | null =>
  value === null ? null : Number(value);

/** The HTCDS document of a jurisdiction's cases, and what the exchange does not carry. */
export async function exportHtcds(
  ctx: AppContext,
  actor: Actor,
  query: { jurisdiction: JurisdictionCode },
): Promise<{ document: HtcdsDocument; notCarried: Record<string, number> }> {
  await authorize(ctx, actor, 'report.read', {
    action: 'export cases as HTCDS',
    entityType: 'report',
  });
  const jurisdiction = query.jurisdiction;
  const t = await findCasesForExchange(ctx.db, jurisdiction);
  const group = <R extends { case_id: string }>(rows: readonly R[]) => {
    const by = new Map<string, R[]>();
    for (const row of rows) by.set(row.case_id, [...(by.get(row.case_id) ?? []), row]);
    return by;
  };
  const persons = group(t.persons);
  const charges = group(t.charges);
  const events = group(t.events);
  const victims = new Map(t.victims.map((v) => [v.person_id, v]));
  const verdicts = new Map(t.verdicts.map((v) => [v.event_id, v.outcome]));
  const sentences = new Map(t.sentences.map((s) => [s.event_id, s]));
  const notCarried: Record<string, number> = {};
  const cases = t.cases.map((c) => {
    const facts: CaseFacts = {
      reference: c.reference,
      status: c.status,
      openedOn: c.opened_on,
      origin: c.origin,
      persons: (persons.get(c.id) ?? []).map((p) => {
        const v = victims.get(p.id);
        return {
          id: p.id,
          role: p.role,
          label: p.label,
          sex: p.sex,
          ageKind: p.age_kind,
          ageYears: count(p.age_years),
          citizenship: p.citizenship,
          victim:
            v === undefined
              ? null
              : {
                  forms: formsOf(v.forms),
                  identifiedOn: v.identified_on,
                  referredToServices: v.referred_to_services,
                  cooperatingAsWitness: v.cooperating_as_witness,
                },
        };
      }),
      charges: (charges.get(c.id) ?? []).map((ch) => ({
        id: ch.id,
        personId: ch.person_id,
        instrument: ch.instrument,
        article: ch.article,
        part: ch.part,
        form: ch.form,
        chargedOn: ch.charged_on,
      })),
      events: (events.get(c.id) ?? []).map((e) => {
        const sentence = sentences.get(e.id);
        return {
          id: e.id,
          kind: e.kind,
          occurredOn: e.occurred_on,
          personId: e.person_id,
          chargeId: e.charge_id,
          outcome: verdicts.get(e.id) ?? null,
          imprisonmentMonths: count(sentence?.imprisonment_months ?? null),
          probationMonths: count(sentence?.probation_months ?? null),
        };
      }),
    };
    return htcdsCaseOf(facts, notCarried);
  });
  await inTransaction(ctx, (trx) =>
    appendAudit(trx, ctx, actor, {
      action: 'log.export',
      entityType: 'report',
      entityId: `htcds/${jurisdiction}`,
      caseId: null,
      before: null,
      after: { format: 'htcds', cases: cases.length },
    }),
  );
  return {
    document: {
      standard: 'HTCDS',
      version: htcdsVersion,
      jurisdiction,
      exportedAt: ctx.now().toISOString(),
      cases,
    },
    notCarried,
  };
}

export interface ExchangeImportOptions {
  /** The file's name, for messages and the audit log. */
  readonly fileName: string;
  /** The opening agency of the cases created, by name, in the document's jurisdiction. */
  readonly agency: string;
  /** Names the source of the external keys (default: the format's name). */
  readonly source?: string;
  readonly dryRun?: boolean;
  readonly partial?: boolean;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** What an exchange import did, or (dry run) would do. */
export interface ExchangeImportResult {
  readonly file: string;
  readonly jurisdiction: JurisdictionCode;
  readonly mode: 'dry-run' | 'atomic' | 'partial';
  readonly cases: WriteOutcome['counts'];
  readonly written: WriteOutcome['written'];
  readonly committed: boolean;
  readonly problems: readonly RowProblem[];
  /** Fields of the source the registry does not hold, counted by field: read, not imported. */
  readonly notImported: Readonly<Record<string, number>>;
}

/** Writes planned exchange cases (HTCDS or CTDC) with the import writer. */
export async function writeExchangePlans(
  ctx: AppContext,
  actor: Actor,
  options: ExchangeImportOptions & {
    readonly jurisdiction: JurisdictionCode;
    readonly defaultSource: string;
  },
  planned: {
    plans: { plan: CasePlan; rows: SourceRow[] }[];
    problems: RowProblem[];
    refused: number;
    rows: number;
  },
  notImported: Record<string, number>,
): Promise<ExchangeImportResult> {
  await authorize(ctx, actor, 'records.import', { action: 'import records', entityType: 'case' });
  if (options.dryRun === true && options.partial === true)
    throw invalidField('partial', 'a dry run and a partial import cannot be combined');
  const agency = await findAgencyByName(ctx.db, options.jurisdiction, options.agency);
  if (agency === undefined)
    throw new DomainError(
      'ValidationFailed',
      `agency: no agency named "${options.agency}" in ${options.jurisdiction}; create it first (palermo agency add)`,
      { issues: [{ path: 'agency', message: 'no such agency' }] },
    );
  const mode =
    options.dryRun === true ? 'dry-run' : options.partial === true ? 'partial' : 'atomic';
  const problems = [...planned.problems];
  const run = await writePlans(ctx, actor, {
    target: {
      jurisdiction: options.jurisdiction,
      source: options.source ?? options.defaultSource,
      agencyId: agency.id,
    },
    file: options.fileName,
    plans: planned.plans,
    mode,
    problems,
    alreadyRejected: planned.refused,
    totalRows: planned.rows,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  return {
    file: basename(options.fileName),
    jurisdiction: options.jurisdiction,
    mode,
    cases: run.counts,
    written: run.written,
    committed: run.committed,
    problems: problems.sort((a, b) => a.row - b.row),
    notImported,
  };
}

/** Imports an HTCDS document (its text); see the module comment. */
export async function importHtcds(
  ctx: AppContext,
  actor: Actor,
  text: string,
  options: ExchangeImportOptions,
): Promise<ExchangeImportResult> {
  await authorize(ctx, actor, 'records.import', { action: 'import records', entityType: 'case' });
  const parsed = parseHtcds(text, options.fileName);
  if ('problems' in parsed)
    throw new DomainError(
      'ValidationFailed',
      `${basename(options.fileName)}: not an HTCDS ${htcdsVersion} document: ${parsed.problems
        .slice(0, 10)
        .map((p) => `${p.column}: ${p.reason}`)
        .join(
          '; ',
        )}${parsed.problems.length > 10 ? ` (and ${parsed.problems.length - 10} more)` : ''}`,
      { issues: parsed.problems.map((p) => ({ path: p.column, message: p.reason })) },
    );
  const { document } = parsed;
  const plans: { plan: CasePlan; rows: SourceRow[] }[] = [];
  const problems: RowProblem[] = [];
  const notImported: Record<string, number> = {};
  const seen = new Set<string>();
  let refused = 0;
  document.cases.forEach((c, i) => {
    notImportedFields(c, notImported);
    const row = i + 1;
    if (seen.has(c.cas_CaseID)) {
      problems.push({
        row,
        column: 'cas_CaseID',
        value: c.cas_CaseID,
        reason: 'the same case ID is twice in the document',
      });
      refused++;
      return;
    }
    seen.add(c.cas_CaseID);
    const planned = planHtcdsCase(c, row);
    if (planned.plan === null) {
      problems.push(...planned.problems);
      refused++;
    } else plans.push({ plan: planned.plan, rows: [{ line: row, cells: {} }] });
  });
  return writeExchangePlans(
    ctx,
    actor,
    { ...options, jurisdiction: document.jurisdiction, defaultSource: 'htcds' },
    { plans, problems, refused, rows: document.cases.length },
    notImported,
  );
}
