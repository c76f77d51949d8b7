/**
 * Deployment and input hygiene, tried through real sign-in and real API tokens: strict date
 * and number parameters, text that is not UTF-8 or holds lone surrogates, look-alike case
 * references, impossible event dates, proxy headers, HTTPS served directly, and the database
 * file's permissions.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines } from '../../test/engines.ts';
import type { TestDatabase } from '../../test/engines.ts';
import { makeAgencies, makeUser } from '../../test/factories.ts';
import { createApiToken } from '../app/auth/tokens.ts';
import { hashPassword } from '../app/auth/passwords.ts';
import { readConfig } from '../config.ts';
import { permissionsOf } from '../core/access/policy.ts';
import type { Role } from '../core/vocabulary.ts';
import { createDb } from '../db/create-db.ts';
import { setPasswordHash } from '../db/repositories/auth.repository.ts';
import { buildServer } from './server.ts';

interface Json {
  [key: string]: unknown;
}

describe.each(engines)('input hygiene on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let token = '';
  let policeId = '';
  const password = 'a long synthetic passphrase 42';
  let username = '';

  beforeAll(async () => {
    db = await engine.open();
    app = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
    const { police } = await makeAgencies(db.ctx);
    policeId = police.id;
    const roles: Role[] = ['supervisor'];
    const user = await makeUser(db.ctx, police.id, roles);
    username = user.username;
    await setPasswordHash(db.handle.db, user.id, await hashPassword(password), false);
    token = (
      await createApiToken(
        db.ctx,
        { id: user.id, username: user.username, agencyId: police.id, roles },
        { name: 'hygiene', scopes: permissionsOf(roles) },
      )
    ).token;
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const auth = () => ({ authorization: `Bearer ${token}` });
  async function get(url: string) {
    const response = await app.inject({ url, headers: auth() });
    return { status: response.statusCode, body: response.json<Json>() };
  }
  async function post(url: string, payload: string | Json) {
    const response = await app.inject({
      method: 'POST',
      url,
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    return { status: response.statusCode, body: response.json<Json>(), text: response.body };
  }
  const paths = (body: Json) => (body.issues as { path: string }[]).map((issue) => issue.path);
  const kase = (reference: string, extra: Json = {}) => ({
    jurisdiction: 'KG',
    reference,
    openedOn: '2016-03-01',
    openingAgencyId: policeId,
    ...extra,
  });

  it('refuses impossible dates and numbers that are not decimal digits, naming the parameter', async () => {
    const bad = [
      ['/api/jurisdictions/kg/conformance?asOf=2016-02-30', 'asOf'],
      ['/api/jurisdictions/kg/timeline?asOf=2015-02-29', 'asOf'],
      ['/api/reports/annual?year=0x7e0', 'year'],
      ['/api/reports/annual?year=2016.0', 'year'],
      ['/api/reports/annual?year=%202016', 'year'],
      ['/api/cases?year=2e3', 'year'],
      ['/api/cases?page=0x2', 'page'],
      ['/api/reports/integrity?year=0x7e0', 'year'],
      ['/api/log/proof/inclusion?index=0x0&size=1', 'index'],
    ] as const;
    for (const [url, field] of bad) {
      const response = await get(url);
      expect(response.status, url).toBe(400);
      expect(JSON.stringify(response.body.issues), url).toContain(field);
    }
    expect((await get('/api/reports/annual?year=2016')).status).toBe(200);
    expect((await get('/api/jurisdictions/kg/conformance?asOf=2016-02-29')).status).toBe(200);
  });

  it('refuses a body that is not UTF-8 or holds a lone surrogate, naming the field, and writes nothing', async () => {
    const before = await get('/api/cases?pageSize=500');
    const invalid = Buffer.concat([
      Buffer.from(`{"jurisdiction":"KG","reference":"UTF-1","openedOn":"2016-03-01",`),
      Buffer.from(`"openingAgencyId":"${policeId}","summary":"caf`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const response = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { ...auth(), 'content-type': 'application/json' },
      payload: invalid,
    });
    expect(response.statusCode).toBe(400);
    expect(paths(response.json<Json>())).toEqual(['summary']);
    const surrogate = await post(
      '/api/cases',
      `{"jurisdiction":"KG","reference":"UTF-2","openedOn":"2016-03-01","openingAgencyId":"${policeId}","summary":"x\\ud800y"}`,
    );
    expect(surrogate.status).toBe(400);
    expect(paths(surrogate.body)).toEqual(['summary']);
    const low = await post('/api/cases', { ...kase('UTF-3'), summary: 'ok' });
    expect(low.status).toBe(201);
    const query = await get('/api/cases?reference=%FF%FE');
    expect(query.status).toBe(400);
    expect(paths(query.body)).toEqual(['query.reference']);
    const lone = await get('/api/cases?reference=%ED%A0%80');
    expect(lone.status).toBe(400);
    expect((await get('/api/cases?pageSize=500')).body.total).toBe(Number(before.body.total) + 1);
  });

  it('normalises references so that two that look the same cannot both exist', async () => {
    expect((await post('/api/cases', kase('KG-2016-77'))).status).toBe(201);
    // Full-width letters and digits are the same reference after NFKC.
    const fullWidth = await post('/api/cases', kase('ＫＧ-２０１６-７７'));
    expect(fullWidth.status).toBe(409);
    for (const hidden of ['KG-2016\u200B-77', 'KG-2016-77\u202E', 'KG\u00AD-2016-77']) {
      const response = await post('/api/cases', kase(hidden));
      expect(response.status, JSON.stringify(hidden)).toBe(400);
      expect(paths(response.body)).toEqual(['reference']);
    }
    const found = await get(`/api/cases?reference=${encodeURIComponent('ＫＧ-２０１６-７７')}`);
    expect(found.body.total).toBe(1);
  });

  it('refuses event dates before the earliest year', async () => {
    const year0 = await post('/api/cases', kase('OLD-1', { openedOn: '0000-01-01' }));
    expect(year0.status).toBe(400);
    expect(paths(year0.body)).toEqual(['openedOn']);
    const early = await post('/api/cases', kase('OLD-2', { openedOn: '1949-12-31' }));
    expect(early.status).toBe(400);
    expect((await post('/api/cases', kase('OLD-3', { openedOn: '1950-01-01' }))).status).toBe(201);
    expect(readConfig({ PALERMO_EARLIEST_YEAR: '1900' }).earliestYear).toBe(1900);
    expect(readConfig({}).earliestYear).toBe(1950);
    expect(() => readConfig({ PALERMO_EARLIEST_YEAR: '0x7e0' })).toThrow(/PALERMO_EARLIEST_YEAR/);
  });

  it('marks cookies Secure and sends HSTS behind a trusted TLS proxy only', async () => {
    const proxied = await buildServer({
      ctx: db.ctx,
      auth: 'required',
      logLevel: 'silent',
      trustProxy: true,
    });
    const signIn = (server: FastifyInstance) =>
      server.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username, password },
      });
    const behind = await signIn(proxied);
    expect(behind.statusCode).toBe(200);
    expect(String(behind.headers['set-cookie'])).toMatch(/; Secure/);
    expect(behind.headers['strict-transport-security']).toMatch(/max-age=/);
    await proxied.close();
    // Without PALERMO_TRUST_PROXY, anyone can send the header: it is ignored.
    const direct = await signIn(app);
    expect(direct.statusCode).toBe(200);
    expect(String(direct.headers['set-cookie'])).not.toMatch(/Secure/);
    expect(direct.headers['strict-transport-security']).toBeUndefined();
  });

  it('serves HTTPS itself with a certificate and key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'palermo-tls-'));
    try {
      const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
        ],
        { stdio: 'ignore' },
      );
      const server = await buildServer({
        ctx: db.ctx,
        auth: 'required',
        logLevel: 'silent',
        tls: { cert: readFileSync(cert), key: readFileSync(key) },
      });
      await server.listen({ port: 0, host: '127.0.0.1' });
      const address = server.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const answer = await new Promise<{ status: number; hsts: unknown }>((resolve, reject) => {
        httpsRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/api/health',
            ca: readFileSync(cert),
            servername: 'localhost',
          },
          (response) => {
            response.resume();
            resolve({
              status: response.statusCode ?? 0,
              hsts: response.headers['strict-transport-security'],
            });
          },
        )
          .on('error', reject)
          .end();
      });
      await server.close();
      expect(answer.status).toBe(200);
      expect(answer.hsts).toMatch(/max-age=/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('database files', () => {
  it('creates the SQLite file readable by its owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'palermo-db-'));
    try {
      const file = join(dir, 'nested', 'palermo.db');
      const handle = createDb(file);
      await handle.close();
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
