/**
 * Opening an import's new cases with their persons, and adding their charges, in bulk: for
 * each case the rules of `openCase`, for its persons those of `addPersons` and for its charges
 * those of `addCharge` (the same input schemas, the same checks, the same refusals), with the
 * database work done per batch instead of per record:
 * the agency and the references read once for the batch, the rows inserted a few dozen to an
 * INSERT, and one audit entry per record, equal to what the two use-cases log, appended
 * together (the log's head and tree written once for the transaction).
 */
import { DomainError, isDomainError } from '../../core/errors.ts';
import { findAgency } from '../../db/repositories/agencies.repository.ts';
import {
  findTakenReferences,
  sendCases,
  insertCharges,
  sendPersons,
  insertVictimRecords,
} from '../../db/repositories/cases.repository.ts';
import type { VictimRecordsTable } from '../../db/tables/victim-records.table.ts';
import { victimRecordValues } from '../persons/victim-records.ts';
import { reasonOf } from '../cases/cases.ts';
import type { ChargesTable } from '../../db/tables/charges.table.ts';
import type { CasesTable } from '../../db/tables/cases.table.ts';
import type { PersonsTable } from '../../db/tables/persons.table.ts';
import { authorize } from '../access/access.ts';
import { assertCaseAccess, refuseSealedRowWrite } from '../access/seal-guard.ts';
import { appendAuditEntries, insertedById } from '../audit/audit.ts';
import type { AuditChange } from '../audit/audit.ts';
import { newCaseRow } from '../cases/cases.ts';
import { refuseOpeningOutsideReach, refuseRowOutsideReach } from '../cases/case-scope.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction, readLater, writeBehind } from '../common/context.ts';
import { isoTime } from '../common/iso-time.ts';
import { invalidField, parseInput, refuseEarlyDates } from '../common/validate.ts';
import { caseSummaryView, chargeView, personView, victimRecordView } from '../common/views.ts';
import { newChargeRow } from '../persons/charges.ts';
import { newPersonRow } from '../persons/persons.ts';
import {
  createCaseInput,
  createChargeInput,
  createPersonInput,
  victimRecordInput,
} from '../schemas/cases.schemas.ts';
import type { CreateCaseInput } from '../schemas/cases.schemas.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** A new case and its persons, as `openCase` and `addPersons` take them. */
export interface NewCase {
  readonly case: unknown;
  readonly persons: readonly unknown[];
}

/** The ids given to a new case and to its persons (in the order given), and their rows. */
export interface OpenedCase {
  readonly caseId: string;
  readonly personIds: readonly string[];
  readonly row: CasesTable;
  readonly persons: readonly PersonsTable[];
}

/** Charges to add to one case opened by `openPreparedCases`, as `addCharge` takes them. */
export interface NewCharges {
  readonly opened: OpenedCase;
  /** Each charge's input and its `created_at` (the case's records list in the file's order). */
  readonly charges: readonly { readonly input: unknown; readonly at: string }[];
}

/**
 * The checks a use-case makes before writing to a case, on a case row already in hand: the case
 * is not sealed against the actor, is within the actor's reach, and is one the actor may see.
 */
async function refuseCaseRowWrite(
  ctx: AppContext,
  actor: Actor,
  caseRow: CasesTable,
  attempted: string,
): Promise<void> {
  await refuseSealedRowWrite(ctx, actor, caseRow, attempted);
  await refuseRowOutsideReach(ctx, actor, caseRow, ['case.write'], attempted);
  await assertCaseAccess(ctx.db, actor, caseRow);
}

/** A new case checked against `openCase`'s and `addPersons`' input rules, its rows made. */
export interface PreparedCase {
  readonly input: CreateCaseInput;
  readonly opened: OpenedCase;
  /** The `case.open` and `person.add` entries, equal to what those use-cases log. */
  readonly changes: readonly AuditChange[];
}

/**
 * The part of opening cases that needs no database: the permission, `openCase`'s and
 * `addPersons`' input schemas and the early-date check, and the rows with their ids and times
 * (a case's persons list by created_at: each a later millisecond than the one before, after the
 * case's own, as addPersons gives them). An import prepares a batch while the server still
 * inserts the last one (writeBehind); `openPreparedCases` then checks and writes it.
 */
