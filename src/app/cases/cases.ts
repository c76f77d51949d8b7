import type { InputOf } from '../common/validate.ts';
import { auditedUpdate } from '../common/audited-update.ts';
import { allowedEvents } from '../../core/case/lifecycle.ts';
import { pageWindow, toPage } from '../common/paging.ts';
import type { CaseStatus } from '../../core/case/lifecycle.ts';
import { DomainError } from '../../core/errors.ts';
import { caseOpeningAgencyKinds } from '../../core/vocabulary.ts';
import { findAgency } from '../../db/repositories/agencies.repository.ts';
import {
  findCase,
  findCaseByReference,
  findCaseRecords,
  insertCase,
  listCases as listCaseRows,
} from '../../db/repositories/cases.repository.ts';
import type { CaseRecords } from '../../db/repositories/cases.repository.ts';
import type { CasesTable } from '../../db/tables/cases.table.ts';
import { appendAudit } from '../audit/audit.ts';
import { assertCaseAccess, readThroughSeal, redactSealed } from '../access/seal-guard.ts';
import { authorize } from '../access/access.ts';
import { refuseOpeningOutsideReach, refuseOutsideReach } from './case-scope.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { headCache, readerKey } from '../reports/head-cache.ts';
import type { Page } from '../schemas/common.ts';
import { createCaseInput, listCasesQuery, updateCaseInput } from '../schemas/cases.schemas.ts';
import type {
  CaseSummaryView,
  CaseView,
  CreateCaseInput,
  ListCasesQuery,
  StatuteReference,
} from '../schemas/cases.schemas.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  refuseEarlyDates,
} from '../common/validate.ts';
import {
  caseSummaryView,
  chargeView,
  eventView,
  personView,
  sentenceView,
  verdictView,
  victimRecordView,
} from '../common/views.ts';

/** A correction's reason for the log entry's `after` (nothing when none was given). */
export function reasonOf(input: { readonly reason?: string | undefined }): {
  correctionReason?: string;
} {
  return input.reason === undefined ? {} : { correctionReason: input.reason };
}

/** Refuses a statute reference the jurisdiction's pack does not have in force on that date. */
export function assertStatute(
  ctx: AppContext,
  path: string,
  reference: StatuteReference,
  onDate: string,
): void {
  const problem = ctx.checkStatute(reference, onDate);
  if (problem !== null) {
    throw new DomainError('UnknownProvision', `${path}: ${problem}`, {
      issues: [{ path, message: problem }],
    });
  }
}

/**
 * A new case's row, after the rules every path that opens a case keeps (this use-case and the
 * import's bulk path): not opened in the future, and a registration article, when given, of the
 * case's jurisdiction and in its pack on the opening date. The agency and the reference are the
 * caller's to check against the database.
 */
export function newCaseRow(ctx: AppContext, input: CreateCaseInput, at: string): CasesTable {
  if (input.openedOn > ctx.now().toISOString().slice(0, 10))
    throw invalidField('openedOn', 'is in the future');
  const registered = input.registeredProvision ?? null;
  if (registered !== null) {
    if (registered.jurisdiction !== input.jurisdiction) {
      throw invalidField(
        'registeredProvision.jurisdiction',
        `must be the case's jurisdiction ${input.jurisdiction}`,
      );
    }
    assertStatute(ctx, 'registeredProvision', registered, input.openedOn);
  }
  return {
    id: ctx.newId(),
    jurisdiction: input.jurisdiction,
    reference: input.reference,
    opened_on: input.openedOn,
    opening_agency_id: input.openingAgencyId,
    origin: input.origin ?? null,
    summary: input.summary ?? null,
    registered_instrument: registered?.instrument ?? null,
    registered_article: registered?.article ?? null,
    registered_part: registered?.part ?? null,
    status: 'open' satisfies CaseStatus,
    sealed: 0,
    version: 1,
    created_at: at,
    updated_at: at,
  };
}

