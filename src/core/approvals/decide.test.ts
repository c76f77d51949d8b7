import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { approvalActions, deciderOf, refusalToDecide, requestPermissions } from './actions.ts';
import {
  approvedCaseEvent,
  approvedChargeDrop,
  approvedDeletion,
  approvedSeal,
  approvedUserChange,
  approvedVerdictCorrection,
  askCaseEvent,
  askChargeDrop,
  askDeletion,
  askUnseal,
  askVerdictCorrection,
} from './decide.ts';
import type { ApprovedRequest, CaseFacts, ChargeFacts, VerdictFacts } from './decide.ts';
import { toJurisdictionCode } from '../jurisdiction.ts';

const KG = toJurisdictionCode('KG');

const reason = { reasonCode: 'victim_withdrew', reasonText: 'she withdrew her statement' };

const kase = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  id: 'c1',
  jurisdiction: KG,
  status: 'open',
  openedOn: '2016-01-10',
  sealed: false,
  ...over,
});

const charge = (over: Partial<ChargeFacts> = {}): ChargeFacts => ({
  id: 'ch1',
  jurisdiction: KG,
  caseId: 'c1',
  status: 'active',
  ...over,
});

const verdict = (over: Partial<VerdictFacts> = {}): VerdictFacts => ({
  id: 'v1',
  jurisdiction: KG,
  caseId: 'c1',
  outcome: 'convicted',
  sentences: { ids: [], convictions: 1 },
  ...over,
});

const request = (over: Partial<ApprovedRequest> = {}): ApprovedRequest => ({
  id: 'r1',
  targetType: 'case',
  targetId: 'c1',
  payload: {},
  ...reason,
  ...over,
});

/** The refusal's code, its field and its details. */
function refusal(work: () => unknown) {
  try {
    work();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { code: error.code, path: error.issues[0]?.path, details: error.details };
  }
  throw new Error('expected a refusal');
}

describe('asking for a four-eyes change', () => {
  it('closes or suspends an open case with the date in the payload', () => {
    expect(askCaseEvent('case.close', kase(), '2016-06-01', reason)).toEqual({
      action: 'case.close',
      jurisdiction: KG,
      caseId: 'c1',
      targetType: 'case',
      targetId: 'c1',
      ...reason,
      payload: { occurredOn: '2016-06-01' },
    });
    expect(askCaseEvent('case.suspend', kase(), '2016-06-01', reason).action).toBe('case.suspend');
  });

  it('refuses a close the lifecycle does not allow, or dated before the case opened', () => {
    expect(
      refusal(() => askCaseEvent('case.close', kase({ status: 'closed' }), '2016-06-01', reason))
        .code,
    ).toBe('TransitionNotAllowed');
    expect(refusal(() => askCaseEvent('case.suspend', kase(), '2015-12-31', reason))).toMatchObject(
      {
        code: 'ValidationFailed',
        path: 'occurredOn',
      },
    );
  });

  it('drops only an active charge', () => {
    expect(askChargeDrop(charge(), reason)).toMatchObject({
      action: 'charge.drop',
      caseId: 'c1',
      targetType: 'charge',
      targetId: 'ch1',
      payload: {},
    });
    expect(refusal(() => askChargeDrop(charge({ status: 'dropped' }), reason)).code).toBe(
      'Conflict',
    );
  });

  it('corrects a verdict to another outcome, keeping the outcome it had', () => {
    expect(
      askVerdictCorrection(verdict({ outcome: 'acquitted' }), 'convicted', reason),
    ).toMatchObject({
      action: 'verdict.correct',
      targetType: 'verdict',
      targetId: 'v1',
      payload: { from: 'acquitted', outcome: 'convicted' },
    });
    expect(refusal(() => askVerdictCorrection(verdict(), 'convicted', reason))).toMatchObject({
      code: 'ValidationFailed',
      path: 'outcome',
    });
  });

  it('refuses to turn a sentenced conviction into an acquittal or a dismissal', () => {
    const sentenced = verdict({ sentences: { ids: ['s1'], convictions: 1 } });
    for (const outcome of ['acquitted', 'dismissed'] as const) {
      expect(refusal(() => askVerdictCorrection(sentenced, outcome, reason))).toEqual({
        code: 'Conflict',
        path: 'outcome',
        details: { reason: 'SentenceExists', sentenceIds: ['s1'] },
      });
    }
    // One sentence on the charge and another conviction under it: the sentence stands on that one.
    const another = verdict({ sentences: { ids: ['s1'], convictions: 2 } });
    expect(askVerdictCorrection(another, 'acquitted', reason).payload).toEqual({
      from: 'convicted',
      outcome: 'acquitted',
    });
    // A conviction without a sentence may become an acquittal.
    expect(askVerdictCorrection(verdict(), 'dismissed', reason).action).toBe('verdict.correct');
  });

  it('unseals only a sealed case', () => {
    expect(askUnseal(kase({ sealed: true }), reason)).toMatchObject({
      action: 'case.unseal',
      targetId: 'c1',
    });
    expect(refusal(() => askUnseal(kase(), reason)).code).toBe('Conflict');
  });

  it('deletes only a record nothing refers to', () => {
    const target = { type: 'person', id: 'p1', jurisdiction: KG, caseId: 'c1', blockers: [] };
    expect(askDeletion(target, reason)).toEqual({
      action: 'record.delete',
      jurisdiction: KG,
      caseId: 'c1',
      targetType: 'person',
      targetId: 'p1',
      ...reason,
      payload: {},
    });
    expect(
      refusal(() => askDeletion({ ...target, blockers: ['charges', 'verdicts'] }, reason)),
    ).toEqual({
      code: 'Conflict',
      path: undefined,
      details: { blockers: ['charges', 'verdicts'] },
    });
  });
});

