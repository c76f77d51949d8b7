/**
 * Importing existing records from a spreadsheet (issue 15). The file is read and planned
 * whole (src/core/import) before anything is written; then each case is written through the
 * ordinary use-cases (openCase, addPerson, addCharge, recordCaseEvent and their corrections),
 * so history, the audit log and every rule of the registry apply to imported records as to
 * typed ones. External keys make a second import of the same file write nothing, and a changed
 * row update its record.
 *
 * - default: one transaction for the file, cases written in batches, each batch in a
 *   savepoint; a refused batch is undone to it and its cases written one by one in savepoints
 *   of their own (kept when written, so that a later case meets what an earlier one wrote), so
 *   every refused case is named by its row; any problem, and nothing is written.
 * - dry run: the same, and the transaction always rolled back; every problem listed.
 * - partial: a transaction per batch, or per case for a batch with a refused case; a case with a
 *   problem is left out, its rows written to a rejects file beside the input.
 */
import { hash } from 'node:crypto';
import type { Selectable } from 'kysely';
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
import {
  findCaseImportKey,
  findCaseImportKeys,
  findImportKeysOfCase,
  sendImportKeys,
} from '../../db/repositories/import-keys.repository.ts';
import type { ImportKeysTable } from '../../db/tables/import-keys.table.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { withBulkPageCache } from '../../db/create-db.ts';
import { allows, authorize } from '../access/access.ts';
import { appendAudit, appendAuditEntries, insertedById } from '../audit/audit.ts';
import { openCase, updateCase } from '../cases/cases.ts';
import type { Actor, AppContext } from '../common/context.ts';
import {
  inSavepoint,
  readLater,
  settleWrites,
  withTransaction,
  writeBehind,
} from '../common/context.ts';
import { appliedCase, recordCaseEvent } from '../cases/events.ts';
import { addCharge, updateCharge } from '../persons/charges.ts';
import { addPersons, updatePerson } from '../persons/persons.ts';
import { recordVictim } from '../persons/victim-records.ts';
import {
  caseEventInput,
  createCaseInput,
  createChargeInput,
  createPersonInput,
  updateCaseInput,
  updateChargeInput,
  updatePersonInput,
  victimRecordInput,
} from '../schemas/cases.schemas.ts';
import { isoTime } from '../common/iso-time.ts';
import { parseInput } from '../common/validate.ts';
import { csvLine } from '../reports/exports/csv.ts';
import {
  addChargesToNewCases,
  openPreparedCases,
  prepareNewCase,
  prepareNewCases,
  readAhead,
  recordVictimsOfNewCases,
} from './open-cases.ts';
import type {
  NewCase,
  NewCharges,
  NewVictimRecords,
  OpenedCase,
  PreparedCase,
  ReadAhead,
} from './open-cases.ts';
import { openRows, readTable, scanCsvColumn } from './read-table.ts';
import type { RowStream, TextEncoding } from './read-table.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

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
  /** Whether each case's rows were together in the file (read case by case, memory bounded). */
  readonly grouped: boolean;
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
  await authorize(ctx, actor, 'records.import', { action: 'import records', entityType: 'case' });
  const { mapping } = options;
  const mode =
    options.dryRun === true ? 'dry-run' : options.partial === true ? 'partial' : 'atomic';
  const opened = await openRows(options.file);
  const joins = await loadJoins(options.file, mapping);
  const headers = new Set([...opened.headers, ...joins.headers]);
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

  // A first pass counts the rows (for progress) and finds whether each case's rows are
  // together; if they are, cases are read, planned and written one at a time and memory stays
  // bounded whatever the file's size. If not, the file is grouped in memory first.
  const scan = await scanGroups(options.file, opened, mapping.case.key);
  const problems: RowProblem[] = [];
  const rejectedRows: SourceRow[] = [];
  const skippedCharges: Record<string, number> = {};
  let skippedSentences = 0;
  // A plain CSV file (no quotes, every line alike) is split as the first pass split it.
  const source = await openRows(options.file, { plain: scan.plain });
  const plan = (group: { key: string; rows: SourceRow[] }): Planned => {
    const result = planCase(mapping, group.key, group.rows);
    if (result.plan === null) return { plan: null, rows: group.rows, problems: result.problems };
    skippedSentences += result.plan.skippedSentences;
    for (const [code, n] of Object.entries(result.plan.skippedCharges))
      skippedCharges[code] = (skippedCharges[code] ?? 0) + n;
    return { plan: result.plan, rows: group.rows };
  };
  // The rows are read a block at a time and joined, grouped and planned without an await each.
  async function* planned(): AsyncGenerator<Planned> {
    const groups = new CaseGroups(mapping.case.key, scan.grouped, problems, rejectedRows);
    for await (const batch of source.batches)
      for (const row of batch) {
        const group = groups.add(joinedRow(row, joins, problems, rejectedRows));
        if (group !== null) yield plan(group);
      }
    for (const group of groups.end()) yield plan(group);
  }

  const run = await writePlans(ctx, actor, {
    target: { jurisdiction: mapping.jurisdiction, source: mapping.source, agencyId: agency.id },
    file: options.file,
    plans: planned(),
    mode,
    problems,
    alreadyRejected: 0,
    totalRows: scan.rows,
    totalCases: scan.cases,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  rejectedRows.push(...run.rejectedRows);
  const { counts, written, committed } = run;
  let rejectsFile: string | null = null;
  if (mode === 'partial' && rejectedRows.length > 0) {
    rejectsFile = options.rejectsFile ?? rejectsPath(options.file);
    writeRejects(rejectsFile, opened.headers, rejectedRows, problems);
  }
  return {
    file: options.file,
    encoding: opened.encoding,
    mode,
    rows: scan.rows,
    grouped: scan.grouped,
    cases: counts,
    written,
    skippedCharges,
    skippedSentences,
    problems: problems.sort((a, b) => a.row - b.row),
    committed,
    rejectsFile,
  };
}

/** Where planned cases are written: a jurisdiction, a source naming the external keys, an agency. */
export interface WriteTarget {
  readonly jurisdiction: JurisdictionCode;
  /** External keys are unique within (jurisdiction, source). */
  readonly source: string;
  /** The opening agency of every case created. */
  readonly agencyId: string;
}

/** What writing a list of case plans did. */
export interface WriteOutcome {
  readonly counts: { created: number; updated: number; unchanged: number; rejected: number };
  readonly written: Record<Kind, number>;
  readonly committed: boolean;
  /** The rows of the cases refused while writing. */
  readonly rejectedRows: SourceRow[];
}

/**
 * Writes planned cases through the use-cases in one of the three modes (module comment);
 * problems found while writing are appended to `problems`. Used by the spreadsheet import and
 * by the exchange formats (HTCDS, CTDC), which plan their cases themselves.
 */
export async function writePlans(
  ctx: AppContext,
  actor: Actor,
  input: WritePlansInput,
): Promise<WriteOutcome> {
  // One transaction of a whole file writes far more pages than SQLite's default cache holds.
  return withBulkPageCache(ctx.db, ctx.engine, () => writeAll(ctx, actor, input));
}

/** What `writePlans` writes, and how. */
export interface WritePlansInput {
  readonly target: WriteTarget;
  readonly file: string;
  /** The cases in the order they are written; a case refused while planning has no plan. */
  readonly plans: AsyncIterable<Planned> | Iterable<Planned>;
  readonly mode: 'dry-run' | 'atomic' | 'partial';
  readonly problems: RowProblem[];
  /** Cases already refused while planning (counted as rejected). */
  readonly alreadyRejected: number;
  readonly totalRows: number;
  /** The number of cases, when known before they are planned. */
  readonly totalCases?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
}

async function writeAll(
  ctx: AppContext,
  actor: Actor,
  input: WritePlansInput,
): Promise<WriteOutcome> {
  const { target, mode, problems } = input;
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: input.alreadyRejected };
  const written: Record<Kind, number> = { case: 0, person: 0, victim: 0, charge: 0, event: 0 };
  const rejectedRows: SourceRow[] = [];
  const iterable = input.plans;
  const iterator: AsyncIterator<Planned> | Iterator<Planned> =
    Symbol.asyncIterator in iterable
      ? iterable[Symbol.asyncIterator]()
      : iterable[Symbol.iterator]();
  const totalCases =
    input.totalCases ?? (Array.isArray(iterable) ? iterable.length : input.alreadyRejected);
  let rowsDone = 0;
  let casesDone = 0;
  const progress = (n: number) => {
    rowsDone += n;
    casesDone++;
    input.onProgress?.({
      cases: casesDone,
      totalCases: Math.max(totalCases, casesDone),
      rows: rowsDone,
      totalRows: input.totalRows,
    });
  };
  const refuse = (item: Planned) => {
    problems.push(...(item.problems ?? []));
    counts.rejected++;
    rejectedRows.push(...item.rows);
    progress(item.rows.length);
  };
  const writer = (trxCtx: AppContext) => new CaseWriter(trxCtx, actor, target);
  const tally = (w: CaseWriter) => {
    for (const kind of kinds) written[kind] += w.written[kind];
  };

  /** A case refused while writing: named by its row, its rows rejected. */
  const refusedWhileWriting = (w: CaseWriter, item: WithPlan, error: DomainError) => {
    problems.push(problemOf(w, item.rows, error));
    refuse({ plan: null, rows: item.rows });
  };
  /** One case in the file's transaction, in a savepoint: kept when written, undone when refused. */
  const writeAlone = async (trxCtx: AppContext, item: WithPlan) => {
    const w = writer(trxCtx);
    const alone = await inSavepoint(trxCtx.db, 'palermo_import_case', () => w.write(item.plan));
    if (!alone.ok) {
      refusedWhileWriting(w, item, alone.error);
      return;
    }
    tally(w);
    counts[alone.value]++;
    progress(item.rows.length);
  };
  // --partial: a batch of cases in one transaction (as an atomic run writes them: each case
  // whole in exactly one transaction, and fewer commits); a batch with a refused case is rolled
  // back and its cases written one by one, each in its own transaction, so that the good ones
  // are kept and the refused one is named by its row.
  const writePartial = async (): Promise<boolean> => {
    const writeCase = async (item: WithPlan) => {
      const refusals: { writer: CaseWriter; error: DomainError }[] = [];
      try {
        await withTransaction(ctx, async (trxCtx) => {
          const w = writer(trxCtx);
          try {
            const outcome = await w.write(item.plan);
            tally(w);
            counts[outcome]++;
            progress(item.rows.length);
          } catch (error) {
            if (!isDomainError(error)) throw error;
            refusals.push({ writer: w, error });
            throw new Rollback();
          }
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
      }
      for (const refused of refusals) refusedWhileWriting(refused.writer, item, refused.error);
    };
    const writeTogether = async (batch: readonly WithPlan[]): Promise<boolean> => {
      try {
        const result = await withTransaction(ctx, (trxCtx) =>
          writeBatch(trxCtx, actor, target, batch),
        );
        for (const kind of kinds) written[kind] += result.written[kind];
        for (const [i, item] of batch.entries()) {
          counts[result.outcomes[i] ?? 'unchanged']++;
          progress(item.rows.length);
        }
        return true;
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return false;
      }
    };
    for (;;) {
      const batch: WithPlan[] = [];
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
        const item = next.value;
        if (item.plan === null) refuse(item);
        else batch.push({ plan: item.plan, rows: item.rows });
        if (batch.length >= BATCH_CASES) break;
      }
      if (batch.length === 0) break;
      if (!(await writeTogether(batch))) for (const item of batch) await writeCase(item);
    }
    if (counts.created + counts.updated === 0) return false;
    await withTransaction(ctx, (trxCtx) => logRun(trxCtx, actor, input.file, target, counts));
    return true;
  };

  let committed = false;
  if (mode === 'partial') committed = await writePartial();
  else {
    // Atomic or dry run: one transaction for the file, cases written in batches (new cases in
    // bulk, `writeBatch`), each batch in a savepoint. A refused batch is undone to its savepoint
    // and its cases written one by one, each in a savepoint of its own (kept when written, so
    // that a later case meets what an earlier one wrote, as in a real run; undone when
    // refused), to name every refused case by its row; the run goes on to list every problem.
    // The transaction commits only if nothing was refused and it is not a dry run.
    try {
      await withTransaction(ctx, async (trxCtx) => {
        let batch: WithPlan[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          const items = batch;
          batch = [];
          const together = await inSavepoint(trxCtx.db, 'palermo_import_batch', () =>
            writeBatch(trxCtx, actor, target, items),
          );
          if (together.ok) {
            for (const kind of kinds) written[kind] += together.value.written[kind];
            for (const [i, item] of items.entries()) {
              counts[together.value.outcomes[i] ?? 'unchanged']++;
              progress(item.rows.length);
            }
            return;
          }
          const before = problems.length;
          for (const item of items) await writeAlone(trxCtx, item);
          // Never silent (and so the file is rolled back): a batch refused whose cases each
          // pass alone is named by its rows.
          if (problems.length === before) {
            const lines = items.flatMap((item) => item.rows.map((row) => row.line));
            problems.push({
              row: Math.min(...lines),
              column: together.error.issues[0]?.path ?? '',
              value: '',
              reason: `the cases of rows ${Math.min(...lines)}-${Math.max(...lines)}, written together, were refused: ${together.error.message}`,
            });
          }
        };
        for (let taken = 1; ; taken += 1) {
          // On PostgreSQL a turn of the event loop now and then, so that the writes let go on
          // are dispatched as the ones before them are answered, while the cases are planned.
          if (taken % TURN_EVERY_CASES === 0) await connectionTurn(ctx);
          const next = await iterator.next();
          if (next.done === true) break;
          const item = next.value;
          if (item.plan === null) refuse(item);
          else batch.push({ plan: item.plan, rows: item.rows });
          if (batch.length >= BATCH_CASES) await flush();
        }
        await flush();
        // Problems outside the cases too (a row with no case key, a join with no match).
        if (mode === 'dry-run' || problems.length > 0) throw new Rollback();
        await logRun(trxCtx, actor, input.file, target, counts);
      });
      committed = true;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
  }
  if (!committed && mode !== 'dry-run') {
    written.case = written.person = written.victim = written.charge = written.event = 0;
  }
  return { counts, written, committed, rejectedRows };
}

/**
 * On PostgreSQL, a turn of the event loop: the connection's answers are read only then, and a
 * statement waiting behind one answered is sent only then (the transaction's statements go one
 * at a time), so the import, planning and preparing cases without an await on the database,
 * gives one every few cases to keep the writes it let go on (writeBehind) moving. SQLite
 * answers at once: nothing to wait for.
 */
function connectionTurn(ctx: AppContext): Promise<void> | undefined {
  return ctx.engine === 'postgres' ? new Promise((resolve) => setImmediate(resolve)) : undefined;
}

/** Cases planned or prepared between two `connectionTurn`s. */
const TURN_EVERY_CASES = 10;

/** Cases an atomic import writes together (one lookup of their keys, new ones in bulk). */
const BATCH_CASES = 100;

const kinds = ['case', 'person', 'victim', 'charge', 'event'] as const;

type WithPlan = { readonly plan: CasePlan; readonly rows: readonly SourceRow[] };

interface BatchResult {
  readonly outcomes: Outcome[];
  readonly written: Record<Kind, number>;
}

/**
 * Writes a batch of planned cases in the context's transaction: every case first prepared as a
 * new one (`prepareNewCase`: the input rules, rows and ids, no database), then their case keys
 * read in one query; a case imported before goes through the use-cases one by one
 * (`CaseWriter.write`); the new ones are opened with their persons in bulk
 * (`openPreparedCases`: the rules of openCase and addPersons), then their victims, charges and
 * events go through the use-cases; the batch's new import keys are inserted and logged
 * together. A refusal (DomainError) is thrown: the caller rolls back and tries the cases one by
 * one to say which row is at fault.
 */
async function writeBatch(
  ctx: AppContext,
  actor: Actor,
  target: WriteTarget,
  items: readonly WithPlan[],
): Promise<BatchResult> {
  // The batch's reads are asked first: on PostgreSQL they run on the transaction's connection
  // after the writes the last batch let go on (so they see them), and are answered while the
  // cases are prepared, instead of keeping the server idle between the batches.
  const known = readLater(
    findCaseImportKeys(
      ctx.db,
      { jurisdiction: target.jurisdiction, source: target.source },
      items.map((item) => item.plan.case.key),
    ),
  );
  const ahead = readAhead(
    ctx,
    target.jurisdiction,
    [target.agencyId],
    items.map((item) => item.plan.case.reference),
  );
  try {
    // Every case is first prepared as a new one (rules that need no database, rows and ids)
    // while the server may still insert the last batch (writeBehind); a case imported before
    // goes the use-cases' way instead, and its preparation is dropped.
    // (Without the permission nothing is prepared: a new case is refused below, as openCase does.)
    const prepared: (PreparedCase | undefined)[] = [];
    if (allows(actor, 'case.write'))
      for (const [i, item] of items.entries()) {
        if (i > 0 && i % TURN_EVERY_CASES === 0) await connectionTurn(ctx);
        prepared.push(prepareNewCase(ctx, newCaseOf(target, item.plan)));
      }
    // The writes the last batch let go on have landed (a failure among them is the cause).
    await settleWrites(ctx.db);
    return await writeNewAndKnown(ctx, actor, target, items, prepared, { known, ahead });
  } catch (error) {
    // A write let go on that failed is the cause: what failed after it failed because it did.
    await settleWrites(ctx.db);
    throw error;
  }
}

async function writeNewAndKnown(
  ctx: AppContext,
  actor: Actor,
  target: WriteTarget,
  items: readonly WithPlan[],
  prepared: readonly (PreparedCase | undefined)[],
  reads: { known: ReturnType<typeof findCaseImportKeys>; ahead: ReadAhead },
): Promise<BatchResult> {
  const known = await reads.known;
  const keys: ImportKeyRow[] = [];
  const outcomes: Outcome[] = [];
  const written: Record<Kind, number> = { case: 0, person: 0, victim: 0, charge: 0, event: 0 };
  const fresh: number[] = [];
  const tally = (w: CaseWriter) => {
    for (const kind of kinds) written[kind] += w.written[kind];
  };
  for (const [i, item] of items.entries()) {
    if (!known.has(item.plan.case.key)) {
      fresh.push(i);
      continue;
    }
    const w = new CaseWriter(ctx, actor, target, keys);
    outcomes[i] = await w.write(item.plan);
    tally(w);
  }
  const freshPrepared: PreparedCase[] = [];
  for (const i of fresh) {
    const plan = items[i]?.plan;
    if (plan === undefined) throw new Error(`no case ${i} in the batch`);
    // A case whose input a new case refuses is prepared again, to be refused with its reason.
    const ready = prepared[i] ?? (await prepareNewCases(ctx, actor, [newCaseOf(target, plan)]))[0];
    if (ready === undefined) throw new Error(`case ${i} of the batch was not prepared`);
    freshPrepared.push(ready);
  }
  // The references read ahead are those before the batch: valid unless a case imported before
  // was written just now (its reference may have changed).
  const opened = await openPreparedCases(
    ctx,
    actor,
    freshPrepared,
    fresh.length === items.length ? reads.ahead : undefined,
  );
  // Their victim records together, then their charges together, then their events.
  const started: {
    i: number;
    plan: CasePlan;
    writer: CaseWriter;
    records: { victims: NewVictimRecords; charges: NewCharges };
  }[] = [];
  for (const [j, i] of fresh.entries()) {
    const plan = items[i]?.plan;
    const created = opened[j];
    if (plan === undefined || created === undefined) throw new Error(`no case ${i} in the batch`);
    const writer = new CaseWriter(ctx, actor, target, keys);
    started.push({ i, plan, writer, records: writer.startOpened(plan, created) });
  }
  await recordVictimsOfNewCases(
    ctx,
    actor,
    started.map((item) => item.records.victims),
  );
  const chargeIds = await addChargesToNewCases(
    ctx,
    actor,
    started.map((item) => item.records.charges),
  );
  for (const [j, { i, plan, writer }] of started.entries()) {
    outcomes[i] = await writer.finishOpened(plan, chargeIds[j] ?? []);
    tally(writer);
  }
  await writeImportKeys(ctx, actor, keys);
  return { outcomes, written };
}

/** One case to write, or (no plan) a case refused while planning, with its rows and problems. */
export type Planned =
  | { readonly plan: CasePlan; readonly rows: readonly SourceRow[]; readonly problems?: undefined }
  | {
      readonly plan: null;
      readonly rows: readonly SourceRow[];
      readonly problems?: readonly RowProblem[];
    };

/**
 * Counts a file's rows and cases, and says whether each case's rows are together: a CSV file
 * by a fast pass over its case key column (`scanCsvColumn`), else (a workbook, or a file that
 * pass cannot read: then `opened` names the problem) by reading `opened`'s rows. `plain`: that
 * pass split the file directly, so the rows may be read the same way.
 */
async function scanGroups(
  file: string,
  opened: RowStream,
  caseKey: string,
): Promise<{ rows: number; cases: number; grouped: boolean; plain: boolean }> {
  let done = new Set<string>();
  let current: string | null = null;
  let rows = 0;
  let grouped = true;
  const start = () => {
    done = new Set<string>();
    current = null;
    rows = 0;
    grouped = true;
    return visit;
  };
  const visit = (cell: string) => {
    rows++;
    const key = cell.trim();
    if (key === '' || key === current) return;
    if (current !== null) done.add(current);
    if (done.has(key)) grouped = false;
    current = key;
  };
  const scanned = await scanCsvColumn(file, caseKey, start);
  if (scanned !== false) await opened.close();
  else {
    start();
    for await (const row of opened.rows) visit(row.cells[caseKey] ?? '');
  }
  if (current !== null) done.add(current);
  return { rows, cases: done.size, grouped, plain: scanned === 'split' };
}

/**
 * Rows grouped into cases by the case key, in the order the cases first appear: each group as
 * soon as its last row is read when the file keeps each case's rows together, else all of them
 * after the whole file. A row with no case key is a problem and a refused row.
 */
class CaseGroups {
  private readonly all = new Map<string, SourceRow[]>();
  private current: { key: string; rows: SourceRow[] } | null = null;

  constructor(
    private readonly caseKey: string,
    private readonly grouped: boolean,
    private readonly problems: RowProblem[],
    private readonly rejectedRows: SourceRow[],
  ) {}

  /** Adds the next row; returns the group it completes (the previous case), if any. */
  add(row: SourceRow): { key: string; rows: SourceRow[] } | null {
    const key = (row.cells[this.caseKey] ?? '').trim();
    if (key === '') {
      this.problems.push({
        row: row.line,
        column: this.caseKey,
        value: '',
        reason: 'case.key: empty',
      });
      this.rejectedRows.push(row);
      return null;
    }
    if (!this.grouped) {
      const group = this.all.get(key);
      if (group === undefined) this.all.set(key, [row]);
      else group.push(row);
      return null;
    }
    const current = this.current;
    if (current !== null && current.key === key) {
      current.rows.push(row);
      return null;
    }
    this.current = { key, rows: [row] };
    return current;
  }

  /** The groups not yet returned, once every row is added. */
  end(): { key: string; rows: SourceRow[] }[] {
    const rest = this.current === null ? [] : [this.current];
    this.current = null;
    for (const [key, rows] of this.all) rest.push({ key, rows });
    this.all.clear();
    return rest;
  }
}

function problemOf(writer: CaseWriter, rows: readonly SourceRow[], error: DomainError): RowProblem {
  return {
    row: writer.currentLine ?? rows[0]?.line ?? 0,
    column: error.issues[0]?.path ?? '',
    value: '',
    reason: `${writer.currentStep}: ${error.message}`,
  };
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
  target: WriteTarget,
  counts: Record<string, number>,
): Promise<void> {
  await appendAudit(ctx.db, ctx, actor, {
    action: 'import.run',
    entityType: 'jurisdiction',
    entityId: target.jurisdiction,
    caseId: null,
    before: null,
    after: { file: basename(file), source: target.source, ...counts },
  });
}

interface LoadedJoin {
  readonly name: string;
  readonly file: string;
  readonly on: string;
  readonly key: string;
  readonly headers: readonly string[];
  readonly byKey: ReadonlyMap<string, SourceRow>;
}

/** Reads the mapping's joined files (whole: they are the small side) and indexes them by key. */
async function loadJoins(
  file: string,
  mapping: ImportMapping,
): Promise<{ joins: LoadedJoin[]; headers: string[] }> {
  const joins: LoadedJoin[] = [];
  const headers: string[] = [];
  for (const join of mapping.join) {
    const other = await readTable(resolve(dirname(file), join.file));
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
    for (const header of other.headers) headers.push(`${join.name}.${header}`);
    joins.push({
      name: join.name,
      file: join.file,
      on: join.on,
      key: join.key,
      headers: other.headers,
      byKey,
    });
  }
  return { joins, headers };
}

/** A row with its joined files' columns (`<name>.<column>`); a row with no match is a problem. */
function joinedRow(
  row: SourceRow,
  loaded: { joins: readonly LoadedJoin[] },
  problems: RowProblem[],
  rejectedRows: SourceRow[],
): SourceRow {
  if (loaded.joins.length === 0) return row;
  const cells: Record<string, string> = { ...row.cells };
  let missed = false;
  for (const join of loaded.joins) {
    const key = (row.cells[join.on] ?? '').trim();
    const match = join.byKey.get(key);
    if (match === undefined) {
      problems.push({
        row: row.line,
        column: join.on,
        value: key,
        reason: `join.${join.name}: no row of ${join.file} has ${join.key} = "${key}"`,
      });
      missed = true;
      continue;
    }
    for (const h of join.headers) cells[`${join.name}.${h}`] = match.cells[h] ?? '';
  }
  if (missed) rejectedRows.push(row);
  return { line: row.line, cells };
}

type ImportKeyRow = Selectable<ImportKeysTable>;

function digest(value: unknown): string {
  return hash('sha256', JSON.stringify(value), 'hex');
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
  /** The import keys of the case being written, by kind and external key. */
  private readonly keys = new Map<string, ImportKeyRow>();
  /** Records this case created or updated, by kind. */
  readonly written: Record<Kind, number> = { case: 0, person: 0, victim: 0, charge: 0, event: 0 };

  private readonly ctx: AppContext;
  /** `this.ctx.now().toISOString()`, without the Dates. */
  private readonly stamp: () => string;

  /** The case's new import keys: written at its end, or by `writeBatch` for its batch. */
  private readonly newKeys: ImportKeyRow[];
  private readonly deferKeys: boolean;

  /** @param batchKeys the keys of a batch of cases, which its caller writes (`writeBatch`). */
  constructor(
    ctx: AppContext,
    private readonly actor: Actor,
    private readonly target: WriteTarget,
    batchKeys?: ImportKeyRow[],
  ) {
    this.newKeys = batchKeys ?? [];
    this.deferKeys = batchKeys !== undefined;
    // A case's persons, charges and events list in the order they were created (created_at,
    // then a random id): written faster than the clock ticks, each record of the case gets a
    // later millisecond than the one before, so they list in the file's order (the skew is at
    // most a millisecond per record of one case).
    let last = 0;
    const tick = () => (last = Math.max(ctx.now().getTime(), last + 1));
    this.ctx = { ...ctx, now: () => new Date(tick()) };
    this.stamp = () => isoTime(tick());
  }

  async write(plan: CasePlan): Promise<Outcome> {
    const { ctx, actor, target } = this;
    const c = plan.case;
    this.currentStep = 'case';
    this.currentLine = plan.persons[0]?.line ?? null;
    const fields = caseFields(plan);
    const known = await findCaseImportKey(ctx.db, {
      jurisdiction: target.jurisdiction,
      source: target.source,
      externalKey: c.key,
    });
    // The keys of the case's records, in one query: a new case has none.
    this.keys.clear();
    if (known !== undefined)
      for (const row of await findImportKeysOfCase(ctx.db, known.case_id))
        if (row.jurisdiction === target.jurisdiction && row.source === target.source)
          this.keys.set(`${row.kind}\n${row.external_key}`, row);
    let created = false;
    if (known === undefined) {
      const view = await openCase(
        ctx,
        actor,
        parseInput(createCaseInput, {
          jurisdiction: target.jurisdiction,
          openingAgencyId: target.agencyId,
          ...fields,
        }),
      );
      this.caseId = view.id;
      this.caseVersion = view.version;
      created = true;
      await this.remember('case', c.key, view.id, digest(fields), undefined);
    } else {
      this.caseId = known.case_id;
      const row = await findCase(ctx.db, this.caseId);
      this.caseVersion = row?.version ?? 0;
      if (known.digest !== digest(fields)) {
        const view = await updateCase(
          ctx,
          actor,
          this.caseId,
          parseInput(updateCaseInput, { version: this.caseVersion, ...fields }),
        );
        this.caseVersion = view.version;
        await this.remember('case', c.key, this.caseId, digest(fields), known);
      }
    }
    // New persons are added together (one use-case call: the checks once for the case), after
    // each input is checked alone so that a refusal names its row.
    const added: { key: string; personKey: string; digest: string; input: unknown }[] = [];
    for (const person of plan.persons) {
      this.currentStep = `person ${person.key}`;
      this.currentLine = person.line;
      const input = personInput(person);
      const key = `${c.key}/${person.key}`;
      const knownPerson = this.key('person', key);
      const d = digest(input);
      if (knownPerson === undefined) {
        parseInput(createPersonInput, input);
        added.push({
          key,
          personKey: person.key,
          digest: d,
          input,
        });
      } else {
        this.persons.set(person.key, knownPerson.entity_id);
        if (knownPerson.digest !== d) {
          const row = await findPerson(ctx.db, knownPerson.entity_id);
          await updatePerson(
            ctx,
            actor,
            knownPerson.entity_id,
            parseInput(updatePersonInput, {
              version: row?.version ?? 0,
              ...input,
            }),
          );
          await this.remember('person', key, knownPerson.entity_id, d, knownPerson);
        }
      }
    }
    if (added.length > 0) {
      this.currentStep = `person ${added[0]?.personKey ?? ''}`;
      this.currentLine = plan.persons[0]?.line ?? null;
      const views = await addPersons(
        ctx,
        actor,
        this.caseId,
        added.map((a) => a.input),
      );
      for (const [i, a] of added.entries()) {
        const id = views[i]?.id ?? '';
        this.persons.set(a.personKey, id);
        await this.remember('person', a.key, id, a.digest, undefined);
      }
    }
    await this.writeRecords(plan);
    if (!this.deferKeys) await writeImportKeys(ctx, actor, this.newKeys.splice(0));
    return created ? 'created' : this.changed ? 'updated' : 'unchanged';
  }

  /**
   * Starts a new case that `openPreparedCases` opened with its persons: their keys. Returns
   * its victim records and charges, which its batch adds together (`recordVictimsOfNewCases`,
   * `addChargesToNewCases`) before `finishOpened`. The keys are left in `newKeys`.
   */
  startOpened(
    plan: CasePlan,
    opened: OpenedCase,
  ): { victims: NewVictimRecords; charges: NewCharges } {
    this.caseId = opened.caseId;
    this.caseVersion = 1;
    this.keys.clear();
    this.rememberNew('case', plan.case.key, opened.caseId, digest(caseFields(plan)));
    plan.persons.forEach((person, i) => {
      const id = opened.personIds[i];
      if (id === undefined) throw new Error(`no id for person ${person.key}`);
      this.persons.set(person.key, id);
      this.rememberNew('person', `${plan.case.key}/${person.key}`, id, digest(personInput(person)));
    });
    const victims: NewVictimRecords = {
      opened,
      records: plan.persons.flatMap((person, i) =>
        person.victim === null
          ? []
          : [
              {
                personId: opened.personIds[i] ?? '',
                input: person.victim,
                at: this.stamp(),
              },
            ],
      ),
    };
    const charges: NewCharges = {
      opened,
      charges: plan.charges.map((charge) => ({
        input: {
          personId: this.persons.get(charge.personKey),
          ...chargeFields(this.target, charge),
        },
        at: this.stamp(),
      })),
    };
    return { victims, charges };
  }

  /** Ends a case begun by `startOpened`: its charges' keys (ids in plan order), then its events. */
  async finishOpened(plan: CasePlan, chargeIds: readonly string[]): Promise<Outcome> {
    for (const person of plan.persons) {
      if (person.victim === null) continue;
      const id = this.persons.get(person.key) ?? '';
      this.rememberNew('victim', `${plan.case.key}/${person.key}`, id, digest(person.victim));
    }
    for (const [i, charge] of plan.charges.entries()) {
      const id = chargeIds[i];
      if (id === undefined) throw new Error(`no id for charge ${charge.key}`);
      this.charges.set(charge.key, id);
      const d = digest(chargeFields(this.target, charge));
      this.rememberNew('charge', `${plan.case.key}/${charge.key}`, id, d);
    }
    await this.writeEvents(plan);
    return 'created';
  }

  /** The case's victim records, charges and events, after its persons. */
  private async writeRecords(plan: CasePlan): Promise<void> {
    await this.writeVictims(plan);
    await this.writeCharges(plan);
    await this.writeEvents(plan);
  }

  private async writeVictims(plan: CasePlan): Promise<void> {
    const { ctx, actor } = this;
    const c = plan.case;
    for (const person of plan.persons) {
      if (person.victim === null) continue;
      this.currentStep = `victim record ${person.key}`;
      this.currentLine = person.line;
      const key = `${c.key}/${person.key}`;
      const personId = this.persons.get(person.key) ?? '';
      const d = digest(person.victim);
      const knownVictim = this.key('victim', key);
      if (knownVictim !== undefined && knownVictim.digest === d) continue;
      const existing = await findVictimRecord(ctx.db, personId);
      await recordVictim(
        ctx,
        actor,
        personId,
        parseInput(victimRecordInput, {
          ...(existing === undefined
            ? {}
            : {
                version: existing.version,
                reason: `changed in the imported source (line ${person.line})`,
              }),
          ...person.victim,
        }),
      );
      await this.remember('victim', key, personId, d, knownVictim);
    }
  }

  private async writeCharges(plan: CasePlan): Promise<void> {
    const { ctx, actor, target } = this;
    const c = plan.case;
    for (const charge of plan.charges) {
      this.currentStep = `charge ${charge.key}`;
      this.currentLine = charge.line;
      const fields = chargeFields(target, charge);
      const { statute } = fields;
      const key = `${c.key}/${charge.key}`;
      const d = digest(fields);
      const knownCharge = this.key('charge', key);
      if (knownCharge === undefined) {
        const view = await addCharge(
          ctx,
          actor,
          this.caseId,
          parseInput(createChargeInput, {
            personId: this.persons.get(charge.personKey),
            statute,
            form: charge.form,
            chargedOn: charge.chargedOn,
          }),
        );
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
          await updateCharge(
            ctx,
            actor,
            knownCharge.entity_id,
            parseInput(updateChargeInput, {
              version: row?.version ?? 0,
              statute,
              form: charge.form,
            }),
          );
          await this.remember('charge', key, knownCharge.entity_id, d, knownCharge);
        }
      }
    }
  }

  private async writeEvents(plan: CasePlan): Promise<void> {
    const { ctx, actor } = this;
    const c = plan.case;
    for (const event of plan.events) {
      this.currentStep = `${event.kind} event`;
      this.currentLine = event.line;
      const input = eventInput(event, this.persons, this.charges);
      const key = `${c.key}/${event.key}`;
      const d = digest(input);
      const knownEvent = this.key('event', key);
      if (knownEvent !== undefined) {
        if (knownEvent.digest !== d)
          throw new DomainError(
            'Conflict',
            `the ${event.kind} event was imported before with other values; the timeline is not rewritten by import (record a correction by hand)`,
            { issues: [{ path: event.kind, message: 'changed since the last import' }] },
          );
        continue;
      }
      const view = appliedCase(
        await recordCaseEvent(
          ctx,
          actor,
          this.caseId,
          parseInput(caseEventInput, { ...input, caseVersion: this.caseVersion }),
        ),
      );
      this.caseVersion = view.version;
      const newest = view.events.reduce((a, b) => (b.seq > a.seq ? b : a));
      await this.remember('event', key, newest.id, d, undefined);
    }
  }

  private key(kind: Kind, externalKey: string): ImportKeyRow | undefined {
    return this.keys.get(`${kind}\n${externalKey}`);
  }

  /**
   * Records a new external key: kept with the case's other new keys, inserted and logged
   * together at its end (or its batch's, `writeImportKeys`).
   */
  private rememberNew(kind: Kind, externalKey: string, entityId: string, digestValue: string) {
    const { ctx } = this;
    this.changed = true;
    this.written[kind]++;
    const at = this.stamp();
    this.newKeys.push({
      id: ctx.newId(),
      jurisdiction: this.target.jurisdiction,
      source: this.target.source,
      kind,
      external_key: externalKey,
      case_id: this.caseId,
      entity_id: entityId,
      digest: digestValue,
      version: 1,
      created_at: at,
      updated_at: at,
    });
  }

  /** Records (or moves) an external key and logs it, in the case's transaction. */
  private async remember(
    kind: Kind,
    externalKey: string,
    entityId: string,
    digestValue: string,
    known: ImportKeyRow | undefined,
  ): Promise<void> {
    if (known === undefined) {
      this.rememberNew(kind, externalKey, entityId, digestValue);
      return;
    }
    const { ctx, actor } = this;
    this.changed = true;
    this.written[kind]++;
    const at = this.stamp();
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

/** Inserts new import keys and logs them, together (their records are written). */
async function writeImportKeys(
  ctx: AppContext,
  actor: Actor,
  rows: readonly ImportKeyRow[],
): Promise<void> {
  if (rows.length === 0) return;
  // Inserted while the import reads and plans its next cases (writeBehind).
  await writeBehind(ctx.db, (await sendImportKeys(ctx.db, rows)).written);
  await appendAuditEntries(
    ctx.db,
    ctx,
    actor,
    rows.map((row) => ({
      action: 'import_key.record',
      entityType: 'import_key',
      entityId: row.id,
      caseId: row.case_id,
      before: null,
      after: { kind: row.kind, externalKey: row.external_key, entityId: row.entity_id },
    })),
    // The entries carry the rows as just inserted (not read back).
    insertedById({ import_key: rows }),
  );
}

/** A planned case as a new case and its persons, as `openCase` and `addPersons` take them. */
function newCaseOf(target: WriteTarget, plan: CasePlan): NewCase {
  return {
    case: {
      ...caseFields(plan),
      jurisdiction: target.jurisdiction,
      openingAgencyId: target.agencyId,
    },
    persons: plan.persons.map((person) => personInput(person)),
  };
}

/** A planned charge's fields as addCharge takes them (and as its key's digest covers), without the person. */
function chargeFields(target: WriteTarget, charge: CasePlan['charges'][number]) {
  return {
    statute: { jurisdiction: target.jurisdiction, ...charge.statute },
    form: charge.form,
    chargedOn: charge.chargedOn,
  };
}

/** A planned case's fields as openCase and updateCase take them (and as its key's digest covers). */
function caseFields(plan: CasePlan) {
  const c = plan.case;
  return { reference: c.reference, openedOn: c.openedOn, origin: c.origin, summary: c.summary };
}

/** A planned person as addPersons takes it (and as its key's digest covers). */
function personInput(person: CasePlan['persons'][number]) {
  return {
    role: person.role,
    label: person.label,
    sex: person.sex,
    age: ageOf(person),
    citizenship: person.citizenship,
  };
}

/** A planned person's age as the use-case takes it; a plan without an age kind means exact years. */
function ageOf(person: CasePlan['persons'][number]): Record<string, unknown> | null {
  const kind = person.ageKind ?? (person.ageYears === null ? null : 'exact');
  if (kind === null) return null;
  if (kind === 'unknown') return { kind };
  return { kind, years: person.ageYears };
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