export async function prepareNewCases(
  ctx: AppContext,
  actor: Actor,
  batch: readonly NewCase[],
): Promise<PreparedCase[]> {
  if (batch.length === 0) return [];
  await authorize(ctx, actor, 'case.write', { action: 'open a case', entityType: 'case' });
  return batch.map((item) => preparedCase(ctx, item));
}

/**
 * One case of `prepareNewCases`, without the permission (its caller has checked it): undefined
 * when its input would be refused (prepared again by `prepareNewCases`, which says why).
 */
export function prepareNewCase(ctx: AppContext, item: NewCase): PreparedCase | undefined {
  try {
    return preparedCase(ctx, item);
  } catch (error) {
    if (isDomainError(error)) return undefined;
    throw error;
  }
}

/** A new case's input checked and its rows made; a refused input throws its DomainError. */
function preparedCase(ctx: AppContext, item: NewCase): PreparedCase {
  const input = parseInput(createCaseInput, item.case);
  refuseEarlyDates(ctx.config.earliestYear, input);
  const persons = item.persons.map((raw) => parseInput(createPersonInput, raw));
  let last = 0;
  const tick = () => {
    last = Math.max(ctx.now().getTime(), last + 1);
    return isoTime(last);
  };
  const caseRow = newCaseRow(ctx, input, tick());
  const changes: AuditChange[] = [
    {
      action: 'case.open',
      entityType: 'case',
      entityId: caseRow.id,
      caseId: caseRow.id,
      before: null,
      after: caseSummaryView(caseRow),
    },
  ];
  const personRows: PersonsTable[] = [];
  for (const person of persons) {
    const row = newPersonRow(ctx.newId(), caseRow, person, tick());
    personRows.push(row);
    changes.push({
      action: 'person.add',
      entityType: 'person',
      entityId: row.id,
      caseId: caseRow.id,
      before: null,
      after: personView(row),
    });
  }
  return {
    input,
    opened: {
      caseId: caseRow.id,
      personIds: personRows.map((row) => row.id),
      row: caseRow,
      persons: personRows,
    },
    changes,
  };
}

/**
 * Reads a caller asked for before preparing its cases (`openPreparedCases`' own reads, sent
 * early: on PostgreSQL they run on the transaction's connection after the writes before them,
 * and are answered while the caller prepares). Valid only if nothing was written in between
 * that they could see.
 */
export interface ReadAhead {
  /** The agencies, by id, as `findAgency` reads them. */
  readonly agencies: ReadonlyMap<string, ReturnType<typeof findAgency>>;
  /** The references of `jurisdiction` already taken among those `asked`. */
  readonly taken: {
    readonly jurisdiction: string;
    readonly asked: ReadonlySet<string>;
    readonly references: Promise<Set<string>>;
  };
}

/**
 * Asks now for the reads `openPreparedCases` will make for cases opened by `agencyIds` in
 * `jurisdiction` with these references. A read that fails is thrown where it is awaited, never
 * unhandled.
 */
export function readAhead(
  ctx: AppContext,
  jurisdiction: JurisdictionCode,
  agencyIds: readonly string[],
  references: readonly string[],
): ReadAhead {
  return {
    agencies: new Map(agencyIds.map((id) => [id, readLater(findAgency(ctx.db, id))])),
    taken: {
      jurisdiction,
      asked: new Set(references),
      references: readLater(findTakenReferences(ctx.db, jurisdiction, references)),
    },
  };
}

/**
 * Opens cases `prepareNewCases` made, in one transaction (the caller's, when its context is
 * one): `openCase`'s and `addPersons`' checks for every case (the agency, its jurisdiction, the
 * reach of the actor, a reference already taken in the registry or in the batch, the seal and
 * the agency scope), the rows inserted in bulk, one entry per record appended together. `ahead`:
 * the agencies and taken references read before (`readAhead`), used where they cover the cases.
 */
