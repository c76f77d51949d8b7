import type { InputOf } from '../common/validate.ts';
import { auditedUpdate } from '../common/audited-update.ts';
import { pageWindow, toPage } from '../common/paging.ts';
import {
  findTraining,
  insertTraining,
  listTrainings as listTrainingRows,
} from '../../db/repositories/registers.repository.ts';
import { appendAudit } from '../audit/audit.ts';
import { authorize } from '../access/access.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import type { Page } from '../schemas/common.ts';
import {
  createTrainingInput,
  listTrainingsQuery,
  updateTrainingInput,
} from '../schemas/registers.schemas.ts';
import type { TrainingView } from '../schemas/registers.schemas.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  refuseEarlyDates,
} from '../common/validate.ts';
import { trainingView } from '../common/views.ts';

/** Records a training event for police, prosecutors, judges or others. */
export async function createTraining(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof createTrainingInput>,
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
  raw: InputOf<typeof updateTrainingInput>,
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
    const view = trainingView({ ...before, ...values, version: input.version + 1 });
    await auditedUpdate(
      trx,
      ctx,
      actor,
      {
        table: 'trainings',
        key: { column: 'id', value: id },
        version: input.version,
        values,
        entity: 'training',
      },
      {
        action: 'training.update',
        entityType: 'training',
        entityId: id,
        caseId: null,
        before: trainingView(before),
        after: view,
      },
    );
    return view;
  });
}

/** Training events, filtered and paginated. */
export async function listTrainings(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof listTrainingsQuery>,
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
