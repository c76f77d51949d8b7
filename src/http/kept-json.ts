import type { FastifyReply } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';

/**
 * A response body serialised once per value: for values that are kept and frozen (the annual
 * report kept for the audit log's head, the health state of the last second), whose JSON
 * cannot change while the same object is answered again. The text is what the route's own
 * response serialiser makes (the Zod schema's validation and encoding, then JSON), so a kept
 * answer is checked against its schema once instead of on every request.
 */
export function keptJson<T extends object>(
  schema: ZodType<T>,
  route: { readonly method: string; readonly url: string },
): (reply: FastifyReply, value: T) => FastifyReply {
  const serialize = serializerCompiler({ schema, ...route, httpStatus: '200' });
  const bodies = new WeakMap<T, Buffer>();
  return (reply, value) => {
    let body = bodies.get(value);
    if (body === undefined) {
      // Kept as UTF-8 bytes: a string would be encoded again on every answer (for a 4 MB
      // report, sending the string took twice as long as sending its bytes).
      body = Buffer.from(serialize(value), 'utf8');
      bodies.set(value, body);
    }
    // Bytes with a JSON content type are sent as they are (Fastify serialises only objects).
    return reply.type('application/json; charset=utf-8').send(body);
  };
}