export async function openPreparedCases(
  ctx: AppContext,
  actor: Actor,
  prepared: readonly PreparedCase[],
  ahead?: ReadAhead,
): Promise<OpenedCase[]> {
  if (prepared.length === 0) return [];
  const inputs = prepared.map((item) => item.input);
  const agencyIds = [...new Set(inputs.map((input) => input.openingAgencyId))];
  for (const agencyId of agencyIds) await refuseOpeningOutsideReach(ctx, actor, agencyId);
  return inTransaction(ctx, async (trx) => {
    const trxCtx = { ...ctx, db: trx };
    for (const agencyId of agencyIds) {
      const agency = await (ahead?.agencies.get(agencyId) ?? findAgency(trx, agencyId));
      if (agency === undefined)
        throw invalidField('openingAgencyId', `agency ${agencyId} does not exist`);
      for (const input of inputs)
        if (input.openingAgencyId === agencyId && agency.jurisdiction !== input.jurisdiction) {
          throw invalidField(
            'openingAgencyId',
            `agency ${agency.name} belongs to ${agency.jurisdiction}, not ${input.jurisdiction}`,
          );
        }
    }
    const seen = new Set<string>();
    for (const jurisdiction of new Set(inputs.map((input) => input.jurisdiction))) {
      const references = inputs
        .filter((input) => input.jurisdiction === jurisdiction)
        .map((input) => input.reference);
      const taken =
        ahead?.taken.jurisdiction === jurisdiction &&
        references.every((reference) => ahead.taken.asked.has(reference))
          ? await ahead.taken.references
          : await findTakenReferences(trx, jurisdiction, references);
      for (const reference of references) {
        const key = `${jurisdiction}\n${reference}`;
        if (taken.has(reference) || seen.has(key))
          throw new DomainError('Conflict', `case ${reference} already exists in ${jurisdiction}`, {
            issues: [{ path: 'reference', message: 'already exists in this jurisdiction' }],
          });
        seen.add(key);
      }
    }
    // addPersons's checks, on the rows just built: a new case is unsealed and within reach.
    for (const item of prepared)
      await refuseCaseRowWrite(trxCtx, actor, item.opened.row, 'add a person');
    const caseRows = prepared.map((item) => item.opened.row);
    const personRows = prepared.flatMap((item) => item.opened.persons);
    // Handed to the connection in order, and inserted while the entries are made and the
    // import goes on (writeBehind: waited for before its next read and before the commit).
    await writeBehind(trx, (await sendCases(trx, caseRows)).written);
    await writeBehind(trx, (await sendPersons(trx, personRows)).written);
    // The entries carry the rows as just inserted (not read back).
    await appendAuditEntries(
      trx,
      ctx,
      actor,
      prepared.flatMap((item) => item.changes),
      insertedById({ case: caseRows, person: personRows }),
    );
    return prepared.map((item) => item.opened);
  });
}

/**
 * Adds charges to cases `openPreparedCases` opened in the same transaction, with `addCharge`'s
 * rules for each (its input schema, the early-date check, the seal and reach of the case, a
 * suspect of the same case, charged on or after the opening, the offence not after the charge,
 * the statute in force), the rows inserted fifty to a statement and one `charge.add` entry per
 * charge, equal to what `addCharge` logs, appended together. Returns the charges' ids, case by
 * case in the order given. Any refusal refuses the batch (the import then writes its cases one by
 * one to say which row is at fault).
 */
