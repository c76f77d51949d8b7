import type { ApprovalAction } from '../../core/approvals/actions.ts';

/** Row of `approval_requests`: a four-eyes change waiting for (or decided by) a second person. */
import type { JurisdictionCode } from '../../core/jurisdiction.ts';
export interface ApprovalRequestsTable {
  id: string;
  jurisdiction: JurisdictionCode | null;
  case_id: string | null;
  action: ApprovalAction;
  target_type: string;
  target_id: string;
  reason_code: string;
  reason_text: string;
  /** JSON: what will be done on approval (e.g. the close event's date). */
  payload: string;
  status: 'pending' | 'approved' | 'rejected';
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Row of `case_seal_access`: one user allowed to see a sealed case, from grant to revocation. */
export interface CaseSealAccessTable {
  id: string;
  jurisdiction: JurisdictionCode;
  case_id: string;
  user_id: string;
  granted_by: string;
  granted_at: string;
  revoked_by: string | null;
  revoked_at: string | null;
  version: number;
}
