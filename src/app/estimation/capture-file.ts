import { captureTable } from '../../core/stats/mse/capture-table.ts';
import type { CaptureRow, CaptureTable } from '../../core/stats/mse/capture-table.ts';
import { DomainError } from '../../core/errors.ts';

/**
 * Reads a capture-history CSV (the layout of the published MSE datasets): a header naming each
 * list and then the count column, one row per combination of lists. Errors name the file and line.
 */
export function parseCaptureCsv(text: string, source: string): CaptureTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
  if (header.length < 3 || header.some((name) => name === '')) {
    throw new DomainError(
      'ValidationFailed',
      `${source}:1: expected a header with at least two list names and a count column`,
    );
  }
  const rows: CaptureRow[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = line.split(',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
    const lineNumber = index + 2;
    if (cells.length !== header.length) {
      throw new DomainError(
        'ValidationFailed',
        `${source}:${lineNumber}: expected ${header.length} columns, found ${cells.length}`,
      );
    }
    const numbers = cells.map((cell) => (/^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : Number.NaN));
    const bad = numbers.findIndex((n) => Number.isNaN(n));
    if (bad >= 0) {
      throw new DomainError(
        'ValidationFailed',
        `${source}:${lineNumber}: column ${header[bad]} is not a number (${JSON.stringify(cells[bad])})`,
      );
    }
    rows.push({
      line: lineNumber,
      history: numbers.slice(0, -1),
      count: numbers[numbers.length - 1] ?? 0,
    });
  });
  try {
    return captureTable(header.slice(0, -1), rows);
  } catch (error) {
    if (error instanceof DomainError)
      throw new DomainError(error.code, `${source}: ${error.message}`);
    throw error;
  }
}
