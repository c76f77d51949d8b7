/**
 * Reading a spreadsheet into rows: CSV streamed through csv-parse after the encoding is
 * detected (UTF-8, else Windows-1251 for Cyrillic spreadsheets), XLSX through exceljs. A file
 * that cannot be read whole (cut off inside a quoted cell, a short last row, bytes that are
 * not text) is refused naming the file and line, before anything is written.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Parser } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { DomainError } from '../../core/errors.ts';
import type { SourceRow } from '../../core/import/plan.ts';

/** The encodings a CSV file may be in. */
export type TextEncoding = 'utf-8' | 'windows-1251';

/** A file read whole: its header, its rows and how its text was encoded. */
export interface Table {
  readonly file: string;
  readonly headers: readonly string[];
  readonly rows: readonly SourceRow[];
  readonly encoding: TextEncoding | 'xlsx';
}

function unreadable(file: string, message: string): DomainError {
  return new DomainError('ValidationFailed', `${basename(file)}: ${message}`, {
    issues: [{ path: basename(file), message }],
  });
}

/**
 * Detects a CSV file's encoding from its first 64 KiB: valid UTF-8 (a BOM or none) is UTF-8;
 * anything else is read as Windows-1251, the encoding Cyrillic spreadsheets are saved in.
 */
export async function detectEncoding(file: string): Promise<TextEncoding> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    try {
      // stream: true tolerates a character cut by the 64 KiB boundary.
      new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead), {
        stream: true,
      });
      return 'utf-8';
    } catch {
      return 'windows-1251';
    }
  } finally {
    await handle.close();
  }
}

/** A file opened for reading row by row: its header, and its rows as they are read. */
export interface RowStream {
  readonly file: string;
  readonly headers: readonly string[];
  readonly encoding: TextEncoding | 'xlsx';
  /** The rows after the header, blank rows left out; read once. */
  readonly rows: AsyncIterable<SourceRow>;
  /** Stops reading (closes the file) when the rows are not read to their end. */
  close(): Promise<void>;
}

/**
 * Opens a CSV or XLSX file by its extension and reads its header; the rows are then read as
 * they are consumed (CSV through csv-parse, XLSX through exceljs's streaming reader), so memory
 * stays bounded whatever the file's size. A problem further in the file (cut off, a short row,
 * bytes that are not text) is thrown by the iteration, naming the file and line.
 */
export async function openRows(file: string): Promise<RowStream> {
  const extension = extname(file).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx')
    throw unreadable(file, `cannot import a "${extension}" file: give a .csv or .xlsx file`);
  const encoding = extension === '.csv' ? await detectEncoding(file) : 'xlsx';
  const records = encoding === 'xlsx' ? xlsxRecords(file) : csvRecords(file, encoding);
  let header: { line: number; cells: string[] } | undefined;
  // Blank lines before the header are skipped, as the whole-file reader did.
  for (;;) {
    const next = await records.next();
    if (next.done === true) break;
    if (next.value.cells.some((cell) => cell.trim() !== '')) {
      header = next.value;
      break;
    }
  }
  if (header === undefined)
    throw unreadable(file, encoding === 'xlsx' ? 'the first sheet is empty' : 'the file is empty');
  const cells =
    encoding === 'xlsx' ? header.cells.slice(0, lastFilled(header.cells)) : header.cells;
  const headers = checkHeaders(file, cells);
  async function* rows(): AsyncGenerator<SourceRow> {
    for await (const record of { [Symbol.asyncIterator]: () => records }) {
      if (!record.cells.some((cell) => cell.trim() !== '')) continue;
      yield {
        line: record.line,
        cells: Object.fromEntries(headers.map((name, i) => [name, record.cells[i] ?? ''])),
      };
    }
  }
  return {
    file,
    headers,
    encoding,
    rows: rows(),
    close: async () => {
      await records.return(undefined);
    },
  };
}

/**
 * A first pass over a CSV file's rows (the import counts them and sees whether each case's rows
 * are together): `visit` gets one column's cell of every row after the header, blank rows left
 * out, as csv-parse parses them, without building each row or awaiting each one. False (and
 * nothing promised about what was visited) when the file is not a CSV file or cannot be read
 * this way; the caller then reads it with `openRows`, which names the problem.
 */
