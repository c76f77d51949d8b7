import Fastify from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../core/errors.ts';
import { jurisdictionsRoutes } from './jurisdictions.routes.ts';

const statuses: Record<string, number> = {
  NotFound: 404,
  ValidationFailed: 400,
  UnknownProvision: 400,
};
const app = Fastify().withTypeProvider<ZodTypeProvider>();
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);
app.setErrorHandler((error, _request, reply) => {
  if (error instanceof DomainError) {
    const status = statuses[error.code] ?? 500;
    return reply.status(status).send({ error: error.code, message: error.message });
  }
  const status =
    typeof error === 'object' &&
    error !== null &&
    'statusCode' in error &&
    typeof error.statusCode === 'number'
      ? error.statusCode
      : 500;
  return reply
    .status(status)
    .send({ error: 'Error', message: error instanceof Error ? error.message : String(error) });
});

beforeAll(async () => {
  await app.register(jurisdictionsRoutes, { prefix: '/api' });
  await app.ready();
});
afterAll(() => app.close());

const facts = {
  offenceDate: '2016-06-01',
  acts: ['recruitment'],
  means: [],
  purposes: ['sexual_exploitation'],
  victimAge: 15,
  aggravating: [],
};

describe('jurisdictions routes', () => {
  it('GET /api/jurisdictions lists KG and US', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/jurisdictions' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ jurisdictions: { code: string }[] }>();
    expect(body.jurisdictions.map((j) => j.code).sort()).toEqual(['kg', 'us']);
  });

  it('GET conformance returns findings with code, severity and article', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/jurisdictions/kg/conformance?asOf=2016-12-31',
    });
    expect(res.statusCode).toBe(200);
    const { findings } = res.json<{
      findings: { code: string; severity: string; article: string | null }[];
    }>();
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'CHILD_MEANS_REQUIRED', severity: 'gap', article: '124' }),
    );
  });

  it('GET conformance without asOf is a 400; an unknown jurisdiction a 404', async () => {
    expect(
      (await app.inject({ method: 'GET', url: '/api/jurisdictions/kg/conformance' })).statusCode,
    ).toBe(400);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/api/jurisdictions/fr/conformance?asOf=2016-12-31',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('POST evaluate: art. 261 applies with 5-10 years, art. 124 does not (means unmet)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/jurisdictions/kg/evaluate',
      payload: facts,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      applicable: { article: string; imprisonment: { minMonths: number; maxMonths: number } }[];
      notApplicable: { article: string; unmet: string[] }[];
    }>();
    expect(body.applicable).toEqual([
      expect.objectContaining({
        article: '261',
        imprisonment: { minMonths: 60, maxMonths: 120, life: false },
      }),
    ]);
    expect(body.notApplicable.find((n) => n.article === '124')?.unmet[0]).toMatch(/^means/);
  });

  it('POST evaluate refuses a term outside the vocabulary', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/jurisdictions/kg/evaluate',
      payload: { ...facts, means: ['magic'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toContain('"magic"');
  });
});
