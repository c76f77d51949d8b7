import type { Narrative } from '../../../core/stats/narrative.ts';
import type { VictimEstimate } from '../../estimation/victim-estimate.ts';
import type { AnnualReport } from '../../../core/stats/report.ts';
import { traffickingForms } from '../../../core/vocabulary.ts';
import type { SeriesYear } from '../series.ts';
import { reportTables, unknownText } from './tables.ts';
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

/** Investigations, prosecutions and convictions for every year in the data, as an SVG chart. */
export function seriesChart(series: readonly SeriesYear[]): Promise<string> {
  return renderSvg(
    {
      title: { text: 'Investigations, prosecutions and convictions by year', left: 'center' },
      legend: { top: 28 },
      grid: { top: 70, left: 50, right: 20, bottom: 40 },
      xAxis: { type: 'category', data: series.map((y) => String(y.year)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: 'Investigations (cases)',
          type: 'bar',
          data: series.map((y) => plotted(y.investigations)),
        },
        {
          name: 'Prosecutions (cases)',
          type: 'bar',
          data: series.map((y) => plotted(y.prosecutions)),
        },
        {
          name: 'Convictions (persons)',
          type: 'bar',
          data: series.map((y) => plotted(y.convictions)),
        },
      ],
    },
    760,
    340,
  );
}

/** Investigations, prosecutions and convictions of the period by form of trafficking, as an SVG chart. */
export function formChart(report: AnnualReport): Promise<string> {
  const forms = traffickingForms;
  return renderSvg(
    {
      title: {
        text: `By form of trafficking, ${report.meta.periods.statistics.label}`,
        left: 'center',
      },
      legend: { top: 28 },
      grid: { top: 70, left: 50, right: 20, bottom: 40 },
      xAxis: { type: 'category', data: [...forms] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: 'Investigations (cases)',
          type: 'bar',
          data: forms.map((f) => plotted(report.investigations.byForm[f])),
        },
        {
          name: 'Prosecutions (cases)',
          type: 'bar',
          data: forms.map((f) => plotted(report.prosecutions.byForm[f])),
        },
        {
          name: 'Convictions (persons)',
          type: 'bar',
          data: forms.map((f) => plotted(report.convictions.byForm[f])),
        },
      ],
    },
    760,
    340,
  );
}

const shown = (value: number | null) =>
  value === null ? `<span class="unknown">${unknownText}</span>` : String(value);

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
.unknown{color:#a33;font-style:italic}figure{margin:1rem 0}code{font-size:.8rem}
`;

const whole = (n: number): string => Math.round(n).toLocaleString('en-US');

/**
 * The period's victims across the agencies' lists: whether they were matched (so whether one
 * person recorded by two agencies counts once), and the estimate, labelled as one, with its
 * interval and the lists it used, or why there is none.
 */
export function estimateSection(v: VictimEstimate): string {
  const c = v.capture;
  const matched =
    c.matchedAt === null
      ? 'The records were never matched across agencies: one person recorded by two agencies counts twice.'
      : `Matched across agencies on ${escapeHtml(c.matchedAt.slice(0, 10))}: ${whole(c.persons)} distinct persons on the agencies' lists once ${whole(c.linksApplied)} confirmed links are applied.`;
  const estimate =
    v.estimate === null
      ? `<p>No estimate: ${escapeHtml(v.reason ?? 'unknown why')}.</p>`
      : `<p><strong>Estimate, not a count:</strong> ${whole(v.estimate.estimate)} victims identified and not (${Math.round(
          v.estimate.level * 100,
        )}% interval ${whole(v.estimate.lower)}–${whole(v.estimate.upper)}), of whom ${whole(
          v.estimate.observed,
        )} were on at least one list; multiple systems estimation, ${escapeHtml(
          v.estimate.selection,
        )} model selection${
          v.estimate.model.interactions.length === 0
            ? ', lists independent'
            : `, interactions ${escapeHtml(v.estimate.model.interactions.join(', '))}`
        }.</p>`;
  return `<h2 id="victim-estimate">Victims across agencies, and those never identified</h2>
<p>Victim records identified in the period: ${whole(c.records)}${
    c.withoutAgency > 0 ? ` (${whole(c.withoutAgency)} with no identifying agency, on no list)` : ''
  }. ${matched}</p>
<p>Lists used: ${c.lists.length === 0 ? 'none' : c.lists.map(escapeHtml).join('; ')}.</p>
${estimate}`;
}

