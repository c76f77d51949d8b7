import type { InputOf } from '../common/validate.ts';
import { createHash } from 'node:crypto';
import { audiencesColumn, textListColumn } from '../../db/json-columns.ts';
import { DomainError } from '../../core/errors.ts';
import { checkConformance } from '../../core/statutes/conformance.ts';
import { getPack } from '../../core/statutes/registry.ts';
import type { Pack } from '../../core/statutes/schema.ts';
import type { ProvisionInfo, StatsCase, StatsDataset } from '../../core/stats/dataset.ts';
import { writeNarrative } from '../../core/stats/narrative.ts';
import type { Narrative } from '../../core/stats/narrative.ts';
import { reportPeriods } from '../../core/stats/period.ts';
import type { ReportPeriods } from '../../core/stats/period.ts';
import { reportCounter } from '../../core/stats/report.ts';
import type { AnnualReport, ReportCounter, ReportRegisters } from '../../core/stats/report.ts';
import {
  fetchDataSpan,
  fetchRegisterRows,
  fetchStatsRows,
} from '../../db/repositories/stats.repository.ts';
import type { RegisterRows, StatsWindow } from '../../db/repositories/stats.repository.ts';
import { caseSummariesOf, eachSummarisedCase } from './case-summaries.ts';
import type { SummaryOptions } from './case-summaries.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { annualReportQuery } from '../schemas/reports.schemas.ts';
import type { AnnualReportQuery } from '../schemas/reports.schemas.ts';
import { parseInput } from '../common/validate.ts';
import { allows, authorize } from '../access/access.ts';
import { withheldSealedRecords } from './withhold.ts';
import { headCache } from './head-cache.ts';
import { integrityReport } from '../integrity/report.ts';
import type { IntegrityReport } from '../schemas/integrity.schemas.ts';
import { publishAnnualReport } from '../../core/stats/disclosure/publish.ts';
import { estimateForPeriod } from '../estimation/victim-estimate.ts';
import type { VictimEstimate } from '../estimation/victim-estimate.ts';
import type { PublicReport } from '../../core/stats/disclosure/publish.ts';
import { protectPublication } from '../../core/stats/disclosure/system.ts';
import type { ProtectedPublication, PublicationYears } from '../../core/stats/disclosure/system.ts';
import { resolveJurisdiction } from '../statutes/jurisdictions.ts';
import { publishedFiguresFor } from './published-figures.ts';
import { unodcRule } from '../../core/stats/disclosure/suppress.ts';
import type { DisclosureRule } from '../../core/stats/disclosure/suppress.ts';
import { integerProgramSolver } from '../estimation/linear-program.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/**
 * The annual report with its narrative in the requested language, and the integrity report of
 * the same year for readers allowed to see it (null otherwise, or for a TIP year or a range).
 */
export type AnnualReportWithNarrative = AnnualReport & {
  readonly narrative: Narrative;
  readonly integrity: IntegrityReport | null;
  /**
   * The statistics period's victims across the agencies' lists: how many records, how many
   * distinct persons once linked, whether they were matched at all, and the multiple systems
   * estimate of victims identified and not, or why there is none (docs/ESTIMATION.md).
   */
  readonly victimEstimate: VictimEstimate;
};

/** Provisions of a pack keyed as the registry stores charges: `instrument:article`. */
export function provisionIndex(pack: Pack): Record<string, ProvisionInfo> {
  return Object.fromEntries(
    pack.provisions.map((p) => {
      const key = `${p.instrument}:${p.article}`;
      const countedAs = p.versions.flatMap((v) =>
        v.counting === undefined || v.status === 'signed_not_in_force'
          ? []
          : [
              {
                // A bound known only to a window counts from the window's start and to its end.
                from:
                  typeof v.validFrom === 'object' && v.validFrom !== null
                    ? v.validFrom.notBefore
                    : v.validFrom,
                to:
                  typeof v.validTo === 'object' && v.validTo !== null
                    ? v.validTo.notAfter
                    : v.validTo,
                kind: v.counting.as,
              },
            ],
      );
      return [key, { key, article: p.article, title: p.title, kind: p.kind, countedAs }];
    }),
  );
}

/** The dataset of a report from its cases and the registers' rows. */
function toDataset(
  jurisdiction: JurisdictionCode,
  cases: readonly StatsCase[],
  rows: RegisterRows,
  provisions: Record<string, ProvisionInfo>,
): StatsDataset {
  return { jurisdiction, cases, ...registersOf(rows), provisions };
}