export async function scanCsvColumn(
  file: string,
  column: string,
  visit: (cell: string) => void,
): Promise<boolean> {
  if (extname(file).toLowerCase() !== '.csv') return false;
  const encoding = await detectEncoding(file);
  const decoder = new TextDecoder(encoding, { fatal: true });
  const parser = new Parser({ bom: true, relax_column_count: false, trim: false });
  let index: number | null = null;
  parser.on('data', (cells: string[]) => {
    if (!cells.some((cell) => cell.trim() !== '')) return;
    if (index === null) {
      index = cells.findIndex((cell) => cell.trim() === column);
      return;
    }
    visit(index < 0 ? '' : (cells[index] ?? ''));
  });
  let failed = false;
  const ended = new Promise<void>((resolve) => {
    parser.once('end', () => resolve());
    parser.on('error', () => {
      failed = true;
      resolve();
    });
  });
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream) {
      if (failed) break;
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      if (!parser.write(decoder.decode(bytes, { stream: true })))
        await Promise.race([new Promise((resolve) => parser.once('drain', resolve)), ended]);
    }
    if (!failed) {
      const rest = decoder.decode();
      if (rest !== '') parser.write(rest);
      parser.end();
    }
  } catch {
    failed = true;
  } finally {
    stream.destroy();
  }
  if (failed) {
    parser.destroy();
    return false;
  }
  await ended;
  return !failed && index !== null;
}

/** Reads a CSV or XLSX file whole (small files: joined tables, exchange files). */
export async function readTable(file: string): Promise<Table> {
  const opened = await openRows(file);
  const rows: SourceRow[] = [];
  for await (const row of opened.rows) rows.push(row);
  return { file, headers: opened.headers, rows, encoding: opened.encoding };
}

/** A CSV file's records with their line numbers, decoded and parsed as they are read. */
async function* csvRecords(
  file: string,
  encoding: TextEncoding,
): AsyncGenerator<{ line: number; cells: string[] }> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const parser = new Parser({ bom: true, info: true, relax_column_count: false, trim: false });
  const stream = createReadStream(file);
  const feed = async () => {
    let offset = 0;
    for await (const chunk of stream) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        throw unreadable(
          file,
          `bytes near offset ${offset} are not valid UTF-8 (the start of the file is): save it in one encoding`,
        );
      }
      offset += bytes.length;
      if (!parser.write(text)) await new Promise((resolve) => parser.once('drain', resolve));
    }
    try {
      const rest = decoder.decode();
      if (rest !== '') parser.write(rest);
    } catch {
      throw unreadable(file, 'the file ends inside a character: it may be cut off');
    }
    parser.end();
  };
  feed().catch((error: unknown) =>
    parser.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  try {
    for await (const item of parser) {
      if (isRecordWithInfo(item)) yield { line: item.info.lines, cells: item.record };
    }
  } catch (error) {
    throw error instanceof DomainError ? error : csvProblem(file, error);
  } finally {
    stream.destroy();
    parser.destroy();
  }
}

/** The first sheet's rows of an XLSX workbook, read by exceljs's streaming reader. */
async function* xlsxRecords(file: string): AsyncGenerator<{ line: number; cells: string[] }> {
  // Loaded when a workbook is made or read: exceljs alone took a fifth of every CLI start.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const sheet of workbook) {
      sheets++;
      if (sheets > 1) continue; // Only the first sheet is read; the others are drained.
      for await (const row of sheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(row.getCell(i).value));
        yield { line: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unreadable(
      file,
      `not a readable XLSX workbook: it may be cut off (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (sheets === 0) throw unreadable(file, 'the workbook has no sheet');
}

/** A csv-parse record read with `info: true`: the cells and where the record ends. */
function isRecordWithInfo(item: unknown): item is { record: string[]; info: { lines: number } } {
  return (
    typeof item === 'object' &&
    item !== null &&
    'record' in item &&
    Array.isArray(item.record) &&
    'info' in item &&
    typeof item.info === 'object' &&
    item.info !== null &&
    'lines' in item.info &&
    typeof item.info.lines === 'number'
  );
}

function csvProblem(file: string, error: unknown): DomainError {
  const text = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
  if (code === 'CSV_QUOTE_NOT_CLOSED')
    return unreadable(file, `the file ends inside a quoted cell: it may be cut off (${text})`);
  if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH')
    return unreadable(
      file,
      `a row has a different number of cells from the header: the file may be cut off or malformed (${text})`,
    );
  return unreadable(file, `not valid CSV: ${text}`);
}

function checkHeaders(file: string, cells: readonly string[]): string[] {
  const headers = cells.map((cell) => cell.trim());
  const seen = new Set<string>();
  headers.forEach((name, i) => {
    if (name === '') throw unreadable(file, `column ${i + 1} of the header has no name`);
    if (seen.has(name)) throw unreadable(file, `the header names column "${name}" twice`);
    seen.add(name);
  });
  return headers;
}

function lastFilled(cells: readonly string[]): number {
  let n = cells.length;
  while (n > 0 && (cells[n - 1] ?? '').trim() === '') n--;
  return n;
}

/** A cell's value as text: dates as YYYY-MM-DD, a formula as its computed result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result ?? null);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}
