import type { Permission } from '../access/policy.ts';
import { DomainError } from '../errors.ts';
import type { Role } from '../vocabulary.ts';

/**
 * The actions that need a second person's approval. The case and record ones are decided
 * by a supervisor; the `user.*` ones arise when an administrator grants a role that opens
 * identities or approvals, or sets the password of a user who holds one, and are decided by a
 * different administrator.
 */
export const approvalActions = [
  'case.close',
  'case.suspend',
  'charge.drop',
  // A verdict's outcome recorded wrongly (convicted as acquitted, or the reverse).
  'verdict.correct',
  'case.unseal',
  'record.delete',
  // Filed by `POST /cases/{id}/seal` when the seal would leave the case's own agency out.
  'case.seal',
  'user.grant_roles',
  'user.reset_password',
] as const;
export type ApprovalAction = (typeof approvalActions)[number];

/** The actions anyone asks for through the approvals use-case (the others arise elsewhere). */
export type AskedAction = Exclude<
  ApprovalAction,
  'case.seal' | 'user.grant_roles' | 'user.reset_password'
>;

/** The role a second person needs to approve or reject a request about a case or a record. */
export const approverRole: Role = 'supervisor';

/** Who decides a request: the permission the use-case checks and the role the decider holds. */
export interface Decider {
  readonly permission: Permission;
  readonly role: Role;
}

/**
 * Who decides a request: a supervisor for cases and records; a different administrator for a
 * role that opens identities or approvals, or a password of a user who holds one.
 */
export function deciderOf(action: ApprovalAction): Decider {
  switch (action) {
    case 'user.grant_roles':
    case 'user.reset_password':
      return { permission: 'user.manage', role: 'administrator' };
    case 'case.close':
    case 'case.suspend':
    case 'charge.drop':
    case 'verdict.correct':
    case 'case.unseal':
    case 'case.seal':
    case 'record.delete':
      return { permission: 'approval.decide', role: approverRole };
  }
}

/** Who may ask for each four-eyes change (a supervisor then decides). */
export const requestPermissions: Readonly<
  Record<AskedAction, readonly [Permission, ...Permission[]]>
> = {
  'case.close': ['case.investigate', 'case.prosecute'],
  'case.suspend': ['case.investigate', 'case.prosecute'],
  'charge.drop': ['case.investigate', 'case.prosecute'],
  // Whoever records verdicts (a court) asks; a different supervisor decides.
  'verdict.correct': ['case.adjudicate'],
  // Whoever runs a sealed operation may ask to end it; a supervisor decides.
  'case.unseal': ['case.seal', 'case.investigate', 'case.prosecute'],
  'record.delete': ['case.write', 'training.write', 'complicity.manage'],
};

/** A refusal to decide: the error to answer, and whether the attempt is logged. */
export interface DecisionRefusal {
  readonly error: DomainError;
  /** A self-approval is logged, so that attempts are visible; a missing role is not. */
  readonly logged: boolean;
}

/**
 * Whether `decider` may approve or reject a request: never the requester, never the user whose
 * own roles or password are at stake, and only someone with the deciding role. Null when they may.
 */
export function refusalToDecide(
  request: {
    readonly id: string;
    readonly action: ApprovalAction;
    readonly requestedBy: string;
    readonly targetType: string;
    readonly targetId: string;
  },
  decider: { readonly id: string; readonly roles: readonly Role[] },
  decision: 'approve' | 'reject',
): DecisionRefusal | null {
  const { role } = deciderOf(request.action);
  // A user whose own roles or password are at stake is not the second pair of eyes either.
  const ownAccount = request.targetType === 'user' && request.targetId === decider.id;
  if (request.requestedBy === decider.id || ownAccount) {
    return {
      logged: true,
      error: new DomainError(
        'SelfApprovalRefused',
        ownAccount
          ? `request ${request.id} is about your own account: a different ${role} must ${decision} it`
          : `you asked for request ${request.id} yourself: a different ${role} must ${decision} it`,
        { details: { approvalRequestId: request.id } },
      ),
    };
  }
  if (!decider.roles.includes(role)) {
    return {
      logged: false,
      error: new DomainError('Forbidden', `only a ${role} may ${decision} this request`),
    };
  }
  return null;
}
