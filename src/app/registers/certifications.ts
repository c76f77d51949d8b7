import type { InputOf } from '../common/validate.ts';
import { DomainError } from '../../core/errors.ts';
import { pageWindow, toPage } from '../common/paging.ts';
import { findAgency } from '../../db/repositories/agencies.repository.ts';
import {
  findCertification,
  insertCertification,
  listCertifications as listCertificationRows,
} from '../../db/repositories/registers.repository.ts';
import { appendAudit } from '../audit/audit.ts';
import { authorize, authorizeAny } from '../access/access.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import type { Page } from '../schemas/common.ts';
import { certifyPeriodInput, listCertificationsQuery } from '../schemas/registers.schemas.ts';
import type { CertificationView } from '../schemas/registers.schemas.ts';
import { invalidField, parseInput, refuseEarlyDates } from '../common/validate.ts';
import { certificationView } from '../common/views.ts';

/** An agency certifies that its data for a period is complete. */
export async function certifyPeriod(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof certifyPeriodInput>,
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
  raw: InputOf<typeof listCertificationsQuery>,
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
