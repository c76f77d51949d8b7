/**
 * The annual report over N synthetic cases (default 1,000,000) against the bare aggregate SQL
 * that computes the same indicators in SQL only, for the year and the previous year (checked
 * figure by figure against the report, and the report against a full recount from the records;
 * the run fails if any differs). Issue 16: cold at most 1× the bare SQL, a repeated report at
 * most 50 ms. The SQL is each engine's own statement (PostgreSQL's counts distinct rows with
 * FILTER clauses). SQLite always (temp file); PostgreSQL when PALERMO_BENCH_DATABASE_URL is set
 * (a schema made for the run and dropped after it).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deepStrictEqual } from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { readConfig } from '../src/config.ts';
import { createAppContext, systemActor } from '../src/app/common/context.ts';
import type { AppContext } from '../src/app/common/context.ts';
import { createUser, findActor } from '../src/app/agencies/agencies.ts';
import { createApiToken } from '../src/app/auth/tokens.ts';
import { buildServer } from '../src/http/server.ts';
import {
  computeReport,
  provisionIndex,
  recomputeReport,
  recountReport,
} from '../src/app/reports/annual-report.ts';
import type { ProvisionInfo } from '../src/core/stats/dataset.ts';
import type { AnnualReport } from '../src/core/stats/report.ts';
import { getPack } from '../src/core/statutes/registry.ts';
import { caseOrigins, sexes, traffickingForms } from '../src/core/vocabulary.ts';
import { reportPeriods } from '../src/core/stats/period.ts';
import { createDb, migrateOrThrow } from '../src/db/create-db.ts';
import type { DatabaseHandle } from '../src/db/create-db.ts';
import { agencyRows, generateCases, kyselySink, sqliteSink, synthetic } from './generate.ts';

const year = 2016;
const execFileAsync = promisify(execFile);

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

/**
 * The old bare aggregate, kept as a second, labelled line: the three headline counts of the year
 * only. It is not what the report computes (no forms, origins, children, defendants, victims,
 * sentences, no previous year), so the headline ratio is against `fullAggregate` below.
 */
async function headlineCounts(handle: DatabaseHandle): Promise<Counts> {
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

/** Figures keyed `period.section.figure`, e.g. `current.investigations.byForm.sex`. */
type Figures = Record<string, number | null>;

const formTests = {
  // classify.ts: sexual → sex; forced_labour, forced_begging, forced_criminality, servitude →
  // labour; both → both; else forced_marriage, organ_removal, other → other; else none.
  sex: ['sexual'],
  labour: ['forced_labour', 'forced_begging', 'forced_criminality', 'servitude'],
  other: ['forced_marriage', 'organ_removal', 'other'],
} as const;

/** `max(1 when forms names one of these)`: forms is the JSON text of an array of strings. */
function anyForm(names: readonly string[]) {
  const tests = names.map((name) => sql`forms like ${sql.lit(`%"${name}"%`)}`);
  return sql`max(case when ${sql.join(tests, sql` or `)} then 1 else 0 end)`;
}

/** `sum(case when <test> then 1 else 0 end) as <name>`, one per key. */
function sums(prefix: string, keys: readonly string[], test: (key: string) => RawBuilder<unknown>) {
  return keys.map(
    (key) => sql`sum(case when ${test(key)} then 1 else 0 end) as ${sql.ref(`${prefix}${key}`)}`,
  );
}

/** `count(distinct case when <test> then <id> end) as <name>`, one per key. */
function distincts(
  prefix: string,
  id: RawBuilder<unknown>,
  keys: readonly string[],
  test: (key: string) => RawBuilder<unknown>,
) {
  return keys.map(
    (key) =>
      sql`count(distinct case when ${test(key)} then ${id} end) as ${sql.ref(`${prefix}${key}`)}`,
  );
}

/**
 * The bare aggregate SQL the annual report needs: every indicator the benchmark checks, for the
 * year and the previous year, counted in SQL only (one statement; JS only reads the row per
 * period). It mirrors src/core/stats/classify.ts: the principal provision (first active
 * trafficking charge by charged_on then id; else the registration article; else the first active
 * charge under a known provision), the case form (victims' forms, else the principal charge's
 * form, else unknown), child victims (true / unknown / false), the first referral per case,
 * convictions (first instance, convicted, under a trafficking provision, one per person).
 */
export async function fullAggregate(handle: DatabaseHandle, provisions: readonly ProvisionInfo[]) {
  const statement = fullAggregateSql(handle, provisions);
  if (handle.engine === 'sqlite') return figuresOf((await statement.execute(handle.db)).rows);
  // PostgreSQL compiles a statement this large with its JIT (planner cost above jit_above_cost):
  // 0.85 s of 1.6 s at 20,000 cases in EXPLAIN ANALYZE, and more as the estimates grow. The
  // report's own queries are far below the threshold, so the baseline runs without it.
  return handle.db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return figuresOf((await statement.execute(trx)).rows);
  });
}

