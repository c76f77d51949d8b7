/**
 * A fast synthetic load for benchmarks: cases with persons, victims, charges, refer/indict
 * events, verdicts and sentences, inserted straight into the tables in big transactions.
 * This is load, not behaviour: it bypasses the use-cases (no audit entries, no validation).
 * Every record is invented; the ids are sequential, not UUIDs.
 */
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { toJurisdictionCode } from '../src/core/jurisdiction.ts';

type Row = Record<string, string | number | null>;
type Table =
  'cases' | 'persons' | 'victim_records' | 'charges' | 'case_events' | 'verdicts' | 'sentences';

/** Where generated rows go: a batch of rows per table, flushed in one transaction per chunk. */
export interface RowSink {
  write(batch: ReadonlyMap<Table, readonly Row[]>): Promise<void>;
}

/** The jurisdiction, agencies and the year span of the synthetic load. */
export const synthetic = {
  jurisdiction: toJurisdictionCode('KG'),
  police: 'bench-police',
  court: 'bench-court',
  firstYear: 2010,
  years: 10,
} as const;

// mulberry32: a tiny deterministic generator, so two runs load the same data.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dayMs = 86_400_000;
const epoch = Date.UTC(synthetic.firstYear, 0, 1);
const dates = Array.from({ length: synthetic.years * 366 + 800 }, (_, d) =>
  new Date(epoch + d * dayMs).toISOString().slice(0, 10),
);
const dateAt = (day: number) => dates[day] ?? '2030-01-01';
const stamp = '2026-01-01T00:00:00.000Z';
const common = {
  jurisdiction: synthetic.jurisdiction,
  version: 1,
  created_at: stamp,
  updated_at: stamp,
};

/** The rows of case number `i`, appended to the batch. */
function caseRows(i: number, next: () => number, batch: Map<Table, Row[]>): void {
  const push = (table: Table, row: Row) => batch.get(table)?.push(row);
  const id = `c${i}`;
  const openedDay = Math.floor(next() * synthetic.years * 365.25);
  const opened = dateAt(openedDay);
  const trafficking = next() < 0.85;
  const article = trafficking ? '124' : '260';
  const form = next() < 0.65 ? 'sex' : 'labour';
  push('cases', {
    ...common,
    id,
    reference: `BENCH-${i}`,
    opened_on: opened,
    opening_agency_id: synthetic.police,
    origin: next() < 0.7 ? 'victim_complaint' : 'proactive_police',
    summary: null,
    registered_instrument: 'cc1997',
    registered_article: article,
    registered_part: null,
    status: 'investigation',
    sealed: 0,
  });
  const suspects = next() < 0.4 ? 2 : 1;
  const victims = next() < 0.5 ? 2 : 1;
  for (let v = 0; v < victims; v++) {
    const person = `${id}v${v}`;
    const age = 12 + Math.floor(next() * 30);
    push('persons', {
      ...common,
      id: person,
      case_id: id,
      role: 'victim',
      label: null,
      sex: next() < 0.75 ? 'female' : 'male',
      age_kind: 'exact',
      age_years: age,
      citizenship: 'KGZ',
      public_official: null,
      official_agency: null,
      official_position: null,
    });
    push('victim_records', {
      ...common,
      person_id: person,
      case_id: id,
      forms: form === 'sex' ? '["sexual"]' : '["forced_labour"]',
      identified_on: opened,
      identifying_agency_id: synthetic.police,
      referred_to_services: 'yes',
      cooperating_as_witness: null,
    });
  }
  let seq = 0;
  const event = (kind: string, day: number, person: string | null, from: string, to: string) => {
    const eventId = `${id}e${seq}`;
    push('case_events', {
      id: eventId,
      jurisdiction: synthetic.jurisdiction,
      case_id: id,
      seq: seq++,
      kind,
      occurred_on: dateAt(day),
      from_status: from,
      to_status: to,
      person_id: person,
      charge_id: null,
      agency_id: null,
      reason_code: null,
      reason_text: null,
      details: null,
      recorded_by: 'bench',
      recorded_at: stamp,
    });
    return eventId;
  };
  const referred = next() < 0.6;
  const decided = referred && next() < 0.6;
  for (let s = 0; s < suspects; s++) {
    const person = `${id}s${s}`;
    push('persons', {
      ...common,
      id: person,
      case_id: id,
      role: 'suspect',
      label: null,
      sex: next() < 0.7 ? 'male' : 'female',
      age_kind: 'exact',
      age_years: 20 + Math.floor(next() * 40),
      citizenship: 'KGZ',
      public_official: next() < 0.01 ? 'yes' : 'no',
      official_agency: null,
      official_position: null,
    });
    push('charges', {
      ...common,
      id: `${person}ch`,
      case_id: id,
      person_id: person,
      statute_jurisdiction: synthetic.jurisdiction,
      instrument: 'cc1997',
      article,
      part: null,
      form,
      charged_on: opened,
      offence_date: opened,
      status: 'active',
    });
  }
  if (!referred) return;
  for (let s = 0; s < suspects; s++)
    if (next() < 0.8)
      event('indict', openedDay + 80, `${id}s${s}`, 'investigation', 'investigation');
  event('refer', openedDay + 90, null, 'investigation', 'prosecution');
  if (!decided) return;
  const verdictEvent = event('verdict', openedDay + 300, null, 'prosecution', 'trial');
  for (let s = 0; s < suspects; s++) {
    const person = `${id}s${s}`;
    const convicted = next() < 0.85;
    push('verdicts', {
      ...common,
      id: `${person}vd`,
      case_id: id,
      event_id: verdictEvent,
      person_id: person,
      charge_id: `${person}ch`,
      outcome: convicted ? 'convicted' : 'acquitted',
      decided_on: dateAt(openedDay + 300),
      court_agency_id: synthetic.court,
      on_appeal: 0,
    });
    if (convicted && next() < 0.7)
      push('sentences', {
        ...common,
        id: `${person}sn`,
        case_id: id,
        event_id: verdictEvent,
        person_id: person,
        charge_id: `${person}ch`,
        sentenced_on: dateAt(openedDay + 310),
        imprisonment_months: 36 + Math.floor(next() * 144),
        life: 0,
        suspended: next() < 0.1 ? 1 : 0,
        probation_months: null,
        house_arrest_months: null,
        fine_amount: null,
        fine_currency: null,
        other_measures: null,
      });
  }
}

