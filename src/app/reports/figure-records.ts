/**
 * The records behind the annual report's figures, on demand. The report's JSON answer carries
 * each figure's value and how many records are behind it, with the address that lists them
 * (`records.<figure>.href`), not the ids themselves: at a million cases the ids were 35 MB of
 * every answer. Every figure the answer counts from records has one: each section's, this
 * period's and the previous period's (`<section>.records.previous.<figure>`, listed as figure
 * `<section>.previous.<figure>`), the completeness counts' (`completeness.records`) and the
 * prison terms' (`details.records.prisonTerms.<months>`). `figureRecords` pages through one
 * figure's ids, read from the report kept for the audit log's head (computed again when the head has moved), with the same authorisation and
 * the same withholding of sealed cases as the report (withhold.ts).
 */
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { reportPeriods, sectionPeriods } from '../../core/stats/period.ts';
import type { ReportPeriods } from '../../core/stats/period.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';
import { authorize } from '../access/access.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { parseInput } from '../common/validate.ts';
import type { InputOf } from '../common/validate.ts';
import { annualReportQuery } from '../schemas/reports.schemas.ts';
import type { AnnualReportQuery } from '../schemas/reports.schemas.ts';
import { wholeNumber } from '../schemas/common.ts';
import { resolveJurisdiction } from '../statutes/jurisdictions.ts';
import { listedCount } from '../../core/stats/figures.ts';
import { recordParts } from '../../core/stats/sections.ts';
import type { RecordPart } from '../../core/stats/sections.ts';
import { computeReport } from './annual-report.ts';
import type { AnnualReportWithNarrative } from './annual-report.ts';
import { withheldRefsFor } from './withhold.ts';

/** Where a figure's records are listed, and how many the reader will find there. */
export interface FigureRecordsRef {
  /** The records behind the figure that this reader may see (`GET href` lists them). */
  readonly count: number;
  /** `GET` lists them: /api/reports/annual/records?…&figure=<section>.<path>. */
  readonly href: string;
}

/** A tree of record lists with each list replaced by where to find it. */
export type RecordRefsOf<T> = {
  readonly [K in keyof T]: T[K] extends readonly string[] ? FigureRecordsRef : RecordRefsOf<T[K]>;
};

/**
 * A part of the answer with its figures and where each figure's records are: a section (this
 * period's and, under `records.previous`, the previous period's), the completeness counts, the
 * details' prison terms.
 */
export type AnswerSection<S extends { readonly records: unknown }> = Omit<S, 'records'> & {
  readonly records: RecordRefsOf<S['records']>;
};

/** The annual report as the JSON API answers it: every figure, no record ids (see above). */
export type AnnualReportAnswer = Omit<AnnualReportWithNarrative, RecordPart> & {
  readonly [K in RecordPart]: AnswerSection<AnnualReportWithNarrative[K]>;
};

/** The query naming one report (as `annualReport` takes it) in a link, jurisdiction resolved. */
function reportQueryParams(
  query: Pick<AnnualReportQuery, 'year' | 'period' | 'from' | 'to'>,
  jurisdiction: JurisdictionCode,
): URLSearchParams {
  const params = new URLSearchParams({ jurisdiction });
  if (query.year !== undefined) {
    params.set('year', String(query.year));
    params.set('period', query.period);
  } else {
    params.set('from', query.from ?? '');
    params.set('to', query.to ?? '');
  }
  return params;
}

function refsOf(node: unknown, path: string, href: (figure: string) => string): unknown {
  if (Array.isArray(node)) return { count: node.length, href: href(path) };
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  // Keys, not entries: a count known without reading its list (reading sorts it; the answer of
  // a million-case report would sort every list though no one has asked for one yet).
  for (const key of Object.keys(node)) {
    const count = listedCount(node, key);
    out[key] =
      count === null
        ? refsOf(Reflect.get(node, key), `${path}.${key}`, href)
        : { count, href: href(`${path}.${key}`) };
  }
  return out;
}

/** A part with its records tree replaced, leaf for leaf, by where each list is. */
function answerSection<S extends { readonly records: unknown }>(
  section: S,
  name: RecordPart,
  href: (figure: string) => string,
): AnswerSection<S>;
function answerSection(
  section: { readonly records: unknown },
  name: RecordPart,
  href: (figure: string) => string,
): unknown {
  return { ...section, records: refsOf(section.records, name, href) };
}

const answers = new WeakMap<AnnualReportWithNarrative, AnnualReportAnswer>();

/**
 * The report as the JSON API answers it: each section's records replaced by their count and
 * address. Made once per (kept, frozen) report, so a repeated answer is the same object and its
 * serialised bytes are kept with it (src/http/kept-json.ts).
 */
