import { promisify } from 'node:util';
import { gzip, constants } from 'node:zlib';
import type { FastifyReply } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';

const gzipped = promisify(gzip);

/** Whether the request's Accept-Encoding takes gzip (and does not refuse it with q=0). */
function acceptsGzip(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .toLowerCase()
    .split(',')
    .some((part) => {
      const [coding = '', ...params] = part.split(';').map((p) => p.trim());
      if (coding !== 'gzip' && coding !== '*') return false;
      const q = params.find((p) => p.startsWith('q='));
      return q === undefined || Number(q.slice(2)) > 0;
    });
}

interface Kept {
  readonly body: Buffer;
  gzip?: Promise<Buffer>;
}

/** Bodies smaller than this are sent as they are: compressing them saves less than it costs. */
const gzipFrom = 64 * 1024;

/**
 * A response body serialised once per value: for values that are kept and frozen (the annual
 * report kept for the audit log's head, the health state of the last second), whose JSON
 * cannot change while the same object is answered again. The text is what the route's own
 * response serialiser makes (the Zod schema's validation and encoding, then JSON), so a kept
 * answer is checked against its schema once instead of on every request. A large body is also
 * kept gzipped, once, for clients that accept it (every browser, Node's fetch): the report with
 * the ids behind every figure is several megabytes of JSON, ten times smaller compressed, and
 * sending it whole cost more than everything else a repeated answer does.
 */
export function keptJson<T extends object>(
  schema: ZodType<T>,
  route: { readonly method: string; readonly url: string },
): (reply: FastifyReply, value: T) => FastifyReply | Promise<FastifyReply> {
  const serialize = serializerCompiler({ schema, ...route, httpStatus: '200' });
  const bodies = new WeakMap<T, Kept>();
  return (reply, value) => {
    let kept = bodies.get(value);
    if (kept === undefined) {
      // Kept as UTF-8 bytes: a string would be encoded again on every answer (for a 4 MB
      // report, sending the string took twice as long as sending its bytes).
      kept = { body: Buffer.from(serialize(value), 'utf8') };
      bodies.set(value, kept);
    }
    reply.type('application/json; charset=utf-8');
    if (kept.body.length < gzipFrom) return reply.send(kept.body);
    reply.header('vary', 'accept-encoding');
    if (!acceptsGzip(reply.request.headers['accept-encoding'])) return reply.send(kept.body);
    // The fastest level: most of the size goes at any level, and the first answer waits for it.
    kept.gzip ??= gzipped(kept.body, { level: constants.Z_BEST_SPEED });
    // Bytes with a JSON content type are sent as they are (Fastify serialises only objects).
    return kept.gzip.then((body) => reply.header('content-encoding', 'gzip').send(body));
  };
}
