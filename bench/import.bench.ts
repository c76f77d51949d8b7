/**
 * The spreadsheet import (issue 15): its rate against the engine's raw insert rate, measured in
 * the same run, and its memory on a 100 MB file.
 *
 * 1. Rate. A synthetic CSV of N rows (one person a row, ten persons a case: N persons and N/10
 *    cases) is imported by `importRecords` (atomic: one transaction, through the use-cases, with
 *    import keys and the audit log) into a fresh SQLite database. The baseline inserts the same
 *    records (N person rows, N/10 case rows) with prepared INSERTs in one transaction into a
 *    second fresh database of the same schema. The audit log's share is measured apart: as many
 *    `appendAudit` calls as the import logged, in one transaction, on a third database; the
 *    records-only rate is the import's time less that share (an estimate by subtraction).
 *    N: PALERMO_BENCH_IMPORT_ROWS (default 20,000; the 1M figure in docs/SCALING.md took a run
 *    of its own). PostgreSQL is not measured here: its baseline must be COPY, and the
 *    dependencies have no COPY client (pg-copy-streams 7.0.0, named in DESIGN §2, is not installed).
 * 2. Memory. A generated CSV of PALERMO_BENCH_IMPORT_MB megabytes (default 100), cases' rows
 *    together, is read and planned case by case as the import does (openRows, the grouping pass,
 *    planCase) in a child process, and read whole (readTable) in another; each reports its peak
 *    RSS. The write side keeps nothing per case once written.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { createAgency } from '../src/app/agencies/agencies.ts';
import { appendAudit } from '../src/app/audit/audit.ts';
import { createAppContext, inTransaction, systemActor } from '../src/app/common/context.ts';
import { importRecords } from '../src/app/import/import.ts';
import { openRows, readTable } from '../src/app/import/read-table.ts';
import { readConfig } from '../src/config.ts';
import { parseMapping } from '../src/core/import/mapping.ts';
import { planCase } from '../src/core/import/plan.ts';
import type { SourceRow } from '../src/core/import/plan.ts';
import { createDb, migrateOrThrow } from '../src/db/create-db.ts';

const rows = Number((process.env['PALERMO_BENCH_IMPORT_ROWS'] ?? '20000').replace(/_/g, ''));
const megabytes = Number(process.env['PALERMO_BENCH_IMPORT_MB'] ?? 100);
const perCase = 10;
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

async function freshContext(file: string) {
  const handle = createDb(file);
  await migrateOrThrow(handle.db);
  return { handle, ctx: createAppContext(handle.db, handle.engine, readConfig({})) };
}

/** The baseline: the same case and person rows by prepared INSERTs, one transaction. */
function rawInserts(file: string, agencyId: string, n: number): number {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  const at = new Date().toISOString();
  const insertCase = db.prepare(
    `INSERT INTO cases (id, jurisdiction, reference, opened_on, opening_agency_id, origin, summary, status, sealed, version, created_at, updated_at)
     VALUES (?, 'KG', ?, '2016-01-15', ?, NULL, NULL, 'open', 0, 1, ?, ?)`,
  );
  const insertPerson = db.prepare(
    `INSERT INTO persons (id, jurisdiction, case_id, role, label, sex, age_kind, age_years, citizenship, version, created_at, updated_at)
     VALUES (?, 'KG', ?, 'suspect', ?, ?, 'exact', ?, NULL, 1, ?, ?)`,
  );
  const start = performance.now();
  db.transaction(() => {
    let caseId = '';
    for (let i = 0; i < n; i += 1) {
      if (i % perCase === 0) {
        caseId = randomUUID();
        insertCase.run(caseId, `RAW-${i / perCase + 1}`, agencyId, at, at);
      }
      insertPerson.run(
        randomUUID(),
        caseId,
        `P${i}`,
        i % 3 === 0 ? 'female' : 'male',
        20 + (i % 40),
        at,
        at,
      );
    }
  })();
  const ms = performance.now() - start;
  db.close();
  return ms;
}

async function rate(dir: string): Promise<void> {
  const csv = join(dir, 'rate.csv');
  await writeCsv(csv, { count: rows });
  const mapping = parseMapping(mappingText, 'bench.yaml');

  const imported = await freshContext(join(dir, 'import.db'));
  await createAgency(imported.ctx, systemActor, {
    jurisdiction: 'KG',
    name: 'Bench police',
    kind: 'police',
  });
  const before = Number(
    (
      await imported.handle.db
        .selectFrom('audit_log')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const start = performance.now();
  const result = await importRecords(imported.ctx, systemActor, { file: csv, mapping });
  const importMs = performance.now() - start;
  if (!result.committed || result.written.person !== rows)
    throw new Error(`the import did not write ${rows} persons: ${JSON.stringify(result.cases)}`);
  const audited =
    Number(
      (
        await imported.handle.db
          .selectFrom('audit_log')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ) - before;
  await imported.handle.close();

  const raw = await freshContext(join(dir, 'raw.db'));
  const agency = await createAgency(raw.ctx, systemActor, {
    jurisdiction: 'KG',
    name: 'Bench police',
    kind: 'police',
  });
  await raw.handle.close();
  const rawMs = rawInserts(join(dir, 'raw.db'), agency.id, rows);

  const audit = await freshContext(join(dir, 'audit.db'));
  const auditStart = performance.now();
  await inTransaction(audit.ctx, async (trx) => {
    for (let i = 0; i < audited; i += 1)
      await appendAudit(trx, audit.ctx, systemActor, {
        action: 'log.export',
        entityType: 'audit_log',
        entityId: `e${i}`,
        caseId: null,
        before: null,
        after: { i, label: `P${i}`, sex: 'male', age: { kind: 'exact', years: 30 } },
      });
  });
  const auditMs = performance.now() - auditStart;
  await audit.handle.close();

  const perSecond = (ms: number) => (rows / ms) * 1000;
  const recordsMs = Math.max(importMs - auditMs, 1);
  line(
    `SQLite, ${fmt(rows)} rows (${fmt(rows)} persons, ${fmt(rows / perCase)} cases), one transaction:`,
  );
  line(`  raw prepared INSERTs      ${fmt(rawMs)} ms  ${fmt(perSecond(rawMs))} rows/s`);
  line(
    `  import (everything)       ${fmt(importMs)} ms  ${fmt(perSecond(importMs))} rows/s  ratio ${fmt((rawMs / importMs) * 100, 2)}% of raw`,
  );
  line(`  audit log share           ${fmt(auditMs)} ms  (${fmt(audited)} appends measured apart)`);
  line(
    `  import less the audit log ${fmt(recordsMs)} ms  ${fmt(perSecond(recordsMs))} rows/s  ratio ${fmt((rawMs / recordsMs) * 100, 2)}% of raw (target ≥ 50%: ${rawMs / recordsMs >= 0.5 ? 'met' : 'NOT met'})`,
  );
  // The rate is flat in N (one case at a time, nothing kept per case), so 1M rows takes this long.
  line(
    `  1,000,000 rows at this rate: about ${fmt(1_000_000 / perSecond(importMs) / 60, 1)} min (not run unless PALERMO_BENCH_IMPORT_ROWS=1000000); peak RSS so far ${fmt(process.resourceUsage().maxRSS / 1024)} MB`,
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
    await rate(dir);
    await memory(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  await measureChild(process.argv[childAt + 1] ?? '', process.argv[childAt + 2] ?? '');
}