export function annualReportAnswer(
  report: AnnualReportWithNarrative,
  query: Pick<AnnualReportQuery, 'year' | 'period' | 'from' | 'to'>,
): AnnualReportAnswer {
  const kept = answers.get(report);
  if (kept !== undefined) return kept;
  const base = reportQueryParams(query, report.meta.jurisdiction);
  const href = (figure: string) => {
    const params = new URLSearchParams(base);
    params.set('figure', figure);
    return `/api/reports/annual/records?${params.toString()}`;
  };
  const answer: AnnualReportAnswer = {
    ...report,
    investigations: answerSection(report.investigations, 'investigations', href),
    relatedInvestigations: answerSection(
      report.relatedInvestigations,
      'relatedInvestigations',
      href,
    ),
    prosecutions: answerSection(report.prosecutions, 'prosecutions', href),
    convictions: answerSection(report.convictions, 'convictions', href),
    sentences: answerSection(report.sentences, 'sentences', href),
    victims: answerSection(report.victims, 'victims', href),
    training: answerSection(report.training, 'training', href),
    complicity: answerSection(report.complicity, 'complicity', href),
    completeness: answerSection(report.completeness, 'completeness', href),
    details: answerSection(report.details, 'details', href),
  };
  answers.set(report, answer);
  return answer;
}

/** Which figure's records, of which report, and which page of them. */
export const figureRecordsQuery = annualReportQuery.safeExtend({
  figure: z
    .string()
    .min(1)
    .max(300)
    .describe(
      "the figure: its section and its path in the section, dotted (investigations.total, victims.byForm.sex; the previous period's investigations.previous.total; completeness.casesWithoutProvision, details.prisonTerms.60), as records.<figure>.href names it",
    ),
  offset: wholeNumber(0, 100_000_000).default(0).describe('records to skip (default 0)'),
  limit: wholeNumber(1, 1000)
    .default(100)
    .describe('records in the page, at most 1,000 (default 100)'),
});

/** A page of the records behind one figure. */
export interface FigureRecordsPage {
  readonly figure: string;
  readonly jurisdiction: JurisdictionCode;
  /** The period the figure counts: this one, or the previous for `<section>.previous.…`. */
  readonly period: { readonly from: string; readonly to: string };
  /** The records behind the figure this reader may see (the ids of sealed cases not theirs left out). */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** `case:<id>`, `person:<id>`, `sentence:<id>`, `training:<id>`, `allegation:<id>`, sorted. */
  readonly ids: readonly string[];
  /** The next page, or null on the last. */
  readonly next: string | null;
}

/** The list at `path` in a tree of record lists, matching keys that contain dots too. */
function listAt(tree: unknown, path: string): readonly string[] | undefined {
  if (Array.isArray(tree)) return path === '' ? tree : undefined;
  if (typeof tree !== 'object' || tree === null || path === '') return undefined;
  const keys = Object.keys(tree);
  const exact = keys.find((key) => key === path);
  if (exact !== undefined) return listAt(Reflect.get(tree, exact), '');
  for (const key of keys
    .filter((k) => path.startsWith(`${k}.`))
    .sort((a, b) => b.length - a.length)) {
    const found = listAt(Reflect.get(tree, key), path.slice(key.length + 1));
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The period a figure counts: training and complicity the TIP reporting period, the rest the
 * statistics period; a section's `previous.…` figures the period before.
 */
function periodOfFigure(periods: ReportPeriods, part: RecordPart, path: string) {
  const { now, before } = sectionPeriods(periods, part);
  return path.startsWith('previous.') ? before : now;
}

function notAFigure(figure: string): DomainError {
  return new DomainError('NotFound', `figure: the report has no figure ${figure}`, {
    issues: [{ path: 'figure', message: 'not a figure of this report' }],
  });
}

/**
 * One page of the ids of the records behind a figure of the annual report, as the report
 * counted them at the current head of the audit log (the report kept for that head when there
 * is one), less the records of sealed cases the reader is not on the access list of.
 */
export async function figureRecords(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof figureRecordsQuery>,
): Promise<FigureRecordsPage> {
  await authorize(ctx, actor, 'report.read', {
    action: "read the records behind an annual report's figure",
    entityType: 'report',
  });
  const query = parseInput(figureRecordsQuery, raw);
  const periods: ReportPeriods =
    query.year !== undefined
      ? reportPeriods({ year: query.year, kind: query.period })
      : reportPeriods({ from: query.from ?? '', to: query.to ?? '' });
  const dot = query.figure.indexOf('.');
  const partName = dot < 0 ? query.figure : query.figure.slice(0, dot);
  const part = recordParts.find((name) => name === partName);
  if (part === undefined) throw notAFigure(query.figure);
  const path = dot < 0 ? '' : query.figure.slice(dot + 1);
  const jurisdiction = await resolveJurisdiction(ctx, query.jurisdiction);
  const [report, withheld] = await Promise.all([
    computeReport(ctx, jurisdiction, periods),
    withheldRefsFor(ctx, actor),
  ]);
  // A section's `records` holds the previous period's under `previous` (`<section>.previous.…`).
  const all = listAt(report[part].records, path);
  if (all === undefined) throw notAFigure(query.figure);
  const period = periodOfFigure(periods, part, path);
  const visible = withheld.size === 0 ? all : all.filter((id) => !withheld.has(id));
  const end = query.offset + query.limit;
  let next: string | null = null;
  if (end < visible.length) {
    const params = reportQueryParams(query, jurisdiction);
    params.set('figure', query.figure);
    params.set('offset', String(end));
    params.set('limit', String(query.limit));
    next = `/api/reports/annual/records?${params.toString()}`;
  }
  return {
    figure: query.figure,
    jurisdiction,
    period: { from: period.from, to: period.to },
    total: visible.length,
    offset: query.offset,
    limit: query.limit,
    ids: visible.slice(query.offset, end),
    next,
  };
}
