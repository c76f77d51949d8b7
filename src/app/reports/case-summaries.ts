/**
 * The report's cases read from their per-case summaries (`case_stats`, migration
 * 2026-12-01T0940_case_stats) instead of seven tables: a summary is the case exactly as the
 * counting reads it, built here from the records by the same code the full recount uses, so
 * every figure still lists the same record ids. The database's triggers mark a case's summary
 * stale in every transaction that writes it; a report rebuilds the stale ones from the records
 * and stores them unless the case was written to meanwhile (docs/SCALING.md).
 */
import type {
  StatsCase,
  StatsCharge,
  StatsPerson,
  StatsSentence,
  StatsVerdict,
  StatsVictim,
} from '../../core/stats/dataset.ts';
import type { ExploitationForm } from '../../core/vocabulary.ts';
import {
  countStaleSummaries,
  datedSummariesUnlikeRecords,
  dateStaleSummaries,
  dropCaseSummary,
  eachCaseSummary,
  readFreshCaseSummaries,
  storeCaseSummaries,
} from '../../db/repositories/case-stats.repository.ts';
import type { BuiltSummary } from '../../db/repositories/case-stats.repository.ts';
import { fetchCaseRows } from '../../db/repositories/stats.repository.ts';
import type { CaseRows, StatsWindow } from '../../db/repositories/stats.repository.ts';
import type { Executor } from '../../db/schema.ts';
import { formsColumn } from '../../db/json-columns.ts';

/** A case as the report reads it, and the dates it is selected by. */
export interface CaseSummary {
  readonly case: StatsCase;
  /**
   * The distinct dates, sorted, a report window selects the case by: opened, every referral,
   * every verdict, every victim identified (the ids `fetchStatsRows` reads).
   */
  readonly on: readonly string[];
}

function groupByCase<T extends { case_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.case_id);
    if (list === undefined) map.set(row.case_id, [row]);
    else list.push(row);
  }
  return map;
}

const byId = (a: { readonly id: string }, b: { readonly id: string }) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
const byPerson = (a: { readonly personId: string }, b: { readonly personId: string }) =>
  a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0;
const none: readonly never[] = [];

/**
 * The cases of `rows` as the counting reads them, sorted by id (each case's records sorted by
 * id, its indictments in the order recorded), so that the same records give the same report
 * whichever way they were read.
 */
