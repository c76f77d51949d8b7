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
  const texts = new WeakMap<T, string>();
  return (reply, value) => {
    let text = texts.get(value);
    if (text === undefined) {
      text = serialize(value);
      texts.set(value, text);
    }
    // A string with a JSON content type is sent as it is (Fastify serialises only objects).
    return reply.type('application/json; charset=utf-8').send(text);
  };
}
