import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiToken, listTokens, revokeToken, tokenInput } from '../../../app/auth/tokens.ts';
import { login, logout, resolveSession, sessionLifetimeMs } from '../../../app/auth/auth.ts';
import { setPassword } from '../../../app/auth/passwords.ts';
import { permissions, permissionsOf } from '../../../core/access/policy.ts';
import { roles } from '../../../core/vocabulary.ts';
import { approvalRequestView } from '../../../app/schemas/approvals.schemas.ts';
import { entityId } from '../../../app/schemas/common.ts';
import {
  isSecure,
  LoginRateLimiter,
  readCookie,
  sessionCookie,
  sessionCookieHeader,
} from '../../auth.ts';
import type { RouteDeps } from '../../route-deps.ts';

const meView = z.object({
  id: z.string(),
  username: z.string(),
  agencyId: z.string().nullable(),
  roles: z.array(z.enum(roles)),
  permissions: z.array(z.enum(permissions)),
  csrfToken: z.string().nullable(),
  mustChangePassword: z.boolean().optional(),
});

const tokenView = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(permissions)).readonly(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** Sign-in, sign-out, the current user, passwords and API tokens. */
export const authRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  const limiter = new LoginRateLimiter();
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets an HttpOnly session cookie and returns the CSRF token',
        body: z.object({
          username: z.string().min(1).max(100),
          password: z.string().min(1).max(256),
        }),
        response: { 200: meView },
      },
    },
    async (request, reply) => {
      limiter.check(request.ip, request.body.username, ctx.now().getTime());
      let grant: Awaited<ReturnType<typeof login>>;
      try {
        grant = await login(ctx, request.body, request.ip);
      } catch (error) {
        limiter.fail(request.ip, request.body.username, ctx.now().getTime());
        throw error;
      }
      reply.header(
        'set-cookie',
        sessionCookieHeader(
          grant.sessionSecret,
          isSecure(request),
          Math.floor(sessionLifetimeMs / 1000),
        ),
      );
      return {
        id: grant.actor.id,
        username: grant.actor.username,
        agencyId: grant.actor.agencyId,
        roles: [...grant.actor.roles],
        permissions: permissionsOf(grant.actor.roles),
        csrfToken: grant.csrfToken,
        mustChangePassword: grant.mustChangePassword,
      };
    },
  );
  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = await actorOf(request);
      const secret = readCookie(request.headers.cookie, sessionCookie);
      if (secret !== null) await logout(ctx, actor, secret);
      reply.header('set-cookie', sessionCookieHeader('', isSecure(request), 0));
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, roles, permissions and CSRF token',
        response: { 200: meView },
      },
    },
    async (request) => {
      const actor = await actorOf(request);
      const secret = readCookie(request.headers.cookie, sessionCookie);
      const session = secret === null ? null : await resolveSession(ctx, secret);
      const effective = actor.scopes ?? permissionsOf(actor.roles);
      return {
        id: actor.id,
        username: actor.username,
        agencyId: actor.agencyId,
        roles: [...actor.roles],
        permissions: [...effective],
        csrfToken: session?.csrfToken ?? null,
        mustChangePassword: session?.mustChangePassword ?? false,
      };
    },
  );
  app.post(
    '/users/:id/password',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Set a password (your own with the current one; anyone’s as administrator). 202: the user’s roles open identities or approvals, so a different administrator must approve, and receives a one-time password; the password sent is not used',
        params: z.object({ id: entityId }),
        body: z.object({
          password: z
            .string()
            .optional()
            .describe('required, except for a reset that waits for approval (202)'),
          currentPassword: z.string().optional(),
        }),
        response: {
          204: z.null(),
          202: z.object({ result: z.literal('pending'), approval: approvalRequestView }),
        },
      },
    },
    async (request, reply) => {
      const change = await setPassword(
        ctx,
        await actorOf(request),
        request.params.id,
        request.body,
      );
      return change.result === 'applied'
        ? reply.status(204).send(null)
        : reply.status(202).send(change);
    },
  );
  app.get(
    '/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Your API tokens',
        response: { 200: z.object({ items: z.array(tokenView) }) },
      },
    },
    async (request) => ({
      items: await listTokens(ctx, await actorOf(request)),
    }),
  );
  app.post(
    '/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (the secret is shown once)',
        body: tokenInput,
        response: { 201: tokenView.extend({ token: z.string() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createApiToken(ctx, await actorOf(request), request.body)),
  );
  app.delete(
    '/auth/tokens/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: z.object({ id: entityId }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await revokeToken(ctx, await actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  await Promise.resolve();
};