const tables: readonly Table[] = [
  'cases',
  'persons',
  'victim_records',
  'charges',
  'case_events',
  'verdicts',
  'sentences',
];

/** The two agencies the synthetic cases point at. */
export function agencyRows(): Row[] {
  return [
    {
      ...common,
      id: synthetic.police,
      name: 'Police (synthetic)',
      kind: 'police',
      parent_agency_id: null,
    },
    {
      ...common,
      id: synthetic.court,
      name: 'Court (synthetic)',
      kind: 'court',
      parent_agency_id: null,
    },
  ];
}

/** Generates `size` cases into the sink, `chunk` cases per transaction; returns the rows per table. */
export async function generateCases(
  sink: RowSink,
  size: number,
  options: { chunk?: number; seed?: number } = {},
): Promise<Record<Table, number>> {
  const next = random(options.seed ?? 20_170_627);
  const chunk = options.chunk ?? 50_000;
  const counts = Object.fromEntries(tables.map((t) => [t, 0])) as Record<Table, number>;
  for (let start = 0; start < size; start += chunk) {
    const batch = new Map<Table, Row[]>(tables.map((t) => [t, []]));
    for (let i = start; i < Math.min(size, start + chunk); i++) caseRows(i, next, batch);
    for (const [table, rows] of batch) counts[table] += rows.length;
    await sink.write(batch);
  }
  return counts;
}

/**
 * Marks every case's report summary stale (migration 2026-12-01T0940_case_stats), as the
 * database's triggers would have row by row: the generator loads with them off, which is load,
 * not behaviour (a use-case's or an import's writes run them).
 */
const allSummariesStale = `
  insert into case_stats (case_id, jurisdiction, generation, fresh)
  select id, jurisdiction, 1, 0 from cases where true
  on conflict (case_id) do update set generation = case_stats.generation + 1, fresh = 0`;

/** The tables with a summary trigger (on PostgreSQL one each, named case_stats_<table>). */
export const summaryTriggerTables = [
  'cases',
  'persons',
  'victim_records',
  'charges',
  'case_events',
  'verdicts',
  'sentences',
] as const;

/** A sink writing through better-sqlite3 prepared statements, one transaction per batch. */
export function sqliteSink(file: string): RowSink & { insertAgencies(): void; close(): void } {
  const db = new SQLite(file);
  // Load, not durability: the file is thrown away after the run.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const triggers = db
    .prepare<[], { name: string; sql: string }>(
      "select name, sql from sqlite_master where type = 'trigger' and name like 'case_stats_%'",
    )
    .all();
  for (const { name } of triggers) db.exec(`drop trigger ${name}`);
  const statements = new Map<string, SQLite.Statement>();
  const insert = (table: string, row: Row) => {
    let statement = statements.get(table);
    if (statement === undefined) {
      const columns = Object.keys(row);
      statement = db.prepare(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      );
      statements.set(table, statement);
    }
    // Positional binding: every row of a table is built with its columns in the same order.
    statement.run(...Object.values(row));
  };
  const writeAll = db.transaction((batch: ReadonlyMap<string, readonly Row[]>) => {
    for (const [table, rows] of batch) for (const row of rows) insert(table, row);
  });
  return {
    write: (batch) => {
      writeAll(batch);
      return Promise.resolve();
    },
    insertAgencies: () => writeAll(new Map([['agencies', agencyRows()]])),
    close: () => {
      db.exec(allSummariesStale);
      for (const trigger of triggers) db.exec(trigger.sql);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

/**
 * A sink writing through Kysely multi-row inserts (PostgreSQL), one transaction per batch; the
 * summary triggers off while it loads (`close` puts them back and marks every summary stale).
 */
export async function kyselySink(
  db: Kysely<Database>,
): Promise<RowSink & { close(): Promise<void> }> {
  for (const table of summaryTriggerTables)
    await sql.raw(`alter table ${table} disable trigger case_stats_${table}`).execute(db);
  return {
    async close() {
      await sql.raw(allSummariesStale).execute(db);
      for (const table of summaryTriggerTables)
        await sql.raw(`alter table ${table} enable trigger case_stats_${table}`).execute(db);
    },
    async write(batch) {
      await db.transaction().execute(async (trx) => {
        for (const [table, rows] of batch) {
          const first = rows[0];
          if (first === undefined) continue;
          // PostgreSQL takes at most 65,535 parameters a statement.
          const per = Math.floor(60_000 / Object.keys(first).length);
          for (let i = 0; i < rows.length; i += per)
            // The rows are built to the table's columns above; the generic sink cannot prove it.
            await trx
              .insertInto(table)
              .values(rows.slice(i, i + per) as never)
              .execute();
        }
      });
    },
  };
}
