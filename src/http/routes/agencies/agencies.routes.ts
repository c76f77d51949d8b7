import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createAgency,
  getAgency,
  listAgencies,
  listUsers,
  registerUser,
  updateAgency,
  updateUser,
} from '../../../app/agencies/agencies.ts';
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
import { approvalRequestView } from '../../../app/schemas/approvals.schemas.ts';
import { entityId, pageOf } from '../../../app/schemas/common.ts';
import type { RouteDeps } from '../../route-deps.ts';

const idParams = z.object({ id: entityId });

/** A change that waits for a second administrator: the user as it stands, and the request. */
const pendingUserChange = z.object({
  result: z.literal('pending'),
  user: userView,
  approval: approvalRequestView,
});

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
        summary:
          'Create a user (202: created without the roles that open identities or approvals, which wait for a second administrator)',
        body: createUserInput,
        response: { 201: userView, 202: pendingUserChange },
      },
    },
    async (request, reply) => {
      const change = await registerUser(ctx, await actorOf(request), request.body);
      return change.result === 'applied'
        ? reply.status(201).send(change.user)
        : reply.status(202).send(change);
    },
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary:
          'Change a user (202: a role that opens identities or approvals waits for a second administrator)',
        params: idParams,
        body: updateUserInput,
        response: { 200: userView, 202: pendingUserChange },
      },
    },
    async (request, reply) => {
      const change = await updateUser(ctx, await actorOf(request), request.params.id, request.body);
      return change.result === 'applied'
        ? reply.status(200).send(change.user)
        : reply.status(202).send(change);
    },
  );
  await Promise.resolve();
};
