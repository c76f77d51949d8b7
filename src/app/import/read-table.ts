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
  /** The rows after the header, blank rows left out; read once (or `batches`, not both). */
  readonly rows: AsyncIterable<SourceRow>;
  /**
   * The same rows as `rows`, in the lists they are read in (a CSV file's rows a block of the
   * file at a time), for a reader that handles each row without awaiting it.
   */
  readonly batches: AsyncIterable<readonly SourceRow[]>;
  /** Stops reading (closes the file) when the rows are not read to their end. */
  close(): Promise<void>;
}

/**
 * Opens a CSV or XLSX file by its extension and reads its header; the rows are then read as
 * they are consumed (CSV through csv-parse, XLSX through exceljs's streaming reader), so memory
 * stays bounded whatever the file's size. A problem further in the file (cut off, a short row,
 * bytes that are not text) is thrown by the iteration, naming the file and line. `plain`: the
 * file is a CSV file `scanCsvColumn` found plain (it returned `'split'`), which is then split
 * on its commas and line ends as that pass split it (`plainRecords`), not parsed again.
 */
export async function openRows(
  file: string,
  options: { readonly plain?: boolean } = {},
): Promise<RowStream> {
  const extension = extname(file).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx')
    throw unreadable(file, `cannot import a "${extension}" file: give a .csv or .xlsx file`);
  const encoding = extension === '.csv' ? await detectEncoding(file) : 'xlsx';
  const blocks =
    encoding === 'xlsx'
      ? single(xlsxRecords(file))
      : options.plain === true
        ? plainRecords(file, encoding)
        : csvRecords(file, encoding);
  let header: { line: number; cells: string[] } | undefined;
  let rest: readonly CsvRecord[] = [];
  // Blank lines before the header are skipped, as the whole-file reader did.
  while (header === undefined) {
    const next = await blocks.next();
    if (next.done === true) break;
    const at = next.value.findIndex((record) => record.cells.some((cell) => cell.trim() !== ''));
    if (at >= 0) {
      header = next.value[at];
      rest = next.value.slice(at + 1);
    }
  }
  if (header === undefined)
    throw unreadable(file, encoding === 'xlsx' ? 'the first sheet is empty' : 'the file is empty');
  const cells =
    encoding === 'xlsx' ? header.cells.slice(0, lastFilled(header.cells)) : header.cells;
  const headers = checkHeaders(file, cells);
  const toRows = (records: readonly CsvRecord[]): SourceRow[] => {
    const out: SourceRow[] = [];
    for (const record of records) {
      const cells = record.cells;
      if (!cells.some((cell) => cell.trim() !== '')) continue;
      const row: Record<string, string> = {};
      // An index, not `headers.entries()`: a pair per cell was a good part of the import's garbage.
      let i = 0;
      for (const name of headers) row[name] = cells[i++] ?? '';
      out.push({ line: record.line, cells: row });
    }
    return out;
  };
  async function* batches(): AsyncGenerator<readonly SourceRow[]> {
    if (rest.length > 0) yield toRows(rest);
    for await (const block of { [Symbol.asyncIterator]: () => blocks }) yield toRows(block);
  }
  const read = batches();
  async function* rows(): AsyncGenerator<SourceRow> {
    for await (const batch of read) yield* batch;
  }
  return {
    file,
    headers,
    encoding,
    rows: rows(),
    batches: read,
    close: async () => {
      await blocks.return(undefined);
    },
  };
}

/**
 * A first pass over a CSV file's rows (the import counts them and sees whether each case's rows
 * are together): the visitor that `start` returns gets one column's cell of every row after the
 * header, blank rows left out, as csv-parse parses them, without building each row or awaiting
 * each one. A file without a quote character whose lines all end alike (`\n`, or `\r\n`
 * throughout) is split on its commas and line ends directly, which is how csv-parse reads such
 * text; at anything else the pass starts again (`start` is called anew) with csv-parse. False
 * (and nothing promised about what was visited) when the file is not a CSV file or cannot be
 * read this way; the caller then reads it with `openRows`, which names the problem. Else
 * `'split'` when the file was split directly (`openRows(file, { plain: true })` may then read
 * it the same way), `'parsed'` when csv-parse read it.
 */
export async function scanCsvColumn(
  file: string,
  column: string,
  start: () => (cell: string) => void,
): Promise<'split' | 'parsed' | false> {
  if (extname(file).toLowerCase() !== '.csv') return false;
  const encoding = await detectEncoding(file);
  const quick = await splitCsvColumn(file, encoding, column, start());
  if (quick !== null) return quick && 'split';
  const visit = start();
  let index: number | null = null;
  try {
    for await (const block of csvRecords(file, encoding)) {
      for (const { cells } of block) {
        if (!cells.some((cell) => cell.trim() !== '')) continue;
        if (index === null) {
          index = cells.findIndex((cell) => cell.trim() === column);
          continue;
        }
        visit(index < 0 ? '' : (cells[index] ?? ''));
      }
    }
  } catch {
    return false;
  }
  return index !== null && 'parsed';
}

/**
 * `scanCsvColumn`'s pass over a file without quotes, split on commas and line ends: whether
 * the column was found, or null (after visiting any number of rows) when the file has a quote,
 * a carriage return other than in `\r\n` line ends throughout, a row whose number of cells
 * differs from the first row's, or bytes that are not text: csv-parse then reads it.
 */
