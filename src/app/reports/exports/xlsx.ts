import { spreadsheetText } from './csv.ts';
import type { Narrative } from '../../../core/stats/narrative.ts';
import type { AnnualReport } from '../../../core/stats/report.ts';
import { agencyKindLabel, documentWords, figureLabel } from './labels.ts';
import type { Words } from './labels.ts';
import { reportTables, unknownText } from './tables.ts';
import type { TableName } from './tables.ts';

/** The media type of an XLSX workbook. */
export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const bold = { bold: true } as const;

// The workbook's own words, in the narrative's language: sheet names (at most 31 characters),
// column headings and the cover's labels. Each figure is named in words (labels.ts) and keeps
// its JSON path in a column of its own, the machine-readable name.
const sheetNames: Readonly<Record<TableName | 'cover' | 'records', Words>> = {
  cover: { en: 'Report', ru: 'Отчёт' },
  investigations: { en: 'Investigations', ru: 'Расследования' },
  relatedInvestigations: { en: 'Related articles', ru: 'Смежные статьи' },
  prosecutions: { en: 'Prosecutions', ru: 'Преследование' },
  convictions: { en: 'Convictions', ru: 'Осуждения' },
  sentences: { en: 'Sentences', ru: 'Наказания' },
  victims: { en: 'Victims', ru: 'Потерпевшие' },
  training: { en: 'Training', ru: 'Обучение' },
  complicity: { en: 'Complicity', ru: 'Причастность' },
  records: { en: 'Records', ru: 'Записи' },
};

const words = {
  ...documentWords,
  jurisdiction: { en: 'Jurisdiction', ru: 'Юрисдикция' },
  statistics: { en: 'Statistics period', ru: 'Отчётный период статистики' },
  previous: { en: 'Previous period', ru: 'Предыдущий период' },
  reporting: { en: 'Reporting period', ru: 'Период отчёта' },
  completeness: { en: 'Completeness', ru: 'Полнота данных' },
  notCertified: { en: 'Agencies not certified', ru: 'Ведомства без подтверждения данных' },
  none: { en: 'none', ru: 'нет' },
  unknownForm: {
    en: 'Investigations with unknown form',
    ru: 'Расследования с неизвестной формой эксплуатации',
  },
  noOrigin: { en: 'Investigations without origin', ru: 'Расследования без указания источника' },
  unknownDefendants: {
    en: 'Prosecutions with unknown defendants',
    ru: 'Преследования с неизвестным числом обвиняемых',
  },
  noSentence: { en: 'Convictions without a sentence', ru: 'Осуждения без наказания в записи' },
  noProvision: { en: 'Cases without a provision', ru: 'Дела без статьи' },
  pendingAllegations: {
    en: 'Pending complicity allegations',
    ru: 'Нерассмотренные сообщения о причастности',
  },
  unknownNote: {
    en: 'Unknown values read "{unknown}": they are never written as zero.',
    ru: 'Неизвестные значения записаны как «{unknown}», никогда не как ноль.',
  },
  unknown: { en: unknownText, ru: 'неизвестно' },
  figure: { en: 'Figure', ru: 'Показатель' },
  records: { en: 'Records', ru: 'Записи' },
  key: { en: 'Key', ru: 'Ключ' },
  section: { en: 'Section', ru: 'Раздел' },
  record: { en: 'Record', ru: 'Запись' },
} as const satisfies Readonly<Record<string, Words>>;

/**
 * The report as an XLSX workbook in the narrative's language: a cover sheet (periods, narrative,
 * completeness), one sheet per section with this period and the previous one, each figure in
 * words with its JSON path as its key, and a sheet listing the records behind every figure, one
 * id a row (a cell holds at most 32,767 characters, a list may not fit).
 */
export async function renderXlsx(
  report: AnnualReport & { readonly narrative: Narrative },
): Promise<Uint8Array> {
  const lang = report.narrative.lang;
  const say = (key: keyof typeof words) => words[key][lang];
  const context = { provisions: report.meta.provisions };
  // Loaded when a workbook is made or read: exceljs alone took a fifth of every CLI start.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = 'Palermo';
  // A fixed date keeps the bytes a function of the report alone.
  workbook.created = new Date(`${report.meta.periods.statistics.to}T00:00:00Z`);
  workbook.modified = workbook.created;
  const { statistics, previous, reporting } = report.meta.periods;

  const cover = workbook.addWorksheet(sheetNames.cover[lang]);
  cover.columns = [{ width: 34 }, { width: 100 }];
  cover.addRow([say('title')]).font = bold;
  cover.addRow([say('jurisdiction'), report.meta.jurisdiction]);
  cover.addRow([say('statistics'), `${statistics.label} (${statistics.from} – ${statistics.to})`]);
  cover.addRow([say('previous'), `${previous.label} (${previous.from} – ${previous.to})`]);
  cover.addRow([say('reporting'), `${reporting.label} (${reporting.from} – ${reporting.to})`]);
  cover.addRow([]);
  cover.addRow([say('narrative')]).font = bold;
  for (const paragraph of report.narrative.paragraphs) {
    const row = cover.addRow(['', paragraph]);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  cover.addRow([]);
  cover.addRow([say('completeness')]).font = bold;
  const c = report.completeness;
  cover.addRow([
    say('notCertified'),
    c.agenciesNotCertified.map((a) => `${a.name} (${agencyKindLabel(a.kind, lang)})`).join('; ') ||
      say('none'),
  ]);
  cover.addRow([say('unknownForm'), c.investigationsWithUnknownForm]);
  cover.addRow([say('noOrigin'), c.investigationsWithoutOrigin]);
  cover.addRow([say('unknownDefendants'), c.prosecutionsWithUnknownDefendants]);
  cover.addRow([say('noSentence'), c.convictionsWithoutSentence]);
  cover.addRow([say('noProvision'), c.casesWithoutProvision]);
  cover.addRow([say('pendingAllegations'), c.pendingAllegations.length]);
  cover.addRow([]);
  cover.addRow([say('unknownNote').replace('{unknown}', say('unknown'))]);

  const recordRows: [string, string, string, string][] = [];
  for (const table of reportTables(report)) {
    const sheet = workbook.addWorksheet(sheetNames[table.name][lang]);
    sheet.columns = [
      { header: say('figure'), width: 48 },
      { header: table.period, width: 24 },
      { header: table.previousPeriod, width: 24 },
      { header: say('records'), width: 10 },
      { header: say('key'), width: 32 },
    ];
    sheet.getRow(1).font = bold;
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of table.rows) {
      const label = figureLabel(table.name, row.figure, lang, context);
      sheet.addRow([
        label,
        row.value ?? say('unknown'),
        row.previous ?? say('unknown'),
        row.records.length,
        row.figure,
      ]);
      for (const id of row.records)
        recordRows.push([sheetNames[table.name][lang], label, id, `${table.name}.${row.figure}`]);
    }
  }
  const records = workbook.addWorksheet(sheetNames.records[lang]);
  records.columns = [
    { header: say('section'), width: 22 },
    { header: say('figure'), width: 48 },
    { header: say('record'), width: 48 },
    { header: say('key'), width: 40 },
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
