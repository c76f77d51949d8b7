import {
  listPublishedFigures,
  recordPublishedFigures,
} from '../../../app/reports/published-figures.ts';
import {
  listPublishedFiguresQuery,
  publishedFiguresView,
  recordPublishedFiguresInput,
} from '../../../app/schemas/published-figures.schemas.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { historyOf } from '../../../app/integrity/history.ts';
import {
  advanceAllegation,
  createAllegation,
  listAllegations,
  updateAllegation,
} from '../../../app/registers/complicity.ts';
import { certifyPeriod, listCertifications } from '../../../app/registers/certifications.ts';
import { createTraining, listTrainings, updateTraining } from '../../../app/registers/training.ts';
import { historyTypes } from '../../../app/audit/entities.ts';
import { entityId, pageOf } from '../../../app/schemas/common.ts';
import {
  allegationStepInput,
  allegationView,
  certificationView,
  certifyPeriodInput,
  createAllegationInput,
  createTrainingInput,
  historyEntryView,
  listAllegationsQuery,
  listCertificationsQuery,
  listTrainingsQuery,
  trainingView,
  updateAllegationInput,
  updateTrainingInput,
} from '../../../app/schemas/registers.schemas.ts';
import type { RouteDeps } from '../../route-deps.ts';

const idParams = z.object({ id: entityId });
const historyParams = z.object({
  entityType: z.enum(historyTypes),
  id: entityId,
});

/** Training register, complicity register, period certifications and record histories. */
export const registersRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  app.get(
    '/trainings',
    {
      schema: {
        tags: ['trainings'],
        summary: 'List training events',
        querystring: listTrainingsQuery,
        response: { 200: pageOf(trainingView) },
      },
    },
    async (request) => listTrainings(ctx, await actorOf(request), request.query),
  );
  app.post(
    '/trainings',
    {
      schema: {
        tags: ['trainings'],
        summary: 'Record a training event',
        body: createTrainingInput,
        response: { 201: trainingView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createTraining(ctx, await actorOf(request), request.body)),
  );
  app.patch(
    '/trainings/:id',
    {
      schema: {
        tags: ['trainings'],
        summary: 'Correct a training event',
        params: idParams,
        body: updateTrainingInput,
        response: { 200: trainingView },
      },
    },
    async (request) => updateTraining(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/complicity-allegations',
    {
      schema: {
        tags: ['complicity'],
        summary: 'List complicity allegations',
        querystring: listAllegationsQuery,
        response: { 200: pageOf(allegationView) },
      },
    },
    async (request) => listAllegations(ctx, await actorOf(request), request.query),
  );
  app.post(
    '/complicity-allegations',
    {
      schema: {
        tags: ['complicity'],
        summary: 'Register a complicity allegation',
        body: createAllegationInput,
        response: { 201: allegationView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAllegation(ctx, await actorOf(request), request.body)),
  );
  app.patch(
    '/complicity-allegations/:id',
    {
      schema: {
        tags: ['complicity'],
        summary: 'Correct an allegation',
        params: idParams,
        body: updateAllegationInput,
        response: { 200: allegationView },
      },
    },
    async (request) =>
      updateAllegation(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/complicity-allegations/:id/steps',
    {
      schema: {
        tags: ['complicity'],
        summary: 'Assign, investigate or conclude an allegation',
        params: idParams,
        body: allegationStepInput,
        response: { 200: allegationView },
      },
    },
    async (request) =>
      advanceAllegation(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/certifications',
    {
      schema: {
        tags: ['certifications'],
        summary: 'List period certifications',
        querystring: listCertificationsQuery,
        response: { 200: pageOf(certificationView) },
      },
    },
    async (request) => listCertifications(ctx, await actorOf(request), request.query),
  );
  app.post(
    '/certifications',
    {
      schema: {
        tags: ['certifications'],
        summary: "Certify an agency's data for a period as complete",
        body: certifyPeriodInput,
        response: { 201: certificationView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await certifyPeriod(ctx, await actorOf(request), request.body)),
  );
  app.get(
    '/published-figures',
    {
      schema: {
        tags: ['certifications'],
        summary:
          "Years' aggregate figures as a publication printed them, with their source (for periods without records)",
        querystring: listPublishedFiguresQuery,
        response: { 200: z.object({ items: z.array(publishedFiguresView) }) },
      },
    },
    async (request) => ({
      items: await listPublishedFigures(ctx, await actorOf(request), request.query),
    }),
  );
  app.post(
    '/published-figures',
    {
      schema: {
        tags: ['certifications'],
        summary:
          "Record a year's figures as a publication printed them, with the source; with `version`, replace them",
        body: recordPublishedFiguresInput,
        response: { 201: publishedFiguresView },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await recordPublishedFigures(ctx, await actorOf(request), request.body)),
  );
  app.get(
    '/history/:entityType/:id',
    {
      schema: {
        tags: ['history'],
        summary: "A record's history of changes, from the audit log",
        params: historyParams,
        response: { 200: z.object({ entries: z.array(historyEntryView) }) },
      },
    },
    async (request) => ({
      entries: await historyOf(
        ctx,
        await actorOf(request),
        request.params.entityType,
        request.params.id,
      ),
    }),
  );
  await Promise.resolve();
};
