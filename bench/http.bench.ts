/**
 * HTTP reads against a bare Fastify route serving the same JSON (issue 16, docs/SCALING.md):
 * the health check, the case list (25 cases, with an API token) and the annual report, each
 * driven by autocannon in a child process (10 connections, keep-alive) so the load generator
 * does not share the servers' event loop. Both servers run in this process, one after the
 * other, on the same demo database; the ratio is Palermo's requests per second over the bare
 * route's. Duration per run: PALERMO_BENCH_HTTP_SECONDS (default 5).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createUser, listAgencies } from '../src/app/agencies.ts';
import { createApiToken } from '../src/app/auth/auth.ts';
import { createAppContext, systemActor } from '../src/app/context.ts';
import { findActor } from '../src/app/agencies.ts';
import { loadDemo } from '../src/app/demo/demo.ts';
import { readConfig } from '../src/config.ts';
import { createDb, migrateOrThrow } from '../src/db/create-db.ts';
import { buildServer } from '../src/http/server.ts';

const seconds = Number(process.env['PALERMO_BENCH_HTTP_SECONDS'] ?? 5);
const autocannon = fileURLToPath(
  new URL('../node_modules/autocannon/autocannon.js', import.meta.url),
);
const line = (text: string) => process.stdout.write(`${text}\n`);

/** Requests per second (mean) that autocannon reached on the URL; fails on any non-2xx. */
async function load(url: string, token: string | null): Promise<number> {
  const args = [autocannon, '-c', '10', '-d', String(seconds), '-j'];
  if (token !== null) args.push('-H', `authorization=Bearer ${token}`);
  // Asynchronously: the servers answer from this process's event loop meanwhile.
  const { stdout: out } = await promisify(execFile)(process.execPath, [...args, url], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = JSON.parse(out) as {
    requests: { average: number };
    non2xx: number;
    errors: number;
  };
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'palermo-http-bench-'));
  const handle = createDb(join(dir, 'bench.db'));
  try {
    await migrateOrThrow(handle.db);
    const ctx = createAppContext(handle.db, handle.engine, readConfig({ PALERMO_DATA_DIR: dir }));
    await loadDemo(ctx);
    const agency = (await listAgencies(ctx, systemActor, {})).items[0];
    if (agency === undefined) throw new Error('the demo has no agency');
    const user = await createUser(ctx, systemActor, {
      agencyId: agency.id,
      username: 'bench.reader',
      displayName: 'Bench reader',
      roles: ['supervisor'],
    });
    const actor = (await findActor(ctx, user.id))?.actor;
    if (actor === undefined) throw new Error('no actor');
    const { token } = await createApiToken(ctx, actor, {
      name: 'bench',
      scopes: ['case.read', 'report.read'],
    });
    const paths = [
      ['GET /api/health', '/api/health', null],
      ['GET /api/cases?pageSize=25 (token)', '/api/cases?pageSize=25', token],
      ['GET /api/reports/annual?year=2016 (token)', '/api/reports/annual?year=2016', token],
    ] as const;

    const palermo = await buildServer({ ctx, auth: 'required', logLevel: 'silent' });
    const palermoUrl = await listen(palermo);
    const bodies = new Map<string, string>();
    const measured = new Map<string, number>();
    for (const [name, path, auth] of paths) {
      const response = await fetch(`${palermoUrl}${path}`, {
        headers: auth === null ? {} : { authorization: `Bearer ${auth}` },
      });
      if (!response.ok) throw new Error(`${name}: ${response.status}`);
      bodies.set(path, await response.text());
      measured.set(name, await load(`${palermoUrl}${path}`, auth));
    }
    await palermo.close();

    // The bare reference: the same bytes, no authentication, schema, hooks or database.
    const bare = Fastify({ logger: false });
    for (const [, path] of paths) {
      const body = bodies.get(path) ?? '';
      bare.get(path.split('?')[0] ?? path, (_request, reply) =>
        reply.type('application/json; charset=utf-8').send(body),
      );
    }
    const bareUrl = await listen(bare);
    line('path | Palermo req/s | bare Fastify, same JSON, req/s | ratio');
    for (const [name, path, auth] of paths) {
      const reference = await load(`${bareUrl}${path}`, auth);
      const ours = measured.get(name) ?? 0;
      line(
        `${name} | ${ours.toFixed(0)} | ${reference.toFixed(0)} | ${((100 * ours) / reference).toFixed(1)}%`,
      );
    }
    await bare.close();
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