/** The statement `fullAggregate` runs (for EXPLAIN). */
export function fullAggregateSql(handle: DatabaseHandle, provisions: readonly ProvisionInfo[]) {
  const periods = reportPeriods({ year, kind: 'calendar' });
  const cur = periods.statistics;
  const prev = periods.previous;
  const from = prev.from;
  const to = cur.to;
  const j = synthetic.jurisdiction;
  const prov = sql.join(provisions.map((p) => sql`(${sql.lit(p.key)}, ${sql.lit(p.kind)})`));
  const origins = [...caseOrigins, 'not_recorded'];
  const sexKeys = [...sexes, 'not_recorded'];
  const originTest = (o: string) =>
    o === 'not_recorded' ? sql`k.origin is null` : sql`k.origin = ${sql.lit(o)}`;
  const formTest = (f: string) => sql`k.form = ${sql.lit(f)}`;
  // SQLite: the statement as first written (its planner does count(distinct …) in one pass).
  const sqliteTail = sql`
    conv_agg as (
      select c.period, count(distinct c.person_id) as conv_persons,
        count(distinct c.case_id) as conv_cases,
        ${sql.join(distincts('conv_form_', sql`c.person_id`, traffickingForms, formTest))},
        sum(case when exists (select 1 from sentences s
          where s.case_id = c.case_id and s.person_id = c.person_id) then 1 else 0 end) as sent_recorded,
        sum(case when exists (select 1 from sentences s
          where s.case_id = c.case_id and s.person_id = c.person_id) then 0 else 1 end) as sent_missing
      from conv c join k on k.id = c.case_id group by c.period),
    conv_victims as (
      select c.period, count(distinct pe.id) as conv_victims
      from (select distinct period, case_id from conv) c
      join persons pe on pe.case_id = c.case_id and pe.role = 'victim' group by c.period),
    vic as (
      select p.period, count(distinct vr.person_id) as vic_identified,
        ${sql.join(
          distincts('vic_sex_', sql`vr.person_id`, sexKeys, (s) =>
            s === 'not_recorded' ? sql`pe.sex is null` : sql`pe.sex = ${sql.lit(s)}`,
          ),
        )},
        ${sql.join(
          distincts('vic_age_', sql`vr.person_id`, ['child', 'adult', 'unknown'], (band) => {
            const known = sql`pe.age_kind in ('exact', 'estimated') and pe.age_years is not null`;
            if (band === 'child') return sql`${known} and pe.age_years < 18`;
            if (band === 'adult') return sql`${known} and pe.age_years >= 18`;
            return sql`not (${known}) or pe.id is null`;
          }),
        )}
      from victim_records vr join periods p on vr.identified_on between p.p_from and p.p_to
      left join persons pe on pe.id = vr.person_id and pe.case_id = vr.case_id
      where vr.jurisdiction = ${j} and vr.identified_on between ${from} and ${to}
      group by p.period)`;
  // PostgreSQL: its own statement for the same figures. count(distinct …) sorts once per
  // aggregate there, so the rows are made distinct once (a person is one row per period: the
  // persons of a case are its own, and a person's attributes are one row) and counted with
  // FILTER clauses.
  const known = sql`age_kind in ('exact', 'estimated') and age_years is not null`;
  const postgresTail = sql`
    conv_rows as materialized (
      select c.period, c.case_id, c.person_id, k.form,
        exists (select 1 from sentences s
          where s.case_id = c.case_id and s.person_id = c.person_id) as sentenced
      from conv c join k on k.id = c.case_id),
    conv_agg as (
      select period, count(*) as conv_persons, count(distinct case_id) as conv_cases,
        ${sql.join(
          traffickingForms.map(
            (f) =>
              sql`count(*) filter (where form = ${sql.lit(f)}) as ${sql.ref(`conv_form_${f}`)}`,
          ),
        )},
        count(*) filter (where sentenced) as sent_recorded,
        count(*) filter (where not sentenced) as sent_missing
      from conv_rows group by period),
    conv_victims as (
      select c.period, count(*) as conv_victims
      from (select distinct period, case_id from conv) c
      join persons pe on pe.case_id = c.case_id and pe.role = 'victim' group by c.period),
    vic_rows as materialized (
      select distinct p.period, vr.person_id, pe.id as found, pe.sex, pe.age_kind, pe.age_years
      from victim_records vr join periods p on vr.identified_on between p.p_from and p.p_to
      left join persons pe on pe.id = vr.person_id and pe.case_id = vr.case_id
      where vr.jurisdiction = ${j} and vr.identified_on between ${from} and ${to}),
    vic as (
      select period, count(*) as vic_identified,
        ${sql.join(
          sexKeys.map(
            (s) =>
              sql`count(*) filter (where ${s === 'not_recorded' ? sql`sex is null` : sql`sex = ${sql.lit(s)}`}) as ${sql.ref(`vic_sex_${s}`)}`,
          ),
        )},
        count(*) filter (where ${known} and age_years < 18) as vic_age_child,
        count(*) filter (where ${known} and age_years >= 18) as vic_age_adult,
        count(*) filter (where not (${known}) or found is null) as vic_age_unknown
      from vic_rows group by period)`;
  return sql<Record<string, string | number | null>>`
    with
    periods (period, p_from, p_to) as (
      values (${sql.lit('current')}, ${sql.lit(cur.from)}, ${sql.lit(cur.to)}),
             (${sql.lit('previous')}, ${sql.lit(prev.from)}, ${sql.lit(prev.to)})),
    prov (pkey, pkind) as (values ${prov}),
    ids as materialized (
      select id from cases where jurisdiction = ${j} and opened_on between ${from} and ${to}
      union select case_id from case_events
        where kind = 'refer' and occurred_on between ${from} and ${to} and jurisdiction = ${j}
      union select case_id from verdicts
        where decided_on between ${from} and ${to} and jurisdiction = ${j}),
    refer as materialized (
      select e.case_id, e.occurred_on as referred_on
      from (select case_id, min(seq) as seq from case_events
        where kind = 'refer' and case_id in (select id from ids) group by case_id) f
      join case_events e on e.case_id = f.case_id and e.seq = f.seq),
    vf as materialized (
      select case_id, ${anyForm(formTests.sex)} as sx, ${anyForm(formTests.labour)} as lb,
        ${anyForm(formTests.other)} as ot
      from victim_records where case_id in (select id from ids) group by case_id),
    vp as materialized (
      select case_id, count(*) as n,
        max(case when age_kind in ('exact', 'estimated') and age_years is not null
          and age_years < 18 then 1 else 0 end) as child,
        max(case when age_kind in ('exact', 'estimated') and age_years is not null
          then 0 else 1 end) as unknown_age
      from persons where role = 'victim' and case_id in (select id from ids) group by case_id),
    k as materialized (
      select c.id, c.opened_on, c.origin, r.referred_on,
        case when c.t_rn = 1 then 'trafficking' when c.rkind is not null then c.rkind
          else (select p.pkind from charges ch join prov p on p.pkey = ch.instrument || ':' || ch.article
            where ch.case_id = c.id and ch.status = 'active'
            order by ch.charged_on, ch.id limit 1) end as kind,
        case
          when vf.sx = 1 and vf.lb = 1 then 'both' when vf.sx = 1 then 'sex'
          when vf.lb = 1 then 'labour' when vf.ot = 1 then 'other'
          else coalesce(case when c.t_rn = 1 then c.t_form
            when c.rkind is not null then (select ch.form from charges ch
              where ch.case_id = c.id and ch.status = 'active'
                and ch.instrument || ':' || ch.article = c.rkey
              order by ch.charged_on, ch.id limit 1)
            else (select ch.form from charges ch
              join prov p on p.pkey = ch.instrument || ':' || ch.article
              where ch.case_id = c.id and ch.status = 'active'
              order by ch.charged_on, ch.id limit 1) end, 'unknown')
        end as form,
        case when vp.child = 1 then 'yes' when vp.n is null or vp.unknown_age = 1 then 'unknown'
          else 'no' end as child,
        case when exists (select 1 from case_events e where e.case_id = c.id and e.kind = 'indict'
          and e.person_id is not null) then 1 else 0 end as indicted
      from (
        select c.id, c.opened_on, c.origin, rp.pkey as rkey, rp.pkind as rkind, t.rn as t_rn,
          t.form as t_form
        from cases c
        left join prov rp on rp.pkey = c.registered_instrument || ':' || c.registered_article
        left join (
          select ch.case_id, ch.form,
            row_number() over (partition by ch.case_id order by ch.charged_on, ch.id) as rn
          from charges ch
          join prov p on p.pkey = ch.instrument || ':' || ch.article and p.pkind = 'trafficking'
          where ch.status = 'active' and ch.case_id in (select id from ids)
        ) t on t.case_id = c.id and t.rn = 1
        where c.id in (select id from ids)) c
      left join vf on vf.case_id = c.id
      left join vp on vp.case_id = c.id
      left join refer r on r.case_id = c.id),
    inv as (
      select p.period, count(*) as inv_total,
        ${sql.join(sums('inv_form_', traffickingForms, formTest))},
        ${sql.join(sums('inv_origin_', origins, originTest))},
        sum(case when k.child = 'yes' then 1 else 0 end) as inv_child,
        sum(case when k.child = 'unknown' then 1 else 0 end) as inv_child_unknown
      from k join periods p on k.opened_on between p.p_from and p.p_to
      where k.kind = 'trafficking' group by p.period),
    rel as (
      select p.period, count(*) as rel_total,
        sum(case when k.child = 'yes' then 1 else 0 end) as rel_child
      from k join periods p on k.opened_on between p.p_from and p.p_to
      where k.kind = 'related' group by p.period),
    pros as (
      select p.period, count(*) as pros_cases,
        sum(case when k.indicted = 0 then 1 else 0 end) as pros_unknown_defendants,
        ${sql.join(sums('pros_form_', traffickingForms, formTest))}
      from k join periods p on k.referred_on between p.p_from and p.p_to
      where k.kind = 'trafficking' group by p.period),
    defendants as (
      select p.period, count(distinct e.person_id) as pros_defendants_known
      from k join periods p on k.referred_on between p.p_from and p.p_to
      join case_events e on e.case_id = k.id and e.kind = 'indict' and e.person_id is not null
      where k.kind = 'trafficking' group by p.period),
    conv as materialized (
      select distinct p.period, v.case_id, v.person_id
      from verdicts v join periods p on v.decided_on between p.p_from and p.p_to
      join charges ch on ch.id = v.charge_id and ch.case_id = v.case_id
      join prov pr on pr.pkey = ch.instrument || ':' || ch.article and pr.pkind = 'trafficking'
      where v.jurisdiction = ${j} and v.outcome = 'convicted' and v.on_appeal = 0
        and v.decided_on between ${from} and ${to}),
    ${handle.engine === 'postgres' ? postgresTail : sqliteTail}
    select p.period, inv.*, rel.*, pros.*, defendants.*, conv_agg.*, conv_victims.*, vic.*
    from periods p
    left join inv on inv.period = p.period
    left join rel on rel.period = p.period
    left join pros on pros.period = p.period
    left join defendants on defendants.period = p.period
    left join conv_agg on conv_agg.period = p.period
    left join conv_victims on conv_victims.period = p.period
    left join vic on vic.period = p.period
  `;
}

