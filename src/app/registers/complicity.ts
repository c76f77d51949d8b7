import type { Selectable } from 'kysely';
import type { InputOf } from '../common/validate.ts';
import type { Database } from '../../db/schema.ts';
import { auditedUpdate } from '../common/audited-update.ts';
import { DomainError } from '../../core/errors.ts';
import { pageWindow, toPage } from '../common/paging.ts';
import type { ComplicityStatus } from '../../core/vocabulary.ts';
import { findAgency } from '../../db/repositories/agencies.repository.ts';
import { findCase } from '../../db/repositories/cases.repository.ts';
import {
  findAllegation,
  insertAllegation,
  listAllegations as listAllegationRows,
} from '../../db/repositories/registers.repository.ts';
import { appendAudit } from '../audit/audit.ts';
import type { AuditAction } from '../audit/audit-actions.ts';
import { authorize } from '../access/access.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import type { Page } from '../schemas/common.ts';
import {
  allegationStepInput,
  createAllegationInput,
  listAllegationsQuery,
  updateAllegationInput,
} from '../schemas/registers.schemas.ts';
import type { AllegationView } from '../schemas/registers.schemas.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  refuseEarlyDates,
} from '../common/validate.ts';
import { allegationView } from '../common/views.ts';

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
  raw: InputOf<typeof createAllegationInput>,
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
  raw: InputOf<typeof updateAllegationInput>,
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
    return writeAllegation(trx, ctx, actor, before, input.version, values, 'complicity.update');
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
  raw: InputOf<typeof allegationStepInput>,
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
    return writeAllegation(
      trx,
      ctx,
      actor,
      before,
      input.version,
      values,
      `complicity.${input.step}`,
    );
  });
}

type Allegation = Selectable<Database['complicity_allegations']>;

/**
 * Writes an allegation's changed columns if it still has the version its writer read, and logs
 * the change under `action`; returns the allegation as written.
 */
async function writeAllegation(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  before: Allegation,
  version: number,
  values: Partial<Allegation>,
  action: AuditAction,
): Promise<AllegationView> {
  const view = allegationView({ ...before, ...values, version: version + 1 });
  await auditedUpdate(
    trx,
    ctx,
    actor,
    {
      table: 'complicity_allegations',
      key: { column: 'id', value: before.id },
      version,
      values,
      entity: 'complicity allegation',
    },
    {
      action,
      entityType: 'complicity_allegation',
      entityId: before.id,
      caseId: null,
      before: allegationView(before),
      after: view,
    },
  );
  return view;
}

/** Complicity allegations, oldest first, filtered and paginated. */
export async function listAllegations(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof listAllegationsQuery>,
): Promise<Page<AllegationView>> {
  await authorize(ctx, actor, 'complicity.read', {
    action: 'list complicity allegations',
    entityType: 'complicity_allegation',
  });
  const query = parseInput(listAllegationsQuery, raw);
  const { rows, total } = await listAllegationRows(ctx.db, query, pageWindow(query));
  return toPage(query, total, rows.map(allegationView));
}
