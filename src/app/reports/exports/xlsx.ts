import ExcelJS from 'exceljs';
import { spreadsheetText } from './csv.ts';
import type { Narrative } from '../../../core/stats/narrative.ts';
import type { AnnualReport } from '../../../core/stats/report.ts';
import { reportTables, unknownText } from './tables.ts';

/** The media type of an XLSX workbook. */
export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const bold = { bold: true } as const;

/**
 * The report as an XLSX workbook: a "Report" sheet (periods, narrative, completeness), one sheet
 * per section with this period and the previous one, and a "Records" sheet listing the records
 * behind every figure, one id a row (a cell holds at most 32,767 characters, a list may not fit).
 */
export async function renderXlsx(
  report: AnnualReport & { readonly narrative: Narrative },
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Palermo';
  // A fixed date keeps the bytes a function of the report alone.
  workbook.created = new Date(`${report.meta.periods.statistics.to}T00:00:00Z`);
  workbook.modified = workbook.created;
  const { statistics, previous, reporting } = report.meta.periods;

  const cover = workbook.addWorksheet('Report');
  cover.columns = [{ width: 34 }, { width: 100 }];
  cover.addRow(['Annual law-enforcement report']).font = bold;
  cover.addRow(['Jurisdiction', report.meta.jurisdiction]);
  cover.addRow([
    'Statistics period',
    `${statistics.label} (${statistics.from} – ${statistics.to})`,
  ]);
  cover.addRow(['Previous period', `${previous.label} (${previous.from} – ${previous.to})`]);
  cover.addRow(['Reporting period', `${reporting.label} (${reporting.from} – ${reporting.to})`]);
  cover.addRow([]);
  cover.addRow(['Narrative']).font = bold;
  for (const paragraph of report.narrative.paragraphs) {
    const row = cover.addRow(['', paragraph]);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  cover.addRow([]);
  cover.addRow(['Completeness']).font = bold;
  const c = report.completeness;
  cover.addRow([
    'Agencies not certified',
    c.agenciesNotCertified.map((a) => `${a.name} (${a.kind})`).join('; ') || 'none',
  ]);
  cover.addRow(['Investigations with unknown form', c.investigationsWithUnknownForm]);
  cover.addRow(['Investigations without origin', c.investigationsWithoutOrigin]);
  cover.addRow(['Prosecutions with unknown defendants', c.prosecutionsWithUnknownDefendants]);
  cover.addRow(['Convictions without a sentence', c.convictionsWithoutSentence]);
  cover.addRow(['Cases without a provision', c.casesWithoutProvision.length]);
  cover.addRow(['Pending complicity allegations', c.pendingAllegations.length]);
  cover.addRow([]);
  cover.addRow([`Unknown values read "${unknownText}": they are never written as zero.`]);

  const recordRows: [string, string, string][] = [];
  for (const table of reportTables(report)) {
    const sheet = workbook.addWorksheet(table.name);
    sheet.columns = [
      { header: 'figure', width: 40 },
      { header: table.period, width: 24 },
      { header: table.previousPeriod, width: 24 },
      { header: 'records', width: 10 },
    ];
    sheet.getRow(1).font = bold;
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of table.rows) {
      sheet.addRow([
        row.figure,
        row.value ?? unknownText,
        row.previous ?? unknownText,
        row.records.length,
      ]);
      for (const id of row.records) recordRows.push([table.name, row.figure, id]);
    }
  }
  const records = workbook.addWorksheet('Records');
  records.columns = [
    { header: 'section', width: 22 },
    { header: 'figure', width: 40 },
    { header: 'record', width: 48 },
  ];
  records.getRow(1).font = bold;

  records.addRows(recordRows);
  // Agency and jurisdiction names reach the cells: none may read as a formula once re-saved.
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') cell.value = spreadsheetText(cell.value);
      }),
    ),
  );
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