export function caseSummariesOf(rows: CaseRows): CaseSummary[] {
  const persons = groupByCase(rows.persons);
  const victims = groupByCase(rows.victims);
  const charges = groupByCase(rows.charges);
  const events = groupByCase(rows.events);
  const verdicts = groupByCase(rows.verdicts);
  const sentences = groupByCase(rows.sentences);
  // Forms are stored as JSON text and repeat across victims: parse each distinct text once.
  const parsedForms = new Map<string, ExploitationForm[]>();
  const formsOf = (text: string): ExploitationForm[] => {
    let forms = parsedForms.get(text);
    if (forms === undefined) {
      forms = formsColumn(text);
      parsedForms.set(text, forms);
    }
    return forms;
  };
  const out = rows.cases.map((row): CaseSummary => {
    const caseEvents = events.get(row.id) ?? none;
    const caseVictims = victims.get(row.id) ?? none;
    const caseVerdicts = verdicts.get(row.id) ?? none;
    const on = new Set<string>([row.opened_on]);
    let referredOn: string | null = null;
    const indictments: { personId: string; on: string }[] = [];
    for (const e of caseEvents) {
      if (e.kind === 'refer') {
        referredOn ??= e.occurred_on;
        on.add(e.occurred_on);
      } else if (e.kind === 'indict' && e.person_id !== null)
        indictments.push({ personId: e.person_id, on: e.occurred_on });
    }
    for (const v of caseVerdicts) on.add(v.decided_on);
    for (const v of caseVictims) if (v.identified_on !== null) on.add(v.identified_on);
    const statsCase: StatsCase = {
      id: row.id,
      reference: row.reference,
      openedOn: row.opened_on,
      origin: row.origin,
      openingAgencyId: row.opening_agency_id,
      registeredKey:
        row.registered_instrument !== null && row.registered_article !== null
          ? `${row.registered_instrument}:${row.registered_article}`
          : null,
      referredOn,
      persons: (persons.get(row.id) ?? none)
        .map((p) => ({
          id: p.id,
          role: p.role,
          sex: p.sex,
          ageKind: p.age_kind,
          ageYears: p.age_years,
          citizenship: p.citizenship,
          publicOfficial: p.public_official,
        }))
        .sort(byId),
      victims: caseVictims
        .map((v) => ({
          personId: v.person_id,
          forms: v.forms === null ? null : formsOf(v.forms),
          identifiedOn: v.identified_on,
          referredToServices: v.referred_to_services,
        }))
        .sort(byPerson),
      charges: (charges.get(row.id) ?? none)
        .map((c) => ({
          id: c.id,
          personId: c.person_id,
          provisionKey: `${c.instrument}:${c.article}`,
          form: c.form,
          chargedOn: c.charged_on,
          offenceDate: c.offence_date,
          active: c.status === 'active',
        }))
        .sort(byId),
      indictments,
      verdicts: caseVerdicts
        .map((v) => ({
          personId: v.person_id,
          chargeId: v.charge_id,
          outcome: v.outcome,
          decidedOn: v.decided_on,
          onAppeal: v.on_appeal === 1,
        }))
        .sort(
          (a, b) =>
            byPerson(a, b) || (a.chargeId < b.chargeId ? -1 : a.chargeId > b.chargeId ? 1 : 0),
        ),
      sentences: (sentences.get(row.id) ?? none)
        .map((s) => ({
          id: s.id,
          personId: s.person_id,
          chargeId: s.charge_id,
          sentencedOn: s.sentenced_on,
          imprisonmentMonths: s.imprisonment_months,
          life: s.life === 1,
          suspended: s.suspended === 1,
          probationMonths: s.probation_months,
          houseArrestMonths: s.house_arrest_months,
          fineAmount: s.fine_amount === null ? null : Number(s.fine_amount),
          fineCurrency: s.fine_currency,
          otherMeasures: s.other_measures,
        }))
        .sort(byId),
    };
    return { case: statsCase, on: [...on].sort() };
  });
  return out.sort((a, b) => byId(a.case, b.case));
}

/** Whether a date of the summary falls in the window (inclusive). */
function selected(summary: CaseSummary, window: StatsWindow): boolean {
  for (const date of summary.on) if (date >= window.from && date <= window.to) return true;
  return false;
}

/*
 * Stored compactly: the case and each of its records as a JSON array of its fields in the
 * order below (half the bytes of keyed objects, and half the parsing). A record's person and
 * charge are written as their index in the case's persons and charges (sorted by id), not as
 * their ids again (a third fewer strings to parse; ids are UUIDs in use), or as the id itself
 * when the case has no such person or charge. `packSummary` and `unpackSummary` are the only
 * two places that know the format (migration 2026-12-01T1245_case_stats_packed_ids marked the
 * summaries of the format before stale).
 */
function packSummary(summary: CaseSummary): string {
  const c = summary.case;
  const persons = new Map(c.persons.map((p, i) => [p.id, i]));
  const charges = new Map(c.charges.map((ch, i) => [ch.id, i]));
  const person = (id: string) => persons.get(id) ?? id;
  const charge = (id: string | null) => (id === null ? null : (charges.get(id) ?? id));
  return JSON.stringify([
    c.id,
    c.reference,
    c.openedOn,
    c.origin,
    c.openingAgencyId,
    c.registeredKey,
    c.referredOn,
    c.persons.map((p) => [
      p.id,
      p.role,
      p.sex,
      p.ageKind,
      p.ageYears,
      p.citizenship,
      p.publicOfficial,
    ]),
    c.victims.map((v) => [person(v.personId), v.forms, v.identifiedOn, v.referredToServices]),
    c.charges.map((ch) => [
      ch.id,
      person(ch.personId),
      ch.provisionKey,
      ch.form,
      ch.chargedOn,
      ch.offenceDate,
      ch.active ? 1 : 0,
    ]),
    c.indictments.map((i) => [person(i.personId), i.on]),
    c.verdicts.map((v) => [
      person(v.personId),
      charge(v.chargeId),
      v.outcome,
      v.decidedOn,
      v.onAppeal ? 1 : 0,
    ]),
    c.sentences.map((s) => [
      s.id,
      person(s.personId),
      charge(s.chargeId),
      s.sentencedOn,
      s.imprisonmentMonths,
      s.life ? 1 : 0,
      s.suspended ? 1 : 0,
      s.probationMonths,
      s.houseArrestMonths,
      s.fineAmount,
      s.fineCurrency,
      s.otherMeasures,
    ]),
    summary.on,
    packedFormat,
  ]);
}