/** The registers of a report from their rows. */
function registersOf(rows: RegisterRows): ReportRegisters {
  return {
    trainings: rows.trainings.map((t) => ({
      id: t.id,
      title: t.title,
      startsOn: t.starts_on,
      endsOn: t.ends_on,
      audiences: audiencesColumn(t.audiences),
      partners: textListColumn('partners', t.partners),
      trainers: textListColumn('trainers', t.trainers),
    })),
    allegations: rows.allegations.map((a) => ({
      id: a.id,
      receivedOn: a.received_on,
      status: a.status,
      investigatedOn: a.investigated_on,
      resultingCaseId: a.resulting_case_id,
    })),
    agencies: rows.agencies.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
    certifications: rows.certifications.map((c) => ({
      agencyId: c.agency_id,
      from: c.period_from,
      to: c.period_to,
    })),
  };
}

/** Reports computed at the log's current head, for every reader (before withholding). */
const computed = headCache<AnnualReport>(4);
/** Whole answers at the log's current head, per reader, language and day. */
const answered = headCache<AnnualReportWithNarrative>(32);

/**
 * Loads the rows for a set of periods and computes the report (without narrative); the same
 * (frozen) report again while the audit log's head has not moved.
 */
export function computeReport(
  ctx: AppContext,
  jurisdiction: JurisdictionCode,
  periods: ReportPeriods,
): Promise<AnnualReport> {
  return computed.get(ctx, JSON.stringify([jurisdiction, periods]), null, () =>
    recomputeReport(ctx, jurisdiction, periods),
  );
}

/** The window of records a report over these periods reads. */
function reportWindow(jurisdiction: JurisdictionCode, periods: ReportPeriods): StatsWindow {
  const from =
    [periods.previous.from, periods.previousReporting.from].sort()[0] ?? periods.previous.from;
  const to = [periods.statistics.to, periods.reporting.to].sort().at(-1) ?? periods.statistics.to;
  return { jurisdiction, from, to };
}

/**
 * `computeReport` counted again, without the kept report: the cases from their per-case
 * summaries (stale ones rebuilt from the records, case-summaries.ts), the registers from theirs.
 */
export async function recomputeReport(
  ctx: AppContext,
  jurisdiction: JurisdictionCode,
  periods: ReportPeriods,
  options: SummaryOptions = {},
): Promise<AnnualReport> {
  const window = reportWindow(jurisdiction, periods);
  const counter = reportCounterFor(ctx, jurisdiction, periods);
  // Each case counted as its summary is read and then dropped: the counter keeps record ids,
  // not cases (a million-case window's cases, unpacked, were gigabytes of heap).
  const [registers] = await Promise.all([
    fetchRegisterRows(ctx.db, window),
    eachSummarisedCase(ctx.db, window, (row) => counter.add(row), options),
  ]);
  return finishReport(ctx, jurisdiction, periods, counter, registers);
}

/**
 * The report from the records themselves, every row read again (no summaries, nothing kept):
 * the reference the fast paths are tested against.
 */
export async function recountReport(
  ctx: AppContext,
  jurisdiction: JurisdictionCode,
  periods: ReportPeriods,
): Promise<AnnualReport> {
  const rows = await fetchStatsRows(ctx.db, reportWindow(jurisdiction, periods));
  const counter = reportCounterFor(ctx, jurisdiction, periods);
  for (const summary of caseSummariesOf(rows)) counter.add(summary.case);
  return finishReport(ctx, jurisdiction, periods, counter, rows);
}

/** The counting of a report over these periods, given its cases one by one. */
function reportCounterFor(
  ctx: AppContext,
  jurisdiction: JurisdictionCode,
  periods: ReportPeriods,
): ReportCounter {
  const pack = getPack(ctx.statutes(), jurisdiction);
  const findings = checkConformance(pack, periods.statistics.to).findings;
  return reportCounter({ jurisdiction, provisions: provisionIndex(pack) }, periods, {
    pack,
    findings,
  });
}

async function finishReport(
  ctx: AppContext,
  jurisdiction: JurisdictionCode,
  periods: ReportPeriods,
  counter: ReportCounter,
  registers: RegisterRows,
): Promise<AnnualReport> {
  const published = await publishedFiguresFor(ctx.db, jurisdiction, periods.previous);
  return counter.finish(registersOf(registers), published);
}

/**
 * The annual law-enforcement report for a year (calendar or TIP) or a range, with the
 * previous period, the records behind every figure, and the narrative.
 */
