import { useMemo, useState } from 'react';
import { download } from '../api.ts';
import { fileName } from '../file-names.ts';
import { reportFormats } from '../../core/stats/formats.ts';
import type { ReportFormat } from '../../core/stats/formats.ts';
import { PublishedPrevious } from '../components/published-previous.tsx';
import { VictimEstimate } from '../components/victim-estimate.tsx';
import { Chart } from '../components/chart.tsx';
import { QueryState } from '../components/ui.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';
import { Figure, useAnnualReport } from '../report.tsx';
import type { FigureKey, FigureSection, ReportParams } from '../report.tsx';
import {
  JurisdictionField,
  PeriodField,
  type ReportPeriod,
  useReportPickers,
  YearField,
} from '../components/report-pickers.tsx';

type SectionFigures = {
  [S in FigureSection]: readonly [S, MessageKey, readonly (readonly [FigureKey<S>, MessageKey])[]];
}[FigureSection];

/** The figures shown per section: figure path and label. Breakdowns are added from the data. */
export const sectionFigures: readonly SectionFigures[] = [
  [
    'investigations',
    'report.investigations',
    [
      ['total', 'figures.investigations'],
      ['proactive', 'figures.proactive'],
      ['withChildVictims', 'figures.withChildVictims'],
    ],
  ],
  [
    'prosecutions',
    'report.prosecutions',
    [
      ['cases', 'figures.prosecutions'],
      ['defendants', 'figures.defendants'],
    ],
  ],
  [
    'convictions',
    'report.convictions',
    [
      ['persons', 'figures.convictions'],
      ['cases', 'figures.convictionCases'],
      ['victims', 'figures.convictionVictims'],
      ['publicOfficials', 'figures.publicOfficials'],
    ],
  ],
  [
    'sentences',
    'report.sentences',
    [
      ['recorded', 'figures.sentencesRecorded'],
      ['missing', 'figures.sentencesMissing'],
      ['custodial', 'figures.custodial'],
      ['suspended', 'figures.suspended'],
    ],
  ],
  [
    'victims',
    'report.victims',
    [
      ['identified', 'figures.victims'],
      ['byAgeBand.child', 'figures.childVictims'],
    ],
  ],
  [
    'training',
    'report.training',
    [
      ['events', 'figures.trainings'],
      ['participants', 'figures.participants'],
    ],
  ],
  [
    'complicity',
    'report.complicity',
    [
      ['allegations', 'figures.allegations'],
      ['investigated', 'figures.allegationsInvestigated'],
      ['pendingUninvestigated', 'figures.allegationsPending'],
    ],
  ],
];

/** The files the server exports besides JSON, which this screen already shows. */
export const downloadFormats = reportFormats.filter(
  (format): format is Exclude<ReportFormat, 'json'> => format !== 'json',
);
type DownloadFormat = (typeof downloadFormats)[number];

/** A download button's label. */
export const downloadNames: Readonly<Record<DownloadFormat, MessageKey>> = {
  xlsx: 'report.downloadXlsx',
  csv: 'report.downloadCsv',
  glotip: 'report.downloadGlotip',
  html: 'report.downloadHtml',
};
/** A download's file extension. */
export const extensions: Readonly<Record<DownloadFormat, string>> = {
  xlsx: 'xlsx',
  csv: 'csv',
  glotip: 'csv',
  html: 'html',
};

/** The known figures of a breakdown (by form, origin, term), in the report's key order. */
export function breakdown(values: Readonly<Record<string, number | null>>): [string, number][] {
  return Object.entries(values).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number',
  );
}