/** The last field of a packed summary: its format (the one before had none, and 14 fields). */
const packedFormat = 2;

/**
 * What `packSummary` wrote, as the counting reads it. The values were checked against their
 * vocabularies when the records were written and when the summary was built from them; a
 * stored text of another shape is refused.
 */
function isPacked(value: unknown): value is PackedCase {
  if (!Array.isArray(value) || value.length !== 15 || value[14] !== packedFormat) return false;
  for (let i = 7; i < 14; i++) if (!Array.isArray(value[i])) return false;
  return true;
}

/** A person or a charge as packed: its index in the case's list, or its id. */
type PackedRef = number | string;

type PackedCase = readonly [
  StatsCase['id'],
  StatsCase['reference'],
  StatsCase['openedOn'],
  StatsCase['origin'],
  StatsCase['openingAgencyId'],
  StatsCase['registeredKey'],
  StatsCase['referredOn'],
  readonly (readonly [
    StatsPerson['id'],
    StatsPerson['role'],
    StatsPerson['sex'],
    StatsPerson['ageKind'],
    StatsPerson['ageYears'],
    StatsPerson['citizenship'],
    StatsPerson['publicOfficial'],
  ])[],
  readonly (readonly [
    PackedRef,
    StatsVictim['forms'],
    StatsVictim['identifiedOn'],
    StatsVictim['referredToServices'],
  ])[],
  readonly (readonly [
    StatsCharge['id'],
    PackedRef,
    StatsCharge['provisionKey'],
    StatsCharge['form'],
    StatsCharge['chargedOn'],
    StatsCharge['offenceDate'],
    0 | 1,
  ])[],
  readonly (readonly [PackedRef, string])[],
  readonly (readonly [
    PackedRef,
    PackedRef,
    StatsVerdict['outcome'],
    StatsVerdict['decidedOn'],
    0 | 1,
  ])[],
  readonly (readonly [
    StatsSentence['id'],
    PackedRef,
    PackedRef | null,
    StatsSentence['sentencedOn'],
    StatsSentence['imprisonmentMonths'],
    0 | 1,
    0 | 1,
    StatsSentence['probationMonths'],
    StatsSentence['houseArrestMonths'],
    StatsSentence['fineAmount'],
    StatsSentence['fineCurrency'],
    StatsSentence['otherMeasures'],
  ])[],
  readonly string[],
  typeof packedFormat,
];

const notOne = (caseId: string) =>
  new Error(`case_stats: the summary of case ${caseId} is not one`);

/** The id of a packed person reference (its index in the case's persons, or the id itself). */
function personRef(caseId: string, persons: readonly StatsPerson[], ref: PackedRef): string {
  if (typeof ref === 'string') return ref;
  const found = persons[ref];
  if (found === undefined) throw notOne(caseId);
  return found.id;
}

/** The id of a packed charge reference (its index in the case's charges, or the id itself). */
function chargeRef(caseId: string, charges: PackedCase[9], ref: PackedRef): string {
  if (typeof ref === 'string') return ref;
  const found = charges[ref];
  if (found === undefined) throw notOne(caseId);
  return found[0];
}

