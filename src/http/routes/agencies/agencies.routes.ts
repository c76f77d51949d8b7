import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createAgency,
  createUser,
  getAgency,
  listAgencies,
  listUsers,
  updateAgency,
  updateUser,
} from '../../../app/agencies.ts';
import {
  agencyView,
  createAgencyInput,
  createUserInput,
  listAgenciesQuery,
  listUsersQuery,
  updateAgencyInput,
  updateUserInput,
  userView,
} from '../../../app/schemas/agencies.schemas.ts';
import { entityId, pageOf } from '../../../app/schemas/common.ts';
import type { RouteDeps } from '../../route-deps.ts';

const idParams = z.object({ id: entityId });

/** Agencies and users. */
export const agenciesRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  app.get(
    '/agencies',
    {
      schema: {
        tags: ['agencies'],
        summary: 'List agencies',
        querystring: listAgenciesQuery,
        response: { 200: pageOf(agencyView) },
      },
    },
    async (request) => listAgencies(ctx, await actorOf(request), request.query),
  );
  app.post(
    '/agencies',
    {
      schema: {
        tags: ['agencies'],
        summary: 'Register an agency',
        body: createAgencyInput,
        response: { 201: agencyView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAgency(ctx, await actorOf(request), request.body)),
  );
  app.get(
    '/agencies/:id',
    {
      schema: {
        tags: ['agencies'],
        summary: 'One agency',
        params: idParams,
        response: { 200: agencyView },
      },
    },
    async (request) => getAgency(ctx, await actorOf(request), request.params.id),
  );
  app.patch(
    '/agencies/:id',
    {
      schema: {
        tags: ['agencies'],
        summary: 'Change an agency',
        params: idParams,
        body: updateAgencyInput,
        response: { 200: agencyView },
      },
    },
    async (request) => updateAgency(ctx, await actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List users',
        querystring: listUsersQuery,
        response: { 200: pageOf(userView) },
      },
    },
    async (request) => listUsers(ctx, await actorOf(request), request.query),
  );
  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: createUserInput,
        response: { 201: userView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createUser(ctx, await actorOf(request), request.body)),
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user',
        params: idParams,
        body: updateUserInput,
        response: { 200: userView },
      },
    },
    async (request) => updateUser(ctx, await actorOf(request), request.params.id, request.body),
  );
  await Promise.resolve();
};
