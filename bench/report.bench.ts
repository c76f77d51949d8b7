/**
 * The annual report over N synthetic cases (default 1,000,000) against the bare aggregate SQL
 * that computes the same investigations, prosecutions and convictions for the year. DESIGN §9:
 * within 3× of the bare SQL. SQLite always (temp file); PostgreSQL when
 * PALERMO_BENCH_DATABASE_URL is set (a schema made for the run and dropped after it).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createAppContext } from '../src/app/context.ts';
import { computeReport } from '../src/app/reports/annual-report.ts';
import { reportPeriods } from '../src/core/stats/period.ts';
import { createDb, migrateOrThrow } from '../src/db/create-db.ts';
import { fetchStatsRows } from '../src/db/repositories/stats.repository.ts';
import type { DatabaseHandle } from '../src/db/create-db.ts';
import { agencyRows, generateCases, kyselySink, sqliteSink, synthetic } from './generate.ts';

const year = 2016;

function sizeArgument(): number {
  const index = process.argv.indexOf('--size');
  const raw =
    index >= 0
      ? process.argv[index + 1]
      : process.argv.find((a) => a.startsWith('--size='))?.slice(7);
  const size = raw === undefined ? 1_000_000 : Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`--size: ${raw} is not a positive integer`);
  return size;
}

interface Counts {
  readonly investigations: number;
  readonly prosecutions: number;
  readonly convictions: number;
}

/** The bare aggregate: the three headline counts of the year, in one statement. */
async function bareCounts(handle: DatabaseHandle): Promise<Counts> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const j = synthetic.jurisdiction;
  // The synthetic cases charge everyone under their registration article, so the principal
  // provision is the registration article: cc1997:124 is trafficking, 260 is not.
  const result = await sql<{ investigations: number; prosecutions: number; convictions: number }>`
    select
      (select count(*) from cases
        where jurisdiction = ${j} and opened_on between ${from} and ${to}
          and registered_instrument = 'cc1997' and registered_article = '124') as investigations,
      (select count(distinct e.case_id) from case_events e join cases c on c.id = e.case_id
        where e.kind = 'refer' and e.occurred_on between ${from} and ${to}
          and c.jurisdiction = ${j} and c.registered_article = '124') as prosecutions,
      (select count(distinct v.person_id) from verdicts v join charges ch on ch.id = v.charge_id
        where v.outcome = 'convicted' and v.on_appeal = 0 and v.decided_on between ${from} and ${to}
          and v.jurisdiction = ${j} and ch.instrument = 'cc1997' and ch.article = '124') as convictions
  `.execute(handle.db);
  const row = result.rows[0];
  if (row === undefined) throw new Error('the bare aggregate returned no row');
  return {
    investigations: Number(row.investigations),
    prosecutions: Number(row.prosecutions),
    convictions: Number(row.convictions),
  };
}

async function median(times: number, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm caches and JIT
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

async function measure(name: string, handle: DatabaseHandle, size: number): Promise<void> {
  const ctx = createAppContext(handle.db, handle.engine);
  const periods = reportPeriods({ year, kind: 'calendar' });
  const bare = await bareCounts(handle);
  const report = await computeReport(ctx, synthetic.jurisdiction, periods);
  const same =
    report.investigations.total === bare.investigations &&
    report.prosecutions.cases === bare.prosecutions &&
    report.convictions.persons === bare.convictions;
  if (!same)
    throw new Error(
      `${name}: the report and the bare SQL disagree: ${JSON.stringify({ report: [report.investigations.total, report.prosecutions.cases, report.convictions.persons], bare })}`,
    );
  const reportMs = await median(3, () => computeReport(ctx, synthetic.jurisdiction, periods));
  const bareMs = await median(5, () => bareCounts(handle));
  // The window computeReport reads for a calendar year: the previous year to the end of the TIP year.
  const fetchMs = await median(3, () =>
    fetchStatsRows(handle.db, {
      jurisdiction: synthetic.jurisdiction,
      from: `${year - 1}-01-01`,
      to: `${year + 1}-03-31`,
    }),
  );
  const ratio = reportMs / bareMs;
  process.stdout.write(
    `${name}: ${size.toLocaleString('en-US')} cases; ${year}: ${bare.investigations} investigations, ${bare.prosecutions} prosecutions, ${bare.convictions} convictions (report = bare SQL)\n` +
      `  annual report ${reportMs.toFixed(0)} ms, bare aggregate SQL ${bareMs.toFixed(0)} ms, ratio ${ratio.toFixed(2)}× (target ≤ 3×) ${ratio <= 3 ? 'OK' : 'OVER TARGET'}\n` +
      `  of which fetching the rows ${fetchMs.toFixed(0)} ms (${(fetchMs / bareMs).toFixed(1)}× the bare SQL), counting in core ${(reportMs - fetchMs).toFixed(0)} ms\n`,
  );
}

async function sqliteRun(size: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'palermo-bench-'));
  const file = join(dir, 'bench.db');
  try {
    const migrated = createDb(file);
    await migrateOrThrow(migrated.db);
    await migrated.close();
    const sink = sqliteSink(file);
    const start = performance.now();
    sink.insertAgencies();
    const counts = await generateCases(sink, size);
    sink.close();
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    process.stdout.write(
      `sqlite: generated ${rows.toLocaleString('en-US')} rows in ${((performance.now() - start) / 1000).toFixed(1)} s (${JSON.stringify(counts)})\n`,
    );
    const handle = createDb(file);
    try {
      await sql`analyze`.execute(handle.db);
      await measure('sqlite', handle, size);
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresRun(url: string, size: number): Promise<void> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = createDb(url);
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  try {
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    const handle = createDb(scoped.toString());
    try {
      await migrateOrThrow(handle.db);
      const start = performance.now();
      await handle.db
        .insertInto('agencies')
        .values(agencyRows() as never)
        .execute();
      const counts = await generateCases(kyselySink(handle.db), size, { chunk: 20_000 });
      await sql`analyze`.execute(handle.db);
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      process.stdout.write(
        `postgres: generated ${rows.toLocaleString('en-US')} rows in ${((performance.now() - start) / 1000).toFixed(1)} s\n`,
      );
      await measure('postgres', handle, size);
    } finally {
      await handle.close();
    }
  } finally {
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  }
}

/** Runs the annual-report benchmark on SQLite, and on PostgreSQL when configured. */
export async function run(): Promise<void> {
  const size = sizeArgument();
  await sqliteRun(size);
  const url = process.env.PALERMO_BENCH_DATABASE_URL;
  if (url !== undefined && url !== '') await postgresRun(url, size);
  else process.stdout.write('postgres: skipped (set PALERMO_BENCH_DATABASE_URL to run it)\n');
}