/*
 * Unpacked once per case a report reads (a million-case window has a quarter of a million):
 * indexed reads, not destructuring (an iterator per record), and loops, not `map` with a
 * closure per list (a function object per call, which the profile showed).
 */
function unpackSummary(caseId: string, text: string): CaseSummary {
  const v: unknown = JSON.parse(text);
  if (!isPacked(v)) throw notOne(caseId);
  const persons: StatsPerson[] = [];
  for (const p of v[7])
    persons.push({
      id: p[0],
      role: p[1],
      sex: p[2],
      ageKind: p[3],
      ageYears: p[4],
      citizenship: p[5],
      publicOfficial: p[6],
    });
  const victims: StatsVictim[] = [];
  for (const x of v[8])
    victims.push({
      personId: personRef(caseId, persons, x[0]),
      forms: x[1],
      identifiedOn: x[2],
      referredToServices: x[3],
    });
  const charges: StatsCharge[] = [];
  for (const c of v[9])
    charges.push({
      id: c[0],
      personId: personRef(caseId, persons, c[1]),
      provisionKey: c[2],
      form: c[3],
      chargedOn: c[4],
      offenceDate: c[5],
      active: c[6] === 1,
    });
  const indictments: { personId: string; on: string }[] = [];
  for (const i of v[10]) indictments.push({ personId: personRef(caseId, persons, i[0]), on: i[1] });
  const verdicts: StatsVerdict[] = [];
  for (const x of v[11])
    verdicts.push({
      personId: personRef(caseId, persons, x[0]),
      chargeId: chargeRef(caseId, v[9], x[1]),
      outcome: x[2],
      decidedOn: x[3],
      onAppeal: x[4] === 1,
    });
  const sentences: StatsSentence[] = [];
  for (const x of v[12])
    sentences.push({
      id: x[0],
      personId: personRef(caseId, persons, x[1]),
      chargeId: x[2] === null ? null : chargeRef(caseId, v[9], x[2]),
      sentencedOn: x[3],
      imprisonmentMonths: x[4],
      life: x[5] === 1,
      suspended: x[6] === 1,
      probationMonths: x[7],
      houseArrestMonths: x[8],
      fineAmount: x[9],
      fineCurrency: x[10],
      otherMeasures: x[11],
    });
  return {
    case: {
      id: v[0],
      reference: v[1],
      openedOn: v[2],
      origin: v[3],
      openingAgencyId: v[4],
      registeredKey: v[5],
      referredOn: v[6],
      persons,
      victims,
      charges,
      indictments,
      verdicts,
      sentences,
    },
    on: v[13],
  };
}

/** The summaries of these cases built from their records (what verify and a report rebuild). */
async function summariesFromRecords(
  executor: Executor,
  caseIds: readonly string[],
): Promise<CaseSummary[]> {
  return caseSummariesOf(await fetchCaseRows(executor, caseIds));
}

/** Stale summaries rebuilt per round: bounds the records held at once. */
const rebuildChunk = 5000;

/**
 * The fresh summaries that are not what their case's records give: a summary is derived, so
 * the log does not vouch for it, but the report reads it in place of the records, so an edit
 * made to it outside the application (with its fresh flag kept) would change published
 * figures unseen. Verify rebuilds every fresh summary from the records and names each that
 * differs, or whose case has no records left; and each dated stale summary whose dates are not
 * its records' (the report would not read it for a window it belongs to).
 */
export async function summariesUnlikeRecords(executor: Executor): Promise<string[]> {
  // A dated stale summary's dates decide which windows read it (and rebuild it).
  const unlike: string[] = await datedSummariesUnlikeRecords(executor);
  let after = '';
  for (;;) {
    const rows = await readFreshCaseSummaries(executor, after, rebuildChunk);
    const last = rows.at(-1);
    if (last === undefined) return unlike;
    after = last.case_id;
    const built = new Map(
      (
        await summariesFromRecords(
          executor,
          rows.map((row) => row.case_id),
        )
      ).map((summary) => [summary.case.id, summary]),
    );
    for (const row of rows) {
      const summary = built.get(row.case_id);
      if (
        summary === undefined ||
        row.data !== packSummary(summary) ||
        row.first_on !== (summary.on[0] ?? null) ||
        row.last_on !== (summary.on.at(-1) ?? null)
      )
        unlike.push(row.case_id);
    }
  }
}

