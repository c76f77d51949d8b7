import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { PublicReportView } from '../../app/schemas/annual-report.schemas.ts';
import { publicReportFormats } from '../../core/stats/formats.ts';
import { api, download } from '../api.ts';
import { fileName } from '../file-names.ts';
import { Chart } from '../components/chart.tsx';
import type { ChartOption } from '../components/chart.tsx';
import { QueryState } from '../components/ui.tsx';
import { VictimEstimate } from '../components/victim-estimate.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';
import { NumberCard, at, useFigureText } from '../report.tsx';
import {
  JurisdictionField,
  PeriodField,
  type ReportPeriod,
  useReportPickers,
  YearField,
} from '../components/report-pickers.tsx';
import { sectionFigures } from './reports.tsx';

type Published = PublicReportView['completeness']['pendingAllegations'];

/** The completeness counts the published report carries, with their labels. */
const completenessRows: readonly [
  Exclude<keyof PublicReportView['completeness'], 'agenciesNotCertified'>,
  MessageKey,
][] = [
  ['investigationsWithUnknownForm', 'published.unknownForm'],
  ['investigationsWithoutOrigin', 'published.noOrigin'],
  ['prosecutionsWithUnknownDefendants', 'published.unknownDefendants'],
  ['convictionsWithoutSentence', 'published.noSentence'],
  ['casesWithoutProvision', 'published.noProvision'],
  ['pendingAllegations', 'published.pendingAllegations'],
];

/** The entries of a breakdown (`byForm`…) of a published section, in the report's order. */
function breakdown(values: Readonly<Record<string, Published>>): [string, Published][] {
  return Object.entries(values);
}

/**
 * The published report's figures, charts, completeness warnings and downloads, with pickers.
 * What the analyst (and anyone outside the case records) sees: no count below the disclosure
 * threshold, no record behind a figure.
 */
export function PublishedReportBody() {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const figureText = useFigureText();
  const pickers = useReportPickers();
  const [period, setPeriod] = useState<ReportPeriod>('calendar');
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const query =
    pickers.year === null || pickers.jurisdiction === ''
      ? null
      : { jurisdiction: pickers.jurisdiction, year: pickers.year, period };
  const report = useQuery({
    queryKey: ['published-report', query],
    enabled: query !== null,
    staleTime: 5_000,
    queryFn: () => api<PublicReportView>('/api/reports/annual/public', { query: query ?? {} }),
  });
  const data = report.data;
  const charts = useMemo(() => {
    if (data === undefined) return null;
    const chart = (values: Readonly<Record<string, Published>>, group: string) => {
      const entries = breakdown(values);
      return {
        // Suppressed cells have no height to draw: they are gaps, and listed under the chart.
        hidden: entries.filter(([, n]) => typeof n !== 'number').map(([k]) => vocabulary(group, k)),
        option: {
          tooltip: {},
          grid: { left: 40, right: 10, top: 10, bottom: 40 },
          xAxis: { type: 'category', data: entries.map(([k]) => vocabulary(group, k)) },
          yAxis: { type: 'value', minInterval: 1 },
          series: [
            { type: 'bar', data: entries.map(([, n]) => (typeof n === 'number' ? n : null)) },
          ],
        },
      };
    };
    return {
      forms: chart(data.investigations.byForm, 'form'),
      terms: chart(data.sentences.imprisonment, 'term'),
    };
  }, [data, vocabulary]);
  const warnings =
    data === undefined
      ? []
      : completenessRows.filter(([key]) => {
          const value = data.completeness[key];
          return value !== 0;
        });
  return (
    <div className="published-report">
      <div className="toolbar">
        <JurisdictionField pickers={pickers} />
        <YearField pickers={pickers} />
        <PeriodField period={period} setPeriod={setPeriod} />
      </div>
      <QueryState
        loading={pickers.years.isLoading || report.isLoading}
        error={pickers.years.error ?? report.error}
      />
      {data !== undefined && query !== null && (
        <>
          <h2>
            {t('dashboard.headline', {
              period: data.meta.periods.statistics.label,
              previous: data.meta.periods.previous.label,
            })}
          </h2>
          <p className="hint">
            {t('published.disclosure', {
              limit: figureText(`<${data.disclosure.maxN + 1}`).text,
              hidden: t('figure.hiddenMark'),
            })}
          </p>
          <div className="downloads" role="group" aria-label={t('report.downloads')}>
            {publicReportFormats.map((format) => (
              <button
                key={format}
                type="button"
                className="secondary"
                onClick={() => {
                  setDownloadError(null);
                  download(
                    '/api/reports/annual/public',
                    format === 'json' ? query : { ...query, format },
                    fileName(
                      t(format === 'glotip' ? 'export.glotip' : 'export.publishedReport', {
                        jurisdiction: query.jurisdiction,
                        year: String(query.year),
                      }),
                      format === 'glotip' ? 'csv' : format,
                    ),
                  ).catch((error: unknown) =>
                    setDownloadError(error instanceof Error ? error.message : String(error)),
                  );
                }}
              >
                {t('published.download', { format: format.toUpperCase() })}
              </button>
            ))}
            {downloadError !== null && (
              <p className="form-error" role="alert">
                {downloadError}
              </p>
            )}
          </div>
          <h2>{t('dashboard.completeness')}</h2>
          {warnings.length === 0 && data.completeness.agenciesNotCertified.length === 0 ? (
            <p>{t('published.complete')}</p>
          ) : (
            <ul className="warnings" data-testid="completeness">
              {warnings.map(([key, label]) => (
                <li key={key}>
                  {t(label)}: {figureText(data.completeness[key]).text}
                </li>
              ))}
              {data.completeness.agenciesNotCertified.length > 0 && (
                <li>
                  {t('published.notCertified')}{' '}
                  {data.completeness.agenciesNotCertified.map((agency) => agency.name).join(', ')}
                </li>
              )}
            </ul>
          )}
          {sectionFigures.map(([section, title, figures]) => (
            <section key={section} aria-labelledby={`published-${section}`}>
              <h2 id={`published-${section}`}>{t(title)}</h2>
              <div className="figures" data-testid={`published-${section}`}>
                {figures.map(([figure, label]) => (
                  <NumberCard
                    key={figure}
                    name={figure}
                    value={at(data[section], figure)}
                    previous={at(data[section].previous, figure)}
                    label={t(label)}
                  />
                ))}
              </div>
              {section === 'investigations' && charts !== null && (
                <PublishedChart
                  option={charts.forms.option}
                  hidden={charts.forms.hidden}
                  label={t('report.chartForms')}
                />
              )}
              {section === 'sentences' && charts !== null && (
                <PublishedChart
                  option={charts.terms.option}
                  hidden={charts.terms.hidden}
                  label={t('report.chartTerms')}
                />
              )}
            </section>
          ))}
          {query !== null && period === 'calendar' && (
            <VictimEstimate jurisdiction={query.jurisdiction} year={query.year} published />
          )}
        </>
      )}
    </div>
  );
}

/** A chart of published counts, naming the categories whose counts are withheld. */
function PublishedChart({
  option,
  hidden,
  label,
}: {
  option: ChartOption;
  hidden: readonly string[];
  label: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <Chart option={option} label={label} />
      {hidden.length > 0 && (
        <p className="hint">{t('published.chartHidden', { categories: hidden.join(', ') })}</p>
      )}
    </>
  );
}

/** The published annual report as a screen of its own. */
export function PublishedReport() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="published-title">
      <h1 id="published-title">{t('published.title')}</h1>
      <PublishedReportBody />
    </section>
  );
}
