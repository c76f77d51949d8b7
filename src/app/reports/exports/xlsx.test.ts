import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeNarrative } from '../../../core/stats/narrative.ts';
import { fixtureReport } from '../../../../test/support/report-fixture.ts';
import { tableNames } from './tables.ts';
import { renderXlsx } from './xlsx.ts';

describe('XLSX export', async () => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.read(Readable.from([Buffer.from(await renderXlsx(fixtureReport()))]));
  /** A figure's row, found by its key (the JSON path, in the last column). */
  const rowOf = (book: ExcelJS.Workbook, sheet: string, key: string) => {
    const ws = book.getWorksheet(sheet);
    let found: unknown[] | undefined;
    ws?.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values[4] === key) found = values;
    });
    return found;
  };

  it('has the report sheet, a sheet per section and the records, named in words', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Report',
      'Investigations',
      'Related articles',
      'Prosecutions',
      'Convictions',
      'Sentences',
      'Victims',
      'Training',
      'Complicity',
      'Records',
    ]);
    expect(workbook.worksheets).toHaveLength(tableNames.length + 2);
  });

  it('shows both periods with unknowns as text, never zero, each figure in words with its key', () => {
    expect((workbook.getWorksheet('Convictions')?.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Figure',
      '2016',
      '2015',
      'Records',
      'Key',
    ]);
    const persons = rowOf(workbook, 'Convictions', 'persons');
    expect(persons?.slice(1)).toEqual([6, 2, 6, 'persons']);
    expect(String(persons?.[0])).not.toBe('persons');
    // Unknown in 2016 (case B names no defendant), yet the two named in case C are listed.
    expect(rowOf(workbook, 'Prosecutions', 'defendants')?.slice(1)).toEqual([
      'unknown',
      2,
      2,
      'defendants',
    ]);
  });

  it('lists the records behind each figure, one id a row', () => {
    const ids: string[] = [];
    workbook.getWorksheet('Records')?.eachRow((row) => {
      const [, , id, key] = (row.values as unknown[]).slice(1);
      if (key === 'convictions.persons') ids.push(String(id));
    });
    expect(ids).toEqual([
      'person:B-c0',
      'person:B-c1',
      'person:B-c2',
      'person:B-c3',
      'person:C-c0',
      'person:C-c1',
    ]);
  });

  it('speaks Russian when the narrative does: sheets, headings, figures and unknowns', async () => {
    const report = fixtureReport();
    const russian = new ExcelJS.Workbook();
    await russian.xlsx.read(
      Readable.from([
        Buffer.from(await renderXlsx({ ...report, narrative: writeNarrative(report, 'ru') })),
      ]),
    );
    expect(russian.worksheets.map((w) => w.name)).toContain('Наказания');
    expect((russian.getWorksheet('Осуждения')?.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Показатель',
      '2016',
      '2015',
      'Записи',
      'Ключ',
    ]);
    const defendants = rowOf(russian, 'Преследование', 'defendants');
    expect(defendants?.[1]).toBe('неизвестно');
    expect(String(defendants?.[0])).toMatch(/[а-я]/);
    expect(russian.getWorksheet('Отчёт')?.getRow(1).values).toContain(
      'Ежегодный отчёт о правоприменении',
    );
  });

  it('writes no text cell a spreadsheet would execute, whatever an agency is called', async () => {
    const report = fixtureReport();
    const hostile = {
      ...report,
      completeness: {
        ...report.completeness,
        agenciesNotCertified: [
          { id: 'x', name: '=HYPERLINK("http://example.invalid","x")', kind: 'police' },
        ],
      },
    };
    const book = new ExcelJS.Workbook();
    await book.xlsx.read(Readable.from([Buffer.from(await renderXlsx(hostile))]));
    const texts: string[] = [];
    book.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === 'string') texts.push(cell.value);
        }),
      ),
    );
    expect(texts).toContain('\'=HYPERLINK("http://example.invalid","x") (police)');
    expect(texts.filter((t) => /^[=+\-@]/.test(t))).toEqual([]);
  });
});