function figuresOf(rows: readonly Record<string, string | number | null>[]): Figures {
  const origins = [...caseOrigins, 'not_recorded'];
  const sexKeys = [...sexes, 'not_recorded'];
  const figures: Figures = {};
  for (const row of rows) {
    const period = String(row.period);
    const n = (column: string) => Number(row[column] ?? 0);
    const put = (name: string, value: number | null) => {
      figures[`${period}.${name}`] = value;
    };
    put('investigations.total', n('inv_total'));
    for (const f of traffickingForms) put(`investigations.byForm.${f}`, n(`inv_form_${f}`));
    for (const o of origins) put(`investigations.byOrigin.${o}`, n(`inv_origin_${o}`));
    put('investigations.withChildVictims', n('inv_child'));
    put('investigations.childVictimsUnknown', n('inv_child_unknown'));
    put('relatedInvestigations.total', n('rel_total'));
    put('relatedInvestigations.withChildVictims', n('rel_child'));
    put('prosecutions.cases', n('pros_cases'));
    put('prosecutions.defendantsKnown', n('pros_defendants_known'));
    put('prosecutions.casesWithUnknownDefendants', n('pros_unknown_defendants'));
    put(
      'prosecutions.defendants',
      n('pros_unknown_defendants') > 0 ? null : n('pros_defendants_known'),
    );
    for (const f of traffickingForms) put(`prosecutions.byForm.${f}`, n(`pros_form_${f}`));
    put('convictions.persons', n('conv_persons'));
    put('convictions.cases', n('conv_cases'));
    put('convictions.victims', n('conv_victims'));
    for (const f of traffickingForms) put(`convictions.byForm.${f}`, n(`conv_form_${f}`));
    put('sentences.convictedPersons', n('conv_persons'));
    put('sentences.recorded', n('sent_recorded'));
    put('sentences.missing', n('sent_missing'));
    put('victims.identified', n('vic_identified'));
    for (const s of sexKeys) put(`victims.bySex.${s}`, n(`vic_sex_${s}`));
    for (const band of ['child', 'adult', 'unknown'])
      put(`victims.byAgeBand.${band}`, n(`vic_age_${band}`));
  }
  return figures;
}

