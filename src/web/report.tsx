import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from './api.ts';
import { useI18n } from './i18n/i18n.tsx';

/** Which report: a year, calendar or TIP, for one jurisdiction. */
export interface ReportParams {
  readonly jurisdiction: string;
  readonly year: number;
  readonly period: 'calendar' | 'tip';
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A section of the annual report: figures, `previous` (same shape) and `records` (same shape, ids). */
export type Section = Record<string, Json> & { previous?: Json; records?: Json };

export interface AnnualReport {
  meta: {
    jurisdiction: string;
    periods: Record<string, { kind: string; from: string; to: string; label: string }>;
    provisions: Record<string, { key: string; article: string; title: string; kind: string }>;
  };
  law: {
    asOf: string;
    findings: { code: string; severity: string; article: string | null; explanation: string }[];
  };
  investigations: Section;
  relatedInvestigations: Section;
  prosecutions: Section;
  convictions: Section;
  sentences: Section;
  victims: Section;
  training: Section;
  complicity: Section;
  completeness: {
    agenciesNotCertified: { id: string; name: string; kind: string }[];
    investigationsWithUnknownForm: number;
    investigationsWithoutOrigin: number;
    prosecutionsWithUnknownDefendants: number;
    convictionsWithoutSentence: number;
    casesWithoutProvision: unknown[];
    pendingAllegations: { id: string; receivedOn: string; ageDays: number; status: string }[];
  };
  narrative: { lang: string; paragraphs: string[] };
}

/** The sections whose figures have records behind them. */
export const figureSections = [
  'investigations',
  'relatedInvestigations',
  'prosecutions',
  'convictions',
  'sentences',
  'victims',
  'training',
  'complicity',
] as const;
export type FigureSection = (typeof figureSections)[number];

/** The annual report for a year (narrative in English or Russian: the server has no Kyrgyz one). */
export function useAnnualReport(params: ReportParams | null, narrativeLang: string = 'en') {
  return useQuery({
    queryKey: ['annual-report', params, narrativeLang],
    enabled: params !== null,
    staleTime: 5_000,
    queryFn: () =>
      api<AnnualReport>('/api/reports/annual', {
        query: {
          jurisdiction: params?.jurisdiction,
          year: params?.year,
          period: params?.period,
          lang: narrativeLang,
        },
      }),
  });
}

/** The value at a dotted path inside a JSON value. */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The record ids behind a figure (`case:<id>`, `person:<id>`…), [] when there are none. */
export function recordsOf(report: AnnualReport, section: FigureSection, key: string): string[] {
  const value = at(report[section].records, key);
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** The link to the records behind one figure. */
export function recordsLink(params: ReportParams, section: FigureSection, key: string): string {
  const query = new URLSearchParams({
    jurisdiction: params.jurisdiction,
    year: String(params.year),
    period: params.period,
    section,
    key,
  });
  return `/reports/records?${query.toString()}`;
}

/**
 * One figure with its previous-period value, linking to the records behind it. A null value is
 * "unknown", shown as such, never as zero.
 */
export function Figure({
  report,
  params,
  section,
  figure,
  label,
  headline = false,
}: {
  report: AnnualReport;
  params: ReportParams;
  section: FigureSection;
  figure: string;
  label: string;
  headline?: boolean;
}) {
  const { t, number } = useI18n();
  const value = at(report[section], figure);
  const previous = at(report[section].previous, figure);
  const records = recordsOf(report, section, figure);
  const shown = typeof value === 'number' ? number(value) : t('common.unknown');
  const delta =
    typeof value === 'number' && typeof previous === 'number' ? value - previous : undefined;
  const body = (
    <>
      <span className="figure-value">{shown}</span>
      <span className="figure-label">{label}</span>
      <span className="figure-previous">
        {typeof previous === 'number'
          ? t('figure.previous', {
              value: number(previous),
              delta: delta === undefined ? '' : number(delta, { signDisplay: 'exceptZero' }),
            })
          : t('figure.noPrevious')}
      </span>
    </>
  );
  return (
    <div className={headline ? 'figure figure-headline' : 'figure'} data-figure={figure}>
      {records.length > 0 ? (
        <Link
          to={recordsLink(params, section, figure)}
          aria-label={t('figure.drillDown', { label, value: shown, count: records.length })}
        >
          {body}
        </Link>
      ) : (
        body
      )}
    </div>
  );
}
