/**
 * Importing existing records from a spreadsheet (issue 15). The file is read and planned
 * whole (src/core/import) before anything is written; then each case is written through the
 * ordinary use-cases (openCase, addPerson, addCharge, recordCaseEvent and their corrections),
 * so history, the audit log and every rule of the registry apply to imported records as to
 * typed ones. External keys make a second import of the same file write nothing, and a changed
 * row update its record.
 *
 * - dry run: every case is written in a transaction that is rolled back; every problem listed.
 * - default: one transaction for the file: any problem, and nothing is written.
 * - partial: one transaction per case; a case with a problem is left out, its rows written to
 *   a rejects file beside the input.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { DomainError, isDomainError } from '../../core/errors.ts';
import type { ImportMapping } from '../../core/import/mapping.ts';
import { missingColumns, planCase } from '../../core/import/plan.ts';
import type { CasePlan, RowProblem, SourceRow } from '../../core/import/plan.ts';
import { findAgencyByName } from '../../db/repositories/agencies.repository.ts';
import {
  findCase,
  findCharge,
  findPerson,
  findVictimRecord,
} from '../../db/repositories/cases.repository.ts';
import { findImportKey, insertImportKey } from '../../db/repositories/import-keys.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { authorize } from '../access.ts';
import { appendAudit } from '../audit.ts';
import { openCase, updateCase } from '../cases.ts';
import type { Actor, AppContext } from '../context.ts';
import { withTransaction } from '../context.ts';
import { recordCaseEvent } from '../events.ts';
import { addCharge, addPerson, recordVictim, updateCharge, updatePerson } from '../persons.ts';
import { csvLine } from '../reports/exports/csv.ts';
import { readTable } from './read-table.ts';
import type { Table, TextEncoding } from './read-table.ts';

/** How far an import has got, for a progress bar. */
export interface ImportProgress {
  readonly cases: number;
  readonly totalCases: number;
  readonly rows: number;
  readonly totalRows: number;
}

