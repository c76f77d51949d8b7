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
import ExcelJS from 'exceljs';
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

/** Reads a CSV or XLSX file by its extension. */
export function readTable(file: string): Promise<Table> {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return readCsv(file);
  if (extension === '.xlsx') return readXlsx(file);
  return Promise.reject(
    unreadable(file, `cannot import a "${extension}" file: give a .csv or .xlsx file`),
  );
}

async function readCsv(file: string): Promise<Table> {
  const encoding = await detectEncoding(file);
  const decoder = new TextDecoder(encoding, { fatal: true });
  const parser = new Parser({ bom: true, info: true, relax_column_count: false, trim: false });
  const records: { line: number; cells: string[] }[] = [];
  const done = new Promise<void>((resolve, reject) => {
    parser.on('readable', () => {
      let item: unknown;
      while ((item = parser.read()) !== null) {
        if (isRecordWithInfo(item)) records.push({ line: item.info.lines, cells: item.record });
      }
    });
    parser.on('error', (error) => reject(csvProblem(file, error)));
    parser.on('end', () => resolve());
  });
  const stream = createReadStream(file);
  let offset = 0;
  try {
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
    await done;
  } catch (error) {
    stream.destroy();
    parser.destroy();
    throw error;
  }
  const [header, ...body] = records;
  if (header === undefined) throw unreadable(file, 'the file is empty');
  return {
    file,
    headers: checkHeaders(file, header.cells),
    rows: toRows(header.cells, body),
    encoding,
  };
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

function toRows(
  headers: readonly string[],
  body: readonly { line: number; cells: readonly string[] }[],
): SourceRow[] {
  return body
    .filter((record) => record.cells.some((cell) => cell.trim() !== ''))
    .map((record) => ({
      line: record.line,
      cells: Object.fromEntries(headers.map((name, i) => [name.trim(), record.cells[i] ?? ''])),
    }));
}

async function readXlsx(file: string): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw unreadable(
      file,
      `not a readable XLSX workbook: it may be cut off (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw unreadable(file, 'the workbook has no sheet');
  const records: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) cells.push(cellText(row.getCell(i).value));
    records.push({ line, cells });
  });
  const [header, ...body] = records;
  if (header === undefined) throw unreadable(file, 'the first sheet is empty');
  const headers = checkHeaders(file, header.cells.slice(0, lastFilled(header.cells)));
  return { file, headers, rows: toRows(headers, body), encoding: 'xlsx' };
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