/** The annual report: narrative, figures with drill-down, charts and downloads. */
export function Reports() {
  const { t, lang } = useI18n();
  const vocabulary = useVocabulary();
  const pickers = useReportPickers();
  const [period, setPeriod] = useState<ReportPeriod>('calendar');
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const params: ReportParams | null =
    pickers.year === null || pickers.jurisdiction === ''
      ? null
      : { jurisdiction: pickers.jurisdiction, year: pickers.year, period };
  const narrativeLang = lang === 'en' ? 'en' : 'ru';
  const report = useAnnualReport(params, narrativeLang);
  const data = report.data;
  const charts = useMemo(() => {
    if (data === undefined) return null;
    const forms = breakdown(data.investigations.byForm);
    const origins = breakdown(data.investigations.byOrigin).filter(([, n]) => n > 0);
    const terms = breakdown(data.sentences.imprisonment);
    return {
      forms: {
        tooltip: {},
        grid: { left: 40, right: 10, top: 10, bottom: 40 },
        xAxis: { type: 'category', data: forms.map(([k]) => vocabulary('form', k)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', data: forms.map(([, n]) => n) }],
      },
      origins: {
        tooltip: {},
        series: [
          {
            type: 'pie',
            radius: '65%',
            data: origins.map(([k, n]) => ({ name: vocabulary('origin', k), value: n })),
          },
        ],
      },
      terms: {
        tooltip: {},
        grid: { left: 40, right: 10, top: 10, bottom: 40 },
        xAxis: { type: 'category', data: terms.map(([k]) => vocabulary('term', k)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', data: terms.map(([, n]) => n) }],
      },
    };
  }, [data, vocabulary]);
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t('report.title')}</h1>
      <div className="toolbar">
        <JurisdictionField pickers={pickers} />
        <YearField pickers={pickers} />
        <PeriodField period={period} setPeriod={setPeriod} />
      </div>
      <div className="downloads" role="group" aria-label={t('report.downloads')}>
        {downloadFormats.map((format) => (
          <button
            key={format}
            type="button"
            className="secondary"
            disabled={params === null}
            onClick={() => {
              if (params === null) return;
              setDownloadError(null);
              download(
                '/api/reports/annual',
                { ...params, lang: narrativeLang, format },
                fileName(
                  t(format === 'glotip' ? 'export.glotip' : 'export.annualReport', {
                    jurisdiction: params.jurisdiction,
                    year: String(params.year),
                  }),
                  extensions[format],
                ),
              ).catch((error: unknown) =>
                setDownloadError(error instanceof Error ? error.message : String(error)),
              );
            }}
          >
            {t(downloadNames[format])}
          </button>
        ))}
        {downloadError !== null && (
          <p className="form-error" role="alert">
            {downloadError}
          </p>
        )}
      </div>
      <QueryState loading={report.isLoading} error={report.error} />
      {data !== undefined && params !== null && (
        <>
          <h2>{t('report.narrative')}</h2>
          {lang === 'ky' && <p className="hint">{t('report.narrativeLanguage')}</p>}
          <div className="narrative" lang={data.narrative.lang}>
            {data.narrative.paragraphs.map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </div>
          {sectionFigures.map(([section, title, figures]) => (
            <section key={section} aria-labelledby={`section-${section}`}>
              <h2 id={`section-${section}`}>{t(title)}</h2>
              <div className="figures">
                {figures.map(([figure, label]) => (
                  <Figure
                    key={figure}
                    report={data}
                    params={params}
                    section={section}
                    figure={figure}
                    label={t(label)}
                  />
                ))}
                {section === 'investigations' &&
                  breakdown(data.investigations.byForm).map(([form]) => (
                    <Figure
                      key={form}
                      report={data}
                      params={params}
                      section="investigations"
                      figure={`byForm.${form}`}
                      label={t('figures.byForm', { form: vocabulary('form', form) })}
                    />
                  ))}
              </div>
              {section === 'investigations' && charts !== null && (
                <div className="chart-row">
                  <Chart option={charts.forms} label={t('report.chartForms')} />
                  <Chart option={charts.origins} label={t('report.chartOrigins')} />
                </div>
              )}
              {section === 'sentences' && charts !== null && (
                <Chart option={charts.terms} label={t('report.chartTerms')} />
              )}
            </section>
          ))}
          <PublishedPrevious report={data} />
          {period === 'calendar' && (
            <VictimEstimate
              jurisdiction={params.jurisdiction}
              year={params.year}
              published={false}
            />
          )}
        </>
      )}
    </section>
  );
}
