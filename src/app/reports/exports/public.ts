import type { PublicReport, PublicValue } from '../../../core/stats/disclosure/publish.ts';
import { sectionPeriods } from '../../../core/stats/period.ts';
import { csvLine, spreadsheetText } from './csv.ts';
import { glotipColumns, glotipRowsOf } from './glotip.ts';
import type { GlotipArea, GlotipYear } from './glotip.ts';
import { figureLabel, sectionLabel } from './labels.ts';
import { tableNames, unknownText } from './tables.ts';
import { xlsxContentType } from './xlsx.ts';

// The public report in the analyst's formats. Every count comes from the PublicReport, which
// reads the jurisdiction's protected publication: no file shows a figure the JSON hides, and a
// figure shown in two files is the same cell.

interface PublicRow {
  readonly section: string;
  readonly figure: string;
  readonly value: PublicValue;
  readonly previous: PublicValue;
}

type Node = Readonly<Record<string, unknown>>;
const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const face = (value: unknown): PublicValue =>
  typeof value === 'number' || value === 'x' ? value : null;

function rowsOf(section: string, values: Node, previous: unknown, prefix: string): PublicRow[] {
  return Object.entries(values).flatMap(([key, value]): PublicRow[] => {
    if (prefix === '' && key === 'previous') return [];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const before = isNode(previous) ? previous[key] : undefined;
    return isNode(value)
      ? rowsOf(section, value, before, path)
      : [{ section, figure: path, value: face(value), previous: face(before) }];
  });
}

/** Every figure of the public report, with the previous period's, in the report's order. */
export function publicRows(report: PublicReport): PublicRow[] {
  const sections: readonly [string, unknown][] = Object.entries(report);
  return tableNames.flatMap((name) => {
    const section = sections.find(([key]) => key === name)?.[1];
    return isNode(section) ? rowsOf(name, section, section['previous'], '') : [];
  });
}

const text = (value: PublicValue): string => (value === null ? '' : String(value));

function periodsOf(report: PublicReport, section: string) {
  const { now, before } = sectionPeriods(report.meta.periods, section);
  return { now: now.label, before: before.label };
}

/** CSV: one row per figure; a hidden count reads `x`, an unknown is an empty cell. */
export function renderPublicCsv(report: PublicReport): string {
  const header = ['section', 'figure', 'period', 'value', 'previous_period', 'previous_value'];
  return [
    csvLine(header),
    ...publicRows(report).map((row) => {
      const periods = periodsOf(report, row.section);
      return csvLine([
        row.section,
        row.figure,
        periods.now,
        text(row.value),
        periods.before,
        text(row.previous),
      ]);
    }),
  ].join('');
}

/** XLSX: a sheet per section; a hidden count reads `x`, an unknown `unknown`. */
export async function renderPublicXlsx(report: PublicReport): Promise<Uint8Array> {
  // Loaded when a workbook is made or read: exceljs alone took a fifth of every CLI start.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  const about = workbook.addWorksheet('Report');
  about.addRow(['jurisdiction', spreadsheetText(report.meta.jurisdiction)]);
  about.addRow(['period', report.meta.periods.statistics.label]);
  about.addRow([
    'disclosure',
    `x marks every hidden count (below ${report.disclosure.maxN + 1}, or hidden to protect one)`,
  ]);
  const rows = publicRows(report);
  for (const name of tableNames) {
    const periods = periodsOf(report, name);
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(['figure', periods.now, periods.before]);
    for (const row of rows.filter((r) => r.section === name))
      sheet.addRow([row.figure, row.value ?? unknownText, row.previous ?? unknownText]);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** HTML: one self-contained page of tables, nothing fetched. */
export function renderPublicHtml(report: PublicReport): string {
  const rows = publicRows(report);
  const context = { provisions: report.meta.provisions };
  const cell = (value: PublicValue) => escapeHtml(value === null ? unknownText : String(value));
  const sections = tableNames.map((name) => {
    const periods = periodsOf(report, name);
    const body = rows
      .filter((r) => r.section === name)
      .map(
        (r) =>
          `<tr><th scope="row">${escapeHtml(figureLabel(name, r.figure, 'en', context))}</th><td>${cell(r.value)}</td><td>${cell(r.previous)}</td></tr>`,
      )
      .join('');
    return `<section><h2>${escapeHtml(sectionLabel(name, 'en'))}</h2><table><thead><tr><th>Figure</th><th>${escapeHtml(periods.now)}</th><th>${escapeHtml(periods.before)}</th></tr></thead><tbody>${body}</tbody></table></section>`;
  });
  const title = `Published annual report, ${report.meta.jurisdiction}, ${report.meta.periods.statistics.label}`;
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${escapeHtml(title)}</title></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>x marks every hidden count: below ${report.disclosure.maxN + 1}, or hidden so that a small one cannot be worked out; the mark does not say which. Published for calendar and TIP years ${report.disclosure.years.first}–${report.disclosure.years.last} only.</p>`,
    ...sections,
    '</body></html>',
  ].join('\n');
}

/** The GLOTIP file from the public report: a hidden count has no row, like an unknown one. */
export function renderPublicGlotip(report: PublicReport, area: GlotipArea): string {
  const shown = (value: unknown): number | null => (typeof value === 'number' ? value : null);
  const year = (block: 'current' | 'previous'): GlotipYear => {
    const pick = (section: unknown) =>
      block === 'previous' && isNode(section) ? section['previous'] : section;
    const at = (section: unknown, ...path: string[]) =>
      shown(
        path.reduce<unknown>((node, key) => (isNode(node) ? node[key] : undefined), pick(section)),
      );
    return {
      offences: at(report.investigations, 'total'),
      prosecuted: at(report.prosecutions, 'defendants'),
      convicted: at(report.convictions, 'persons'),
      convictedSex: at(report.convictions, 'byForm', 'sex'),
      convictedLabour: at(report.convictions, 'byForm', 'labour'),
      victims: at(report.victims, 'identified'),
      female: at(report.victims, 'bySex', 'female'),
      male: at(report.victims, 'bySex', 'male'),
      otherSex: at(report.victims, 'bySex', 'other'),
      unknownSex: [
        at(report.victims, 'bySex', 'unknown'),
        at(report.victims, 'bySex', 'not_recorded'),
      ],
      child: at(report.victims, 'byAgeBand', 'child'),
      adult: at(report.victims, 'byAgeBand', 'adult'),
      unknownAge: at(report.victims, 'byAgeBand', 'unknown'),
      victimsSex: at(report.victims, 'byForm', 'sex'),
      victimsLabour: at(report.victims, 'byForm', 'labour'),
    };
  };
  const { statistics, previous } = report.meta.periods;
  return [
    csvLine(glotipColumns),
    ...glotipRowsOf(area, statistics, [
      [previous.label, year('previous')],
      [statistics.label, year('current')],
    ]).map((row) => csvLine(glotipColumns.map((column) => row[column]))),
  ].join('');
}

export { xlsxContentType };