describe('carrying out an approved change', () => {
  it('records the close or suspend event asked, with a reason the system knows', () => {
    const asked = request({ payload: { occurredOn: '2016-06-01' }, reasonCode: 'victim_withdrew' });
    expect(approvedCaseEvent('case.close', asked)).toEqual({
      kind: 'close',
      occurredOn: '2016-06-01',
      reasonCode: 'victim_withdrew',
      reasonText: reason.reasonText,
    });
    expect(approvedCaseEvent('case.suspend', asked).kind).toBe('suspend');
    expect(refusal(() => approvedCaseEvent('case.close', request())).code).toBe(
      'IntegrityViolation',
    );
    const unknownReason = request({ payload: { occurredOn: '2016-06-01' }, reasonCode: 'whim' });
    expect(refusal(() => approvedCaseEvent('case.close', unknownReason)).code).toBe(
      'IntegrityViolation',
    );
  });

  it('drops a charge still active when approved', () => {
    expect(approvedChargeDrop(charge())).toEqual({ status: 'dropped' });
    expect(refusal(() => approvedChargeDrop(charge({ status: 'dropped' }))).code).toBe('Conflict');
  });

  it('corrects a verdict only as it was when asked, and never a conviction sentenced meanwhile', () => {
    const asked = request({
      targetType: 'verdict',
      payload: { from: 'convicted', outcome: 'acquitted' },
    });
    expect(approvedVerdictCorrection(asked, verdict())).toEqual({ outcome: 'acquitted' });
    expect(
      refusal(() => approvedVerdictCorrection(asked, verdict({ outcome: 'dismissed' }))).code,
    ).toBe('Conflict');
    const sentenced = verdict({ sentences: { ids: ['s9'], convictions: 1 } });
    expect(refusal(() => approvedVerdictCorrection(asked, sentenced))).toMatchObject({
      code: 'Conflict',
      details: { reason: 'SentenceExists' },
    });
    const unknown = request({ payload: { from: 'convicted', outcome: 'pardoned' } });
    expect(refusal(() => approvedVerdictCorrection(unknown, verdict())).code).toBe(
      'IntegrityViolation',
    );
  });

  it('seals a case not sealed meanwhile, to the list asked', () => {
    const asked = request({ payload: { userIds: ['u1', 'u2'] } });
    expect(approvedSeal(asked, kase())).toEqual({ userIds: ['u1', 'u2'] });
    expect(refusal(() => approvedSeal(asked, kase({ sealed: true }))).code).toBe('Conflict');
    expect(refusal(() => approvedSeal(request({ payload: { userIds: [1] } }), kase())).code).toBe(
      'Conflict',
    );
  });

  it('applies a role change as asked, without what it showed as added', () => {
    const asked = request({
      targetType: 'user',
      payload: { roles: ['supervisor'], added: ['supervisor'] },
    });
    expect(approvedUserChange(asked)).toEqual({ roles: ['supervisor'] });
  });

  it('deletes a record only while nothing refers to it', () => {
    const target = { type: 'training', id: 't1', jurisdiction: KG, caseId: null, blockers: [] };
    expect(approvedDeletion(target)).toEqual({ type: 'training' });
    expect(refusal(() => approvedDeletion({ ...target, blockers: ['persons'] })).code).toBe(
      'Conflict',
    );
  });
});

describe('who asks and who decides', () => {
  const asked = {
    id: 'r1',
    action: 'case.close' as const,
    requestedBy: 'alice',
    targetType: 'case',
    targetId: 'c1',
  };

  it('names a decider for every action: administrators for user changes, supervisors otherwise', () => {
    for (const action of approvalActions) {
      expect(deciderOf(action).role).toBe(
        action.startsWith('user.') ? 'administrator' : 'supervisor',
      );
    }
    expect(requestPermissions['verdict.correct']).toEqual(['case.adjudicate']);
  });

  it('refuses self-approval and logs it', () => {
    const self = refusalToDecide(asked, { id: 'alice', roles: ['supervisor'] }, 'approve');
    expect(self?.logged).toBe(true);
    expect(self?.error.code).toBe('SelfApprovalRefused');
  });

  it('refuses the user a request is about, even as an administrator', () => {
    const own = refusalToDecide(
      { ...asked, action: 'user.grant_roles', targetType: 'user', targetId: 'bob' },
      { id: 'bob', roles: ['administrator'] },
      'reject',
    );
    expect(own).toMatchObject({ logged: true, error: { code: 'SelfApprovalRefused' } });
    expect(own?.error.message).toContain('your own account');
  });

  it('refuses someone without the deciding role, without logging', () => {
    const clerk = refusalToDecide(asked, { id: 'carol', roles: ['investigator'] }, 'approve');
    expect(clerk).toMatchObject({ logged: false, error: { code: 'Forbidden' } });
    const admin = refusalToDecide(asked, { id: 'dan', roles: ['administrator'] }, 'approve');
    expect(admin?.error.code).toBe('Forbidden');
  });

  it('lets a different supervisor decide', () => {
    expect(refusalToDecide(asked, { id: 'erin', roles: ['supervisor'] }, 'approve')).toBeNull();
  });
});
