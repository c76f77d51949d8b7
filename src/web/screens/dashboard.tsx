import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { Chart } from '../components/chart.tsx';
import { QueryState } from '../components/ui.tsx';
import { PublishedPrevious } from '../components/published-previous.tsx';
import { VictimEstimate } from '../components/victim-estimate.tsx';
import { JurisdictionField, useReportPickers, YearField } from '../components/report-pickers.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Figure, at, recordCountOf, recordsLink, useAnnualReport } from '../report.tsx';
import type { AnnualReport, ReportParams, SectionFigure } from '../report.tsx';

/** The headline figures: section, figure path, label. */
export const headlineFigures: readonly SectionFigure<MessageKey>[] = [
  ['investigations', 'total', 'figures.investigations'],
  ['prosecutions', 'cases', 'figures.prosecutions'],
  ['convictions', 'persons', 'figures.convictions'],
  ['victims', 'identified', 'figures.victims'],
  ['sentences', 'recorded', 'figures.sentencesRecorded'],
  ['training', 'events', 'figures.trainings'],
  ['complicity', 'allegations', 'figures.allegations'],
];

/**
 * The completeness counts the dashboard warns about, with their messages; each links to the
 * records behind it (completeness.records).
 */
const completenessCounts = [
  ['investigationsWithUnknownForm', 'completeness.unknownForm'],
  ['investigationsWithoutOrigin', 'completeness.noOrigin'],
  ['convictionsWithoutSentence', 'completeness.noSentence'],
  ['prosecutionsWithUnknownDefendants', 'completeness.unknownDefendants'],
  ['casesWithoutProvision', 'completeness.noProvision'],
] as const satisfies readonly (readonly [
  keyof AnnualReport['completeness']['records'],
  MessageKey,
])[];

/** The period's headline figures against the previous period, trends and completeness warnings. */
export function FiguresDashboard() {
  const { t, number } = useI18n();
  const pickers = useReportPickers();
  const params: ReportParams | null =
    pickers.year === null || pickers.jurisdiction === ''
      ? null
      : { jurisdiction: pickers.jurisdiction, year: pickers.year, period: 'calendar' };
  const report = useAnnualReport(params);
  const range = pickers.years.data;
  const trendYears = useMemo(() => {
    if (range === undefined) return [];
    const list: number[] = [];
    for (let y = range.first; y <= range.last; y += 1) list.push(y);
    return list;
  }, [range]);
  const trendReports = useQueries({
    queries: trendYears.map((year) => ({
      queryKey: [
        'annual-report',
        { jurisdiction: pickers.jurisdiction, year, period: 'calendar' },
        'en',
      ],
      staleTime: 5_000,
      queryFn: () =>
        api<AnnualReport>('/api/reports/annual', {
          query: { jurisdiction: pickers.jurisdiction, year, period: 'calendar', lang: 'en' },
        }),
    })),
  });
  const trendsReady = trendReports.length > 0 && trendReports.every((query) => query.data);
  const trendOption = useMemo(() => {
    if (!trendsReady) return null;
    const series = headlineFigures.slice(0, 4).map(([section, figure, label]) => ({
      name: t(label),
      type: 'line',
      data: trendReports.map((query) => {
        const value = at(query.data?.[section], figure);
        return typeof value === 'number' ? value : null;
      }),
    }));
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 20, top: 20, bottom: 60 },
      xAxis: { type: 'category', data: trendYears.map(String) },
      yAxis: { type: 'value', minInterval: 1 },
      series,
    };
    // trendReports is a new array every render: depend on when its data last changed.
  }, [trendsReady, trendYears, t, trendReports.map((query) => query.dataUpdatedAt).join(',')]);

  const data = report.data;
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">{t('dashboard.figures')}</h2>
      <div className="toolbar">
        <JurisdictionField pickers={pickers} />
        <YearField pickers={pickers} />
      </div>
      <QueryState loading={report.isLoading} error={report.error} />
      {data !== undefined && params !== null && (
        <>
          <h3>
            {t('dashboard.headline', {
              period: data.meta.periods['statistics']?.label ?? '',
              previous: data.meta.periods['previous']?.label ?? '',
            })}
          </h3>
          <div className="figures" data-testid="headline-figures">
            {headlineFigures.map(([section, figure, label]) => (
              <Figure
                key={`${section}.${figure}`}
                report={data}
                params={params}
                section={section}
                figure={figure}
                label={t(label)}
                headline
              />
            ))}
          </div>
          <h3>{t('dashboard.completeness')}</h3>
          <ul className="warnings" data-testid="completeness">
            {completenessCounts.map(([key, message]) =>
              data.completeness[key] > 0 ? (
                <li key={key} data-figure={key}>
                  {t(message, { count: data.completeness[key] })}
                  {recordCountOf(data, 'completeness', key) > 0 && (
                    <>
                      {' '}
                      <Link to={recordsLink(params, 'completeness', key)}>
                        {t('completeness.showRecords')}
                      </Link>
                    </>
                  )}
                </li>
              ) : null,
            )}
            {data.completeness.agenciesNotCertified.length > 0 && (
              <li>
                {t('completeness.notCertified', {
                  count: data.completeness.agenciesNotCertified.length,
                })}{' '}
                {data.completeness.agenciesNotCertified.map((agency) => agency.name).join(', ')}
              </li>
            )}
            {data.completeness.pendingAllegations.length > 0 && (
              <li>
                {t('completeness.pendingAllegations', {
                  count: data.completeness.pendingAllegations.length,
                  days: number(
                    Math.max(...data.completeness.pendingAllegations.map((a) => a.ageDays)),
                  ),
                })}{' '}
                <Link to="/complicity">{t('nav.complicity')}</Link>
              </li>
            )}
          </ul>
          <PublishedPrevious report={data} />
          <VictimEstimate jurisdiction={params.jurisdiction} year={params.year} published={false} />
        </>
      )}
      <h3>{t('dashboard.trends')}</h3>
      {trendOption === null ? (
        <p aria-busy="true">{t('common.loading')}</p>
      ) : (
        <Chart option={trendOption} label={t('dashboard.trendsLabel')} />
      )}
    </section>
  );
}