async function splitCsvColumn(
  file: string,
  encoding: TextEncoding,
  column: string,
  visit: (cell: string) => void,
): Promise<boolean | null> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let carry = '';
  let crlf: boolean | null = null;
  let width = -1;
  let index: number | null = null;
  // One record's cells; false when the text is not the simple kind this pass reads.
  const record = (line: string): boolean => {
    if (crlf === true) {
      if (!line.endsWith('\r')) return false;
      line = line.slice(0, -1);
    }
    if (line.includes('\r')) return false;
    const cells = line.split(',');
    if (width < 0) width = cells.length;
    else if (cells.length !== width) return false;
    if (!cells.some((cell) => cell.trim() !== '')) return true;
    if (index === null) index = cells.findIndex((cell) => cell.trim() === column);
    else visit(index < 0 ? '' : (cells[index] ?? ''));
    return true;
  };
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      const text = carry + decoder.decode(bytes, { stream: true });
      if (text.includes('"')) return null;
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      if (crlf === null && lines.length > 0) crlf = (lines[0] ?? '').endsWith('\r');
      for (const line of lines) if (!record(line)) return null;
    }
    carry += decoder.decode();
    if (carry.includes('"')) return null;
    // The last record, when the file does not end with a line end.
    if (carry !== '' && !record(crlf === true ? `${carry}\r` : carry)) return null;
  } catch {
    return null;
  } finally {
    stream.destroy();
  }
  return index !== null;
}

/**
 * The records of a CSV file `scanCsvColumn` found plain (no quote character; `\n` line ends, or
 * `\r\n` throughout; every line as many cells as the first), split on its line ends and commas
 * as that pass split it: what csv-parse gives for such text, each record with the line it is on,
 * without csv-parse's work per character (about a fifth of an import's own CPU time before).
 * A text that is not plain (the file changed since the first pass) is refused.
 */
async function* plainRecords(
  file: string,
  encoding: TextEncoding,
): AsyncGenerator<readonly CsvRecord[]> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const changed = () => unreadable(file, 'the file changed while it was read: import it again');
  let carry = '';
  let crlf: boolean | null = null;
  let width = -1;
  let line = 0;
  const record = (text: string): CsvRecord => {
    line += 1;
    let content = text;
    if (crlf === true) {
      if (!content.endsWith('\r')) throw changed();
      content = content.slice(0, -1);
    }
    if (content.includes('\r')) throw changed();
    const cells = content.split(',');
    if (width < 0) width = cells.length;
    else if (cells.length !== width) throw changed();
    return { line, cells };
  };
  const decode = (bytes?: Buffer): string => {
    try {
      return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch {
      throw changed();
    }
  };
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream) {
      const text = carry + decode(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      if (text.includes('"')) throw changed();
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      if (crlf === null && lines.length > 0) crlf = (lines[0] ?? '').endsWith('\r');
      if (lines.length > 0) yield lines.map(record);
    }
    carry += decode();
    if (carry.includes('"')) throw changed();
    // The last record, when the file does not end with a line end.
    if (carry !== '') yield [record(crlf === true ? `${carry}\r` : carry)];
  } finally {
    stream.destroy();
  }
}

/** Reads a CSV or XLSX file whole (small files: joined tables, exchange files). */
export async function readTable(file: string): Promise<Table> {
  const opened = await openRows(file);
  const rows: SourceRow[] = [];
  for await (const row of opened.rows) rows.push(row);
  return { file, headers: opened.headers, rows, encoding: opened.encoding };
}

/** A record as parsed: its cells and the line it ends on (a quoted cell may hold line breaks). */
interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/**
 * csv-parse's parser driven directly: each block of text is parsed at once and its records
 * handed over with the line each ends on, without a stream between (whose per-record events
 * and awaits cost more than the parsing itself). The options and the errors are csv-parse's.
 */
class RecordParser extends Parser {
  private readonly records: CsvRecord[] = [];

  constructor() {
    super({ bom: true, relax_column_count: false, trim: false });
  }

  // csv-parse hands each record to push as soon as it is parsed, when `info.lines` is the line
  // the record ends on (what its `info: true` option would report).
  override push(chunk: unknown): boolean {
    if (Array.isArray(chunk))
      this.records.push({ line: this.info.lines, cells: chunk.map((cell) => String(cell)) });
    return true;
  }

  /** The records of one more block of text (a record cut by the block's end comes with the next). */
  parse(text: string): CsvRecord[] {
    let failure: Error | null | undefined;
    this._transform(Buffer.from(text, 'utf8'), 'utf8', (error) => {
      failure = error;
    });
    if (failure !== null && failure !== undefined) throw failure;
    return this.records.splice(0);
  }

  /** The last records, once the whole text is given (a cut off quoted cell is refused here). */
  finish(): this {
    let failure: Error | null | undefined;
    this._flush((error) => {
      failure = error;
    });
    if (failure !== null && failure !== undefined) throw failure;
    return this;
  }

  /** The records `finish` parsed. */
  last(): CsvRecord[] {
    return this.records.splice(0);
  }
}

/** A CSV file's records with their line numbers, decoded and parsed a block of the file at a time. */
async function* csvRecords(
  file: string,
  encoding: TextEncoding,
): AsyncGenerator<readonly CsvRecord[]> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const parser = new RecordParser();
  const stream = createReadStream(file);
  let offset = 0;
  try {
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
        const records = parser.parse(text);
        if (records.length > 0) yield records;
      }
      let rest: string;
      try {
        rest = decoder.decode();
      } catch {
        throw unreadable(file, 'the file ends inside a character: it may be cut off');
      }
      const records = rest === '' ? [] : parser.parse(rest);
      records.push(...parser.finish().last());
      if (records.length > 0) yield records;
    } catch (error) {
      throw error instanceof DomainError ? error : csvProblem(file, error);
    }
  } finally {
    stream.destroy();
  }
}

/** Records one to a list (a workbook's rows, read one by one). */
async function* single(
  records: AsyncGenerator<CsvRecord>,
): AsyncGenerator<readonly CsvRecord[], void, undefined> {
  for await (const record of records) yield [record];
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