/** The report's value at a dotted path of a section (`previous.` reads the previous period). */
function reportFigures(report: AnnualReport, keys: readonly string[]): Figures {
  const out: Figures = {};
  for (const key of keys) {
    const [period, section, ...path] = key.split('.');
    let node: unknown = (report as unknown as Record<string, unknown>)[section ?? ''];
    if (period === 'previous') node = (node as Record<string, unknown>).previous;
    for (const part of path) node = (node as Record<string, unknown> | undefined)?.[part];
    out[key] = node === undefined ? Number.NaN : (node as number | null);
  }
  return out;
}

/** Fails loudly unless every figure of the bare SQL equals the report's. */
export function checkSame(name: string, bare: Figures, report: AnnualReport): number {
  const keys = Object.keys(bare);
  if (keys.length === 0) throw new Error(`${name}: the full aggregate returned no figures`);
  const mine = reportFigures(report, keys);
  const differ = keys.filter((key) => mine[key] !== bare[key]);
  if (differ.length > 0)
    throw new Error(
      `${name}: the report and the bare SQL disagree on ${differ.length} of ${keys.length} figures:\n` +
        differ.map((key) => `  ${key}: report ${mine[key]}, SQL ${bare[key]}`).join('\n'),
    );
  return keys.length;
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

/**
 * The repeated report over HTTP, end to end: GET /api/reports/annual with a supervisor's API
 * token (scope report.read) over loopback, through authentication, the head read, the JSON sent
 * and read whole by a client in a process of its own (Node's fetch, which accepts gzip). The
 * first request computes and keeps the answer; then the median of 5.
 */
async function reportOverHttp(ctx: AppContext): Promise<{
  firstMs: number;
  warmMs: number;
  bytes: number;
  records: { total: number; firstMs: number; warmMs: number; lastMs: number };
  newReaders: { indexed: number[]; unindexed: number[] };
}> {
  const readerToken = async () => {
    const user = await createUser(ctx, systemActor, {
      agencyId: synthetic.police,
      username: `bench.report.reader.${randomBytes(3).toString('hex')}`,
      displayName: 'Bench report reader',
      roles: ['supervisor'],
    });
    const actor = (await findActor(ctx, user.id))?.actor;
    if (actor === undefined) throw new Error('no actor');
    return (await createApiToken(ctx, actor, { name: 'bench', scopes: ['report.read'] })).token;
  };
  const token = await readerToken();
  // Readers who have not read anything yet, made before the timings (each one a write that
  // moves the log's head): the first drill-down page of each finds the sealed cases it may not
  // see (withhold.ts), with the partial index on them and, alternating, without it.
  const newReaders: string[] = [];
  for (let i = 0; i < 8; i++) newReaders.push(await readerToken());
  const app = await buildServer({ ctx, auth: 'required', logLevel: 'silent' });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    // The client is a process of its own, as a browser is: in this one, each 3.4 MB answer
    // read would also be garbage for the collector of a heap holding every earlier report.
    const client = `
      const url = process.argv[1], token = process.argv[2], times = [];
      let bytes = 0;
      for (let i = 0; i < 6; i++) {
        const start = performance.now();
        const response = await fetch(url, { headers: { authorization: 'Bearer ' + token } });
        const body = await response.arrayBuffer();
        if (response.status !== 200)
          throw new Error('GET /api/reports/annual: ' + response.status + ' ' + Buffer.from(body).toString('utf8', 0, 200));
        times.push(performance.now() - start);
        bytes = body.byteLength;
      }
      // The drill-down: the first page (100) of the ids behind the largest headline figure,
      // loaded on demand from the address the answer gives, then the last page.
      const answer = await (await fetch(url, { headers: { authorization: 'Bearer ' + token } })).json();
      const href = new URL(answer.investigations.records.total.href, url);
      const pageTimes = [];
      let total = 0;
      for (let i = 0; i < 6; i++) {
        const start = performance.now();
        const response = await fetch(href, { headers: { authorization: 'Bearer ' + token } });
        const page = await response.json();
        if (response.status !== 200) throw new Error('GET records: ' + response.status);
        pageTimes.push(performance.now() - start);
        total = page.total;
      }
      href.searchParams.set('offset', String(Math.max(0, total - 100)));
      const lastStart = performance.now();
      const last = await fetch(href, { headers: { authorization: 'Bearer ' + token } });
      if ((await last.json()).ids.length === 0 && total > 0) throw new Error('GET records: empty last page');
      const lastMs = performance.now() - lastStart;
      process.stdout.write(JSON.stringify({ times, bytes, pageTimes, total, lastMs }));`;
    const { stdout } = await execFileAsync(process.execPath, [
      '--input-type=module',
      '-e',
      client,
      `http://127.0.0.1:${address.port}/api/reports/annual?year=${year}&jurisdiction=${synthetic.jurisdiction}`,
      token,
    ]);
    const { times, bytes, pageTimes, total, lastMs } = JSON.parse(stdout) as {
      times: number[];
      bytes: number;
      pageTimes: number[];
      total: number;
      lastMs: number;
    };
    // A new reader's first drill-down page: the report is kept for the head (the first reader's
    // requests above computed it), this reader's withheld ids are not; with cases_sealed_idx and,
    // every other reader, with it dropped (as before the migration 2026-12-01T1830), in turn.
    const base = `http://127.0.0.1:${address.port}`;
    const answer = (await (
      await fetch(
        `${base}/api/reports/annual?year=${year}&jurisdiction=${synthetic.jurisdiction}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      )
    ).json()) as { investigations: { records: { total: { href: string } } } };
    const href = `${base}${answer.investigations.records.total.href}`;
    const indexed: number[] = [];
    const unindexed: number[] = [];
    try {
      for (const [i, reader] of newReaders.entries()) {
        const withIndex = i % 2 === 0;
        await (
          withIndex
            ? sql`create index if not exists cases_sealed_idx on cases (id) where sealed = 1`
            : sql`drop index if exists cases_sealed_idx`
        ).execute(ctx.db);
        const start = performance.now();
        const response = await fetch(href, { headers: { authorization: `Bearer ${reader}` } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET records: ${response.status}`);
        (withIndex ? indexed : unindexed).push(performance.now() - start);
      }
    } finally {
      await sql`create index if not exists cases_sealed_idx on cases (id) where sealed = 1`.execute(
        ctx.db,
      );
    }
    const firstMs = times[0] ?? Number.NaN;
    const warm = times.slice(1).sort((a, b) => a - b);
    const warmMs = warm[Math.floor(warm.length / 2)] ?? Number.NaN;
    const pages = pageTimes.slice(1).sort((a, b) => a - b);
    return {
      firstMs,
      warmMs,
      bytes,
      records: {
        total,
        firstMs: pageTimes[0] ?? Number.NaN,
        warmMs: pages[Math.floor(pages.length / 2)] ?? Number.NaN,
        lastMs,
      },
      newReaders: { indexed, unindexed },
    };
  } finally {
    await app.close();
  }
}

