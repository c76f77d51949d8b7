import type { AnnualReport } from '../../../core/stats/report.ts';
import { reportTables } from './tables.ts';

/** The CSV header: one row per figure, both periods on the row, records as space-separated ids. */
export const csvColumns = [
  'section',
  'figure',
  'period',
  'value',
  'previous_period',
  'previous_value',
  'records',
] as const;

/**
 * Text a spreadsheet will show and never execute: a cell starting with = + - @ (or a tab or
 * carriage return, which some spreadsheets skip before looking) is read as a formula, so it
 * gets a leading apostrophe (OWASP's advice on CSV injection). A plain number ("-5") is left
 * alone: it is a value, not a formula.
 */
export function spreadsheetText(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value)) return value;
  if (/^[+-]?\d+(\.\d+)?$/.test(value)) return value;
  return `'${value}`;
}

/**
 * Quotes a field as RFC 4180 requires (only when it holds a comma, a quote or a line break),
 * after making it safe from formula execution (`spreadsheetText`).
 */
export function csvField(value: string): string {
  const safe = spreadsheetText(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Joins fields into a CSV line ending in CRLF (RFC 4180). */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

// An unknown value is an empty cell: a number column must not hold a word, and never a zero.
const cell = (value: number | null) => (value === null ? '' : String(value));

/** The report as CSV: every figure of every section, with the previous period and its records. */
export function renderCsv(report: AnnualReport): string {
  const lines = [csvLine(csvColumns)];
  for (const table of reportTables(report))
    for (const row of table.rows)
      lines.push(
        csvLine([
          table.name,
          row.figure,
          table.period,
          cell(row.value),
          table.previousPeriod,
          cell(row.previous),
          row.records.join(' '),
        ]),
      );
  return lines.join('');
}