/**
 * Above this many stale summaries in the jurisdiction, a report rebuilds only those its window
 * selects: the query that finds them (the window's case ids from four date indexes) costs
 * about what rebuilding a thousand cases does.
 */
const manyStale = 1000;

export interface SummaryOptions {
  /** Stale summaries above which only the window's are rebuilt (0: always only the window's). */
  readonly manyStale?: number;
}

/**
 * The cases a report over the window counts, as a full read of the records (`fetchStatsRows`)
 * would give them but in no particular order (the counting does not depend on it, and sorting
 * a million was a cost), each given to `visit` as it is read, so that no caller must hold
 * them all: fresh summaries unpacked one at a time as the statement returns them, then the
 * stale ones rebuilt from the records in chunks, stored, and given in turn.
 */
export async function eachSummarisedCase(
  executor: Executor,
  window: StatsWindow,
  visit: (row: StatsCase) => void,
  options: SummaryOptions = {},
): Promise<void> {
  // A few stale summaries (the cases written since the last report) are rebuilt whatever
  // their dates; many (after a bulk load or import) only for the cases the window selects,
  // the others left stale for the report that needs them.
  const many = options.manyStale ?? manyStale;
  const scope =
    many === 0 || (await countStaleSummaries(executor, window.jurisdiction)) > many
      ? 'window'
      : 'all';
  // One statement gives the fresh summaries and names the stale ones (one state of the
  // table: a case written meanwhile is in it as one or the other, never missing); the stale
  // ones are rebuilt once it is done, since the statement holds the connection until then.
  const stale: { caseId: string; generation: number }[] = [];
  await eachCaseSummary(executor, window, scope, (row) => {
    if (row.fresh === 1 && row.data !== null) {
      const summary = unpackSummary(row.case_id, row.data);
      if (selected(summary, window)) visit(summary.case);
    } else stale.push({ caseId: row.case_id, generation: row.generation });
  });
  for (let start = 0; start < stale.length; start += rebuildChunk) {
    const chunk = stale.slice(start, start + rebuildChunk);
    // The generations were read before the records: a write in between moves the generation,
    // and the summary built from older records is then not stored.
    const built = await summariesFromRecords(
      executor,
      chunk.map((s) => s.caseId),
    );
    const generations = new Map(chunk.map((s) => [s.caseId, s.generation]));
    const store: BuiltSummary[] = [];
    for (const summary of built) {
      const generation = generations.get(summary.case.id);
      generations.delete(summary.case.id);
      const firstOn = summary.on[0];
      const lastOn = summary.on.at(-1);
      if (generation === undefined || firstOn === undefined || lastOn === undefined) continue;
      store.push({
        caseId: summary.case.id,
        generation,
        firstOn,
        lastOn,
        data: packSummary(summary),
      });
      if (selected(summary, window)) visit(summary.case);
    }
    await storeCaseSummaries(executor, store);
    // What is left had no case row: the case was deleted after a write to its records.
    for (const [caseId, generation] of generations)
      await dropCaseSummary(executor, caseId, generation);
  }
  // Many stale (a bulk load): those left outside this window are dated once, so that the next
  // report finds the ones its window needs by the window index (fresh 2) instead of looking up
  // every case its window selects; a later write to a case makes its summary stale (0) again.
  if (scope === 'window') await dateStaleSummaries(executor, window.jurisdiction);
}

/** `eachSummarisedCase`'s cases, all of them (for tests and small windows). */
export async function summarisedCases(
  executor: Executor,
  window: StatsWindow,
  options: SummaryOptions = {},
): Promise<StatsCase[]> {
  const out: StatsCase[] = [];
  await eachSummarisedCase(executor, window, (row) => out.push(row), options);
  return out;
}