export async function addChargesToNewCases(
  ctx: AppContext,
  actor: Actor,
  batch: readonly NewCharges[],
): Promise<string[][]> {
  if (batch.every((item) => item.charges.length === 0)) return batch.map(() => []);
  await authorize(ctx, actor, 'case.write', { action: 'charge a suspect', entityType: 'case' });
  return inTransaction(ctx, async (trx) => {
    const trxCtx = { ...ctx, db: trx };
    const rows: ChargesTable[] = [];
    const changes: AuditChange[] = [];
    const ids: string[][] = [];
    for (const { opened, charges } of batch) {
      const caseRow = opened.row;
      const caseIds: string[] = [];
      ids.push(caseIds);
      if (charges.length === 0) continue;
      await refuseCaseRowWrite(trxCtx, actor, caseRow, 'charge a suspect');
      for (const charge of charges) {
        const input = parseInput(createChargeInput, charge.input);
        refuseEarlyDates(ctx.config.earliestYear, input);
        const row = newChargeRow(
          ctx,
          caseRow,
          opened.persons.find((person) => person.id === input.personId),
          input,
          charge.at,
        );
        rows.push(row);
        caseIds.push(row.id);
        changes.push({
          action: 'charge.add',
          entityType: 'charge',
          entityId: row.id,
          caseId: caseRow.id,
          before: null,
          after: chargeView(row),
        });
      }
    }
    await insertCharges(trx, rows);
    await appendAuditEntries(trx, ctx, actor, changes, insertedById({ charge: rows }));
    return ids;
  });
}

/** Victim records to add to one case opened by `openPreparedCases`, as `recordVictim` takes them. */
export interface NewVictimRecords {
  readonly opened: OpenedCase;
  /** Each record's person, input and time (the case's records list in the file's order). */
  readonly records: readonly {
    readonly personId: string;
    readonly input: unknown;
    readonly at: string;
  }[];
}

/**
 * Records the victims of cases `openPreparedCases` opened in the same transaction, with
 * `recordVictim`'s rules for a new record (its input schema, the early-date check, the seal and
 * reach of the case, a person of the case whose role is victim, the identifying agency known,
 * no version), the rows inserted fifty to a statement and one `victim.record` entry each, equal
 * to what `recordVictim` logs, appended together. Any refusal refuses the batch.
 */
export async function recordVictimsOfNewCases(
  ctx: AppContext,
  actor: Actor,
  batch: readonly NewVictimRecords[],
): Promise<void> {
  if (batch.every((item) => item.records.length === 0)) return;
  await authorize(ctx, actor, 'case.write', {
    action: 'record a victim record',
    entityType: 'victim_record',
  });
  await inTransaction(ctx, async (trx) => {
    const trxCtx = { ...ctx, db: trx };
    const rows: VictimRecordsTable[] = [];
    const changes: AuditChange[] = [];
    const agencies = new Map<string, boolean>();
    for (const { opened, records } of batch) {
      const caseRow = opened.row;
      if (records.length === 0) continue;
      await refuseCaseRowWrite(trxCtx, actor, caseRow, 'record a victim record');
      for (const record of records) {
        const input = parseInput(victimRecordInput, record.input);
        refuseEarlyDates(ctx.config.earliestYear, input);
        const person = opened.persons.find((row) => row.id === record.personId);
        if (person === undefined)
          throw new DomainError('NotFound', `person ${record.personId} not found`);
        if (person.role !== 'victim')
          throw invalidField('personId', `person ${person.id} is a ${person.role}, not a victim`);
        const agencyId = input.identifyingAgencyId;
        if (agencyId != null) {
          const known = agencies.get(agencyId) ?? (await findAgency(trx, agencyId)) !== undefined;
          agencies.set(agencyId, known);
          if (!known)
            throw invalidField('identifyingAgencyId', `agency ${agencyId} does not exist`);
        }
        if (input.version !== undefined)
          throw invalidField(
            'version',
            'there is no victim record to update yet: omit the version',
          );
        const row: VictimRecordsTable = {
          person_id: person.id,
          jurisdiction: person.jurisdiction,
          case_id: person.case_id,
          ...victimRecordValues(input, undefined, record.at),
          version: 1,
          created_at: record.at,
        };
        rows.push(row);
        changes.push({
          action: 'victim.record',
          entityType: 'victim_record',
          entityId: person.id,
          caseId: person.case_id,
          before: null,
          after: { ...victimRecordView(row), ...reasonOf(input) },
        });
      }
    }
    await insertVictimRecords(trx, rows);
    await appendAuditEntries(
      trx,
      ctx,
      actor,
      changes,
      new Map([['victim_record', new Map(rows.map((row) => [row.person_id, { ...row }]))]]),
    );
  });
}
