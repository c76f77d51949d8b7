import Fastify from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../core/errors.ts';
import { loadPacks } from '../../../app/statutes/load-packs.ts';
import { shippedJurisdictionsDir } from '../../../config.ts';
import { jurisdictionsRoutes } from './jurisdictions.routes.ts';

const statuses: Record<string, number> = {
  NotFound: 404,
  ValidationFailed: 400,
  UnknownProvision: 400,
};
const shipped = loadPacks(shippedJurisdictionsDir);
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
  await app.register(jurisdictionsRoutes, {
    prefix: '/api',
    statutes: () => shipped,
  });
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
  it('GET /api/jurisdictions/:code/provisions gives each version from when, until when, and as what it took effect', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/jurisdictions/KG/provisions' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      provisions: { id: string; versions: { id: string; [k: string]: unknown }[] }[];
    }>();
    const art124 = body.provisions.find((p) => p.id === 'cc1997-124');
    expect(art124?.versions.map((v) => v.id)).toEqual([
      'cc1997-124-2016',
      'cc1997-124-2018',
      'cc1997-124-amendment-signed',
    ]);
    expect(art124?.versions[0]).toMatchObject({
      status: 'repealed',
      validFrom: null,
      validTo: { notBefore: '2017-03-31', notAfter: '2017-12-31' },
    });
    expect(art124?.versions[0]?.['notBefore']).not.toBeNull();
    expect(art124?.versions[2]).toMatchObject({
      status: 'signed_not_in_force',
      signedBetween: { from: '2016-04-01', to: '2017-03-31' },
      tookEffect: { on: '2019-01-01', as: 'cc2019-171' },
    });
  });

  it('GET /api/jurisdictions lists KG and US', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/jurisdictions' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ jurisdictions: { code: string }[] }>();
    expect(body.jurisdictions.map((j) => j.code).sort()).toEqual(['KG', 'US']);
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

  it('GET conformance and evaluate name the pack assumptions a result rests on', async () => {
    const findings = (
      await app.inject({ method: 'GET', url: '/api/jurisdictions/kg/conformance?asOf=2019-03-31' })
    ).json<{ findings: { code: string; assumptions: { id: string }[] }[] }>().findings;
    expect(findings.find((f) => f.code === 'ACTS_COVERED')?.assumptions).toEqual([
      expect.objectContaining({ id: 'acts-from-tip-definition' }),
    ]);
    expect(findings.find((f) => f.code === 'SUFFICIENTLY_STRINGENT')?.assumptions).toEqual([
      expect.objectContaining({ id: 'acts-from-tip-definition' }),
    ]);
    const evaluation = await app.inject({
      method: 'POST',
      url: '/api/jurisdictions/kg/evaluate',
      payload: {
        offenceDate: '2019-06-01',
        acts: ['recruitment'],
        means: ['force'],
        purposes: ['sexual_exploitation'],
        victimAge: 25,
        aggravating: [],
      },
    });
    const applicable = evaluation.json<{
      applicable: { article: string; assumptionNote: string | null }[];
    }>().applicable;
    expect(applicable.find((e) => e.article === '171')?.assumptionNote).toContain(
      'rests on an assumption of the statute pack',
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

describe('POST /api/jurisdictions/:code/sentence-check', () => {
  const { offenceDate, ...offenceFacts } = facts;
  async function check(code: string, payload: Record<string, unknown>) {
    const res = await app.inject({
      method: 'POST',
      url: `/api/jurisdictions/${code}/sentence-check`,
      payload,
    });
    return {
      status: res.statusCode,
      body: res.json<{
        verdict: string;
        verdicts: string[];
        permittedByStatute: boolean | 'unknown';
        weighsAgainstVigorousSentencing: boolean;
        article: string;
        part: string | null;
        versionId: string;
        branches: string[];
        range: unknown;
        message: string;
      }>(),
    };
  }

  it('finds 8 years under art. 261 within the 5-10 year range for these facts', async () => {
    const { status, body } = await check('kg', {
      article: '261',
      offenceDate,
      facts: offenceFacts,
      sentence: { imprisonmentMonths: 96 },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      article: '261',
      part: null,
      verdict: 'within_range',
      permittedByStatute: true,
      weighsAgainstVigorousSentencing: false,
      range: { minMonths: 60, maxMonths: 120, life: false },
    });
    expect(body.versionId).not.toBe('');
  });

  it('finds 3 years suspended below the minimum, and weighing against vigorous sentencing', async () => {
    const { status, body } = await check('kg', {
      article: '261',
      offenceDate,
      facts: offenceFacts,
      sentence: { imprisonmentMonths: 36, suspended: true },
    });
    expect(status).toBe(200);
    expect(body.verdict).toBe('below_minimum');
    expect(body.verdicts).toEqual(['below_minimum', 'suspended']);
    expect(body.permittedByStatute).toBe(false);
    expect(body.weighsAgainstVigorousSentencing).toBe(true);
  });

  it('refuses an article or part the pack does not have (400), an unknown jurisdiction (404) and a malformed sentence (400)', async () => {
    const sentence = { imprisonmentMonths: 120 };
    expect((await check('kg', { article: '999', offenceDate, sentence })).status).toBe(400);
    const part = await check('us', {
      article: '1591',
      part: '(z)',
      offenceDate: '2010-01-01',
      sentence,
    });
    expect(part.status).toBe(400);
    expect(part.body.message).toContain('(z)');
    expect((await check('fr', { article: '1', offenceDate, sentence })).status).toBe(404);
    expect(
      (await check('kg', { article: '261', offenceDate, sentence: { imprisonmentMonths: -1 } }))
        .status,
    ).toBe(400);
  });

  it('without facts, leaves the age-dependent branches open instead of guessing', async () => {
    const { status, body } = await check('kg', {
      article: '261',
      offenceDate,
      sentence: { imprisonmentMonths: 60 },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ verdict: 'undetermined', permittedByStatute: 'unknown' });
    expect(body.branches).toEqual(['adult', 'child-14-17', 'child-under-14']);
  });

  it('accepts a part the article declares and echoes it', async () => {
    const { status, body } = await check('us', {
      article: '1591',
      part: '(b)(2)',
      offenceDate: '2010-01-01',
      sentence: { imprisonmentMonths: 60 },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ article: '1591', part: '(b)(2)', versionId: 'usc18-1591-2000' });
  });
});
