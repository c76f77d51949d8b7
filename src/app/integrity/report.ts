import type { InputOf } from '../common/validate.ts';
import { approvalView } from '../approvals/requests.ts';
import { isOneOf } from '../../core/vocabulary.ts';
import { decodeAuditLeaf } from '../../core/audit/index.ts';
import { findAuditEntriesByAction } from '../../db/repositories/audit.repository.ts';
import {
  findAllAllegations,
  findApprovedRequests,
  findClosureEvents,
  findOpenCasesWithLastEvent,
  findPendingRequests,
  userNames,
} from '../../db/repositories/integrity.repository.ts';
import { authorize } from '../access/access.ts';
import { ageInDays } from '../../core/stats/period.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { integrityReportQuery } from '../schemas/integrity.schemas.ts';
import type { IntegrityReport } from '../schemas/integrity.schemas.ts';
import { sealedViewActions } from '../access/seal-guard.ts';
import { parseInput } from '../common/validate.ts';

/** Reasons that mean the victim, not the evidence, ended the case: a warning sign for monitors. */
export const victimDrivenReasons = ['victim_withdrew', 'victim_compensated'] as const;

/** Whole days from one ISO date (or instant) to another; null when either is missing. */
export function daysBetween(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  return ageInDays(from.slice(0, 10), to.slice(0, 10));
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/**
 * The integrity report for a year: closures and suspensions by reason and by approving
 * officer, those that followed a victim's withdrawal or compensation, cases idle beyond a
 * threshold, complicity allegations by status with their age at every step, looks at sealed
 * cases, and four-eyes requests still pending. Sealed cases appear by id only.
 */
export async function integrityReport(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof integrityReportQuery>,
): Promise<IntegrityReport> {
  await authorize(ctx, actor, 'integrity.read', {
    action: 'read the integrity report',
    entityType: 'report',
  });
  const query = parseInput(integrityReportQuery, raw);
  const from = `${query.year}-01-01`;
  const to = `${query.year}-12-31`;
  const today = ctx.now().toISOString().slice(0, 10);
  const asOf = query.asOf ?? (today < to ? today : to);
  const names = await userNames(ctx.db);
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? id));

  const events = await findClosureEvents(ctx.db, from, to);
  const approvals = await findApprovedRequests(ctx.db, [
    'case.close',
    'case.suspend',
    'charge.drop',
    'verdict.correct',
  ]);
  const approvalOf = (caseId: string, kind: string, recordedAt: string) =>
    approvals
      .filter(
        (a) =>
          a.case_id === caseId &&
          a.action === `case.${kind}` &&
          a.decided_at !== null &&
          a.decided_at <= recordedAt,
      )
      .sort((a, b) => (a.decided_at! < b.decided_at! ? 1 : -1))[0];
  // The query reads closures and suspensions only; the filter shows it to the compiler.
  const closures = events.flatMap((event) => {
    const kind = event.kind;
    if (kind !== 'close' && kind !== 'suspend') return [];
    const approval = approvalOf(event.case_id, kind, event.recorded_at);
    return {
      caseId: event.case_id,
      reference: event.sealed === 1 ? null : event.reference,
      kind,
      occurredOn: event.occurred_on,
      reasonCode: event.reason_code ?? 'unknown',
      requestedBy: nameOf(approval?.requested_by ?? event.recorded_by),
      approvedBy: nameOf(approval?.decided_by ?? null),
      approvalRequestId: approval?.id ?? null,
    };
  });
  const closed = closures.filter((c) => c.kind === 'close');
  const byApprover = countBy(closed, (c) => c.approvedBy ?? 'without approval (before four eyes)');
  const victimDriven = closures.filter((c) => isOneOf(victimDrivenReasons, c.reasonCode));
  const droppedCharges = approvals
    .filter(
      (a) =>
        a.action === 'charge.drop' &&
        a.decided_at !== null &&
        a.decided_at.slice(0, 10) >= from &&
        a.decided_at.slice(0, 10) <= to,
    )
    .map((a) => ({
      chargeId: a.target_id,
      caseId: a.case_id,
      reasonCode: a.reason_code,
      decidedOn: a.decided_at!.slice(0, 10),
      approvedBy: nameOf(a.decided_by),
    }));

  const correctedVerdicts = approvals
    .filter(
      (a) =>
        a.action === 'verdict.correct' &&
        a.decided_at !== null &&
        a.decided_at.slice(0, 10) >= from &&
        a.decided_at.slice(0, 10) <= to,
    )
    .map((a) => {
      const { payload } = approvalView(a);
      return {
        verdictId: a.target_id,
        caseId: a.case_id,
        from: String(payload['from']),
        to: String(payload['outcome']),
        reasonCode: a.reason_code,
        requestedBy: nameOf(a.requested_by),
        decidedOn: a.decided_at!.slice(0, 10),
        approvedBy: nameOf(a.decided_by),
      };
    });

  const idle = (await findOpenCasesWithLastEvent(ctx.db))
    .map((row) => {
      const last = row.last_event_on ?? row.opened_on;
      return {
        caseId: row.id,
        reference: row.sealed === 1 ? null : row.reference,
        status: row.status,
        lastActivityOn: last,
        idleDays: daysBetween(last, asOf) ?? 0,
      };
    })
    .filter((row) => row.lastActivityOn <= asOf && row.idleDays > query.idleDays)
    .sort((a, b) => b.idleDays - a.idleDays);

  const allegations = (await findAllAllegations(ctx.db))
    .filter((row) => row.received_on <= asOf)
    .map((row) => {
      const stepDates = [row.received_on, row.assigned_on, row.investigated_on, row.concluded_on];
      const lastStep = stepDates.filter((d): d is string => d !== null).at(-1) ?? row.received_on;
      return {
        id: row.id,
        status: row.status,
        source: row.source,
        receivedOn: row.received_on,
        ageDays: daysBetween(row.received_on, row.concluded_on ?? asOf) ?? 0,
        daysInStatus: row.status === 'concluded' ? 0 : (daysBetween(lastStep, asOf) ?? 0),
        steps: {
          receivedToAssigned: daysBetween(row.received_on, row.assigned_on),
          assignedToInvestigated: daysBetween(row.assigned_on, row.investigated_on),
          investigatedToConcluded: daysBetween(row.investigated_on, row.concluded_on),
        },
        assignedToOwnAgency:
          row.assigned_agency_id !== null && row.assigned_agency_id === row.accused_agency_id,
      };
    });
  const byStatus = Object.entries(countBy(allegations, (a) => a.status)).map(([status, count]) => {
    const ages = allegations.filter((a) => a.status === status).map((a) => a.ageDays);
    return { status, count, oldestDays: Math.max(...ages) };
  });

  const looks = (
    await findAuditEntriesByAction(ctx.db, [
      ...sealedViewActions,
      'case.seal',
      'case.unseal',
      'approval.self_approval_refused',
    ])
  )
    .map((row) => decodeAuditLeaf(new TextEncoder().encode(row.leaf)))
    .filter((entry) => entry.at.slice(0, 10) >= from && entry.at.slice(0, 10) <= to);
  const sealedAccess = Object.values(
    looks
      .filter((e) => isOneOf(sealedViewActions, e.action))
      .reduce<Record<string, { caseId: string; actor: string; views: number; refused: number }>>(
        (acc, e) => {
          const key = `${e.entityId}/${e.actor}`;
          const item = (acc[key] ??= {
            caseId: e.entityId,
            actor: nameOf(e.actor) ?? e.actor,
            views: 0,
            refused: 0,
          });
          if (e.action === 'case.read_sealed') item.views += 1;
          else item.refused += 1;
          return acc;
        },
        {},
      ),
  );

  // Roles that open identities or approvals, and passwords of their holders, given by two
  // administrators: monitors see each one, who asked and who approved.
  const privilegeChanges = (
    await findApprovedRequests(ctx.db, ['user.grant_roles', 'user.reset_password'])
  )
    .filter(
      (a) =>
        a.decided_at !== null &&
        a.decided_at.slice(0, 10) >= from &&
        a.decided_at.slice(0, 10) <= to,
    )
    .map((a) => ({
      approvalRequestId: a.id,
      action: a.action,
      userId: a.target_id,
      user: nameOf(a.target_id),
      requestedBy: nameOf(a.requested_by),
      approvedBy: nameOf(a.decided_by),
      decidedOn: a.decided_at!.slice(0, 10),
    }));

  const pending = (await findPendingRequests(ctx.db)).map((row) => ({
    id: row.id,
    action: row.action,
    caseId: row.case_id,
    reasonCode: row.reason_code,
    requestedBy: nameOf(row.requested_by),
    waitingDays: daysBetween(row.requested_at, asOf) ?? 0,
  }));

  return {
    year: query.year,
    asOf,
    idleThresholdDays: query.idleDays,
    closures: {
      total: closed.length,
      suspensions: closures.length - closed.length,
      byReason: countBy(closed, (c) => c.reasonCode),
      byApprover,
      records: closures,
    },
    victimWithdrewOrCompensated: {
      cases: victimDriven,
      droppedCharges: droppedCharges.filter((d) => isOneOf(victimDrivenReasons, d.reasonCode)),
    },
    droppedCharges,
    correctedVerdicts,
    idleCases: idle,
    complicity: { byStatus, allegations },
    sealed: {
      sealedThisYear: looks.filter((e) => e.action === 'case.seal').length,
      unsealedThisYear: looks.filter((e) => e.action === 'case.unseal').length,
      access: sealedAccess,
    },
    fourEyes: {
      pending,
      privilegeChanges,
      selfApprovalAttempts: looks.filter((e) => e.action === 'approval.self_approval_refused')
        .length,
    },
  };
}
