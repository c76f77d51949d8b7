import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { keptJson } from './kept-json.ts';

const schema = z.object({ ids: z.array(z.string()) });

async function serve(value: z.infer<typeof schema>) {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const send = keptJson(schema, { method: 'GET', url: '/kept' });
  app.get('/kept', (_request, reply) => send(reply, value));
  await app.ready();
  return app;
}

describe('a kept JSON answer', () => {
  it('is sent gzipped to a client that takes gzip, the same JSON once inflated', async () => {
    const value = { ids: Array.from({ length: 20_000 }, (_, i) => `person:${i}`) };
    const app = await serve(value);
    try {
      for (const encoding of ['gzip, deflate', 'br;q=1, gzip;q=0.5', '*']) {
        const response = await app.inject({
          method: 'GET',
          url: '/kept',
          headers: { 'accept-encoding': encoding },
        });
        expect(response.headers['content-encoding']).toBe('gzip');
        expect(response.headers.vary).toBe('accept-encoding');
        expect(response.rawPayload.length).toBeLessThan(JSON.stringify(value).length / 4);
        expect(JSON.parse(gunzipSync(response.rawPayload).toString('utf8'))).toEqual(value);
      }
      for (const encoding of [undefined, 'identity', 'gzip;q=0', 'deflate']) {
        const response = await app.inject({
          method: 'GET',
          url: '/kept',
          headers: encoding === undefined ? {} : { 'accept-encoding': encoding },
        });
        expect(response.headers['content-encoding']).toBeUndefined();
        expect(response.json()).toEqual(value);
      }
    } finally {
      await app.close();
    }
  });

  it('is sent as it is when small', async () => {
    const app = await serve({ ids: ['case:1'] });
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/kept',
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.json()).toEqual({ ids: ['case:1'] });
    } finally {
      await app.close();
    }
  });
});
