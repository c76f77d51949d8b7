import { DomainError } from '../../core/errors.ts';
import { pageWindow, toPage } from '../common/paging.ts';
import type { ComplicityStatus } from '../../core/vocabulary.ts';
import { findAgency } from '../../db/repositories/agencies.repository.ts';
import { findCase } from '../../db/repositories/cases.repository.ts';
import {
  findAllegation,
  findCertification,
  findTraining,
  insertAllegation,
  insertCertification,
  insertTraining,
  listAllegations as listAllegationRows,
  listCertifications as listCertificationRows,
  listTrainings as listTrainingRows,
} from '../../db/repositories/registers.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { appendAudit } from '../audit/audit.ts';
import { authorize, authorizeAny } from '../access/access.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import type { Page } from '../schemas/common.ts';
import {
  allegationStepInput,
  certifyPeriodInput,
  createAllegationInput,
  createTrainingInput,
  listAllegationsQuery,
  listCertificationsQuery,
  listTrainingsQuery,
  updateAllegationInput,
  updateTrainingInput,
} from '../schemas/registers.schemas.ts';
import type {
  AllegationView,
  CertificationView,
  TrainingView,
} from '../schemas/registers.schemas.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  staleVersion,
  refuseEarlyDates,
} from '../common/validate.ts';
import { allegationView, certificationView, trainingView } from '../common/views.ts';