/** Opens a case: the first record of a complaint, a referral or the police's own initiative. */
export async function openCase(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof createCaseInput>,
): Promise<CaseView> {
  await authorize(ctx, actor, 'case.write', { action: 'open a case', entityType: 'case' });
  const input = parseInput(createCaseInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  await refuseOpeningOutsideReach(ctx, actor, input.openingAgencyId);
  return inTransaction(ctx, async (trx) => {
    const agency = await findAgency(trx, input.openingAgencyId);
    if (agency === undefined)
      throw invalidField('openingAgencyId', `agency ${input.openingAgencyId} does not exist`);
    if (agency.jurisdiction !== input.jurisdiction) {
      throw invalidField(
        'openingAgencyId',
        `agency ${agency.name} belongs to ${agency.jurisdiction}, not ${input.jurisdiction}`,
      );
    }
    if ((await findCaseByReference(trx, input.jurisdiction, input.reference)) !== undefined) {
      throw new DomainError(
        'Conflict',
        `case ${input.reference} already exists in ${input.jurisdiction}`,
        {
          issues: [{ path: 'reference', message: 'already exists in this jurisdiction' }],
        },
      );
    }
    const row = newCaseRow(ctx, input, ctx.now().toISOString());
    await insertCase(trx, row);
    await appendAudit(trx, ctx, actor, {
      action: 'case.open',
      entityType: 'case',
      entityId: row.id,
      caseId: row.id,
      before: null,
      after: caseSummaryView(row),
    });
    return loadCaseView(trx, row.id);
  });
}

/**
 * Corrects a case's reference, opening date, origin, summary or registration article, or moves
 * it to another case-opening agency of its jurisdiction (only where the actor could open a case
 * for that agency). The reason, when given, is kept with the change in the case's history.
 */
export async function updateCase(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: InputOf<typeof updateCaseInput>,
): Promise<CaseView> {
  await authorize(ctx, actor, 'case.write', {
    action: 'correct a case',
    entityType: 'case',
    entityId: id,
    caseId: id,
  });
  await refuseOutsideReach(ctx, actor, id, ['case.write'], 'correct a case');
  const input = parseInput(updateCaseInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  if (input.openingAgencyId !== undefined)
    await refuseOpeningOutsideReach(ctx, actor, input.openingAgencyId);
  return inTransaction(ctx, async (trx) => {
    const before = await findCase(trx, id);
    if (before === undefined) throw notFound('case', id);
    await assertCaseAccess(trx, actor, before);
    assertVersion('case', id, before.version, input.version);
    if (input.openingAgencyId !== undefined && input.openingAgencyId !== before.opening_agency_id) {
      const agency = await findAgency(trx, input.openingAgencyId);
      if (agency === undefined)
        throw invalidField('openingAgencyId', `agency ${input.openingAgencyId} does not exist`);
      if (agency.jurisdiction !== before.jurisdiction) {
        throw invalidField(
          'openingAgencyId',
          `agency ${agency.name} belongs to ${agency.jurisdiction}, not ${before.jurisdiction}`,
        );
      }
      if (!caseOpeningAgencyKinds.some((kind) => kind === agency.kind)) {
        throw invalidField('openingAgencyId', `a ${agency.kind} does not open cases`);
      }
    }
    if (input.reference !== undefined && input.reference !== before.reference) {
      if ((await findCaseByReference(trx, before.jurisdiction, input.reference)) !== undefined) {
        throw new DomainError(
          'Conflict',
          `case ${input.reference} already exists in ${before.jurisdiction}`,
          {
            issues: [{ path: 'reference', message: 'already exists in this jurisdiction' }],
          },
        );
      }
    }
    const openedOn = input.openedOn ?? before.opened_on;
    if (openedOn > ctx.now().toISOString().slice(0, 10))
      throw invalidField('openedOn', 'is in the future');
    const registered = input.registeredProvision;
    if (registered != null) {
      if (registered.jurisdiction !== before.jurisdiction) {
        throw invalidField(
          'registeredProvision.jurisdiction',
          `must be the case's jurisdiction ${before.jurisdiction}`,
        );
      }
      assertStatute(ctx, 'registeredProvision', registered, openedOn);
    }
    const values = {
      reference: input.reference ?? before.reference,
      opening_agency_id: input.openingAgencyId ?? before.opening_agency_id,
      opened_on: openedOn,
      origin: input.origin === undefined ? before.origin : input.origin,
      summary: input.summary === undefined ? before.summary : input.summary,
      registered_instrument:
        registered === undefined ? before.registered_instrument : (registered?.instrument ?? null),
      registered_article:
        registered === undefined ? before.registered_article : (registered?.article ?? null),
      registered_part:
        registered === undefined ? before.registered_part : (registered?.part ?? null),
      updated_at: ctx.now().toISOString(),
    };
    await auditedUpdate(
      trx,
      ctx,
      actor,
      {
        table: 'cases',
        key: { column: 'id', value: id },
        version: input.version,
        values,
        entity: 'case',
      },
      {
        action: 'case.update',
        entityType: 'case',
        entityId: id,
        caseId: id,
        before: caseSummaryView(before),
        after: {
          ...caseSummaryView({ ...before, ...values, version: input.version + 1 }),
          ...reasonOf(input),
        },
      },
    );
    return loadCaseView(trx, id);
  });
}

/** The whole case: persons, victims, charges, timeline, verdicts and sentences. */
export async function loadCaseView(executor: Executor, id: string): Promise<CaseView> {
  const records = await findCaseRecords(executor, id);
  if (records === undefined) throw notFound('case', id);
  return caseViewOf(records);
}

function caseViewOf(records: CaseRecords): CaseView {
  const summary = caseSummaryView(records.row);
  return {
    ...summary,
    allowedEvents: allowedEvents(summary.status),
    persons: records.persons.map(personView),
    victims: records.victims.map(victimRecordView),
    charges: records.charges.map(chargeView),
    events: records.events.map(eventView),
    verdicts: records.verdicts.map(verdictView),
    sentences: records.sentences.map(sentenceView),
  };
}

/** Case pages (null: sealed or missing) kept for the audit log's head, per reader and case. */
const casePages = headCache<CaseView | null>(64, { readsStatutes: false });
/** Case lists kept for the audit log's head, per reader and query. */
const caseLists = headCache<Page<CaseSummaryView>>(32, { readsStatutes: false });

/** One case with everything in it; a sealed case only for its access list, every view logged. */
export async function getCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseView> {
  await authorize(ctx, actor, 'case.read', {
    action: 'read a case',
    entityType: 'case',
    entityId: id,
    caseId: id,
  });
  // One read of the case with its records, kept until the log's head moves. An unsealed case
  // is answered from it; a sealed or missing one is never answered from what was kept: it goes
  // through its seal every time (which logs the view or the refusal and reads it again).
  const key = JSON.stringify([id, readerKey(actor)]);
  const unsealed = await casePages.get(ctx, key, actor, async () => {
    const records = await findCaseRecords(ctx.db, id);
    return records !== undefined && records.row.sealed !== 1 ? caseViewOf(records) : null;
  });
  if (unsealed !== null) return unsealed;
  return readThroughSeal(ctx, actor, id, (executor) => loadCaseView(executor, id));
}

function filtersHiddenFields(query: {
  reference?: string | undefined;
  origin?: string | undefined;
  agencyId?: string | undefined;
  article?: string | undefined;
  form?: string | undefined;
}): boolean {
  return [query.reference, query.origin, query.agencyId, query.article, query.form].some(
    (value) => value !== undefined,
  );
}

/** Cases matching the filters (status, origin, agency, year, article, form, reference), paginated. */
export async function listCases(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof listCasesQuery>,
): Promise<Page<CaseSummaryView>> {
  await authorize(ctx, actor, 'case.read', { action: 'list cases', entityType: 'case' });
  const query = parseInput(listCasesQuery, raw);
  // Kept until the log's head moves: the reader's seal grants, which decide what a sealed row
  // shows, are records too.
  return caseLists.get(ctx, JSON.stringify([query, readerKey(actor)]), actor, () =>
    readCaseList(ctx, actor, query),
  );
}

async function readCaseList(
  ctx: AppContext,
  actor: Actor,
  query: ListCasesQuery,
): Promise<Page<CaseSummaryView>> {
  const { rows, total } = await listCaseRows(
    ctx.db,
    {
      jurisdiction: query.jurisdiction,
      status: query.status,
      origin: query.origin,
      agencyId: query.agencyId,
      openedFrom: query.year === undefined ? undefined : `${query.year}-01-01`,
      openedTo: query.year === undefined ? undefined : `${query.year}-12-31`,
      article: query.article,
      form: query.form,
      referenceLike: query.reference,
      // A filter on what a sealed case hides (its reference, origin, agency, articles) must not
      // confirm a guess: such a search leaves out the sealed cases the actor may not see.
      sealedVisibleTo: filtersHiddenFields(query) ? actor.id : undefined,
    },
    pageWindow(query),
    actor.id,
  );
  // Others see that a sealed case exists, and nothing about it.
  const items = rows.map((row) =>
    row.sealed === 1 && !row.readerOnSeal
      ? redactSealed(caseSummaryView(row))
      : caseSummaryView(row),
  );
  return toPage(query, total, items);
}
