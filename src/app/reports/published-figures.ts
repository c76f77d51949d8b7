import type { InputOf } from '../common/validate.ts';
/**
 * Previous periods without records (issue 13, part 6): an authorised user records a year's
 * aggregate figures as a publication printed them, with the source. The annual report shows
 * them for its previous period, labelled with their source and kept apart from the counts it
 * makes from records; every change is in the audit log.
 */
import { DomainError } from '../../core/errors.ts';
import type { PublishedFigures } from '../../core/stats/published.ts';
import type { Period } from '../../core/stats/period.ts';
import {
  findPublishedFigures,
  insertPublishedFigures,
  listPublishedFigures as listRows,
} from '../../db/repositories/published-figures.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import type { Executor } from '../../db/schema.ts';
import type { PublishedFiguresTable } from '../../db/tables/published-figures.table.ts';
import { authorize, authorizeAny } from '../access/access.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import {
  listPublishedFiguresQuery,
  recordPublishedFiguresInput,
} from '../schemas/published-figures.schemas.ts';
import type { PublishedFiguresView } from '../schemas/published-figures.schemas.ts';
import { assertVersion, parseInput, staleVersion } from '../common/validate.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

function view(row: PublishedFiguresTable): PublishedFiguresView {
  const n = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    id: row.id,
    jurisdiction: row.jurisdiction,
    periodKind: row.period_kind === 'tip' ? 'tip' : 'calendar',
    year: Number(row.year),
    figures: {
      investigations: n(row.investigations),
      prosecutions: n(row.prosecutions),
      defendants: n(row.defendants),
      convictions: n(row.convictions),
      victims: n(row.victims),
    },
    source: { title: row.source_title, url: row.source_url },
    note: row.note,
    recordedBy: row.recorded_by,
    recordedAt: row.updated_at,
    version: Number(row.version),
  };
}

/**
 * Records (or, given the version last read, replaces) a year's published figures. The
 * jurisdiction must have an installed statute pack; the year must lie before the current one.
 */
export async function recordPublishedFigures(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof recordPublishedFiguresInput>,
): Promise<PublishedFiguresView> {
  await authorize(ctx, actor, 'certification.write', {
    action: 'record published figures',
    entityType: 'published_figures',
  });
  const input = parseInput(recordPublishedFiguresInput, raw);
  if (!ctx.statutes().packs.has(input.jurisdiction))
    throw new DomainError(
      'ValidationFailed',
      `jurisdiction: no statute pack is installed for ${input.jurisdiction}`,
      { issues: [{ path: 'jurisdiction', message: 'no statute pack installed for it' }] },
    );
  const now = ctx.now().toISOString();
  if (input.year >= Number(now.slice(0, 4)))
    throw new DomainError(
      'ValidationFailed',
      `year: ${input.year} has not ended; published figures are for past years`,
      { issues: [{ path: 'year', message: 'must be a past year' }] },
    );
  const figure = (name: keyof typeof input.figures) => input.figures[name] ?? null;
  const values = {
    investigations: figure('investigations'),
    prosecutions: figure('prosecutions'),
    defendants: figure('defendants'),
    convictions: figure('convictions'),
    victims: figure('victims'),
    source_title: input.source.title,
    source_url: input.source.url ?? null,
    note: input.note ?? null,
    recorded_by: actor.id,
    updated_at: now,
  };
  return inTransaction(ctx, async (trx) => {
    const existing = await findPublishedFigures(
      trx,
      input.jurisdiction,
      input.periodKind,
      input.year,
    );
    if (existing === undefined) {
      if (input.version !== undefined)
        throw new DomainError(
          'NotFound',
          `no figures are recorded for ${input.jurisdiction} ${input.periodKind} ${input.year}; leave out version to record them`,
        );
      const row: PublishedFiguresTable = {
        id: ctx.newId(),
        jurisdiction: input.jurisdiction,
        period_kind: input.periodKind,
        year: input.year,
        ...values,
        version: 1,
        created_at: now,
      };
      await insertPublishedFigures(trx, row);
      const after = view(row);
      await appendAudit(trx, ctx, actor, {
        action: 'published_figures.create',
        entityType: 'published_figures',
        entityId: row.id,
        caseId: null,
        before: null,
        after,
      });
      return after;
    }
    if (input.version === undefined)
      throw new DomainError(
        'Conflict',
        `figures for ${input.jurisdiction} ${input.periodKind} ${input.year} are already recorded (version ${existing.version}); give that version to replace them`,
      );
    assertVersion('published figures', existing.id, Number(existing.version), input.version);
    const updated = await updateVersioned(
      trx,
      'published_figures',
      { column: 'id', value: existing.id },
      input.version,
      values,
    );
    if (!updated) throw staleVersion('published figures', existing.id, input.version);
    const after = view({ ...existing, ...values, version: input.version + 1 });
    await appendAudit(trx, ctx, actor, {
      action: 'published_figures.update',
      entityType: 'published_figures',
      entityId: existing.id,
      caseId: null,
      before: view(existing),
      after,
    });
    return after;
  });
}

/** Every year's published figures (of a jurisdiction), for readers of reports and their recorders. */
export async function listPublishedFigures(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof listPublishedFiguresQuery>,
): Promise<PublishedFiguresView[]> {
  await authorizeAny(ctx, actor, ['report.read', 'certification.write'], {
    action: 'list published figures',
    entityType: 'published_figures',
  });
  const query = parseInput(listPublishedFiguresQuery, raw);
  return (await listRows(ctx.db, query.jurisdiction)).map(view);
}

/** The published figures for exactly a report's period (calendar or TIP year), or null. */
export async function publishedFiguresFor(
  executor: Executor,
  jurisdiction: JurisdictionCode,
  period: Period,
): Promise<PublishedFigures | null> {
  if (period.kind === 'range') return null;
  const row = await findPublishedFigures(
    executor,
    jurisdiction,
    period.kind,
    Number(period.from.slice(0, 4)),
  );
  if (row === undefined) return null;
  const v = view(row);
  return {
    periodKind: v.periodKind,
    year: v.year,
    figures: v.figures,
    source: v.source,
    note: v.note,
    recordedBy: v.recordedBy,
    recordedAt: v.recordedAt,
  };
}
