import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveActor } from '../app/agencies/actors.ts';
import { resolveSession } from '../app/auth/auth.ts';
import { resolveToken } from '../app/auth/tokens.ts';
import type { Actor, AppContext } from '../app/common/context.ts';
import { DomainError } from '../core/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated actor, resolved once per request by the authentication hook. */
    palermoActor: Actor | null;
  }
}

/**
 * `required`: every API route outside the public list needs a session cookie (with a CSRF
 * token on writes) or an API token. `development`: requests may name their user in the
 * `X-Palermo-User` header; only tests of behaviour other than access use it (serve never does).
 */
export type AuthMode = 'required' | 'development';

export const sessionCookie = 'palermo_session';

/** Routes an outsider may call without signing in: health, docs, sign-in, and what log monitors need. */
const publicRoutes = [
  /^\/api\/health$/,
  /^\/api\/openapi\.json$/,
  /^\/api\/docs(\/.*)?$/,
  /^\/api\/auth\/login$/,
  /^\/api\/log\/(checkpoint|public-key)$/,
  /^\/api\/log\/proof\/(inclusion|consistency)$/,
];

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The value of one cookie in a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** Whether the request arrived over TLS (directly or, with trustProxy, behind a proxy). */
export function isSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/** The Set-Cookie value of the session cookie (or of its removal when `value` is empty). */
export function sessionCookieHeader(value: string, secure: boolean, maxAgeSeconds: number): string {
  return [
    `${sessionCookie}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

async function authenticate(ctx: AppContext, request: FastifyRequest): Promise<Actor> {
  // A read notes the log head seen with its credentials, for its kept answers (one statement).
  const forRead = request.method === 'GET' || request.method === 'HEAD';
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match?.[1] === undefined ? null : await resolveToken(ctx, match[1], { forRead });
    if (actor === null)
      throw new DomainError('Unauthenticated', 'the API token is unknown, expired or revoked');
    return actor;
  }
  const secret = readCookie(request.headers.cookie, sessionCookie);
  if (secret !== null) {
    const session = await resolveSession(ctx, secret, { forRead });
    if (session === null)
      throw new DomainError('Unauthenticated', 'the session has ended; sign in again');
    // A cookie is sent by the browser on its own: writes must also prove they come from our page.
    if (
      unsafeMethods.has(request.method) &&
      request.headers['x-csrf-token'] !== session.csrfToken
    ) {
      throw new DomainError(
        'Forbidden',
        'missing or wrong X-CSRF-Token header for a cookie-authenticated write',
      );
    }
    // A one-time password opens only the way to replace it.
    const path = request.url.split('?')[0] ?? '';
    const passwordChange = `/api/users/${session.actor.id}/password`;
    if (
      session.mustChangePassword &&
      !['/api/auth/me', '/api/auth/logout', passwordChange].includes(path)
    ) {
      throw new DomainError(
        'Forbidden',
        `change your one-time password first (POST ${passwordChange})`,
        {
          details: { passwordChangeRequired: true },
        },
      );
    }
    return session.actor;
  }
  throw new DomainError(
    'Unauthenticated',
    'sign in (POST /api/auth/login) or send an API token (Authorization: Bearer …)',
  );
}

/**
 * Installs authentication: a hook that resolves the actor of every non-public API request
 * (401 without credentials), and returns the `actorOf` function routes use.
 */
export function installAuthentication(
  app: FastifyInstance,
  ctx: AppContext,
  mode: AuthMode,
  devActor: string | null,
): (request: FastifyRequest) => Promise<Actor> {
  app.decorateRequest('palermoActor', null);
  const resolve = (request: FastifyRequest): Promise<Actor> => {
    if (
      mode === 'development' &&
      request.headers.authorization === undefined &&
      readCookie(request.headers.cookie, sessionCookie) === null
    ) {
      const header = request.headers['x-palermo-user'];
      return resolveActor(ctx, typeof header === 'string' && header !== '' ? header : devActor);
    }
    return authenticate(ctx, request);
  };
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') || publicRoutes.some((pattern) => pattern.test(path))) return;
    request.palermoActor = await resolve(request);
  });
  return async (request) => request.palermoActor ?? resolve(request);
}

/** Security headers on every response; a page or route that sets its own CSP keeps it. */
export function installSecurityHeaders(app: FastifyInstance): void {
  // A callback hook: it waits for nothing, so it costs no promise per response.
  app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload, done) => {
    if (!reply.hasHeader('content-security-policy')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      );
    }
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (isSecure(request))
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

/**
 * A sliding-window limit on failed sign-ins, per client address and per account name (known
 * or not): a refused attempt counts against both; a successful one counts against neither.
 * Beyond the limit, either key refuses further attempts until its failures age out.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limit = 10,
    private readonly windowMs = 5 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length === 0) this.failures.delete(key);
    else this.failures.set(key, recent);
    return recent;
  }

  /** Refuses an attempt from `address` on `account` when either has failed too often lately. */
  check(address: string, account: string, now: number): void {
    const minutes = Math.ceil(this.windowMs / 60_000);
    if (this.recent(`address:${address}`, now).length >= this.limit) {
      throw new DomainError(
        'RateLimited',
        `too many failed sign-ins from this address; wait ${minutes} minutes`,
      );
    }
    if (this.recent(`account:${account.toLowerCase()}`, now).length >= this.limit) {
      throw new DomainError(
        'RateLimited',
        `too many failed sign-ins for this account; wait ${minutes} minutes`,
      );
    }
  }

  /** Counts a failed attempt against the address and the account. */
  fail(address: string, account: string, now: number): void {
    for (const key of [`address:${address}`, `account:${account.toLowerCase()}`]) {
      this.failures.set(key, [...this.recent(key, now), now]);
    }
  }
}