/**
 * The report as one self-contained HTML page: narrative, every section with the previous
 * period and its records, and SVG charts drawn on the server. No script, font or image is
 * fetched; the Content-Security-Policy forbids it.
 */
export async function renderHtml(
  report: AnnualReport & {
    readonly narrative: Narrative;
    readonly victimEstimate?: VictimEstimate;
  },
  series: readonly SeriesYear[],
): Promise<string> {
  const { statistics, previous, reporting } = report.meta.periods;
  const title = `Annual law-enforcement report: ${report.meta.jurisdiction}, ${statistics.label}`;
  const tables = reportTables(report)
    .map(
      (table) => `<h2 id="${table.name}">${escapeHtml(table.name)}</h2>
<table><thead><tr><th>figure</th><th>${escapeHtml(table.period)}</th><th>${escapeHtml(
        table.previousPeriod,
      )}</th><th>records</th></tr></thead><tbody>
${table.rows
  .map(
    (row) =>
      `<tr><td>${escapeHtml(row.figure)}</td><td class="n">${shown(row.value)}</td><td class="n">${shown(
        row.previous,
      )}</td><td class="n">${recordsCell(row)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`,
    )
    .join('\n');
  const seriesTable = `<table><thead><tr><th>year</th><th>investigations (cases)</th><th>prosecutions (cases)</th><th>defendants</th><th>convictions (persons)</th></tr></thead><tbody>
${series
  .map(
    (y) =>
      `<tr><td>${y.year}</td><td class="n">${shown(y.investigations)}</td><td class="n">${shown(
        y.prosecutions,
      )}</td><td class="n">${shown(y.defendants)}</td><td class="n">${shown(y.convictions)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
  const c = report.completeness;
  const completeness = [
    `Agencies not certified for the period: ${
      c.agenciesNotCertified.map((a) => escapeHtml(a.name)).join(', ') || 'none'
    }`,
    `Investigations with unknown form: ${c.investigationsWithUnknownForm}`,
    `Investigations without origin: ${c.investigationsWithoutOrigin}`,
    `Prosecutions with unknown defendants: ${c.prosecutionsWithUnknownDefendants}`,
    `Convictions without a sentence recorded: ${c.convictionsWithoutSentence}`,
    `Cases without a provision: ${c.casesWithoutProvision.length}`,
    `Pending complicity allegations: ${c.pendingAllegations.length}`,
  ];
  const charts = series.length === 0 ? '' : await seriesChart(series);
  return `<!doctype html>
<html lang="${report.narrative.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Statistics period ${escapeHtml(statistics.from)} – ${escapeHtml(statistics.to)}; previous period ${escapeHtml(
    previous.label,
  )}; reporting period ${escapeHtml(reporting.from)} – ${escapeHtml(reporting.to)}. Unknown values read “${unknownText}”: they are never counted as zero.</p>
<h2 id="narrative">Narrative</h2>
${report.narrative.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<h2 id="charts">Charts</h2>
<figure>${charts}</figure>
<figure>${await formChart(report)}</figure>
<h2 id="series">Every year in the data</h2>
${seriesTable}
${tables}
${report.victimEstimate === undefined ? '' : estimateSection(report.victimEstimate)}
<h2 id="completeness">Completeness</h2>
<ul>${completeness.map((line) => `<li>${line}</li>`).join('')}</ul>
</body>
</html>
`;
}
