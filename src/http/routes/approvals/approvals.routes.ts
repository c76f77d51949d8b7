import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  approveRequest,
  getApproval,
  listApprovals,
  rejectRequest,
  requestApproval,
} from '../../../app/approvals/approvals.ts';
import {
  grantSealAccess,
  revokeSealAccess,
  sealCase,
  sealReview,
} from '../../../app/cases/sealing.ts';
import {
  approvalDecisionInput,
  approvalListItemView,
  approvalRequestInput,
  approvalRequestView,
  listApprovalsQuery,
  pendingView,
  sealAccessInput,
  sealAccessView,
  sealCaseInput,
  sealReviewView,
} from '../../../app/schemas/approvals.schemas.ts';
import { caseSummaryView } from '../../../app/schemas/cases.schemas.ts';
import { entityId, pageOf } from '../../../app/schemas/common.ts';
import type { RouteDeps } from '../../route-deps.ts';

const idParams = z.object({ id: entityId });

/** Four eyes (approval requests and decisions) and sealed cases. */
export const approvalsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  app.get(
    '/approvals',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Approval requests, oldest first (filter by status, case, action)',
        querystring: listApprovalsQuery,
        response: { 200: pageOf(approvalListItemView) },
      },
    },
    async (request) => listApprovals(ctx, await actorOf(request), request.query),
  );
  app.post(
    '/approvals',
    {
      schema: {
        tags: ['approvals'],
        summary:
          'Ask for a four-eyes change (close or suspend a case, drop a charge, unseal, delete) with a reason',
        body: approvalRequestInput,
        response: { 201: approvalRequestView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await requestApproval(ctx, await actorOf(request), request.body)),
  );
  app.get(
    '/approvals/:id',
    {
      schema: {
        tags: ['approvals'],
        summary: 'One approval request',
        params: idParams,
        response: { 200: approvalRequestView },
      },
    },
    async (request) => getApproval(ctx, await actorOf(request), request.params.id),
  );
  app.post(
    '/approvals/:id/approve',
    {
      schema: {
        tags: ['approvals'],
        summary:
          'Approve and carry out a request (a supervisor other than the requester; for a user request, a different administrator, who receives the one-time password of an approved reset)',
        params: idParams,
        body: approvalDecisionInput,
        response: {
          200: approvalRequestView.extend({
            oneTimePassword: z
              .string()
              .optional()
              .describe('an approved password reset: the new one-time password, shown once'),
          }),
        },
      },
    },
    async (request) => approveRequest(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/approvals/:id/reject',
    {
      schema: {
        tags: ['approvals'],
        summary: 'Reject a request with a note; nothing changes',
        params: idParams,
        body: approvalDecisionInput,
        response: { 200: approvalRequestView },
      },
    },
    async (request) => rejectRequest(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/cases/:id/seal',
    {
      schema: {
        tags: ['cases'],
        summary: 'Seal a case to named users; others see only that a sealed case exists',
        params: idParams,
        body: sealCaseInput,
        response: { 200: caseSummaryView, 202: pendingView },
      },
    },
    async (request, reply) => {
      const outcome = await sealCase(ctx, await actorOf(request), request.params.id, request.body);
      return outcome.result === 'applied'
        ? reply.status(200).send(outcome.case)
        : reply.status(202).send(outcome);
    },
  );
  app.post(
    '/cases/:id/seal/access',
    {
      schema: {
        tags: ['cases'],
        summary: "Add a user to a sealed case's access list",
        params: idParams,
        body: sealAccessInput,
        response: { 200: z.array(sealAccessView) },
      },
    },
    async (request) =>
      grantSealAccess(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/cases/:id/seal/access/:userId',
    {
      schema: {
        tags: ['cases'],
        summary: "Remove a user from a sealed case's access list (the grant stays on record)",
        params: z.object({ id: entityId, userId: entityId }),
        response: { 200: z.array(sealAccessView) },
      },
    },
    async (request) =>
      revokeSealAccess(ctx, await actorOf(request), request.params.id, {
        userId: request.params.userId,
      }),
  );
  app.get(
    '/cases/:id/seal/review',
    {
      schema: {
        tags: ['cases'],
        summary: 'Who could see a sealed case, and every view or refused view of it',
        params: idParams,
        response: { 200: sealReviewView },
      },
    },
    async (request) => sealReview(ctx, await actorOf(request), request.params.id),
  );
  await Promise.resolve();
};
