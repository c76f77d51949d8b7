/**
 * HTTP reads against a bare Fastify route serving the same JSON (issue 16, docs/SCALING.md):
 * the health check, the case list (25 cases), a case page and the annual report (with an API
 * token), each driven by autocannon in a child process (10 connections, keep-alive). Palermo
 * and the bare route listen at the same time and are driven in turn, PALERMO_BENCH_HTTP_ROUNDS
 * times each (default 3) for PALERMO_BENCH_HTTP_SECONDS (default 3), after one unmeasured second
 * each to warm up, so both see the same machine load; printed: the median requests per second, their ratio, and the median server
 * CPU per request (this process's CPU time over the requests served). SQLite always;
 * PostgreSQL when PALERMO_BENCH_DATABASE_URL is set (a schema made for the run and dropped).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createUser, listAgencies } from '../src/app/agencies/agencies.ts';
import { createApiToken } from '../src/app/auth/tokens.ts';
import { createAppContext, systemActor } from '../src/app/common/context.ts';
import { findActor } from '../src/app/agencies/agencies.ts';
import { loadDemo } from '../src/app/demo/demo.ts';
import { readConfig } from '../src/config.ts';
import { createDb, migrateOrThrow } from '../src/db/create-db.ts';
import type { DatabaseHandle } from '../src/db/create-db.ts';
import { listCases } from '../src/app/cases/cases.ts';
import { buildServer } from '../src/http/server.ts';

const seconds = Number(process.env['PALERMO_BENCH_HTTP_SECONDS'] ?? 3);
const rounds = Number(process.env['PALERMO_BENCH_HTTP_ROUNDS'] ?? 3);
const autocannon = fileURLToPath(
  new URL('../node_modules/autocannon/autocannon.js', import.meta.url),
);
const line = (text: string) => process.stdout.write(`${text}\n`);

/** Requests per second (mean) that autocannon reached on the URL; fails on any non-2xx. */
async function load(url: string, token: string | null, duration = seconds): Promise<number> {
  const args = [autocannon, '-c', '10', '-d', String(duration), '-j'];
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

/**
 * CPU time (µs) the database server's processes serving `db` have used so far, when they run on
 * this machine (Linux's /proc): on two cores PostgreSQL's backend competes with this process
 * for CPU, and this process's own CPU figure leaves it out. Null where it cannot be read.
 */
function databaseCpu(db: DatabaseHandle['db'], application: string): () => Promise<number | null> {
  return async () => {
    const { rows } = await sql<{
      pid: number;
    }>`select pid from pg_stat_activity where application_name = ${application}`.execute(db);
    if (rows.length === 0) return null;
    let ticks = 0;
    for (const { pid } of rows) {
      try {
        // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        return null; // not on this machine, or not Linux
      }
    }
    // Clock ticks are 1/100 s on Linux (USER_HZ).
    return Number.isFinite(ticks) ? ticks * 10_000 : null;
  };
}

/** Palermo's and the bare route's requests per second and server CPU per request, interleaved. */
async function compare(
  ours: string,
  bare: string,
  token: string | null,
  dbCpu: (() => Promise<number | null>) | null,
): Promise<{ ours: number; bare: number; oursCpu: number; bareCpu: number; dbCpu: number }> {
  const runs = {
    ours: [] as number[],
    bare: [] as number[],
    oursCpu: [] as number[],
    bareCpu: [] as number[],
    dbCpu: [] as number[],
  };
  // One unmeasured second on each first: the first requests of a path carry the warm-up of its
  // code (V8's compilation, pg's and Kysely's first statements), which is not the path's cost.
  for (const url of [ours, bare]) await load(url, token, 1);
  for (let round = 0; round < rounds; round++) {
    for (const [which, url] of [
      ['ours', ours],
      ['bare', bare],
    ] as const) {
      const dbBefore = which === 'ours' && dbCpu !== null ? await dbCpu() : null;
      const before = process.cpuUsage();
      const rate = await load(url, token);
      const used = process.cpuUsage(before);
      const dbAfter = dbBefore === null || dbCpu === null ? null : await dbCpu();
      if (dbBefore !== null && dbAfter !== null)
        runs.dbCpu.push((dbAfter - dbBefore) / (rate * seconds));
      runs[which].push(rate);
      // Server CPU (this process; autocannon runs in a child) per request, in microseconds.
      runs[which === 'ours' ? 'oursCpu' : 'bareCpu'].push(
        (used.user + used.system) / (rate * seconds),
      );
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  return {
    ours: median(runs.ours),
    bare: median(runs.bare),
    oursCpu: median(runs.oursCpu),
    bareCpu: median(runs.bareCpu),
    dbCpu: median(runs.dbCpu),
  };
}

async function measure(
  engine: string,
  handle: DatabaseHandle,
  dir: string,
  dbCpu: (() => Promise<number | null>) | null = null,
): Promise<void> {
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
  const caseId = (await listCases(ctx, actor, { pageSize: 1 })).items[0]?.id;
  if (caseId === undefined) throw new Error('the demo has no case');
  const paths = [
    ['GET /api/health', '/api/health', null],
    ['GET /api/cases?pageSize=25 (token)', '/api/cases?pageSize=25', token],
    ['GET /api/cases/:id (token)', `/api/cases/${caseId}`, token],
    ['GET /api/reports/annual?year=2016 (token)', '/api/reports/annual?year=2016', token],
  ] as const;

  // Request logging off: `serve` logs two lines per request at its default level (info), which
  // this does not measure.
  const palermo = await buildServer({ ctx, auth: 'required', logLevel: 'silent' });
  const palermoUrl = await listen(palermo);
  // The bare reference: the same bytes, no authentication, schema, hooks or database.
  const bare = Fastify({ logger: false });
  for (const [name, path, auth] of paths) {
    const response = await fetch(`${palermoUrl}${path}`, {
      headers: auth === null ? {} : { authorization: `Bearer ${auth}` },
    });
    if (!response.ok) throw new Error(`${name}: ${response.status}`);
    const body = await response.text();
    bare.get(path.split('?')[0] ?? path, (_request, reply) =>
      reply.type('application/json; charset=utf-8').send(body),
    );
  }
  const bareUrl = await listen(bare);
  line(
    `${engine}: path | Palermo req/s | bare Fastify, same JSON, req/s | ratio | server CPU µs/request, Palermo / bare${dbCpu === null ? '' : ' | database CPU µs/request (Palermo)'} | load average`,
  );
  try {
    for (const [name, path, auth] of paths) {
      const r = await compare(`${palermoUrl}${path}`, `${bareUrl}${path}`, auth, dbCpu);
      const db =
        dbCpu === null ? '' : ` | ${Number.isNaN(r.dbCpu) ? 'unknown' : r.dbCpu.toFixed(0)}`;
      line(
        `${engine}: ${name} | ${r.ours.toFixed(0)} | ${r.bare.toFixed(0)} | ${((100 * r.ours) / r.bare).toFixed(1)}% (target ${path === '/api/health' ? 50 : 25}%) | ${r.oursCpu.toFixed(0)} / ${r.bareCpu.toFixed(0)}${db} | ${loadavg()[0]?.toFixed(1) ?? '?'}`,
      );
    }
  } finally {
    await palermo.close();
    await bare.close();
  }
  line(
    `${engine}: peak memory of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'palermo-http-bench-'));
  try {
    const handle = createDb(join(dir, 'bench.db'));
    try {
      await measure('sqlite', handle, dir);
    } finally {
      await handle.close();
    }
    const url = process.env['PALERMO_BENCH_DATABASE_URL'];
    if (url === undefined || url === '') {
      line('postgres: skipped (set PALERMO_BENCH_DATABASE_URL to run it)');
      return;
    }
    const schema = `bench_${randomBytes(6).toString('hex')}`;
    const admin = createDb(url);
    await sql`create schema ${sql.id(schema)}`.execute(admin.db);
    try {
      const scoped = new URL(url);
      scoped.searchParams.set('options', `-c search_path=${schema}`);
      // Names the bench's connections, to find their backends' CPU time.
      scoped.searchParams.set('application_name', schema);
      const handle = createDb(scoped.toString());
      try {
        await measure('postgres', handle, dir, databaseCpu(admin.db, schema));
      } finally {
        await handle.close();
      }
    } finally {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
