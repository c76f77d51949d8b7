import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../core/vocabulary.ts';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeCase, makeUser, testActor } from '../../../test/factories.ts';
import { DomainError } from '../../core/errors.ts';
import { findActor } from '../agencies/agencies.ts';
import { historyOf } from '../integrity/history.ts';
import { getCase, listCases } from '../cases/cases.ts';
import type { Actor } from '../common/context.ts';
import { recordCaseEvent } from '../cases/events.ts';
import { ephemeralLogSigner } from '../integrity/log-key.ts';
import { logPublicKey } from '../integrity/log.ts';
import { verifyIntegrity } from '../integrity/verify.ts';
import { addCharge } from '../persons/charges.ts';
import { createTraining } from '../registers/training.ts';
import { sealCase, sealReview } from '../cases/sealing.ts';
import { approveRequest, listApprovals, rejectRequest, requestApproval } from './approvals.ts';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the use-case to refuse');
}

describe.each(engines)('four eyes and sealed cases on $name', (engine) => {
  let db: TestDatabase;
  let police: { id: string };
  let investigator: Actor;
  let supervisor: Actor;
  let otherSupervisor: Actor;
  let auditor: Actor;
  const actorOf = async (roles: Role[]) => {
    const user = await makeUser(db.ctx, police.id, roles);
    return (await findActor(db.ctx, user.username))!.actor;
  };
  beforeAll(async () => {
    db = await engine.open();
    ({ police } = await makeAgencies(db.ctx));
    investigator = await actorOf(['investigator']);
    supervisor = await actorOf(['supervisor']);
    otherSupervisor = await actorOf(['supervisor']);
    auditor = await actorOf(['auditor']);
  });
  afterAll(async () => {
    await db.close();
  });

  it('closes a case only when a different supervisor approves, and refuses and logs self-approval', async () => {
    const { ctx } = db;
    const { caseId, version } = await makeCase(ctx, police.id);
    const outcome = await recordCaseEvent(ctx, supervisor, caseId, {
      kind: 'close',
      caseVersion: version,
      occurredOn: '2016-06-01',
      reasonCode: 'victim_withdrew',
      reasonText: 'the victim withdrew her statement',
    });
    expect(outcome).toMatchObject({
      result: 'pending',
      approval: { action: 'case.close', status: 'pending' },
    });
    const requestId = outcome.result === 'pending' ? outcome.approval.id : 'not pending';
    expect((await getCase(ctx, testActor, caseId)).status).toBe('open');
    const pending = await listApprovals(ctx, auditor, { status: 'pending', caseId });
    expect(pending.items).toEqual([
      expect.objectContaining({
        id: requestId,
        action: 'case.close',
        reasonCode: 'victim_withdrew',
        requestedBy: supervisor.id,
      }),
    ]);

    const self = await rejection(approveRequest(ctx, supervisor, requestId, { version: 1 }));
    expect(self.code).toBe('SelfApprovalRefused');
    const history = await historyOf(ctx, auditor, 'approval_request', requestId);
    expect(history.map((h) => [h.action, h.actorId])).toEqual([
      ['approval.request', supervisor.id],
      ['approval.self_approval_refused', supervisor.id],
    ]);
    const notSupervisor = await rejection(
      approveRequest(ctx, investigator, requestId, { version: 1 }),
    );
    expect(notSupervisor.code).toBe('Forbidden');
    expect((await getCase(ctx, testActor, caseId)).status).toBe('open');

    const approved = await approveRequest(ctx, otherSupervisor, requestId, {
      version: 1,
      note: 'checked',
    });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: otherSupervisor.id });
    const closed = await getCase(ctx, testActor, caseId);
    expect(closed.status).toBe('closed');
    expect(closed.events.at(-1)).toMatchObject({
      kind: 'close',
      reasonCode: 'victim_withdrew',
      recordedBy: supervisor.id,
    });
    const again = await rejection(approveRequest(ctx, otherSupervisor, requestId, { version: 2 }));
    expect(again.code).toBe('Conflict');
  });

  it('rejects with a note and changes nothing; drops a charge and deletes a record only once approved', async () => {
    const { ctx } = db;
    const { caseId, suspect } = await makeCase(ctx, police.id);
    const charge = await addCharge(ctx, testActor, caseId, {
      personId: suspect.id,
      statute: { jurisdiction: 'KG', instrument: 'cc1997', article: '124' },
      chargedOn: '2016-04-01',
    });
    const drop = await requestApproval(ctx, investigator, {
      action: 'charge.drop',
      chargeId: charge.id,
      reasonCode: 'victim_compensated',
      reasonText: 'settlement reached',
    });
    expect((await rejection(rejectRequest(ctx, supervisor, drop.id, { version: 1 }))).code).toBe(
      'ValidationFailed',
    );
    await rejectRequest(ctx, supervisor, drop.id, {
      version: 1,
      note: 'a settlement does not end a trafficking charge',
    });
    expect((await getCase(ctx, testActor, caseId)).charges[0]?.status).toBe('active');
    const second = await requestApproval(ctx, investigator, {
      action: 'charge.drop',
      chargeId: charge.id,
      reasonCode: 'insufficient_evidence',
      reasonText: 'the only witness retracted',
    });
    await approveRequest(ctx, supervisor, second.id, { version: 1 });
    expect((await getCase(ctx, testActor, caseId)).charges[0]?.status).toBe('dropped');

    const blocked = await rejection(
      requestApproval(ctx, investigator, {
        action: 'record.delete',
        entityType: 'person',
        entityId: suspect.id,
        reasonCode: 'entered_in_error',
        reasonText: 'wrong person',
      }),
    );
    expect(blocked.code).toBe('Conflict');
    const training = await createTraining(ctx, testActor, {
      jurisdiction: 'KG',
      title: 'duplicate entry',
      startsOn: '2016-01-01',
      endsOn: '2016-01-02',
      audiences: [{ audience: 'police', participants: 3 }],
      organisers: ['x'],
      partners: [],
      trainers: ['y'],
      topics: ['z'],
    });
    const deletion = await requestApproval(ctx, investigator, {
      action: 'record.delete',
      entityType: 'training',
      entityId: training.id,
      reasonCode: 'duplicate',
      reasonText: 'entered twice',
    });
    expect(
      await db.handle.db
        .selectFrom('trainings')
        .select('id')
        .where('id', '=', training.id)
        .execute(),
    ).toHaveLength(1);
    await approveRequest(ctx, otherSupervisor, deletion.id, { version: 1 });
    expect(
      await db.handle.db
        .selectFrom('trainings')
        .select('id')
        .where('id', '=', training.id)
        .execute(),
    ).toHaveLength(0);
  });

  it('shows a sealed case only to its access list, logs every view, and keeps the list reviewable after unsealing', async () => {
    const { ctx } = db;
    const { caseId, version } = await makeCase(ctx, police.id);
    const outcome = await sealCase(ctx, supervisor, caseId, {
      version,
      userIds: [investigator.id],
      reasonText: 'undercover operation',
    });
    if (outcome.result !== 'applied')
      throw new Error('a seal that keeps the team in applies at once');
    const sealed = outcome.case;
    expect(sealed.sealed).toBe(true);
    const listed = await listCases(ctx, auditor, { pageSize: 500 });
    const seen = listed.items.find((item) => item.id === caseId);
    expect(seen).toMatchObject({ sealed: true, reference: 'SEALED', summary: null });
    const refused = await rejection(getCase(ctx, auditor, caseId));
    expect(refused.code).toBe('Forbidden');
    expect(refused.message).not.toContain(sealed.reference);
    expect((await getCase(ctx, investigator, caseId)).reference).toBe(sealed.reference);
    expect(
      (await listCases(ctx, investigator, { pageSize: 500 })).items.find((i) => i.id === caseId)
        ?.reference,
    ).toBe(sealed.reference);
    expect((await rejection(sealReview(ctx, auditor, caseId))).code).toBe('Forbidden');

    const unseal = await requestApproval(ctx, investigator, {
      action: 'case.unseal',
      caseId,
      reasonCode: 'operation_concluded',
      reasonText: 'arrests made',
    });
    await approveRequest(ctx, otherSupervisor, unseal.id, { version: 1 });
    expect((await getCase(ctx, auditor, caseId)).sealed).toBe(false);
    const review = await sealReview(ctx, auditor, caseId);
    expect(review.sealed).toBe(false);
    expect(review.access.map((a) => a.userId).sort()).toEqual(
      [investigator.id, supervisor.id].sort(),
    );
    expect(review.views.map((v) => [v.action, v.actorId])).toEqual([
      ['case.read_refused', auditor.id],
      ['case.read_sealed', investigator.id],
    ]);

    const signer = ephemeralLogSigner();
    const report = await verifyIntegrity(ctx, auditor, { verifierKey: logPublicKey(signer) });
    expect(report.problems).toEqual([]);
  });
});