export async function annualReport(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof annualReportQuery>,
): Promise<AnnualReportWithNarrative> {
  await authorize(ctx, actor, 'report.read', {
    action: 'read the annual report with its records',
    entityType: 'report',
  });
  const query = parseInput(annualReportQuery, raw);
  const periods =
    query.year !== undefined
      ? reportPeriods({ year: query.year, kind: query.period })
      : reportPeriods({ from: query.from ?? '', to: query.to ?? '' });
  const withIntegrity =
    query.year !== undefined && query.period === 'calendar' && allows(actor, 'integrity.read');
  // What the answer depends on besides the records: the reader (their sealed-case access is
  // in the records; their roles and a token's scopes are not), the language, and the day (the
  // integrity report counts idle days to today).
  // The jurisdiction as asked: when none is named, the only one in use is found from the
  // agencies, which are records (a new agency moves the head), so it is resolved inside.
  const key = JSON.stringify([
    query.jurisdiction ?? null,
    periods,
    query.lang,
    actor.id,
    actor.agencyId,
    [...actor.roles].sort(),
    actor.scopes === undefined ? null : [...actor.scopes].sort(),
    withIntegrity ? ctx.now().toISOString().slice(0, 10) : null,
  ]);
  return answered.get(ctx, key, actor, async () => {
    const jurisdiction = await resolveJurisdiction(ctx, query.jurisdiction);
    const report = await withheldSealedRecords(
      ctx,
      actor,
      await computeReport(ctx, jurisdiction, periods),
    );
    const integrity =
      withIntegrity && query.year !== undefined
        ? await integrityReport(ctx, actor, { year: query.year })
        : null;
    const victims = await estimateForPeriod(ctx, {
      jurisdiction,
      from: periods.statistics.from,
      to: periods.statistics.to,
    });
    return {
      ...report,
      narrative: writeNarrative(report, query.lang),
      integrity,
      victimEstimate: victims,
    };
  });
}

/** The publication years of a jurisdiction: every year from its first to its last recorded event. */
async function publicationYears(
  ctx: AppContext,
  jurisdiction: JurisdictionCode,
): Promise<PublicationYears> {
  const span = await fetchDataSpan(ctx.db, jurisdiction);
  if (span === null)
    throw new DomainError(
      'ValidationFailed',
      `jurisdiction: ${jurisdiction} has nothing to publish`,
      {
        issues: [{ path: 'jurisdiction', message: 'no recorded data' }],
      },
    );
  return { first: Number(span.first.slice(0, 4)), last: Number(span.last.slice(0, 4)) };
}

/**
 * Everything published for a jurisdiction, protected as one system: every figure of every
 * calendar and TIP publication year (docs/COUNTING.md, "Publication and disclosure control").
 * Every public output (the JSON, CSV, XLSX and HTML report, the GLOTIP file, the narrative) reads
 * its counts from here.
 */
export async function protectedPublication(
  ctx: AppContext,
  jurisdiction: JurisdictionCode,
  rule: DisclosureRule = unodcRule,
): Promise<ProtectedPublication> {
  const years = await publicationYears(ctx, jurisdiction);
  const pack = getPack(ctx.statutes(), jurisdiction);
  const rows = await fetchStatsRows(ctx.db, {
    jurisdiction,
    from: `${years.first - 1}-01-01`,
    to: `${years.last + 1}-03-31`,
  });
  // The same data give the same publication: it is kept, per context, until the data change.
  const key = createHash('sha256')
    .update(JSON.stringify([jurisdiction, years, rule, rows]))
    .digest('hex');
  const cache = publications.get(ctx) ?? new Map<string, ProtectedPublication>();
  publications.set(ctx, cache);
  const kept = cache.get(`${jurisdiction}:${key}`);
  if (kept !== undefined) return kept;
  const cases = caseSummariesOf(rows).map((summary) => summary.case);
  const dataset = toDataset(jurisdiction, cases, rows, provisionIndex(pack));
  const publication = protectPublication(dataset, years, {
    pack,
    rule,
    solver: await integerProgramSolver(),
  });
  // One publication per jurisdiction and rule is enough: older data are never published again.
  for (const old of cache.keys()) if (old.startsWith(`${jurisdiction}:`)) cache.delete(old);
  cache.set(`${jurisdiction}:${key}`, publication);
  return publication;
}

const publications = new WeakMap<AppContext, Map<string, ProtectedPublication>>();

/** The periods of a public report: a calendar or TIP year, never an arbitrary range. */
export function publicPeriods(query: AnnualReportQuery): ReportPeriods {
  if (query.year === undefined)
    throw new DomainError(
      'ValidationFailed',
      'from/to: the public report covers calendar and TIP years only; ask for a year (and period=calendar or tip)',
      {
        issues: [
          {
            path: query.from !== undefined ? 'from' : 'year',
            message: 'public figures are published for calendar and TIP years only',
          },
        ],
      },
    );
  return reportPeriods({ year: query.year, kind: query.period });
}

/**
 * The annual report as it may be published, for a calendar or TIP year: no record ids, no
 * details that identify anyone, every count as the jurisdiction's protected publication has it
 * (docs/COUNTING.md). This is all the analyst role sees.
 */
export async function publicAnnualReport(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof annualReportQuery>,
): Promise<PublicReport> {
  await authorize(ctx, actor, 'report.public', {
    action: 'read the published annual report',
    entityType: 'report',
  });
  const query = parseInput(annualReportQuery, raw);
  const periods = publicPeriods(query);
  const jurisdiction = await resolveJurisdiction(ctx, query.jurisdiction);
  const publication = await protectedPublication(ctx, jurisdiction);
  return publishAnnualReport(await computeReport(ctx, jurisdiction, periods), publication);
}
