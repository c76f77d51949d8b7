/**
 * The spreadsheet import (issue 15): its rate against the engine's raw insert rate, measured in
 * the same run, and its memory on a 100 MB file.
 *
 * 1. Rate. A synthetic CSV of N rows (one person a row, ten persons a case: N persons and N/10
 *    cases) is imported by `importRecords` (atomic: one transaction, through the rules of the
 *    use-cases, with import keys and the audit log) into a fresh database. The baseline writes
 *    the same records (N person rows, N/10 case rows, their ids made as Palermo makes them:
 *    `timeOrderedId`, UUIDv7) in one transaction into a second fresh database of the same
 *    schema: prepared INSERTs on SQLite, COPY on PostgreSQL (pg-copy-streams). The records
 *    alone: the same import in a process where the audit log's appends and head writes are
 *    replaced by ones that write nothing (`bench/without-audit.mjs`, loaded only by the bench's
 *    child), so everything else (reading, planning, the rules, the inserts, the import keys,
 *    the views each change carries, the commit) is timed as the import does it. The audit
 *    log's cost is the import less the records alone; its appends are also timed inside the
 *    import (the context's `auditMeter`). Each of the three runs in a fresh child process, back
 *    to back in every round; the ratios are the medians of the rounds' ratios. On PostgreSQL,
 *    when its server runs on this machine, each round also shows the CPU time of the client and
 *    of the server (`serverCpuMs`), which tells which side the time waited on.
 *    N: PALERMO_BENCH_IMPORT_ROWS (default 20,000). PostgreSQL too when
 *    PALERMO_BENCH_DATABASE_URL is set (schemas made for the run and dropped);
 *    PALERMO_BENCH_IMPORT_SQLITE=off leaves SQLite out; PALERMO_BENCH_IMPORT_AUDIT=off leaves
 *    out the import with its audit log (the baseline and the records alone).
 * 2. Memory. A generated CSV of PALERMO_BENCH_IMPORT_MB megabytes (default 100; 0 skips it),
 *    cases' rows together, is read and planned case by case as the import does (openRows, the
 *    grouping pass, planCase) in a child process, and read whole (readTable) in another; each
 *    reports its peak RSS. The write side keeps nothing per case once written.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createAgency } from '../src/app/agencies/agencies.ts';
import { createAppContext, systemActor, workMeter } from '../src/app/common/context.ts';
import { timeOrderedId } from '../src/app/common/ids.ts';
import { importRecords } from '../src/app/import/import.ts';
import { openRows, readTable } from '../src/app/import/read-table.ts';
import { readConfig } from '../src/config.ts';
import { parseMapping } from '../src/core/import/mapping.ts';
import { planCase } from '../src/core/import/plan.ts';
import type { SourceRow } from '../src/core/import/plan.ts';
import { BULK_PAGE_CACHE_KIB, createDb, migrateOrThrow } from '../src/db/create-db.ts';
import type { DatabaseHandle } from '../src/db/create-db.ts';

const rows = Number((process.env['PALERMO_BENCH_IMPORT_ROWS'] ?? '20000').replace(/_/g, ''));
const megabytes = Number(process.env['PALERMO_BENCH_IMPORT_MB'] ?? 100);
/** Rounds of baseline, import and audit share (medians printed): 3, or 1 above 200,000 rows. */
const rounds = Number(process.env['PALERMO_BENCH_IMPORT_ROUNDS'] ?? (rows > 200_000 ? 1 : 3));
const perCase = 10;
/** PALERMO_BENCH_IMPORT_AUDIT=off leaves out the import with its audit log: the baseline and the records alone (long runs). */
const wholeToo = process.env['PALERMO_BENCH_IMPORT_AUDIT'] !== 'off';
const line = (text: string) => process.stdout.write(`${text}\n`);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const mappingText = `
source: bench
jurisdiction: KG
agency: Bench police
case:
  key: case
  reference: { template: "BENCH-{case}" }
  openedOn: { column: opened, format: YYYY-MM-DD, aggregate: min }
person:
  key: person
  role: { value: suspect }
  label: { column: label }
  sex: { column: sex, map: { M: male, F: female } }
  ageYears: { column: age }
`;
const header = 'case,person,label,sex,age,opened\n';
/** CPU time (user and system, this process's threads) since `since`, in ms. */
const cpuSince = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
/**
 * The CPU time of this machine's PostgreSQL server so far, in ms, or undefined if it cannot be
 * read (another machine, no /proc): every process named postgres (user and system time) and
 * the backends that have ended (their parent's reaped children's time). Read before and after
 * a run, on a quiet server, the difference is the work the run gave it.
 */
