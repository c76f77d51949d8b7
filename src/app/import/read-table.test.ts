/**
 * The first pass over a CSV file (`scanCsvColumn`) splits a file without quotes on its commas
 * and line ends itself, and gives the file to csv-parse otherwise. Whichever way it reads, it
 * must visit exactly the cells csv-parse's reading gives: these tests compare it with
 * csv-parse on generated texts and on the cases the quick split must hand over. A file it
 * split is then read the same way (`openRows(file, { plain: true })`), which must give the
 * rows, lines and refusals that reading it with csv-parse gives.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isDomainError } from '../../core/errors.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openRows, scanCsvColumn } from './read-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'palermo-read-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** What the first pass promises, from csv-parse's reading of the whole text: null if it refuses. */
function expected(text: string, column: string): string[] | null {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: false, trim: false });
  } catch {
    return null;
  }
  const rows = records.filter((cells) => cells.some((cell) => cell.trim() !== ''));
  const [header, ...rest] = rows;
  if (header === undefined) return null;
  const index = header.findIndex((cell) => cell.trim() === column);
  return rest.map((cells) => (index < 0 ? '' : (cells[index] ?? '')));
}

/** Every row `openRows` reads (line and cells), or the message it refuses the file with. */
async function rowsRead(file: string, plain: boolean): Promise<unknown> {
  try {
    const opened = await openRows(file, { plain });
    const rows: unknown[] = [{ headers: opened.headers }];
    for await (const row of opened.rows) rows.push(row);
    return rows;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return error.message;
  }
}

/**
 * The cells the first pass visits (of its last start), and how many times it started; when it
 * split the file itself, also that reading the rows the same way gives what csv-parse gives.
 */
async function scanned(
  bytes: string | Buffer,
  column: string,
): Promise<{ cells: string[] | null; starts: number; split: boolean }> {
  files += 1;
  const file = join(dir, `scan-${files}.csv`);
  writeFileSync(file, bytes);
  let cells: string[] = [];
  let starts = 0;
  const read = await scanCsvColumn(file, column, () => {
    starts += 1;
    cells = [];
    return (cell) => cells.push(cell);
  });
  if (read === 'split') expect(await rowsRead(file, true)).toEqual(await rowsRead(file, false));
  return { cells: read === false ? null : cells, starts, split: read === 'split' };
}

const cell = fc
  .array(fc.constantFrom('a', 'b', '7', ' ', 'Ф', 'é', '-'), { maxLength: 4 })
  .map((chars) => chars.join(''));
const awkward = fc.constantFrom('"', '\r', '\r\n', '\n', ',', '""', '"a,b"');

describe('scanCsvColumn', () => {
  it('visits what csv-parse reads, on texts with and without quotes, blank rows and line ends', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), awkward), { maxLength: 2 }),
        async (width, body, end, bom, finalEnd, insertions) => {
          const header = ['key', ...Array.from({ length: width - 1 }, (_, i) => `c${i}`)];
          const rows = body.map((cells) =>
            // Mostly rows of the header's width; now and then one of another width.
            cells.length === 4
              ? cells
              : [...cells, ...Array<string>(width).fill('')].slice(0, width),
          );
          let text = [header, ...rows].map((cells) => cells.join(',')).join(end);
          if (finalEnd) text += end;
          for (const [at, piece] of insertions) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + piece + text.slice(i);
          }
          const { cells } = await scanned((bom ? '\uFEFF' : '') + text, 'key');
          expect(cells).toEqual(expected((bom ? '\uFEFF' : '') + text, 'key'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits a plain file itself, in one start, with LF or CRLF and no last line end', async () => {
    for (const end of ['\n', '\r\n']) {
      const text = ['id, key ,x', '1,a,', '2,b,y', ',,', '3,,z'].join(end);
      const read = await scanned(text, 'key');
      expect(read.starts).toBe(1);
      expect(read.split).toBe(true);
      expect(read.cells).toEqual(['a', 'b', '']);
      expect(read.cells).toEqual(expected(text, 'key'));
    }
  });

  it('starts again with csv-parse at a quote past the first block, keeping none of the first try', async () => {
    const plain = Array.from({ length: 20_000 }, (_, i) => `${i},k${i}`);
    const text = ['n,key', ...plain, '20000,"k,20000"', ''].join('\n');
    expect(text.length).toBeGreaterThan(200_000);
    const read = await scanned(text, 'key');
    expect(read.starts).toBe(2);
    expect(read.split).toBe(false);
    expect(read.cells).toHaveLength(20_001);
    expect(read.cells?.at(-1)).toBe('k,20000');
    expect(read.cells).toEqual(expected(text, 'key'));
  });

  it('hands over mixed line ends and a lone carriage return, and refuses a ragged row', async () => {
    const mixed = 'n,key\r\n1,a\n2,b\r\n';
    expect((await scanned(mixed, 'key')).cells).toEqual(expected(mixed, 'key'));
    const lone = 'n,key\n1,a\rb\n';
    expect((await scanned(lone, 'key')).cells).toEqual(expected(lone, 'key'));
    const ragged = 'n,key\n1,a\n2,b,c\n';
    expect(expected(ragged, 'key')).toBeNull();
    expect((await scanned(ragged, 'key')).cells).toBeNull();
  });

  it('reads a Windows-1251 file without quotes as csv-parse reads its decoded text', async () => {
    const text = 'n,ключ\n1,Фа\n2,жен\n';
    // Windows-1251: Cyrillic А..я are 0xC0..0xFF in order.
    const bytes = Buffer.from(
      [...text].map((ch) => {
        const code = ch.codePointAt(0) ?? 0;
        return code >= 0x410 && code <= 0x44f ? code - 0x410 + 0xc0 : code;
      }),
    );
    const read = await scanned(bytes, 'ключ');
    expect(read.starts).toBe(1);
    expect(read.split).toBe(true);
    expect(read.cells).toEqual(['Фа', 'жен']);
  });

  it('reads a plain file in blocks as csv-parse does, and refuses one that is no longer plain', async () => {
    // Over several 64 KiB blocks, lines cut by their ends, CRLF, no last line end.
    const lines = Array.from({ length: 30_000 }, (_, i) => `${i},k${i % 7},Ф${i}`);
    const text = ['n,key,label', ...lines].join('\r\n');
    expect(text.length).toBeGreaterThan(4 * 65_536);
    const read = await scanned(text, 'key');
    expect(read.split).toBe(true);
    const file = join(dir, 'changed.csv');
    writeFileSync(file, text);
    const rows = await rowsRead(file, true);
    expect(Array.isArray(rows) && rows.length).toBe(30_001);
    expect(Array.isArray(rows) && rows.at(-1)).toEqual({
      line: 30_001,
      cells: { n: '29999', key: 'k4', label: 'Ф29999' },
    });
    // Changed between the first pass and the reading: a quote, a ragged row, a lone CR.
    for (const [i, piece] of [
      [40_000, '"'],
      [200_000, ',x'],
      [text.length - 3, '\r'],
    ] as const) {
      writeFileSync(file, text.slice(0, i) + piece + text.slice(i));
      expect(await rowsRead(file, true)).toMatch(/changed while it was read/);
    }
  });
});