export interface ImportOptions {
  readonly file: string;
  readonly mapping: ImportMapping;
  /** Where the mapping's `join` files are looked up: the input file's directory. */
  readonly dryRun?: boolean;
  readonly partial?: boolean;
  /** Where --partial writes refused rows; by default beside the input (`x.csv` → `x.rejects.csv`). */
  readonly rejectsFile?: string;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** What an import did, or (dry run) would do. */
export interface ImportResult {
  readonly file: string;
  readonly encoding: TextEncoding | 'xlsx';
  readonly mode: 'dry-run' | 'atomic' | 'partial';
  readonly rows: number;
  readonly cases: {
    readonly created: number;
    readonly updated: number;
    readonly unchanged: number;
    readonly rejected: number;
  };
  /** Records written (created or updated) by kind. */
  readonly written: Readonly<Record<Kind, number>>;
  /** Charges the mapping leaves out (statute codes outside the pack), by code. */
  readonly skippedCharges: Readonly<Record<string, number>>;
  /** Sentences not imported: the person has no conviction among the imported charges. */
  readonly skippedSentences: number;
  readonly problems: readonly RowProblem[];
  /** Whether anything was written. */
  readonly committed: boolean;
  readonly rejectsFile: string | null;
}

type Outcome = 'created' | 'updated' | 'unchanged';
type Kind = 'case' | 'person' | 'victim' | 'charge' | 'event';

class Rollback extends Error {}

/** Imports one file by a mapping; see the module comment for the three modes. */
export async function importRecords(
  ctx: AppContext,
  actor: Actor,
  options: ImportOptions,
): Promise<ImportResult> {
  await authorize(ctx, actor, 'case.write', { action: 'import records', entityType: 'case' });
  const { mapping } = options;
  const mode =
    options.dryRun === true ? 'dry-run' : options.partial === true ? 'partial' : 'atomic';
  const table = await readTable(options.file);
  const { rows, problems: joinProblems, headers } = await joinTables(table, mapping);
  const missing = missingColumns(mapping, headers);
  if (missing.length > 0) {
    throw new DomainError(
      'ValidationFailed',
      `${basename(options.file)}: the mapping reads columns the file does not have: ${missing.map((m) => m.reason).join('; ')}`,
      { issues: missing.map((m) => ({ path: m.column, message: m.reason })) },
    );
  }
  const agency = await findAgencyByName(ctx.db, mapping.jurisdiction, mapping.agency);
  if (agency === undefined) {
    throw new DomainError(
      'ValidationFailed',
      `agency: no agency named "${mapping.agency}" in ${mapping.jurisdiction}; create it first (palermo agency add)`,
      { issues: [{ path: 'agency', message: 'no such agency' }] },
    );
  }

  // Group rows into cases by the case key, in the order the cases first appear.
  const groups = new Map<string, SourceRow[]>();
  const problems: RowProblem[] = [...joinProblems];
  for (const row of rows) {
    const key = (row.cells[mapping.case.key] ?? '').trim();
    if (key === '') {
      problems.push({
        row: row.line,
        column: mapping.case.key,
        value: '',
        reason: 'case.key: empty',
      });
      continue;
    }
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  const badLines = new Set(problems.map((p) => p.row));
  const plans: { plan: CasePlan; rows: SourceRow[] }[] = [];
  const rejectedRows: SourceRow[] = rows.filter((row) => badLines.has(row.line));
  const skippedCharges: Record<string, number> = {};
  let skippedSentences = 0;
  for (const [key, group] of groups) {
    const planned = planCase(mapping, key, group);
    if (planned.plan === null) {
      problems.push(...planned.problems);
      rejectedRows.push(...group);
    } else {
      plans.push({ plan: planned.plan, rows: group });
      skippedSentences += planned.plan.skippedSentences;
      for (const [code, n] of Object.entries(planned.plan.skippedCharges))
        skippedCharges[code] = (skippedCharges[code] ?? 0) + n;
    }
  }

  const counts = { created: 0, updated: 0, unchanged: 0, rejected: groups.size - plans.length };
  const written: Record<Kind, number> = { case: 0, person: 0, victim: 0, charge: 0, event: 0 };
  let rowsDone = 0;
  let casesDone = 0;
  const progress = (n: number) => {
    rowsDone += n;
    casesDone++;
    options.onProgress?.({
      cases: casesDone,
      totalCases: plans.length,
      rows: rowsDone,
      totalRows: rows.length,
    });
  };
  const writer = (trxCtx: AppContext) => new CaseWriter(trxCtx, actor, mapping, agency.id);
  const tally = (w: CaseWriter) => {
    for (const kind of ['case', 'person', 'victim', 'charge', 'event'] as const)
      written[kind] += w.written[kind];
  };

  // A planning problem already decides an atomic run: nothing will be written, but the
  // cases are still tried one by one (and rolled back) so that every problem is listed.
  const listOnly = mode === 'dry-run' || (mode === 'atomic' && problems.length > 0);
  let committed = false;
  if (mode === 'atomic' && !listOnly) {
    try {
      await withTransaction(ctx, async (trxCtx) => {
        for (const { plan, rows: group } of plans) {
          const w = writer(trxCtx);
          const result = await writeOne(w, plan, group, problems);
          tally(w);
          if (result !== null) counts[result]++;
          else counts.rejected++;
          progress(group.length);
        }
        if (problems.length > 0) throw new Rollback();
        await logRun(trxCtx, actor, options.file, mapping, counts);
      });
      committed = true;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
  } else {
    // Dry run and --partial: one transaction per case (rolled back unless --partial).
    for (const { plan, rows: group } of plans) {
      let outcome: Outcome | null = null;
      try {
        await withTransaction(ctx, async (trxCtx) => {
          const w = writer(trxCtx);
          outcome = await writeOne(w, plan, group, problems);
          // A refused case writes nothing; a dry run counts what it would have written.
          if (outcome !== null) tally(w);
          if (outcome === null || listOnly) throw new Rollback();
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
      }
      if (outcome === null) {
        counts.rejected++;
        rejectedRows.push(...group);
      } else counts[outcome]++;
      progress(group.length);
    }
    if (mode === 'partial' && counts.created + counts.updated > 0) {
      await withTransaction(ctx, (trxCtx) => logRun(trxCtx, actor, options.file, mapping, counts));
      committed = true;
    }
  }
  if (!committed && mode !== 'dry-run') {
    written.case = written.person = written.victim = written.charge = written.event = 0;
  }
  let rejectsFile: string | null = null;
  if (mode === 'partial' && rejectedRows.length > 0) {
    rejectsFile = options.rejectsFile ?? rejectsPath(options.file);
    writeRejects(rejectsFile, table.headers, rejectedRows, problems);
  }
  return {
    file: options.file,
    encoding: table.encoding,
    mode,
    rows: rows.length,
    cases: counts,
    written,
    skippedCharges,
    skippedSentences,
    problems: problems.sort((a, b) => a.row - b.row),
    committed,
    rejectsFile,
  };
}

async function writeOne(
  writer: CaseWriter,
  plan: CasePlan,
  rows: readonly SourceRow[],
  problems: RowProblem[],
): Promise<Outcome | null> {
  try {
    return await writer.write(plan);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const line = writer.currentLine ?? rows[0]?.line ?? 0;
    const issue = error.issues[0];
    problems.push({
      row: line,
      column: issue?.path ?? '',
      value: '',
      reason: `${writer.currentStep}: ${error.message}`,
    });
    return null;
  }
}

/** The rejects file beside the input: `cases.csv` → `cases.rejects.csv`. */
export function rejectsPath(file: string): string {
  const extension = extname(file);
  return join(dirname(file), `${basename(file, extension)}.rejects.csv`);
}

function writeRejects(
  file: string,
  headers: readonly string[],
  rows: readonly SourceRow[],
  problems: readonly RowProblem[],
): void {
  const reasons = new Map<number, string[]>();
  for (const p of problems)
    reasons.set(p.row, [...(reasons.get(p.row) ?? []), `${p.column}: ${p.reason}`]);
  const lines = [csvLine(['row', ...headers, 'reasons'])];
  const sorted = [...new Map(rows.map((r) => [r.line, r])).values()].sort(
    (a, b) => a.line - b.line,
  );
  for (const row of sorted) {
    lines.push(
      csvLine([
        String(row.line),
        ...headers.map((h) => row.cells[h] ?? ''),
        (reasons.get(row.line) ?? ['another row of the same case was refused']).join(' | '),
      ]),
    );
  }
  writeFileSync(file, lines.join(''));
}

async function logRun(
  ctx: AppContext,
  actor: Actor,
  file: string,
  mapping: ImportMapping,
  counts: Record<string, number>,
): Promise<void> {
  await appendAudit(ctx.db, ctx, actor, {
    action: 'import.run',
    entityType: 'jurisdiction',
    entityId: mapping.jurisdiction,
    caseId: null,
    before: null,
    after: { file: basename(file), source: mapping.source, ...counts },
  });
}

/** Joins the mapping's extra files to each row; their columns become `<name>.<column>`. */
async function joinTables(
  table: Table,
  mapping: ImportMapping,
): Promise<{ rows: SourceRow[]; problems: RowProblem[]; headers: Set<string> }> {
  const headers = new Set(table.headers);
  let rows = [...table.rows];
  const problems: RowProblem[] = [];
  for (const join of mapping.join) {
    const other = await readTable(resolve(dirname(table.file), join.file));
    if (!other.headers.includes(join.key)) {
      throw new DomainError(
        'ValidationFailed',
        `join.${join.name}.key: ${join.file} has no column "${join.key}"`,
        { issues: [{ path: `join.${join.name}.key`, message: `no column "${join.key}"` }] },
      );
    }
    const byKey = new Map<string, SourceRow>();
    for (const row of other.rows) {
      const key = (row.cells[join.key] ?? '').trim();
      const earlier = byKey.get(key);
      if (earlier !== undefined) {
        throw new DomainError(
          'ValidationFailed',
          `${join.file}: key "${key}" of column ${join.key} is on rows ${earlier.line} and ${row.line}`,
          { issues: [{ path: `join.${join.name}`, message: 'key not unique' }] },
        );
      }
      byKey.set(key, row);
    }
    for (const header of other.headers) headers.add(`${join.name}.${header}`);
    rows = rows.map((row) => {
      const key = (row.cells[join.on] ?? '').trim();
      const match = byKey.get(key);
      if (match === undefined) {
        problems.push({
          row: row.line,
          column: join.on,
          value: key,
          reason: `join.${join.name}: no row of ${join.file} has ${join.key} = "${key}"`,
        });
        return row;
      }
      const extra = Object.fromEntries(
        other.headers.map((h) => [`${join.name}.${h}`, match.cells[h] ?? '']),
      );
      return { line: row.line, cells: { ...row.cells, ...extra } };
    });
  }
  return { rows, problems, headers };
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** Writes one case's plan through the use-cases, in the context's transaction. */
class CaseWriter {
  currentLine: number | null = null;
  currentStep = 'case';
  private caseId = '';
  private caseVersion = 0;
  private changed = false;
  private readonly persons = new Map<string, string>();
  private readonly charges = new Map<string, string>();
  /** Records this case created or updated, by kind. */
  readonly written: Record<Kind, number> = { case: 0, person: 0, victim: 0, charge: 0, event: 0 };

  constructor(
    private readonly ctx: AppContext,
    private readonly actor: Actor,
    private readonly mapping: ImportMapping,
    private readonly agencyId: string,
  ) {}

  async write(plan: CasePlan): Promise<Outcome> {
    const { ctx, actor, mapping } = this;
    const c = plan.case;
    this.currentStep = 'case';
    this.currentLine = plan.persons[0]?.line ?? null;
    const fields = {
      reference: c.reference,
      openedOn: c.openedOn,
      origin: c.origin,
      summary: c.summary,
    };
    const known = await this.key('case', c.key);
    let created = false;
    if (known === undefined) {
      const view = await openCase(ctx, actor, {
        jurisdiction: mapping.jurisdiction,
        openingAgencyId: this.agencyId,
        ...fields,
      });
      this.caseId = view.id;
      this.caseVersion = view.version;
      created = true;
      await this.remember('case', c.key, view.id, digest(fields), undefined);
    } else {
      this.caseId = known.case_id;
      const row = await findCase(ctx.db, this.caseId);
      this.caseVersion = row?.version ?? 0;
      if (known.digest !== digest(fields)) {
        const view = await updateCase(ctx, actor, this.caseId, {
          version: this.caseVersion,
          ...fields,
        });
        this.caseVersion = view.version;
        await this.remember('case', c.key, this.caseId, digest(fields), known);
      }
    }
    for (const person of plan.persons) {
      this.currentStep = `person ${person.key}`;
      this.currentLine = person.line;
      const input = {
        label: person.label,
        sex: person.sex,
        age: person.ageYears === null ? null : { kind: 'exact', years: person.ageYears },
        citizenship: person.citizenship,
      };
      const key = `${c.key}/${person.key}`;
      const knownPerson = await this.key('person', key);
      const d = digest({ role: person.role, ...input });
      if (knownPerson === undefined) {
        const view = await addPerson(ctx, actor, this.caseId, { role: person.role, ...input });
        this.persons.set(person.key, view.id);
        await this.remember('person', key, view.id, d, undefined);
      } else {
        this.persons.set(person.key, knownPerson.entity_id);
        if (knownPerson.digest !== d) {
          const row = await findPerson(ctx.db, knownPerson.entity_id);
          await updatePerson(ctx, actor, knownPerson.entity_id, {
            version: row?.version ?? 0,
            role: person.role,
            ...input,
          });
          await this.remember('person', key, knownPerson.entity_id, d, knownPerson);
        }
      }
    }
    for (const person of plan.persons) {
      if (person.victim === null) continue;
      this.currentStep = `victim record ${person.key}`;
      this.currentLine = person.line;
      const key = `${c.key}/${person.key}`;
      const personId = this.persons.get(person.key) ?? '';
      const d = digest(person.victim);
      const knownVictim = await this.key('victim', key);
      if (knownVictim !== undefined && knownVictim.digest === d) continue;
      const existing = await findVictimRecord(ctx.db, personId);
      await recordVictim(ctx, actor, personId, {
        ...(existing === undefined ? {} : { version: existing.version }),
        ...person.victim,
      });
      await this.remember('victim', key, personId, d, knownVictim);
    }
    for (const charge of plan.charges) {
      this.currentStep = `charge ${charge.key}`;
      this.currentLine = charge.line;
      const statute = { jurisdiction: mapping.jurisdiction, ...charge.statute };
      const key = `${c.key}/${charge.key}`;
      const d = digest({ statute, form: charge.form, chargedOn: charge.chargedOn });
      const knownCharge = await this.key('charge', key);
      if (knownCharge === undefined) {
        const view = await addCharge(ctx, actor, this.caseId, {
          personId: this.persons.get(charge.personKey),
          statute,
          form: charge.form,
          chargedOn: charge.chargedOn,
        });
        this.charges.set(charge.key, view.id);
        await this.remember('charge', key, view.id, d, undefined);
      } else {
        this.charges.set(charge.key, knownCharge.entity_id);
        if (knownCharge.digest !== d) {
          const row = await findCharge(ctx.db, knownCharge.entity_id);
          if (row !== undefined && row.charged_on !== charge.chargedOn)
            throw new DomainError(
              'Conflict',
              `the charge date changed from ${row.charged_on} to ${charge.chargedOn}; a charge date is not corrected by import`,
              { issues: [{ path: 'chargedOn', message: 'changed since the last import' }] },
            );
          await updateCharge(ctx, actor, knownCharge.entity_id, {
            version: row?.version ?? 0,
            statute,
            form: charge.form,
          });
          await this.remember('charge', key, knownCharge.entity_id, d, knownCharge);
        }
      }
    }
    for (const event of plan.events) {
      this.currentStep = `${event.kind} event`;
      this.currentLine = event.line;
      const input = eventInput(event, this.persons, this.charges);
      const key = `${c.key}/${event.key}`;
      const d = digest(input);
      const knownEvent = await this.key('event', key);
      if (knownEvent !== undefined) {
        if (knownEvent.digest !== d)
          throw new DomainError(
            'Conflict',
            `the ${event.kind} event was imported before with other values; the timeline is not rewritten by import (record a correction by hand)`,
            { issues: [{ path: event.kind, message: 'changed since the last import' }] },
          );
        continue;
      }
      const view = await recordCaseEvent(ctx, actor, this.caseId, {
        ...input,
        caseVersion: this.caseVersion,
      });
      this.caseVersion = view.version;
      const newest = view.events.reduce((a, b) => (b.seq > a.seq ? b : a));
      await this.remember('event', key, newest.id, d, undefined);
    }
    return created ? 'created' : this.changed ? 'updated' : 'unchanged';
  }

  private key(kind: Kind, externalKey: string) {
    return findImportKey(this.ctx.db, {
      jurisdiction: this.mapping.jurisdiction,
      source: this.mapping.source,
      kind,
      externalKey,
    });
  }

  /** Records (or moves) an external key and logs it, in the case's transaction. */
  private async remember(
    kind: Kind,
    externalKey: string,
    entityId: string,
    digestValue: string,
    known: Awaited<ReturnType<CaseWriter['key']>>,
  ): Promise<void> {
    const { ctx, actor } = this;
    this.changed = true;
    this.written[kind]++;
    const at = ctx.now().toISOString();
    if (known === undefined) {
      const row = {
        id: ctx.newId(),
        jurisdiction: this.mapping.jurisdiction,
        source: this.mapping.source,
        kind,
        external_key: externalKey,
        case_id: this.caseId,
        entity_id: entityId,
        digest: digestValue,
        version: 1,
        created_at: at,
        updated_at: at,
      };
      await insertImportKey(ctx.db, row);
      await appendAudit(ctx.db, ctx, actor, {
        action: 'import_key.record',
        entityType: 'import_key',
        entityId: row.id,
        caseId: this.caseId,
        before: null,
        after: { kind, externalKey, entityId },
      });
      return;
    }
    await updateVersioned(ctx.db, 'import_keys', { column: 'id', value: known.id }, known.version, {
      digest: digestValue,
      updated_at: at,
    });
    await appendAudit(ctx.db, ctx, actor, {
      action: 'import_key.update',
      entityType: 'import_key',
      entityId: known.id,
      caseId: this.caseId,
      before: { digest: known.digest },
      after: { digest: digestValue },
    });
  }
}

function eventInput(
  event: CasePlan['events'][number],
  persons: ReadonlyMap<string, string>,
  charges: ReadonlyMap<string, string>,
): Record<string, unknown> {
  switch (event.kind) {
    case 'refer':
    case 'final':
      return { kind: event.kind, occurredOn: event.occurredOn };
    case 'indict':
      return {
        kind: 'indict',
        occurredOn: event.occurredOn,
        personId: persons.get(event.personKey),
      };
    case 'verdict':
      return {
        kind: 'verdict',
        occurredOn: event.occurredOn,
        personId: persons.get(event.personKey),
        chargeId: charges.get(event.chargeKey),
        outcome: event.outcome,
      };
    case 'sentence':
      return {
        kind: 'sentence',
        occurredOn: event.occurredOn,
        personId: persons.get(event.personKey),
        imprisonmentMonths: event.imprisonmentMonths,
        probationMonths: event.probationMonths,
      };
  }
}
