import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { QueryResult } from 'kysely';
import type { Executor } from '../schema.ts';

/**
 * Statements for the write paths that run hundreds of thousands of times (the audit log's
 * append, an import's bulk inserts): their SQL text is built once per shape and run as is,
 * without Kysely's query builder and compiler, which cost more than SQLite's own work for a
 * small insert. The text is stable, so SQLite's kept statements (create-db.ts) reuse the
 * prepared statement and PostgreSQL receives the same text each time.
 */

/** Whether `executor` talks to PostgreSQL (placeholders `$1`, row locks), else SQLite. */
export function onPostgres(executor: Executor): boolean {
  return executor.getExecutor().adapter instanceof PostgresAdapter;
}

/** Runs a fixed SQL text with its parameters (`?` placeholders; `$n` on PostgreSQL), not copied. */
export function runStatement<R = Record<string, unknown>>(
  executor: Executor,
  text: string,
  parameters: unknown[],
): Promise<QueryResult<R>> {
  return executor.executeQuery(CompiledQuery.raw(text, parameters));
}

const insertTexts = new Map<string, string>();

/** `insert into <table> (<columns>) values (…), …` for `rows` rows, in the engine's placeholders. */
function insertText(
  table: string,
  columns: readonly string[],
  rows: number,
  postgres: boolean,
): string {
  const key = `${postgres ? 'p' : 's'}\n${table}\n${columns.join(',')}\n${rows}`;
  const known = insertTexts.get(key);
  if (known !== undefined) return known;
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r += 1) {
    const marks = columns.map(() => (postgres ? `$${(n += 1)}` : '?'));
    tuples.push(`(${marks.join(', ')})`);
  }
  const text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
  insertTexts.set(key, text);
  return text;
}

/**
 * Inserts rows given as value lists in `columns`' order, `perStatement` rows to an INSERT
 * (keep rows × columns below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters). The
 * texts are those of a full chunk and of the last one, so few distinct statements are prepared.
 */
export async function insertValues(
  executor: Executor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  perStatement: number,
): Promise<void> {
  const postgres = onPostgres(executor);
  for (let i = 0; i < rows.length; i += perStatement) {
    const end = Math.min(i + perStatement, rows.length);
    const parameters: unknown[] = [];
    for (let r = i; r < end; r += 1) for (const value of rows[r] ?? []) parameters.push(value);
    await runStatement(executor, insertText(table, columns, end - i, postgres), parameters);
  }
}

/** Rows a PostgreSQL INSERT takes as one JSON parameter (a few megabytes at most). */
const JSON_ROWS = 5000;

/**
 * Inserts rows given as objects (the row types of src/db/tables); the columns are the first
 * row's keys, and every row must have the same. On SQLite `perStatement` rows to an INSERT;
 * on PostgreSQL the rows go as one JSON parameter to a single INSERT (json_populate_recordset
 * gives each value its column's type), so a batch is one round trip and one short statement
 * to parse and plan instead of one with thousands of parameters.
 */
export async function insertObjects<Row extends object>(
  executor: Executor,
  table: string,
  rows: readonly Row[],
  perStatement: number,
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  if (onPostgres(executor)) {
    for (const row of rows)
      if (Object.keys(row).length !== columns.length || !columns.every((c) => c in row))
        throw new Error(`insertObjects(${table}): rows with different columns`);
    const names = columns.map((c) => `"${c}"`).join(', ');
    const text = `insert into "${table}" (${names}) select ${names} from json_populate_recordset(null::"${table}", $1)`;
    for (let i = 0; i < rows.length; i += JSON_ROWS)
      await runStatement(executor, text, [JSON.stringify(rows.slice(i, i + JSON_ROWS))]);
    return;
  }
  // The parameters of each statement are taken from the rows directly (no list per row).
  const text = (n: number) => insertText(table, columns, n, false);
  for (let i = 0; i < rows.length; i += perStatement) {
    const end = Math.min(i + perStatement, rows.length);
    const parameters: unknown[] = [];
    for (let r = i; r < end; r += 1) {
      // assertion: a row type of src/db/tables is an object of column values; the generic `Row
      // extends object` cannot say so without an index signature the table interfaces lack
      const record = rows[r] as Readonly<Record<string, unknown>>;
      let n = 0;
      for (const key in record) if (Object.hasOwn(record, key)) n += 1;
      if (n !== columns.length)
        throw new Error(`insertObjects(${table}): rows with different columns`);
      for (const column of columns) {
        if (!(column in record))
          throw new Error(`insertObjects(${table}): a row without ${column}`);
        parameters.push(record[column]);
      }
    }
    await runStatement(executor, text(end - i), parameters);
  }
}