function serverCpuMs(): number | undefined {
  let ticks = 0;
  let seen = false;
  let names: string[];
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of names) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    if (stat.slice(open + 1, close) !== 'postgres') continue;
    // Fields after the name, from the state (field 3): utime, stime, cutime, cstime are 14-17.
    const fields = stat.slice(close + 2).split(' ');
    for (const at of [11, 12, 13, 14]) ticks += Number(fields[at] ?? 0);
    seen = true;
  }
  return seen ? (ticks * 1000) / clockTicks : undefined;
}
const serverSince = (since: number | undefined) => {
  const now = serverCpuMs();
  return since === undefined || now === undefined ? undefined : now - since;
};

const rowText = (i: number) =>
  `${Math.floor(i / perCase) + 1},${(i % perCase) + 1},P${i},${i % 3 === 0 ? 'F' : 'M'},${20 + (i % 40)},2016-${String((i % 12) + 1).padStart(2, '0')}-15\n`;

/** Writes the synthetic CSV: `count` rows, or rows until `bytes` are written. */
async function writeCsv(file: string, limit: { count?: number; bytes?: number }): Promise<number> {
  const out = createWriteStream(file);
  let written = header.length;
  let i = 0;
  out.write(header);
  for (;;) {
    if (limit.count !== undefined && i >= limit.count) break;
    if (limit.bytes !== undefined && written >= limit.bytes) {
      // End on a case boundary.
      if (i % perCase === 0) break;
    }
    const text = rowText(i);
    written += text.length;
    i += 1;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return i;
}

/** A migrated database: a SQLite file, or a schema of its own in PostgreSQL (dropped by `close`). */
async function freshDatabase(target: Target, name: string) {
  if (target.engine === 'sqlite') {
    const file = join(target.dir, `${name}.db`);
    const handle = createDb(file);
    await migrateOrThrow(handle.db);
    return {
      handle,
      url: null,
      file,
      close: async () => {
        await handle.close();
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }
  const schema = `bench_${name}_${randomBytes(4).toString('hex')}`;
  const admin = createDb(target.url);
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const scoped = new URL(target.url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  const handle = createDb(scoped.toString());
  await migrateOrThrow(handle.db);
  return {
    handle,
    url: scoped.toString(),
    file: null,
    close: async () => {
      await handle.close();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}

type Target =
  | { readonly engine: 'sqlite'; readonly dir: string }
  | { readonly engine: 'postgres'; readonly url: string; readonly dir: string };

const caseRow = (caseId: string, n: number, agencyId: string, at: string) =>
  [caseId, 'KG', `RAW-${n}`, '2016-01-15', agencyId, 'open', 0, 1, at, at] as const;
const personRow = (caseId: string, i: number, at: string) =>
  [
    timeOrderedId(),
    'KG',
    caseId,
    'suspect',
    `P${i}`,
    i % 3 === 0 ? 'female' : 'male',
    'exact',
    20 + (i % 40),
    1,
    at,
    at,
  ] as const;
const caseColumns =
  'id, jurisdiction, reference, opened_on, opening_agency_id, status, sealed, version, created_at, updated_at';
const personColumns =
  'id, jurisdiction, case_id, role, label, sex, age_kind, age_years, version, created_at, updated_at';

/** SQLite's baseline: the same case and person rows by prepared INSERTs, one transaction. */
function rawInserts(file: string, agencyId: string, n: number): { ms: number; cpuMs: number } {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  // The page cache the import gets (withBulkPageCache), so neither has more memory.
  db.pragma(`cache_size = ${-BULK_PAGE_CACHE_KIB}`);
  const at = new Date().toISOString();
  const insertCase = db.prepare(
    `INSERT INTO cases (${caseColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPerson = db.prepare(
    `INSERT INTO persons (${personColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const cpu = process.cpuUsage();
  const start = performance.now();
  db.transaction(() => {
    let caseId = '';
    for (let i = 0; i < n; i += 1) {
      if (i % perCase === 0) {
        caseId = timeOrderedId();
        insertCase.run(...caseRow(caseId, i / perCase + 1, agencyId, at));
      }
      insertPerson.run(...personRow(caseId, i, at));
    }
  })();
  const ms = performance.now() - start;
  const cpuMs = cpuSince(cpu);
  db.close();
  return { ms, cpuMs };
}

/** PostgreSQL's baseline: the same case and person rows by COPY (text format), one transaction. */
async function rawCopy(url: string, agencyId: string, n: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const at = new Date().toISOString();
  const caseIds: string[] = [];
  for (let i = 0; i < n; i += perCase) caseIds.push(timeOrderedId());
  const copy = async (statement: string, lines: () => Generator<string>) => {
    const stream = client.query(copyFrom(statement));
    await pipeline(Readable.from(lines()), stream);
  };
  const start = performance.now();
  await client.query('begin');
  await copy(`COPY cases (${caseColumns}) FROM STDIN`, function* () {
    for (const [c, caseId] of caseIds.entries())
      yield `${caseRow(caseId, c + 1, agencyId, at).join('\t')}\n`;
  });
  await copy(`COPY persons (${personColumns}) FROM STDIN`, function* () {
    for (let i = 0; i < n; i += 1)
      yield `${personRow(caseIds[Math.floor(i / perCase)] ?? '', i, at).join('\t')}\n`;
  });
  await client.query('commit');
  const ms = performance.now() - start;
  await client.end();
  return ms;
}

async function countLog(db: DatabaseHandle['db']): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One import of the CSV into a fresh database: its time, the audit log's share of it (measured
 * inside the import: the time its appends and its head's writes took, `auditMeter`), and the
 * entries it appended.
 */
async function importOnce(target: Target, csv: string, round: number) {
  const mapping = parseMapping(mappingText, 'bench.yaml');
  const imported = await freshDatabase(target, `import${round}`);
  const meter = workMeter();
  const ctx = createAppContext(imported.handle.db, imported.handle.engine, readConfig({}), {
    auditMeter: meter,
  });
  await createAgency(ctx, systemActor, {
    jurisdiction: 'KG',
    name: 'Bench police',
    kind: 'police',
  });
  const before = await countLog(imported.handle.db);
  // The agency's own entry is not the import's.
  Object.assign(meter, workMeter());
  const server = serverCpuMs();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await importRecords(ctx, systemActor, { file: csv, mapping });
  const ms = performance.now() - start;
  const cpuMs = cpuSince(cpu);
  const serverMs = serverSince(server);
  if (!result.committed || result.written.person !== rows)
    throw new Error(`the import did not write ${rows} persons: ${JSON.stringify(result.cases)}`);
  const audited = (await countLog(imported.handle.db)) - before;
  await imported.close();
  return {
    ms,
    cpuMs,
    serverMs,
    audited,
    audit: { ms: meter.ms, cpuMs: meter.cpuMs, calls: meter.calls },
  };
}

/** The baseline: the same case and person rows written raw into a fresh database. */
async function rawOnce(target: Target, round: number): Promise<Timed> {
  const raw = await freshDatabase(target, `raw${round}`);
  const agency = await createAgency(
    createAppContext(raw.handle.db, raw.handle.engine, readConfig({})),
    systemActor,
    { jurisdiction: 'KG', name: 'Bench police', kind: 'police' },
  );
  if (raw.file !== null) {
    await raw.handle.close();
    const timed = rawInserts(raw.file, agency.id, rows);
    await raw.close();
    return timed;
  }
  const server = serverCpuMs();
  const cpu = process.cpuUsage();
  const ms = await rawCopy(raw.url ?? '', agency.id, rows);
  const cpuMs = cpuSince(cpu);
  const serverMs = serverSince(server);
  await raw.close();
  return { ms, cpuMs, serverMs };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const load = () =>
  os
    .loadavg()
    .map((l) => fmt(l, 1))
    .join(' ');

/**
 * The rate: in each round the baseline, then the import, then the audit log's share (rounds
 * alternate the reference and Palermo on the shared machine); medians over the rounds. Each
 * round's figures are printed as soon as they are known.
 */
interface Timed {
  readonly ms: number;
  readonly cpuMs: number;
  /** PostgreSQL's CPU time meanwhile, when the server is on this machine (`serverCpuMs`). */
  readonly serverMs?: number | undefined;
}
interface ImportTimed extends Timed {
  readonly audited: number;
  readonly audit: Timed & { readonly calls: number };
}

/**
 * Runs one measurement in a child process of its own (each starts equally cold): the baseline,
 * the import, or the import with the audit log's appends replaced by ones that write nothing
 * (`bench/without-audit.mjs`: the records alone, through the same code).
 */
function inChild(kind: 'raw' | 'import' | 'records', target: Target, csv: string, round: number) {
  const self = fileURLToPath(import.meta.url);
  const hooks =
    kind === 'records'
      ? ['--import', fileURLToPath(new URL('./without-audit.mjs', import.meta.url))]
      : [];
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', ...hooks, self, '--child', kind, JSON.stringify({ target, csv, round })],
    { encoding: 'utf8', maxBuffer: 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as ImportTimed;
}

/** In the child: one measurement (see `inChild`), printed as JSON. */
async function rateChild(kind: string, argument: string): Promise<void> {
  const { target, csv, round } = JSON.parse(argument) as {
    target: Target;
    csv: string;
    round: number;
  };
  if (kind === 'raw') {
    process.stdout.write(`${JSON.stringify(await rawOnce(target, round))}\n`);
    return;
  }
  const imported = await importOnce(target, csv, round);
  if (kind === 'records' && imported.audited !== 0)
    throw new Error(`the records-only import appended ${imported.audited} audit entries`);
  if (kind === 'import' && imported.audited === 0)
    throw new Error('the import appended no audit entries');
  process.stdout.write(`${JSON.stringify(imported)}\n`);
}

/**
 * The rate: in each round the baseline, the import and the import without its audit log, each
 * in a fresh child process, back to back (so a change of the shared machine's load between
 * rounds moves all three); each round's figures printed as soon as known; medians of the
 * rounds' ratios.
 */
async function rate(target: Target): Promise<void> {
  const csv = join(target.dir, 'rate.csv');
  if (!existsSync(csv)) await writeCsv(csv, { count: rows });
  const name = target.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const baseline = target.engine === 'sqlite' ? 'raw prepared INSERTs' : 'raw COPY (text)';
  // SQLite works in this process, so its CPU time is the work done whatever the machine's load;
  // PostgreSQL's work is in the server's processes (not counted).
  const cpuToo = target.engine === 'sqlite';
  const perSecond = (ms: number) => (rows / ms) * 1000;
  const pct = (fraction: number) => `${fmt(fraction * 100, 2)}% of raw`;
  const ratio = (reference: number, ms: number) => pct(reference / ms);
  const cpuText = (reference: number, ms: number) =>
    cpuToo ? `; CPU ${fmt(ms)} ms, ${ratio(reference, ms)} CPU` : '';
  // PostgreSQL: where the time went, when its server is on this machine: the client's CPU and
  // the server's (a run whose server time nears its wall time waits on the server).
  const split = (timed: Timed) =>
    cpuToo || timed.serverMs === undefined
      ? ''
      : ` [CPU: client ${fmt(timed.cpuMs)} ms, server ${fmt(timed.serverMs)} ms]`;
  line(
    `${name}, ${fmt(rows)} rows (${fmt(rows)} persons, ${fmt(rows / perCase)} cases), one transaction, ${rounds} round(s):`,
  );
  const raws: Timed[] = [];
  const imports: ImportTimed[] = [];
  const records: Timed[] = [];
  const ratios: { whole: Timed; records: Timed }[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const raw = inChild('raw', target, csv, round);
    const imported = wholeToo ? inChild('import', target, csv, round) : undefined;
    const alone = inChild('records', target, csv, round);
    raws.push(raw);
    records.push(alone);
    const against = (timed: Timed) => ({ ms: raw.ms / timed.ms, cpuMs: raw.cpuMs / timed.cpuMs });
    ratios.push({ whole: against(imported ?? alone), records: against(alone) });
    if (imported !== undefined) imports.push(imported);
    const whole =
      imported === undefined
        ? ''
        : `; import ${fmt(imported.ms)} ms (${ratio(raw.ms, imported.ms)}${cpuText(raw.cpuMs, imported.cpuMs)}; its audit appends ${fmt(imported.audit.ms)} ms)${split(imported)}`;
    line(
      `  round ${round}, load ${load()}: ${baseline} ${fmt(raw.ms)} ms${cpuToo ? ` (CPU ${fmt(raw.cpuMs)} ms)` : ''}${split(raw)}${whole}; the records alone ${fmt(alone.ms)} ms (${ratio(raw.ms, alone.ms)}${cpuText(raw.cpuMs, alone.cpuMs)})${split(alone)}`,
    );
  }
  const med = (list: readonly Timed[], key: 'ms' | 'cpuMs') =>
    median(list.map((item) => item[key]));
  const medRatio = (which: 'whole' | 'records', key: 'ms' | 'cpuMs') =>
    median(ratios.map((item) => item[which][key]));
  const rawMs = med(raws, 'ms');
  const importMs = med(imports, 'ms');
  const recordsMs = med(records, 'ms');
  const cpuShare = (which: 'whole' | 'records', list: readonly Timed[]) =>
    cpuToo ? `; CPU ${fmt(med(list, 'cpuMs'))} ms, ${pct(medRatio(which, 'cpuMs'))} CPU` : '';
  line(
    `  medians over ${rounds} round(s) (ratios: the median of the rounds' ratios), load ${load()}:`,
  );
  line(
    `  ${baseline.padEnd(27)} ${fmt(rawMs)} ms  ${fmt(perSecond(rawMs))} rows/s${cpuToo ? `  (CPU ${fmt(med(raws, 'cpuMs'))} ms)` : ''}`,
  );
  if (wholeToo)
    line(
      `  import (everything)         ${fmt(importMs)} ms  ${fmt(perSecond(importMs))} rows/s  ratio ${pct(medRatio('whole', 'ms'))}${cpuShare('whole', imports)}`,
    );
  line(
    `  the records alone           ${fmt(recordsMs)} ms  ${fmt(perSecond(recordsMs))} rows/s  ratio ${pct(medRatio('records', 'ms'))} (target ≥ 50%: ${medRatio('records', 'ms') >= 0.5 ? 'met' : 'NOT met'})${cpuShare('records', records)}`,
  );
  const entries = imports[0]?.audited ?? 0;
  if (wholeToo)
    line(
      `  the audit log's cost        ${fmt(importMs - recordsMs)} ms (the import less the records alone; ${fmt(entries)} entries)${cpuToo ? `, CPU ${fmt(med(imports, 'cpuMs') - med(records, 'cpuMs'))} ms` : ''}; inside the import its appends and head writes took ${fmt(median(imports.map((item) => item.audit.ms)))} ms${cpuToo ? ` (CPU ${fmt(median(imports.map((item) => item.audit.cpuMs)))} ms)` : ''} in ${fmt(imports[0]?.audit.calls ?? 0)} calls`,
    );
}

/** Child process: reads and plans (streamed) or reads whole, then prints its peak RSS in MB. */
async function measureChild(mode: string, file: string): Promise<void> {
  const mapping = parseMapping(mappingText, 'bench.yaml');
  let count = 0;
  if (mode === 'stream') {
    const opened = await openRows(file);
    let group: SourceRow[] = [];
    let key = '';
    const flush = () => {
      if (group.length > 0 && planCase(mapping, key, group).plan === null)
        throw new Error('bad synthetic row');
      group = [];
    };
    for await (const row of opened.rows) {
      count += 1;
      const k = row.cells['case'] ?? '';
      if (k !== key) {
        flush();
        key = k;
      }
      group.push(row);
    }
    flush();
  } else {
    count = (await readTable(file)).rows.length;
  }
  process.stdout.write(
    JSON.stringify({ rows: count, peakMb: process.resourceUsage().maxRSS / 1024 }),
  );
}

async function memory(dir: string): Promise<void> {
  const csv = join(dir, 'memory.csv');
  const n = await writeCsv(csv, { bytes: megabytes * 1024 * 1024 });
  const size = statSync(csv).size / 1024 / 1024;
  const self = fileURLToPath(import.meta.url);
  const child = (mode: string) =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', self, '--child', mode, csv], {
        encoding: 'utf8',
        maxBuffer: 1024 * 1024,
      }),
    ) as { rows: number; peakMb: number };
  const streamed = child('stream');
  line(`memory, a ${fmt(size, 1)} MB CSV of ${fmt(n)} rows (cases' rows together):`);
  line(`  read and planned case by case (the import's path): peak RSS ${fmt(streamed.peakMb)} MB`);
  if (process.env['PALERMO_BENCH_IMPORT_WHOLE'] === 'on') {
    const whole = child('whole');
    line(`  read whole (readTable, for comparison):            peak RSS ${fmt(whole.peakMb)} MB`);
  } else line('  (PALERMO_BENCH_IMPORT_WHOLE=on also reads it whole, for comparison)');
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'palermo-import-bench-'));
  try {
    if (process.env['PALERMO_BENCH_IMPORT_SQLITE'] !== 'off') await rate({ engine: 'sqlite', dir });
    const url = process.env['PALERMO_BENCH_DATABASE_URL'];
    if (url !== undefined && url !== '') await rate({ engine: 'postgres', url, dir });
    if (megabytes > 0) await memory(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  const mode = process.argv[childAt + 1] ?? '';
  const argument = process.argv[childAt + 2] ?? '';
  if (mode === 'raw' || mode === 'import' || mode === 'records') await rateChild(mode, argument);
  else await measureChild(mode, argument);
}