/**
 * A full collection, outside the timings: each piece of work starts on a heap without the
 * garbage of the one before (the recount leaves hundreds of megabytes, which the next piece
 * would otherwise pay to collect, whichever it is).
 */
const collect: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return () => {
    if (typeof gc === 'function') Reflect.apply(gc, undefined, []);
  };
})();

/**
 * Medians of `times` runs of each piece of work, run in turn so that a change of load hits all
 * alike: wall time, and this process's CPU time (user + system; on SQLite every piece runs in
 * this process, so it is each side's whole CPU; on PostgreSQL the server's is not in it).
 */
async function interleaved(
  times: number,
  works: Record<string, () => Promise<unknown>>,
): Promise<{ wall: Record<string, number>; cpu: Record<string, number> }> {
  const samples: Record<string, number[]> = {};
  const cpuSamples: Record<string, number[]> = {};
  for (const [name, work] of Object.entries(works)) {
    await work(); // warm caches and JIT
    samples[name] = [];
    cpuSamples[name] = [];
  }
  for (let i = 0; i < times; i++)
    for (const [name, work] of Object.entries(works)) {
      collect();
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await work();
      samples[name]?.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuStart);
      cpuSamples[name]?.push((cpu.user + cpu.system) / 1000);
    }
  const medians = (all: Record<string, number[]>) =>
    Object.fromEntries(
      Object.entries(all).map(([name, list]) => {
        list.sort((a, b) => a - b);
        return [name, list[Math.floor(list.length / 2)] ?? Number.NaN];
      }),
    );
  return { wall: medians(samples), cpu: medians(cpuSamples) };
}

