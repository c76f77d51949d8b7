import type { FastifyRequest } from 'fastify';
import type { Actor } from '../app/common/context.ts';
import { DomainError } from '../core/errors.ts';

/** Requests to a public endpoint per reader in a window: enough to read every year, not to sweep. */
export const publicRequestLimit = { requests: 120, windowMs: 10 * 60_000 } as const;

/**
 * The gate of a public endpoint (issue 18): each request is logged (who, what was asked, never a
 * figure nor personal data) and counted per reader in a sliding window; beyond the limit, 429.
 */
export function publicRequestGate(event: string) {
  const seen = new Map<string, number[]>();
  return (request: FastifyRequest, actor: Actor, asked: Record<string, unknown>): void => {
    const now = Date.now();
    const recent = (seen.get(actor.id) ?? []).filter((t) => t > now - publicRequestLimit.windowMs);
    recent.push(now);
    seen.set(actor.id, recent);
    request.log.info({ event, actor: actor.id, ...asked }, 'public output requested');
    if (recent.length > publicRequestLimit.requests)
      throw new DomainError(
        'RateLimited',
        `too many requests for published figures; wait ${publicRequestLimit.windowMs / 60_000} minutes`,
      );
  };
}
