import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines } from '../../../../test/engines.ts';
import type { TestDatabase } from '../../../../test/engines.ts';
import { makeAgencies, makeCase, makeUser, testActor } from '../../../../test/factories.ts';
import { advanceAllegation, createAllegation } from '../../../app/registers/complicity.ts';
import { buildServer } from '../../server.ts';

interface Json {
  [key: string]: unknown;
}

describe.each(engines)('approvals and integrity report over HTTP on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await engine.open({ now: () => new Date('2017-02-01T10:00:00.000Z') });
    app = await buildServer({ ctx: db.ctx, auth: 'development', logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('answers 202 to a closure, refuses self-approval (403), closes on a second supervisor, and reports it', async () => {
    const { ctx } = db;
    const { police, prosecutor } = await makeAgencies(ctx);
    const first = await makeUser(ctx, police.id, ['investigator', 'supervisor']);
    const second = await makeUser(ctx, police.id, ['supervisor']);
    const { caseId, version } = await makeCase(ctx, police.id);
    const asked = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/events`,
      headers: { 'x-palermo-user': first.username },
      payload: {
        kind: 'close',
        caseVersion: version,
        occurredOn: '2016-06-01',
        reasonCode: 'victim_withdrew',
        reasonText: 'statement withdrawn',
      },
    });
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toMatchObject({ result: 'pending', approval: { action: 'case.close' } });
    const requestId = asked.json<{ approval: { id: string } }>().approval.id;
    // The list names who asked and the case, so a supervisor can decide without looking them up.
    const listed = await app.inject({
      url: `/api/approvals?status=pending&caseId=${caseId}`,
      headers: { 'x-palermo-user': second.username },
    });
    expect(listed.statusCode).toBe(200);
    const items = listed.json<{ items: Json[] }>().items;
    const caseReference = (await app.inject({ url: `/api/cases/${caseId}` })).json<Json>()[
      'reference'
    ];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: requestId,
      requestedBy: first.id,
      requestedByName: first.displayName,
      decidedByName: null,
      caseReference,
      reasonCode: 'victim_withdrew',
    });
    const self = await app.inject({
      method: 'POST',
      url: `/api/approvals/${requestId}/approve`,
      headers: { 'x-palermo-user': first.username },
      payload: { version: 1 },
    });
    expect(self.statusCode).toBe(403);
    expect(self.json<Json>()['error']).toBe('SelfApprovalRefused');
    const approved = await app.inject({
      method: 'POST',
      url: `/api/approvals/${requestId}/approve`,
      headers: { 'x-palermo-user': second.username },
      payload: { version: 1, note: 'ok' },
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json<Json>()['status']).toBe('approved');

    const allegation = await createAllegation(ctx, testActor, {
      jurisdiction: 'KG',
      receivedOn: '2016-01-10',
      source: 'ngo',
      allegation: 'synthetic allegation',
      accusedAgencyId: police.id,
    });
    await advanceAllegation(ctx, testActor, allegation.id, {
      version: allegation.version,
      step: 'assign',
      on: '2016-03-10',
      agencyId: prosecutor.id,
    });

    const report = await app.inject({ url: '/api/reports/integrity?year=2016&idleDays=90' });
    expect(report.statusCode).toBe(200);
    const body = report.json<{
      closures: { byReason: Json; byApprover: Json; records: Json[] };
      victimWithdrewOrCompensated: { cases: Json[] };
      complicity: {
        allegations: { id: string; steps: Json; daysInStatus: number; ageDays: number }[];
      };
      fourEyes: { selfApprovalAttempts: number };
      asOf: string;
    }>();
    expect(body.asOf).toBe('2016-12-31');
    expect(body.closures.byReason).toEqual({ victim_withdrew: 1 });
    expect(body.closures.byApprover).toEqual({ 'Test User': 1 });
    expect(body.victimWithdrewOrCompensated.cases).toEqual([
      expect.objectContaining({
        caseId,
        reasonCode: 'victim_withdrew',
        approvalRequestId: requestId,
      }),
    ]);
    expect(body.complicity.allegations.find((a) => a.id === allegation.id)).toMatchObject({
      ageDays: 356,
      daysInStatus: 296,
      steps: {
        receivedToAssigned: 60,
        assignedToInvestigated: null,
        investigatedToConcluded: null,
      },
    });
    // Attempts count in the year they were made (the clock says 2017), not the case's year.
    expect(body.fourEyes.selfApprovalAttempts).toBe(0);
    const later = await app.inject({ url: '/api/reports/integrity?year=2017' });
    expect(
      later.json<{ fourEyes: { selfApprovalAttempts: number } }>().fourEyes.selfApprovalAttempts,
    ).toBe(1);
  });
});
