import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../core/vocabulary.ts';
import { parseInput } from '../common/validate.ts';
import type { InputOf } from '../common/validate.ts';
import { caseEventInput } from '../schemas/cases.schemas.ts';
import type { approvalRequestInput } from '../schemas/approvals.schemas.ts';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeCase, makeUser, testActor } from '../../../test/factories.ts';
import { DomainError } from '../../core/errors.ts';
import { findActor } from '../agencies/agencies.ts';
import { getCase } from '../cases/cases.ts';
import type { Actor } from '../common/context.ts';
import { appliedCase, recordCaseEvent } from '../cases/events.ts';
import { historyOf } from '../integrity/history.ts';
import { ephemeralLogSigner } from '../integrity/log-key.ts';
import { logPublicKey } from '../integrity/log.ts';
import { integrityReport } from '../integrity/report.ts';
import { verifyIntegrity } from '../integrity/verify.ts';
import { addCharge } from '../persons/charges.ts';
import { annualReport } from '../reports/annual-report.ts';
import { approveRequest, listApprovals, requestApproval } from './approvals.ts';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the use-case to refuse');
}

const article124 = { jurisdiction: 'KG', instrument: 'cc1997', article: '124' };

// A verdict's outcome is what a corrupt insider would most want to flip: its correction is a
// four-eyes change asked by the court and decided by a different supervisor.
describe.each(engines)('correcting a verdict’s outcome on $name', (engine) => {
  let db: TestDatabase;
  let agencies: Awaited<ReturnType<typeof makeAgencies>>;
  let judge: Actor;
  let investigator: Actor;
  let supervisor: Actor;
  let otherSupervisor: Actor;
  const actorOf = async (agencyId: string, roles: Role[]) => {
    const user = await makeUser(db.ctx, agencyId, roles);
    return (await findActor(db.ctx, user.username))!.actor;
  };
  beforeAll(async () => {
    db = await engine.open();
    agencies = await makeAgencies(db.ctx);
    judge = await actorOf(agencies.court.id, ['judge']);
    investigator = await actorOf(agencies.police.id, ['investigator']);
    supervisor = await actorOf(agencies.police.id, ['supervisor', 'judge']);
    otherSupervisor = await actorOf(agencies.police.id, ['supervisor']);
  });
  afterAll(async () => {
    await db.close();
  });

  /** A case taken to a verdict under art. 124 in 2016, with the outcome given. */
  async function decided(outcome: 'convicted' | 'acquitted') {
    const made = await makeCase(db.ctx, agencies.police.id);
    const charge = await addCharge(db.ctx, testActor, made.caseId, {
      personId: made.suspect.id,
      statute: article124,
      chargedOn: '2016-03-10',
      offenceDate: '2016-02-01',
    });
    let version = made.version;
    const record = async (event: Record<string, unknown>) => {
      version = appliedCase(
        await recordCaseEvent(
          db.ctx,
          testActor,
          made.caseId,
          parseInput(caseEventInput, { ...event, caseVersion: version }),
        ),
      ).version;
    };
    await record({ kind: 'refer', occurredOn: '2016-04-01', agencyId: agencies.prosecutor.id });
    await record({ kind: 'indict', occurredOn: '2016-05-10', personId: made.suspect.id });
    await record({
      kind: 'verdict',
      occurredOn: '2016-09-02',
      personId: made.suspect.id,
      chargeId: charge.id,
      outcome,
      courtAgencyId: agencies.court.id,
    });
    const view = await getCase(db.ctx, testActor, made.caseId);
    return { ...made, charge, view, verdict: view.verdicts[0]!, record };
  }

  it('corrects an acquittal recorded by mistake only when a different supervisor approves; the report counts the conviction', async () => {
    const c = await decided('acquitted');
    const before = await annualReport(db.ctx, testActor, { year: 2016 });
    const ask: InputOf<typeof approvalRequestInput> = {
      action: 'verdict.correct',
      verdictId: c.verdict.id,
      outcome: 'convicted',
      reasonCode: 'entered_in_error',
      reasonText: 'The court record says convicted; acquitted was entered by mistake.',
    };

    // An investigator can neither change the verdict nor ask for it.
    const investigatorAsks = await rejection(requestApproval(db.ctx, investigator, ask));
    expect(investigatorAsks.code).toBe('Forbidden');
    // The same outcome again is no correction.
    const same = await rejection(requestApproval(db.ctx, judge, { ...ask, outcome: 'acquitted' }));
    expect(same.issues?.[0]?.path).toBe('outcome');

    // A supervisor who is also a judge asks, and cannot approve their own request.
    const request = await requestApproval(db.ctx, supervisor, ask);
    expect(request).toMatchObject({
      action: 'verdict.correct',
      status: 'pending',
      targetType: 'verdict',
      targetId: c.verdict.id,
      payload: { from: 'acquitted', outcome: 'convicted' },
    });
    const self = await rejection(
      approveRequest(db.ctx, supervisor, request.id, { version: request.version }),
    );
    expect(self.code).toBe('SelfApprovalRefused');
    // Nor may a judge decide it, nor is it changed meanwhile.
    const byJudge = await rejection(
      approveRequest(db.ctx, judge, request.id, { version: request.version }),
    );
    expect(byJudge.code).toBe('Forbidden');
    expect((await getCase(db.ctx, testActor, c.caseId)).verdicts[0]?.outcome).toBe('acquitted');
    const unchanged = await annualReport(db.ctx, testActor, { year: 2016 });
    expect(unchanged.convictions.persons).toBe(before.convictions.persons);

    await approveRequest(db.ctx, otherSupervisor, request.id, { version: request.version });
    expect((await getCase(db.ctx, testActor, c.caseId)).verdicts[0]?.outcome).toBe('convicted');
    const history = await historyOf(db.ctx, testActor, 'verdict', c.verdict.id);
    expect(history.at(-1)).toMatchObject({
      action: 'verdict.correct',
      before: { outcome: 'acquitted' },
      after: {
        outcome: 'convicted',
        correctionReason: ask.reasonText,
        reasonCode: 'entered_in_error',
        requestedBy: supervisor.id,
        approvalRequestId: request.id,
      },
    });
    const approved = await listApprovals(db.ctx, testActor, { action: 'verdict.correct' });
    expect(approved.items.find((item) => item.id === request.id)?.decidedBy).toBe(
      otherSupervisor.id,
    );
    const after = await annualReport(db.ctx, testActor, { year: 2016 });
    expect(after.convictions.persons).toBe((before.convictions.persons ?? 0) + 1);
    // The integrity report's four-eyes section names it, with who asked and who approved.
    const integrity = await integrityReport(db.ctx, testActor, {
      year: Number(db.ctx.now().toISOString().slice(0, 4)),
    });
    expect(integrity.correctedVerdicts).toContainEqual(
      expect.objectContaining({
        verdictId: c.verdict.id,
        from: 'acquitted',
        to: 'convicted',
        reasonCode: 'entered_in_error',
      }),
    );
    const verified = await verifyIntegrity(db.ctx, testActor, {
      verifierKey: logPublicKey(ephemeralLogSigner()),
    });
    expect(verified.problems).toEqual([]);
  });

  it('refuses to turn a sentenced conviction into an acquittal while its sentence stands', async () => {
    const c = await decided('convicted');
    await c.record({
      kind: 'sentence',
      occurredOn: '2016-09-05',
      personId: c.suspect.id,
      chargeId: c.charge.id,
      imprisonmentMonths: 96,
    });
    const refused = await rejection(
      requestApproval(db.ctx, judge, {
        action: 'verdict.correct',
        verdictId: c.verdict.id,
        outcome: 'acquitted',
        reasonCode: 'entered_in_error',
        reasonText: 'Entered as convicted by mistake.',
      }),
    );
    expect(refused.code).toBe('Conflict');
    expect(refused.details).toMatchObject({ reason: 'SentenceExists' });
    expect(refused.message).toContain('sentence');
  });
});
