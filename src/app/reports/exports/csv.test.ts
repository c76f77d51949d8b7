import { describe, expect, it } from 'vitest';
import { csvColumns, csvField, renderCsv } from './csv.ts';
import { fixtureReport } from '../../../../test/support/report-fixture.ts';
import { tableNames } from './tables.ts';

/** A minimal RFC 4180 reader, enough to read back what renderCsv writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('CSV export', () => {
  const rows = parseCsv(renderCsv(fixtureReport()));
  const find = (section: string, figure: string) =>
    rows.find((r) => r[0] === section && r[1] === figure);

  it('has the documented header and a row per figure of every section', () => {
    expect(rows[0]).toEqual([...csvColumns]);
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(tableNames));
    expect(rows.slice(1).every((r) => r.length === csvColumns.length)).toBe(true);
  });

  it('puts both periods and the records on the row', () => {
    expect(find('convictions', 'persons')).toEqual([
      'convictions',
      'persons',
      '2016',
      '6',
      '2015',
      '2',
      'person:B-c0 person:B-c1 person:B-c2 person:B-c3 person:C-c0 person:C-c1',
    ]);
  });

  it('leaves an unknown empty, never zero', () => {
    // 2016: case B was prosecuted without a defendant named; 2015 is known (2).
    expect(find('prosecutions', 'defendants')?.slice(2, 6)).toEqual(['2016', '', '2015', '2']);
  });

  it('quotes fields with commas, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('never emits a cell a spreadsheet would execute', () => {
    for (const formula of ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '=HYPERLINK("x")']) {
      const field = csvField(formula);
      const text = field.startsWith('"') ? field.slice(1) : field;
      expect(text.startsWith("'")).toBe(true);
    }
    // A plain number is a value, not a formula.
    expect(csvField('-5')).toBe('-5');
    expect(csvField('text')).toBe('text');
  });
});
