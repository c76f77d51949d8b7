import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixtureReport } from './fixture.test-support.ts';
import { tableNames } from './tables.ts';
import { renderXlsx } from './xlsx.ts';

describe('XLSX export', async () => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.read(Readable.from([Buffer.from(await renderXlsx(fixtureReport()))]));
  const rowOf = (sheet: string, figure: string) => {
    const ws = workbook.getWorksheet(sheet);
    let found: unknown[] | undefined;
    ws?.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values[0] === figure) found = values;
    });
    return found;
  };

  it('has the report sheet, a sheet per section and the records', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Report', ...tableNames, 'Records']);
  });

  it('shows both periods with unknowns as text, never zero', () => {
    expect((workbook.getWorksheet('convictions')?.getRow(1).values as unknown[]).slice(1)).toEqual([
      'figure',
      '2016',
      '2015',
      'records',
    ]);
    expect(rowOf('convictions', 'persons')).toEqual(['persons', 6, 2, 6]);
    // Unknown in 2016 (case B names no defendant), yet the two named in case C are listed.
    expect(rowOf('prosecutions', 'defendants')).toEqual(['defendants', 'unknown', 2, 2]);
  });

  it('lists the records behind each figure, one id a row', () => {
    const ids: string[] = [];
    workbook.getWorksheet('Records')?.eachRow((row) => {
      const [section, figure, id] = (row.values as unknown[]).slice(1);
      if (section === 'convictions' && figure === 'persons') ids.push(String(id));
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