/** Records a training event for police, prosecutors, judges or others. */
export async function createTraining(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<TrainingView> {
  await authorize(ctx, actor, 'training.write', {
    action: 'record a training event',
    entityType: 'training',
  });
  const input = parseInput(createTrainingInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  return inTransaction(ctx, async (trx) => {
    const at = ctx.now().toISOString();
    const row = {
      id: ctx.newId(),
      jurisdiction: input.jurisdiction,
      title: input.title,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      audiences: JSON.stringify(input.audiences),
      organisers: JSON.stringify(input.organisers),
      partners: JSON.stringify(input.partners),
      trainers: JSON.stringify(input.trainers),
      topics: JSON.stringify(input.topics),
      agreement_reference: input.agreementReference ?? null,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await insertTraining(trx, row);
    const view = trainingView(row);
    await appendAudit(trx, ctx, actor, {
      action: 'training.create',
      entityType: 'training',
      entityId: row.id,
      caseId: null,
      before: null,
      after: view,
    });
    return view;
  });
}

/** Corrects a training event. */
export async function updateTraining(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<TrainingView> {
  await authorize(ctx, actor, 'training.write', {
    action: 'correct a training event',
    entityType: 'training',
    entityId: id,
  });
  const input = parseInput(updateTrainingInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  return inTransaction(ctx, async (trx) => {
    const before = await findTraining(trx, id);
    if (before === undefined) throw notFound('training', id);
    assertVersion('training', id, before.version, input.version);
    const values = {
      title: input.title ?? before.title,
      starts_on: input.startsOn ?? before.starts_on,
      ends_on: input.endsOn ?? before.ends_on,
      audiences: input.audiences === undefined ? before.audiences : JSON.stringify(input.audiences),
      organisers:
        input.organisers === undefined ? before.organisers : JSON.stringify(input.organisers),
      partners: input.partners === undefined ? before.partners : JSON.stringify(input.partners),
      trainers: input.trainers === undefined ? before.trainers : JSON.stringify(input.trainers),
      topics: input.topics === undefined ? before.topics : JSON.stringify(input.topics),
      agreement_reference:
        input.agreementReference === undefined
          ? before.agreement_reference
          : input.agreementReference,
      updated_at: ctx.now().toISOString(),
    };
    if (values.ends_on < values.starts_on)
      throw invalidField('endsOn', 'must not be before startsOn');
    if (
      !(await updateVersioned(trx, 'trainings', { column: 'id', value: id }, input.version, values))
    )
      throw staleVersion('training', id, input.version);
    const view = trainingView({ ...before, ...values, version: input.version + 1 });
    await appendAudit(trx, ctx, actor, {
      action: 'training.update',
      entityType: 'training',
      entityId: id,
      caseId: null,
      before: trainingView(before),
      after: view,
    });
    return view;
  });
}

/** Training events, filtered and paginated. */
export async function listTrainings(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<Page<TrainingView>> {
  await authorize(ctx, actor, 'training.read', {
    action: 'list training events',
    entityType: 'training',
  });
  const query = parseInput(listTrainingsQuery, raw);
  const { rows, total } = await listTrainingRows(
    ctx.db,
    {
      jurisdiction: query.jurisdiction,
      from: query.year === undefined ? undefined : `${query.year}-01-01`,
      to: query.year === undefined ? undefined : `${query.year}-12-31`,
      audience: query.audience,
    },
    pageWindow(query),
  );
  return toPage(query, total, rows.map(trainingView));
}

async function requireAgencyId(
  executor: Executor,
  path: string,
  id: string | null | undefined,
): Promise<void> {
  if (id != null && (await findAgency(executor, id)) === undefined)
    throw invalidField(path, `agency ${id} does not exist`);
}

async function requireCaseId(
  executor: Executor,
  path: string,
  id: string | null | undefined,
): Promise<void> {
  if (id != null && (await findCase(executor, id)) === undefined)
    throw invalidField(path, `case ${id} does not exist`);
}

/** Registers an allegation that public officials were complicit in trafficking. */
export async function createAllegation(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<AllegationView> {
  await authorize(ctx, actor, 'complicity.report', {
    action: 'register a complicity allegation',
    entityType: 'complicity_allegation',
  });
  const input = parseInput(createAllegationInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  return inTransaction(ctx, async (trx) => {
    await requireAgencyId(trx, 'accusedAgencyId', input.accusedAgencyId);
    await requireCaseId(trx, 'resultingCaseId', input.resultingCaseId);
    if (input.accusedAgencyId == null && input.accusedAgencyDescription == null) {
      throw invalidField(
        'accusedAgencyId',
        "name the officials' agency (accusedAgencyId or accusedAgencyDescription)",
      );
    }
    const at = ctx.now().toISOString();
    const row = {
      id: ctx.newId(),
      jurisdiction: input.jurisdiction,
      received_on: input.receivedOn,
      source: input.source,
      source_reference: input.sourceReference ?? null,
      allegation: input.allegation,
      accused_agency_id: input.accusedAgencyId ?? null,
      accused_agency_description: input.accusedAgencyDescription ?? null,
      status: 'received' as const satisfies ComplicityStatus,
      assigned_agency_id: null,
      assigned_on: null,
      investigated_on: null,
      outcome: null,
      concluded_on: null,
      resulting_case_id: input.resultingCaseId ?? null,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    await insertAllegation(trx, row);
    const view = allegationView(row);
    await appendAudit(trx, ctx, actor, {
      action: 'complicity.create',
      entityType: 'complicity_allegation',
      entityId: row.id,
      caseId: null,
      before: null,
      after: view,
    });
    return view;
  });
}

/** Corrects an allegation's description, source reference, accused agency or resulting case. */
export async function updateAllegation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<AllegationView> {
  await authorize(ctx, actor, 'complicity.manage', {
    action: 'correct a complicity allegation',
    entityType: 'complicity_allegation',
    entityId: id,
  });
  const input = parseInput(updateAllegationInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  return inTransaction(ctx, async (trx) => {
    const before = await findAllegation(trx, id);
    if (before === undefined) throw notFound('complicity allegation', id);
    assertVersion('complicity allegation', id, before.version, input.version);
    await requireAgencyId(trx, 'accusedAgencyId', input.accusedAgencyId);
    await requireCaseId(trx, 'resultingCaseId', input.resultingCaseId);
    const values = {
      source_reference:
        input.sourceReference === undefined ? before.source_reference : input.sourceReference,
      allegation: input.allegation ?? before.allegation,
      accused_agency_id:
        input.accusedAgencyId === undefined ? before.accused_agency_id : input.accusedAgencyId,
      accused_agency_description:
        input.accusedAgencyDescription === undefined
          ? before.accused_agency_description
          : input.accusedAgencyDescription,
      resulting_case_id:
        input.resultingCaseId === undefined ? before.resulting_case_id : input.resultingCaseId,
      updated_at: ctx.now().toISOString(),
    };
    if (
      !(await updateVersioned(
        trx,
        'complicity_allegations',
        { column: 'id', value: id },
        input.version,
        values,
      ))
    ) {
      throw staleVersion('complicity allegation', id, input.version);
    }
    const view = allegationView({ ...before, ...values, version: input.version + 1 });
    await appendAudit(trx, ctx, actor, {
      action: 'complicity.update',
      entityType: 'complicity_allegation',
      entityId: id,
      caseId: null,
      before: allegationView(before),
      after: view,
    });
    return view;
  });
}

const stepFrom: Record<'assign' | 'investigate' | 'conclude', ComplicityStatus> = {
  assign: 'received',
  investigate: 'assigned',
  conclude: 'investigated',
};

/**
 * Moves an allegation one step: received → assigned (to a body other than the accused
 * officials' own agency) → investigated → concluded.
 */
export async function advanceAllegation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<AllegationView> {
  await authorize(ctx, actor, 'complicity.manage', {
    action: 'move a complicity allegation through its workflow',
    entityType: 'complicity_allegation',
    entityId: id,
  });
  const input = parseInput(allegationStepInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  return inTransaction(ctx, async (trx) => {
    const before = await findAllegation(trx, id);
    if (before === undefined) throw notFound('complicity allegation', id);
    assertVersion('complicity allegation', id, before.version, input.version);
    if (before.status !== stepFrom[input.step]) {
      throw new DomainError(
        'TransitionNotAllowed',
        `cannot ${input.step} an allegation that is ${before.status}; it must be ${stepFrom[input.step]}`,
        {
          details: { currentStatus: before.status, step: input.step },
        },
      );
    }
    const previousDate = before.investigated_on ?? before.assigned_on ?? before.received_on;
    if (input.on < previousDate)
      throw invalidField('on', `is before the previous step (${previousDate})`);
    const at = ctx.now().toISOString();
    let values;
    switch (input.step) {
      case 'assign': {
        const agency = await findAgency(trx, input.agencyId);
        if (agency === undefined)
          throw invalidField('agencyId', `agency ${input.agencyId} does not exist`);
        if (
          input.agencyId === before.accused_agency_id ||
          (before.accused_agency_id !== null &&
            agency.parent_agency_id === before.accused_agency_id)
        ) {
          throw invalidField(
            'agencyId',
            "an allegation cannot be assigned to the accused officials' own agency",
          );
        }
        values = {
          status: 'assigned' as const,
          assigned_agency_id: input.agencyId,
          assigned_on: input.on,
          updated_at: at,
        };
        break;
      }
      case 'investigate':
        await requireCaseId(trx, 'resultingCaseId', input.resultingCaseId);
        values = {
          status: 'investigated' as const,
          investigated_on: input.on,
          resulting_case_id:
            input.resultingCaseId === undefined ? before.resulting_case_id : input.resultingCaseId,
          updated_at: at,
        };
        break;
      case 'conclude':
        values = {
          status: 'concluded' as const,
          outcome: input.outcome,
          concluded_on: input.on,
          updated_at: at,
        };
        break;
    }
    if (
      !(await updateVersioned(
        trx,
        'complicity_allegations',
        { column: 'id', value: id },
        input.version,
        values,
      ))
    ) {
      throw staleVersion('complicity allegation', id, input.version);
    }
    const view = allegationView({ ...before, ...values, version: input.version + 1 });
    await appendAudit(trx, ctx, actor, {
      action: `complicity.${input.step}`,
      entityType: 'complicity_allegation',
      entityId: id,
      caseId: null,
      before: allegationView(before),
      after: view,
    });
    return view;
  });
}

/** Complicity allegations, oldest first, filtered and paginated. */
export async function listAllegations(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<Page<AllegationView>> {
  await authorize(ctx, actor, 'complicity.read', {
    action: 'list complicity allegations',
    entityType: 'complicity_allegation',
  });
  const query = parseInput(listAllegationsQuery, raw);
  const { rows, total } = await listAllegationRows(ctx.db, query, pageWindow(query));
  return toPage(query, total, rows.map(allegationView));
}

/** An agency certifies that its data for a period is complete. */
export async function certifyPeriod(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<CertificationView> {
  await authorize(ctx, actor, 'certification.write', {
    action: 'certify a period',
    entityType: 'period_certification',
  });
  const input = parseInput(certifyPeriodInput, raw);
  refuseEarlyDates(ctx.config.earliestYear, input);
  return inTransaction(ctx, async (trx) => {
    const agency = await findAgency(trx, input.agencyId);
    if (agency === undefined)
      throw invalidField('agencyId', `agency ${input.agencyId} does not exist`);
    if (
      (await findCertification(trx, input.agencyId, input.periodFrom, input.periodTo)) !== undefined
    ) {
      throw new DomainError(
        'Conflict',
        `${agency.name} has already certified ${input.periodFrom} – ${input.periodTo}`,
      );
    }
    const row = {
      id: ctx.newId(),
      jurisdiction: agency.jurisdiction,
      agency_id: input.agencyId,
      period_from: input.periodFrom,
      period_to: input.periodTo,
      certified_by: actor.id,
      certified_at: ctx.now().toISOString(),
      note: input.note ?? null,
    };
    await insertCertification(trx, row);
    const view = certificationView(row);
    await appendAudit(trx, ctx, actor, {
      action: 'certification.create',
      entityType: 'period_certification',
      entityId: row.id,
      caseId: null,
      before: null,
      after: view,
    });
    return view;
  });
}

/** Period certifications, filtered and paginated. */
export async function listCertifications(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<Page<CertificationView>> {
  // Administrators record certifications for agencies, so they see what is already certified.
  await authorizeAny(ctx, actor, ['report.read', 'certification.write'], {
    action: 'list period certifications',
    entityType: 'period_certification',
  });
  const query = parseInput(listCertificationsQuery, raw);
  const { rows, total } = await listCertificationRows(ctx.db, query, pageWindow(query));
  return toPage(query, total, rows.map(certificationView));
}