/** Times in ms, in the order taken, and their median. */
function ms(times: readonly number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  return `${times.map((t) => t.toFixed(1)).join(', ')} ms (median ${median.toFixed(1)})`;
}

async function measure(name: string, handle: DatabaseHandle, size: number): Promise<void> {
  const ctx = createAppContext(handle.db, handle.engine, readConfig({}));
  const periods = reportPeriods({ year, kind: 'calendar' });
  const provisions = Object.values(provisionIndex(getPack(ctx.statutes(), synthetic.jurisdiction)));
  // The first report after the load builds the summaries of the window's cases from the
  // records (the load left every one stale, as any write does; those outside the window stay
  // stale for a report over another year); later ones read the summaries.
  const firstStart = performance.now();
  const report = await computeReport(ctx, synthetic.jurisdiction, periods);
  const firstMs = performance.now() - firstStart;
  const bare = await fullAggregate(handle, provisions);
  const checked = checkSame(name, bare, report);
  deepStrictEqual(
    report,
    await recountReport(ctx, synthetic.jurisdiction, periods),
    `${name}: the report from the summaries differs from the full recount`,
  );
  const headline = await headlineCounts(handle);
  if (
    report.investigations.total !== headline.investigations ||
    report.prosecutions.cases !== headline.prosecutions ||
    report.convictions.persons !== headline.convictions
  )
    throw new Error(`${name}: the report and the headline counts disagree`);
  // Cold: counted again with nothing kept in memory (what a first reader after a change waits,
  // the summaries of unchanged cases read as stored); the full recount reads every record.
  // After one write (a case's row updated in SQL: its trigger marks its summary stale), the
  // report rebuilds that summary and reads the others.
  let written = 0;
  const { wall: times, cpu } = await interleaved(5, {
    report: () => recomputeReport(ctx, synthetic.jurisdiction, periods),
    afterWrite: async () => {
      written += 7919;
      await sql`update cases set version = version where id = ${`c${written % size}`}`.execute(
        handle.db,
      );
      return recomputeReport(ctx, synthetic.jurisdiction, periods);
    },
    sql: () => fullAggregate(handle, provisions),
    recount: () => recountReport(ctx, synthetic.jurisdiction, periods),
    headline: () => headlineCounts(handle),
  });
  const loadAfterRounds = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const reportMs = times.report ?? Number.NaN;
  const bareMs = times.sql ?? Number.NaN;
  // Warm: the same report again with no change since (kept for the audit log's head).
  const warmMs = await median(5, () => computeReport(ctx, synthetic.jurisdiction, periods));
  const http = await reportOverHttp(ctx);
  const ratio = reportMs / bareMs;
  process.stdout.write(
    `${name}: ${size.toLocaleString('en-US')} cases; ${year}: ${headline.investigations} investigations, ${headline.prosecutions} prosecutions, ${headline.convictions} convictions\n` +
      `  ${checked} figures (${year} and ${year - 1}) counted by the full aggregate SQL, every one equal to the report's; the report equal to a full recount\n` +
      `  first report after the load (builds the summaries of the window's cases) ${firstMs.toFixed(0)} ms\n` +
      `  annual report cold ${reportMs.toFixed(0)} ms, full aggregate SQL ${bareMs.toFixed(0)} ms, ratio ${ratio.toFixed(2)}× (issue 16 target ≤ 1×) ${ratio <= 1 ? 'OK' : 'OVER TARGET'}\n` +
      `  CPU time of this process, medians: report ${(cpu.report ?? Number.NaN).toFixed(0)} ms, SQL ${(cpu.sql ?? Number.NaN).toFixed(0)} ms${handle.engine === 'sqlite' ? ` (SQLite runs in this process: ratio ${((cpu.report ?? Number.NaN) / (cpu.sql ?? Number.NaN)).toFixed(2)}×)` : " (the PostgreSQL server's CPU is not counted)"}\n` +
      `  load average (1, 5, 15 min) after the rounds: ${loadAfterRounds}\n` +
      `  after one write (its summary rebuilt, the others read) ${(times.afterWrite ?? Number.NaN).toFixed(0)} ms, ${((times.afterWrite ?? Number.NaN) / bareMs).toFixed(2)}× the SQL\n` +
      `  the full recount from the records (no summaries) ${(times.recount ?? Number.NaN).toFixed(0)} ms, ${((times.recount ?? Number.NaN) / bareMs).toFixed(2)}× the SQL\n` +
      `  annual report again with no change since ${warmMs.toFixed(1)} ms (target ≤ 50 ms) ${warmMs <= 50 ? 'OK' : 'OVER TARGET'}; peak memory of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n` +
      `  over HTTP (GET /api/reports/annual, API token, ${(http.bytes / 1e6).toFixed(1)} MB of JSON): first ${http.firstMs.toFixed(0)} ms, again with no change since ${http.warmMs.toFixed(1)} ms (target ≤ 50 ms) ${http.warmMs <= 50 ? 'OK' : 'OVER TARGET'}\n` +
      `  its drill-down on demand (GET records.investigations.total.href, ${http.records.total.toLocaleString('en-US')} ids, 100 a page): first page ${http.records.firstMs.toFixed(1)} ms, again ${http.records.warmMs.toFixed(1)} ms, the last page ${http.records.lastMs.toFixed(1)} ms\n` +
      `  a new reader's first drill-down page (its withheld ids found, the report kept): with the index on sealed cases ${ms(http.newReaders.indexed)}; with it dropped ${ms(http.newReaders.unindexed)}\n` +
      `  (for reference: the 3 headline counts of ${year} alone ${(times.headline ?? Number.NaN).toFixed(0)} ms — not the same work)\n`,
  );
}

