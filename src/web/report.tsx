import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { AnnualReportView, FigureRecordsView } from '../app/schemas/annual-report.schemas.ts';
import { figureSections, recordParts } from '../core/stats/sections.ts';
import type { FigureSection, RecordPart } from '../core/stats/sections.ts';
import { api } from './api.ts';
import { useI18n } from './i18n/i18n.tsx';

/** Which report: a year, calendar or TIP, for one jurisdiction. */
export interface ReportParams {
  readonly jurisdiction: string;
  readonly year: number;
  readonly period: 'calendar' | 'tip';
}

/** The annual report as the API returns it (its schema is the contract: src/app/schemas). */
export type AnnualReport = AnnualReportView;

export { figureSections, recordParts };
export type { FigureSection, RecordPart };

/** The dotted paths of the figures in a tree of values: `total`, `byForm.sex`, `outsideRange.unchecked`. */
type PathsOf<T> = {
  [K in keyof T & string]: T[K] extends number | null ? K : `${K}.${PathsOf<T[K]>}`;
}[keyof T & string];

/** The figures of a section, as paths the compiler checks against the report's schema. */
export type FigureKey<S extends FigureSection> = PathsOf<
  Omit<AnnualReport[S], 'previous' | 'records'>
>;

/** A figure of any section: the section and the path of the figure in it. */
export type SectionFigure<Extra> = {
  [S in FigureSection]: readonly [S, FigureKey<S>, Extra];
}[FigureSection];

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
    const next: unknown = Reflect.get(current, key);
    current = next;
  }
  return current;
}

/**
 * How many records are behind a figure (for this reader); 0 when there are none. `key` is the
 * figure's path in the part's records: `total`, or `previous.total` for the previous period's.
 */
export function recordCountOf(report: AnnualReport, section: RecordPart, key: string): number {
  const ref = at(report[section].records, key);
  if (typeof ref !== 'object' || ref === null) return 0;
  const count: unknown = Reflect.get(ref, 'count');
  return typeof count === 'number' ? count : 0;
}

/**
 * One page of the ids of the records behind a figure, loaded when the drill-down asks for them
 * (the report itself carries only how many there are).
 */
export function useFigureRecords(
  params: ReportParams | null,
  section: RecordPart | null,
  key: string,
  page: { readonly offset: number; readonly limit: number },
) {
  return useQuery({
    queryKey: ['figure-records', params, section, key, page.offset, page.limit],
    enabled: params !== null && section !== null && key !== '',
    staleTime: 5_000,
    placeholderData: keepPreviousData,
    queryFn: () =>
      api<FigureRecordsView>('/api/reports/annual/records', {
        query: {
          jurisdiction: params?.jurisdiction,
          year: params?.year,
          period: params?.period,
          figure: `${section ?? ''}.${key}`,
          offset: page.offset,
          limit: page.limit,
        },
      }),
  });
}

/** The link to the records behind one figure. */
export function recordsLink(params: ReportParams, section: RecordPart, key: string): string {
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
 * A figure's value as shown: a number in the user's language, the published `<5` mark of a
 * small count, `x` for a count hidden to protect another, or "unknown" (never zero).
 */
export function useFigureText(): (value: unknown) => { text: string; spoken: string } {
  const { t, number } = useI18n();
  return (value) => {
    if (typeof value === 'number') return { text: number(value), spoken: number(value) };
    if (typeof value === 'string' && /^<\d+$/.test(value)) {
      const limit = number(Number(value.slice(1)));
      return { text: `<${limit}`, spoken: t('figure.fewerThan', { limit }) };
    }
    if (value === 'x') return { text: t('figure.hiddenMark'), spoken: t('figure.hidden') };
    return { text: t('common.unknown'), spoken: t('common.unknown') };
  };
}

/**
 * A number card: the value, its label and the previous period's value. The parts stack on
 * their own lines whatever the value (0, unknown or a long number), and a card that links to
 * records keeps its visible text as the start of its accessible name.
 */
export function NumberCard({
  value,
  previous,
  label,
  to,
  linkHint,
  previousLink,
  headline = false,
  name,
}: {
  value: unknown;
  previous: unknown;
  label: string;
  to?: string;
  linkHint?: string;
  /** The records behind the previous period's value: a link of its own under the card's. */
  previousLink?: { readonly to: string; readonly text: string };
  headline?: boolean;
  name?: string;
}) {
  const { t, number } = useI18n();
  const figureText = useFigureText();
  const shown = figureText(value);
  const before = figureText(previous);
  const delta =
    typeof value === 'number' && typeof previous === 'number' ? value - previous : undefined;
  const body = (
    <>
      <span className="figure-value">
        <span aria-hidden={shown.spoken === shown.text ? undefined : true}>{shown.text}</span>
        {shown.spoken !== shown.text && <span className="visually-hidden">{shown.spoken}</span>}
      </span>
      <span className="figure-label">{label}</span>
      <span className="figure-previous">
        {previous === undefined || previous === null
          ? t('figure.noPrevious')
          : delta === undefined
            ? t('figure.previousOnly', { value: before.text })
            : t('figure.previous', {
                value: before.text,
                delta: number(delta, { signDisplay: 'exceptZero' }),
              })}
      </span>
    </>
  );
  return (
    <div className={headline ? 'figure figure-headline' : 'figure'} data-figure={name}>
      {to !== undefined ? (
        <Link to={to}>
          {body}
          {linkHint !== undefined && <span className="visually-hidden">{linkHint}</span>}
        </Link>
      ) : (
        body
      )}
      {previousLink !== undefined && (
        <Link className="figure-previous-records" to={previousLink.to}>
          {previousLink.text}
        </Link>
      )}
    </div>
  );
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
  const { t } = useI18n();
  const count = recordCountOf(report, section, figure);
  const previousCount = recordCountOf(report, section, `previous.${figure}`);
  return (
    <NumberCard
      value={at(report[section], figure)}
      previous={at(report[section].previous, figure)}
      label={label}
      headline={headline}
      name={figure}
      {...(count > 0
        ? {
            to: recordsLink(params, section, figure),
            linkHint: t('figure.drillDownHint', { count }),
          }
        : {})}
      {...(previousCount > 0
        ? {
            previousLink: {
              to: recordsLink(params, section, `previous.${figure}`),
              text: t('figure.previousRecords', { count: previousCount }),
            },
          }
        : {})}
    />
  );
}
