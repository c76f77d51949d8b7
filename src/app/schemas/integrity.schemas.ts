import { z } from 'zod';
import { isoDate, wholeNumber } from './common.ts';

/** `GET /reports/integrity`: the year, the idle threshold and the reference date. */
export const integrityReportQuery = z.object({
  year: wholeNumber(1990, 2100),
  idleDays: wholeNumber(1, 36500).default(180),
  asOf: isoDate.optional(),
});

const closure = z.object({
  caseId: z.string(),
  reference: z.string().nullable().describe('null for a sealed case'),
  kind: z.enum(['close', 'suspend']),
  occurredOn: z.string(),
  reasonCode: z.string(),
  requestedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvalRequestId: z.string().nullable(),
});

const droppedCharge = z.object({
  chargeId: z.string(),
  caseId: z.string().nullable(),
  reasonCode: z.string(),
  decidedOn: z.string(),
  approvedBy: z.string().nullable(),
});

/** A verdict's outcome corrected with four eyes (`verdict.correct`), approved in the year. */
const correctedVerdict = z.object({
  verdictId: z.string(),
  caseId: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  reasonCode: z.string(),
  requestedBy: z.string().nullable(),
  decidedOn: z.string(),
  approvedBy: z.string().nullable(),
});

/** The integrity report: what NGO auditors, embassy monitors and supervising prosecutors look at. */
export const integrityReportView = z.object({
  year: z.number().int(),
  asOf: z.string(),
  idleThresholdDays: z.number().int(),
  closures: z.object({
    total: z.number().int(),
    suspensions: z.number().int(),
    byReason: z.record(z.string(), z.number().int()),
    byApprover: z.record(z.string(), z.number().int()),
    records: z.array(closure),
  }),
  victimWithdrewOrCompensated: z.object({
    cases: z.array(closure),
    droppedCharges: z.array(droppedCharge),
  }),
  droppedCharges: z.array(droppedCharge),
  correctedVerdicts: z.array(correctedVerdict),
  idleCases: z.array(
    z.object({
      caseId: z.string(),
      reference: z.string().nullable(),
      status: z.string(),
      lastActivityOn: z.string(),
      idleDays: z.number().int(),
    }),
  ),
  complicity: z.object({
    byStatus: z.array(
      z.object({ status: z.string(), count: z.number().int(), oldestDays: z.number().int() }),
    ),
    allegations: z.array(
      z.object({
        id: z.string(),
        status: z.string(),
        source: z.string(),
        receivedOn: z.string(),
        ageDays: z.number().int(),
        daysInStatus: z.number().int(),
        steps: z.object({
          receivedToAssigned: z.number().int().nullable(),
          assignedToInvestigated: z.number().int().nullable(),
          investigatedToConcluded: z.number().int().nullable(),
        }),
        assignedToOwnAgency: z.boolean(),
      }),
    ),
  }),
  sealed: z.object({
    sealedThisYear: z.number().int(),
    unsealedThisYear: z.number().int(),
    access: z.array(
      z.object({
        caseId: z.string(),
        actor: z.string(),
        views: z.number().int(),
        refused: z.number().int(),
      }),
    ),
  }),
  fourEyes: z.object({
    pending: z.array(
      z.object({
        id: z.string(),
        action: z.string(),
        caseId: z.string().nullable(),
        reasonCode: z.string(),
        requestedBy: z.string().nullable(),
        waitingDays: z.number().int(),
      }),
    ),
    privilegeChanges: z
      .array(
        z.object({
          approvalRequestId: z.string(),
          action: z.string(),
          userId: z.string(),
          user: z.string().nullable(),
          requestedBy: z.string().nullable(),
          approvedBy: z.string().nullable(),
          decidedOn: z.string(),
        }),
      )
      .describe(
        'roles that open identities or approvals granted, and passwords of their holders set, in the year (each with two administrators)',
      ),
    selfApprovalAttempts: z.number().int(),
  }),
});
export type IntegrityReport = z.infer<typeof integrityReportView>;
