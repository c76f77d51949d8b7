import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getCase, listCases, openCase, updateCase } from '../../../app/cases/cases.ts';
import { correctEvent, correctSentence } from '../../../app/cases/corrections.ts';
import { recordCaseEvent } from '../../../app/cases/events.ts';
import { pendingView } from '../../../app/schemas/approvals.schemas.ts';
import { addCharge, updateCharge } from '../../../app/persons/charges.ts';
import { addPerson, updatePerson } from '../../../app/persons/persons.ts';
import { getIdentity, recordIdentity } from '../../../app/persons/identity.ts';
import { recordVictim } from '../../../app/persons/victim-records.ts';
import {
  caseEventInput,
  caseSummaryView,
  caseView,
  chargeView,
  correctEventInput,
  correctSentenceInput,
  createCaseInput,
  createChargeInput,
  createPersonInput,
  identityInput,
  identityView,
  listCasesQuery,
  personView,
  sentenceView,
  updateCaseInput,
  updateChargeInput,
  updatePersonInput,
  victimRecordInput,
  victimRecordView,
} from '../../../app/schemas/cases.schemas.ts';
import { entityId, pageOf } from '../../../app/schemas/common.ts';
import { keptJson } from '../../kept-json.ts';
import type { RouteDeps } from '../../route-deps.ts';
import { caseTeamRoutes } from './case-team.routes.ts';

const idParams = z.object({ id: entityId });
const casePage = pageOf(caseSummaryView);

/** Cases, the persons in them, victims, charges and the lifecycle events. */
export const casesRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  await app.register(caseTeamRoutes, { ctx, actorOf });
  // Lists and pages are kept for the audit log's head (app/cases.ts): a kept one is serialised
  // once, not on every answer.
  const sendList = keptJson(casePage, { method: 'GET', url: '/api/cases' });
  const sendCase = keptJson(caseView, { method: 'GET', url: '/api/cases/:id' });
  app.get(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Search and filter cases',
        querystring: listCasesQuery,
        response: { 200: casePage },
      },
    },
    async (request, reply) =>
      sendList(reply, await listCases(ctx, await actorOf(request), request.query)),
  );
  app.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Open a case',
        body: createCaseInput,
        response: { 201: caseView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await openCase(ctx, await actorOf(request), request.body)),
  );
  app.get(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'A case with its persons, charges and timeline',
        params: idParams,
        response: { 200: caseView },
      },
    },
    async (request, reply) =>
      sendCase(reply, await getCase(ctx, await actorOf(request), request.params.id)),
  );
  app.patch(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'Correct a case',
        params: idParams,
        body: updateCaseInput,
        response: { 200: caseView },
      },
    },
    async (request) => updateCase(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/cases/:id/events',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Record a lifecycle event (suspend, resume, close, reopen, refer, indict, verdict, sentence, appeal, final)',
        params: idParams,
        body: caseEventInput,
        response: { 201: caseView, 202: pendingView },
      },
    },
    async (request, reply) => {
      const outcome = await recordCaseEvent(
        ctx,
        await actorOf(request),
        request.params.id,
        request.body,
      );
      // Suspending or closing files a request (202): nothing has changed yet.
      return outcome.result === 'applied'
        ? reply.status(201).send(outcome.case)
        : reply.status(202).send(outcome);
    },
  );
  app.patch(
    '/cases/:id/events/:eventId',
    {
      schema: {
        tags: ['cases'],
        summary:
          "Correct a recorded event's date or explanation, with a reason kept in its history (caseVersion guards it)",
        params: z.object({ id: entityId, eventId: entityId }),
        body: correctEventInput,
        response: { 200: caseView },
      },
    },
    async (request) =>
      correctEvent(
        ctx,
        await actorOf(request),
        request.params.id,
        request.params.eventId,
        request.body,
      ),
  );
  app.patch(
    '/sentences/:id',
    {
      schema: {
        tags: ['cases'],
        summary:
          "Correct a sentence's measures (a court; the recorded sentence stays in its history with the reason)",
        params: idParams,
        body: correctSentenceInput,
        response: { 200: sentenceView },
      },
    },
    async (request) =>
      correctSentence(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/cases/:id/persons',
    {
      schema: {
        tags: ['persons'],
        summary: 'Add a suspect, victim or witness',
        params: idParams,
        body: createPersonInput,
        response: { 201: personView },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addPerson(ctx, await actorOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/persons/:id',
    {
      schema: {
        tags: ['persons'],
        summary: 'Correct a person',
        params: idParams,
        body: updatePersonInput,
        response: { 200: personView },
      },
    },
    async (request) => updatePerson(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/persons/:id/identity',
    {
      schema: {
        tags: ['persons'],
        summary: "A person's identity (the read is logged)",
        params: idParams,
        response: { 200: identityView },
      },
    },
    async (request) => getIdentity(ctx, await actorOf(request), request.params.id),
  );
  app.put(
    '/persons/:id/identity',
    {
      schema: {
        tags: ['persons'],
        summary: "Record or replace a person's identity",
        params: idParams,
        body: identityInput,
        response: { 200: identityView },
      },
    },
    async (request) => recordIdentity(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.put(
    '/persons/:id/victim-record',
    {
      schema: {
        tags: ['persons'],
        summary: 'Record or update a victim record',
        params: idParams,
        body: victimRecordInput,
        response: { 200: victimRecordView },
      },
    },
    async (request) => recordVictim(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/cases/:id/charges',
    {
      schema: {
        tags: ['charges'],
        summary: 'Charge a suspect under a provision',
        params: idParams,
        body: createChargeInput,
        response: { 201: chargeView },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addCharge(ctx, await actorOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/charges/:id',
    {
      schema: {
        tags: ['charges'],
        summary: 'Correct a charge',
        params: idParams,
        body: updateChargeInput,
        response: { 200: chargeView },
      },
    },
    async (request) => updateCharge(ctx, await actorOf(request), request.params.id, request.body),
  );
  await Promise.resolve();
};
