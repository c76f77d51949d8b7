import type { Narrative } from '../../../core/stats/narrative.ts';
import type { VictimEstimate } from '../../estimation/victim-estimate.ts';
import type { AnnualReport } from '../../../core/stats/report.ts';
import { traffickingForms } from '../../../core/vocabulary.ts';
import type { SeriesYear } from '../series.ts';
import type { NarrativeLanguage } from '../../../core/stats/messages.ts';
import { documentWords, figureLabel, sectionLabel } from './labels.ts';
import type { Words } from './labels.ts';
import { reportTables } from './tables.ts';
import type { ReportRow } from './tables.ts';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

type EChartsOption = Record<string, unknown>;

// ECharts is loaded on first use so that commands that never draw do not pay for it.
async function renderSvg(option: EChartsOption, width: number, height: number): Promise<string> {
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

// ECharts draws '-' as a gap: an unknown year shows as missing, never as a zero bar.
const plotted = (value: number | null): number | string => (value === null ? '-' : value);

/** The page's own words (everything but the narrative and the figures' labels). */
const words = {
  ...documentWords,
  periods: {
    en: 'Statistics period {from} – {to}; previous period {previous}; reporting period {rfrom} – {rto}. Unknown values read “{unknown}”: they are never counted as zero.',
    ru: 'Статистический период {from} – {to}; предыдущий период {previous}; отчётный период {rfrom} – {rto}. Неизвестные значения обозначены «{unknown}»: они никогда не считаются нулём.',
  },
  unknown: { en: 'unknown', ru: 'неизвестно' },
  lawSources: {
    en: 'Sources of the law paragraph: {sources}.',
    ru: 'Источники абзаца о законодательстве: {sources}.',
  },
  charts: { en: 'Charts', ru: 'Диаграммы' },
  seriesCaption: {
    en: 'Investigations, prosecutions and convictions by year',
    ru: 'Расследования, уголовное преследование и осуждения по годам',
  },
  formCaption: {
    en: 'By form of trafficking, {period}',
    ru: 'По форме торговли людьми, {period}',
  },
  investigations: { en: 'Investigations (cases)', ru: 'Расследования (дела)' },
  prosecutions: { en: 'Prosecutions (cases)', ru: 'Уголовное преследование (дела)' },
  defendants: { en: 'Defendants', ru: 'Обвиняемые' },
  convictions: { en: 'Convictions (persons)', ru: 'Осуждения (лица)' },
  series: { en: 'Every year in the data', ru: 'Все годы в данных' },
  year: { en: 'Year', ru: 'Год' },
  figure: { en: 'Figure', ru: 'Показатель' },
  records: { en: 'Records', ru: 'Записи' },
  completeness: { en: 'Completeness', ru: 'Полнота данных' },
  published: {
    en: '{period} as published: {source}',
    ru: '{period} по опубликованным данным: {source}',
  },
  publishedNote: {
    en: 'Figures printed by the source and recorded with it, for a period the registry’s records do not cover; they are not counts from records and are never added to them. A dash: the source printed no such figure.',
    ru: 'Цифры, опубликованные источником и внесённые вместе с ним, за период, который записи реестра не охватывают; это не подсчёт по записям, и они никогда с ним не складываются. Прочерк: источник такой цифры не публиковал.',
  },
  publishedValue: { en: 'Published', ru: 'Опубликовано' },
  fromRecords: { en: 'From records', ru: 'По записям' },
  victimsIdentified: { en: 'Identified victims', ru: 'Выявленные потерпевшие' },
  none: { en: 'none', ru: 'нет' },
  notCertified: {
    en: 'Agencies not certified for the period',
    ru: 'Ведомства, не подтвердившие полноту данных за период',
  },
  unknownForm: {
    en: 'Investigations with unknown form',
    ru: 'Расследования с неизвестной формой эксплуатации',
  },
  withoutOrigin: {
    en: 'Investigations without origin',
    ru: 'Расследования без зарегистрированного повода',
  },
  unknownDefendants: {
    en: 'Prosecutions with unknown defendants',
    ru: 'Дела с незарегистрированными обвиняемыми',
  },
  withoutSentence: {
    en: 'Convictions without a sentence recorded',
    ru: 'Осуждения без зарегистрированного наказания',
  },
  withoutProvision: { en: 'Cases without a provision', ru: 'Дела без статьи закона' },
  pendingAllegations: {
    en: 'Pending complicity allegations',
    ru: 'Нерассмотренные сообщения о причастности должностных лиц',
  },
} satisfies Record<string, Words>;

function say(
  lang: NarrativeLanguage,
  key: keyof typeof words,
  args: Readonly<Record<string, string>> = {},
): string {
  return words[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
}

// The caption is the figure's own (HTML), not drawn in the chart: a title inside the SVG sat on
// its legend. The legend goes below the plot, where nothing else is drawn.
const chartLayout = {
  legend: { bottom: 0 },
  grid: { top: 20, left: 50, right: 20, bottom: 90 },
  yAxis: { type: 'value', minInterval: 1 },
};

/** Investigations, prosecutions and convictions for every year in the data, as an SVG chart. */
export function seriesChart(
  series: readonly SeriesYear[],
  lang: NarrativeLanguage = 'en',
): Promise<string> {
  return renderSvg(
    {
      ...chartLayout,
      xAxis: { type: 'category', data: series.map((y) => String(y.year)) },
      series: [
        {
          name: say(lang, 'investigations'),
          type: 'bar',
          data: series.map((y) => plotted(y.investigations)),
        },
        {
          name: say(lang, 'prosecutions'),
          type: 'bar',
          data: series.map((y) => plotted(y.prosecutions)),
        },
        {
          name: say(lang, 'convictions'),
          type: 'bar',
          data: series.map((y) => plotted(y.convictions)),
        },
      ],
    },
    760,
    370,
  );
}

/** Investigations, prosecutions and convictions of the period by form of trafficking, as an SVG chart. */
export function formChart(report: AnnualReport, lang: NarrativeLanguage = 'en'): Promise<string> {
  const forms = traffickingForms;
  const context = { provisions: report.meta.provisions };
  return renderSvg(
    {
      ...chartLayout,
      xAxis: {
        type: 'category',
        data: forms.map((f) =>
          figureLabel('investigations', `byForm.${f}`, lang, context).replace(/^[^:]*: /, ''),
        ),
      },
      series: [
        {
          name: say(lang, 'investigations'),
          type: 'bar',
          data: forms.map((f) => plotted(report.investigations.byForm[f])),
        },
        {
          name: say(lang, 'prosecutions'),
          type: 'bar',
          data: forms.map((f) => plotted(report.prosecutions.byForm[f])),
        },
        {
          name: say(lang, 'convictions'),
          type: 'bar',
          data: forms.map((f) => plotted(report.convictions.byForm[f])),
        },
      ],
    },
    760,
    370,
  );
}

const shown = (value: number | null, lang: NarrativeLanguage) =>
  value === null ? `<span class="unknown">${say(lang, 'unknown')}</span>` : String(value);

function recordsCell(row: ReportRow): string {
  if (row.records.length === 0) return '0';
  return `<details><summary>${row.records.length}</summary><code>${row.records
    .map(escapeHtml)
    .join('<br>')}</code></details>`;
}

const style = `
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top}
th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.unknown{color:#a33;font-style:italic}figure{margin:1rem 0}figcaption{font-weight:600;text-align:center}
code{font-size:.8rem}.note{font-size:.85rem;color:#444}
`;

const whole = (n: number, lang: NarrativeLanguage = 'en'): string =>
  Math.round(n).toLocaleString(lang === 'en' ? 'en-US' : lang);

const estimateWords = {
  heading: {
    en: 'Victims across agencies, and those never identified',
    ru: 'Потерпевшие в списках ведомств и невыявленные потерпевшие',
  },
  never: {
    en: 'The records were never matched across agencies: one person recorded by two agencies counts twice.',
    ru: 'Записи ведомств ни разу не сопоставлялись: человек, зарегистрированный двумя ведомствами, учтён дважды.',
  },
  matched: {
    en: "Matched across agencies on {on}: {persons} distinct persons on the agencies' lists once {links} confirmed links are applied.",
    ru: 'Сопоставлено между ведомствами {on}: в списках ведомств {persons} разных лиц с учётом {links} подтверждённых связей.',
  },
  noEstimate: { en: 'No estimate: {reason}.', ru: 'Оценки нет: {reason}.' },
  unknownWhy: { en: 'unknown why', ru: 'причина неизвестна' },
  estimate: {
    en: '<strong>Estimate, not a count:</strong> {estimate} victims identified and not ({level}% interval {lower}–{upper}), of whom {observed} were on at least one list; multiple systems estimation, {selection} model selection{model}.',
    ru: '<strong>Оценка, а не подсчёт:</strong> {estimate} потерпевших, выявленных и невыявленных ({level}-процентный интервал {lower}–{upper}), из них {observed} есть хотя бы в одном списке; оценка по нескольким спискам, выбор модели: {selection}{model}.',
  },
  independent: { en: ', lists independent', ru: ', списки независимы' },
  interactions: { en: ', interactions {list}', ru: ', взаимодействия {list}' },
  records: {
    en: 'Victim records identified in the period: {records}{without}. {matched}',
    ru: 'Записи о потерпевших, выявленных за период: {records}{without}. {matched}',
  },
  without: {
    en: ' ({n} with no identifying agency, on no list)',
    ru: ' (из них {n} без выявившего ведомства, ни в одном списке)',
  },
  lists: { en: 'Lists used: {lists}.', ru: 'Использованные списки: {lists}.' },
  none: { en: 'none', ru: 'нет' },
} satisfies Record<string, Words>;

function fill(template: string, args: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
}

/**
 * The period's victims across the agencies' lists: whether they were matched (so whether one
 * person recorded by two agencies counts once), and the estimate, labelled as one, with its
 * interval and the lists it used, or why there is none.
 */
export function estimateSection(v: VictimEstimate, lang: NarrativeLanguage = 'en'): string {
  const w = (key: keyof typeof estimateWords, args: Readonly<Record<string, string>> = {}) =>
    fill(estimateWords[key][lang], args);
  const c = v.capture;
  const matched =
    c.matchedAt === null
      ? w('never')
      : w('matched', {
          on: escapeHtml(c.matchedAt.slice(0, 10)),
          persons: whole(c.persons, lang),
          links: whole(c.linksApplied, lang),
        });
  const estimate =
    v.estimate === null
      ? `<p>${w('noEstimate', { reason: escapeHtml(v.reason ?? w('unknownWhy')) })}</p>`
      : `<p>${w('estimate', {
          estimate: whole(v.estimate.estimate, lang),
          level: String(Math.round(v.estimate.level * 100)),
          lower: whole(v.estimate.lower, lang),
          upper: whole(v.estimate.upper, lang),
          observed: whole(v.estimate.observed, lang),
          selection: escapeHtml(v.estimate.selection),
          model:
            v.estimate.model.interactions.length === 0
              ? w('independent')
              : w('interactions', { list: escapeHtml(v.estimate.model.interactions.join(', ')) }),
        })}</p>`;
  return `<h2 id="victim-estimate">${w('heading')}</h2>
<p>${w('records', {
    records: whole(c.records, lang),
    without: c.withoutAgency > 0 ? w('without', { n: whole(c.withoutAgency, lang) }) : '',
    matched,
  })}</p>
<p>${w('lists', { lists: c.lists.length === 0 ? w('none') : c.lists.map(escapeHtml).join('; ') })}</p>
${estimate}`;
}

/**
 * The previous period's figures as a publication printed them, beside the counts from the
 * registry's records for the same period: two columns, never one figure made of both.
 */
function publishedSection(report: AnnualReport, lang: NarrativeLanguage): string {
  const published = report.previousPublished;
  if (published === null) return '';
  const prev = report.meta.periods.previous;
  const rows: readonly [string, number | null, number | null][] = [
    [
      say(lang, 'investigations'),
      published.figures.investigations,
      report.investigations.previous.total,
    ],
    [say(lang, 'prosecutions'), published.figures.prosecutions, report.prosecutions.previous.cases],
    [
      say(lang, 'defendants'),
      published.figures.defendants,
      report.prosecutions.previous.defendants,
    ],
    [say(lang, 'convictions'), published.figures.convictions, report.convictions.previous.persons],
    [say(lang, 'victimsIdentified'), published.figures.victims, report.victims.previous.identified],
  ];
  const cell = (n: number | null) => (n === null ? '—' : String(n));
  return `<h2 id="published">${escapeHtml(
    say(lang, 'published', { period: prev.label, source: published.source.title }),
  )}</h2>
<p class="note">${say(lang, 'publishedNote')}</p>
<table><thead><tr><th>${say(lang, 'figure')}</th><th>${say(lang, 'publishedValue')}</th><th>${say(
    lang,
    'fromRecords',
  )}</th></tr></thead><tbody>
${rows
  .map(
    ([label, value, counted]) =>
      `<tr><th scope="row">${label}</th><td class="n">${cell(value)}</td><td class="n">${shown(counted, lang)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
}

/** The sources the law paragraph rests on, as a note: title and publisher, never the pack's notes. */
function lawSourcesNote(report: AnnualReport, lang: NarrativeLanguage): string {
  const sources = report.law.sources;
  if (sources.length === 0) return '';
  const list = sources
    .map((s) => escapeHtml(s.publisher === null ? s.title : `${s.title} (${s.publisher})`))
    .join('; ');
  return `<p class="note">${say(lang, 'lawSources', { sources: list })}</p>`;
}

/**
 * The report as one self-contained HTML page in the narrative's language: narrative, every
 * section with the previous period and its records, each figure named in words, and SVG charts
 * drawn on the server. No script, font or image is fetched; the Content-Security-Policy forbids it.
 */
export async function renderHtml(
  report: AnnualReport & {
    readonly narrative: Narrative;
    readonly victimEstimate?: VictimEstimate;
  },
  series: readonly SeriesYear[],
): Promise<string> {
  const lang = report.narrative.lang;
  const context = { provisions: report.meta.provisions };
  const { statistics, previous, reporting } = report.meta.periods;
  const title = `${say(lang, 'title')}: ${report.meta.jurisdiction}, ${statistics.label}`;
  const tables = reportTables(report)
    .map(
      (table) => `<h2 id="${table.name}">${escapeHtml(sectionLabel(table.name, lang))}</h2>
<table><thead><tr><th>${say(lang, 'figure')}</th><th>${escapeHtml(table.period)}</th><th>${escapeHtml(
        table.previousPeriod,
      )}</th><th>${say(lang, 'records')}</th></tr></thead><tbody>
${table.rows
  .map(
    (row) =>
      `<tr><td>${escapeHtml(figureLabel(table.name, row.figure, lang, context))}</td><td class="n">${shown(
        row.value,
        lang,
      )}</td><td class="n">${shown(row.previous, lang)}</td><td class="n">${recordsCell(row)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`,
    )
    .join('\n');
  const seriesTable = `<table><thead><tr><th>${say(lang, 'year')}</th><th>${say(lang, 'investigations')}</th><th>${say(
    lang,
    'prosecutions',
  )}</th><th>${say(lang, 'defendants')}</th><th>${say(lang, 'convictions')}</th></tr></thead><tbody>
${series
  .map(
    (y) =>
      `<tr><td>${y.year}</td><td class="n">${shown(y.investigations, lang)}</td><td class="n">${shown(
        y.prosecutions,
        lang,
      )}</td><td class="n">${shown(y.defendants, lang)}</td><td class="n">${shown(y.convictions, lang)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
  const c = report.completeness;
  const completeness = [
    `${say(lang, 'notCertified')}: ${
      c.agenciesNotCertified.map((a) => escapeHtml(a.name)).join(', ') || say(lang, 'none')
    }`,
    `${say(lang, 'unknownForm')}: ${c.investigationsWithUnknownForm}`,
    `${say(lang, 'withoutOrigin')}: ${c.investigationsWithoutOrigin}`,
    `${say(lang, 'unknownDefendants')}: ${c.prosecutionsWithUnknownDefendants}`,
    `${say(lang, 'withoutSentence')}: ${c.convictionsWithoutSentence}`,
    `${say(lang, 'withoutProvision')}: ${c.casesWithoutProvision}`,
    `${say(lang, 'pendingAllegations')}: ${c.pendingAllegations.length}`,
  ];
  const seriesFigure =
    series.length === 0
      ? ''
      : `<figure><figcaption>${say(lang, 'seriesCaption')}</figcaption>${await seriesChart(series, lang)}</figure>`;
  const formFigure = `<figure><figcaption>${escapeHtml(
    say(lang, 'formCaption', { period: statistics.label }),
  )}</figcaption>${await formChart(report, lang)}</figure>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(
    say(lang, 'periods', {
      from: statistics.from,
      to: statistics.to,
      previous: previous.label,
      rfrom: reporting.from,
      rto: reporting.to,
      unknown: say(lang, 'unknown'),
    }),
  )}</p>
<h2 id="narrative">${say(lang, 'narrative')}</h2>
${report.narrative.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${lawSourcesNote(report, lang)}
${publishedSection(report, lang)}
<h2 id="charts">${say(lang, 'charts')}</h2>
${seriesFigure}
${formFigure}
<h2 id="series">${say(lang, 'series')}</h2>
${seriesTable}
${tables}
${report.victimEstimate === undefined ? '' : estimateSection(report.victimEstimate, lang)}
<h2 id="completeness">${say(lang, 'completeness')}</h2>
<ul>${completeness.map((line) => `<li>${line}</li>`).join('')}</ul>
</body>
</html>
`;
}