/**
 * `--keep-db=FILE` (SQLite): generate into FILE and keep it, or, when FILE exists, run on it
 * again (every summary marked stale first, as after the load); the size is then FILE's.
 */
function keptDatabase(): string | undefined {
  return process.argv.find((a) => a.startsWith('--keep-db='))?.slice('--keep-db='.length);
}

async function sqliteRun(size: number): Promise<void> {
  const kept = keptDatabase();
  const dir = kept === undefined ? mkdtempSync(join(tmpdir(), 'palermo-bench-')) : undefined;
  const file = kept ?? join(dir ?? '', 'bench.db');
  try {
    if (kept !== undefined && existsSync(kept)) {
      const migrated = createDb(file);
      await migrateOrThrow(migrated.db);
      await migrated.close();
      const sink = sqliteSink(file);
      sink.close();
      process.stdout.write(`sqlite: ${file} as generated before, every summary marked stale\n`);
    } else {
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
    }
    const handle = createDb(file);
    try {
      await sql`analyze`.execute(handle.db);
      const cases = await sql<{ n: number }>`select count(*) as n from cases`.execute(handle.db);
      await measure('sqlite', handle, Number(cases.rows[0]?.n ?? size));
    } finally {
      await handle.close();
    }
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `--keep-schema=NAME` (PostgreSQL): generate into schema NAME and keep it, or, when it exists,
 * run on it again (every summary marked stale first, as after the load).
 */
function keptSchema(): string | undefined {
  return process.argv.find((a) => a.startsWith('--keep-schema='))?.slice('--keep-schema='.length);
}

async function postgresRun(url: string, size: number): Promise<void> {
  const kept = keptSchema();
  const schema = kept ?? `bench_${randomBytes(4).toString('hex')}`;
  const admin = createDb(url);
  const exists =
    (
      await sql<{ n: number }>`select count(*)::int as n from information_schema.schemata
        where schema_name = ${schema}`.execute(admin.db)
    ).rows[0]?.n === 1;
  if (!exists) await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  try {
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    const handle = createDb(scoped.toString());
    try {
      await migrateOrThrow(handle.db);
      const start = performance.now();
      if (exists) {
        await (await kyselySink(handle.db)).close();
        process.stdout.write(
          `postgres: schema ${schema} as generated before, every summary marked stale\n`,
        );
      } else {
        await handle.db
          .insertInto('agencies')
          .values(agencyRows() as never)
          .execute();
        const sink = await kyselySink(handle.db);
        const counts = await generateCases(sink, size, { chunk: 20_000 });
        await sink.close();
        const rows = Object.values(counts).reduce((a, b) => a + b, 0);
        process.stdout.write(
          `postgres: generated ${rows.toLocaleString('en-US')} rows in ${((performance.now() - start) / 1000).toFixed(1)} s\n`,
        );
      }
      await sql`analyze`.execute(handle.db);
      const cases = await sql<{ n: number }>`select count(*)::int as n from cases`.execute(
        handle.db,
      );
      await measure('postgres', handle, Number(cases.rows[0]?.n ?? size));
    } finally {
      await handle.close();
    }
  } finally {
    if (kept === undefined) await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  }
}

/** Runs the annual-report benchmark on SQLite, and on PostgreSQL when configured. */
export async function run(): Promise<void> {
  const size = sizeArgument();
  // `--engine=postgres` runs PostgreSQL alone.
  if (!process.argv.includes('--engine=postgres')) await sqliteRun(size);
  const url = process.env.PALERMO_BENCH_DATABASE_URL;
  if (url !== undefined && url !== '') await postgresRun(url, size);
  else process.stdout.write('postgres: skipped (set PALERMO_BENCH_DATABASE_URL to run it)\n');
}
