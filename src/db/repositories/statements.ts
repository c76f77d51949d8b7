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

/** Rows a PostgreSQL INSERT takes at once (a few megabytes of parameters at most). */
const ARRAY_ROWS = 5000;

/**
 * A row's fields by column name, refused (a programming error) unless its columns are exactly
 * `columns`, the first row's.
 */
function checkedRow(
  table: string,
  row: object | undefined,
  columns: readonly string[],
): Readonly<Record<string, unknown>> {
  // assertion: a row type of src/db/tables is an object of column values; the generic `Row
  // extends object` cannot say so without an index signature the table interfaces lack
  const record = (row ?? {}) as Readonly<Record<string, unknown>>;
  let n = 0;
  for (const key in record) if (Object.hasOwn(record, key)) n += 1;
  if (n !== columns.length) throw new Error(`insertObjects(${table}): rows with different columns`);
  for (const column of columns)
    if (!(column in record)) throw new Error(`insertObjects(${table}): a row without ${column}`);
  return record;
}

/**
 * A column's values as the array parameter of an `unnest` INSERT: when every value is a string,
 * a number, a boolean or null, the array's text form (`{"a","b",NULL}`) built here in one pass,
 * each element quoted and only a `\\` or `"` escaped, what pg would send for the array (it
 * escapes every element with two regular expressions: a third of the import's PostgreSQL-side
 * JavaScript at 100,000 rows); anything else is left for pg to convert.
 */
function arrayParameter(values: readonly unknown[]): unknown {
  // The elements joined once into a flat string (appending piece by piece leaves a rope that pg
  // flattens again to measure it).
  const elements = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (value === null || value === undefined) {
      elements[i] = 'NULL';
      continue;
    }
    let element: string;
    if (typeof value === 'string') element = value;
    else if (typeof value === 'number' || typeof value === 'boolean') element = String(value);
    else return values;
    elements[i] = needsEscape.test(element)
      ? `"${element.replace(/[\\"]/g, '\\$&')}"`
      : `"${element}"`;
  }
  return `{${elements.join(',')}}`;
}

const needsEscape = /[\\"]/;

/** Each table's columns and their types on PostgreSQL (`format_type`), read once per process. */
const columnTypes = new Map<string, ReadonlyMap<string, string>>();

/**
 * The types of `table`'s `columns`, from the catalog (the table the connection's search path
 * finds). Every schema is made by the same migrations, so they are read once per process, and
 * again when a column is not among them (a schema of another version).
 */
async function typesOf(
  executor: Executor,
  table: string,
  columns: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  const known = columnTypes.get(table);
  if (known !== undefined && columns.every((column) => known.has(column))) return known;
  const { rows } = await runStatement<{ name: string; type: string }>(
    executor,
    `select attname::text as name, format_type(atttypid, atttypmod) as type
     from pg_attribute where attrelid = to_regclass($1) and attnum > 0 and not attisdropped`,
    [`"${table}"`],
  );
  if (rows.length === 0) throw new Error(`insertObjects(${table}): no such table`);
  const types = new Map(rows.map((row) => [row.name, row.type]));
  columnTypes.set(table, types);
  return types;
}

/**
 * Inserts rows given as objects (the row types of src/db/tables); the columns are the first
 * row's keys, and every row must have the same. On SQLite `perStatement` rows to an INSERT;
 * on PostgreSQL each column's values go as one array parameter of the column's type to a
 * single INSERT (`select * from unnest($1::text[], $2::integer[], …)`), so a batch is one round
 * trip and one short statement to parse and plan instead of one with thousands of parameters.
 * (Until 2026-12-01 18:00 the rows went as one JSON parameter through json_populate_recordset:
 * 20,000 persons in 1,000-row statements took 1,161-1,756 ms against 915-1,068 ms as arrays,
 * and 1,213-1,673 ms by COPY, alternating 4 times at load 7.)
 */
export async function insertObjects<Row extends object>(
  executor: Executor,
  table: string,
  rows: readonly Row[],
  perStatement: number,
): Promise<void> {
  const sent = await sendObjects(executor, table, rows, perStatement);
  await sent.written;
}

/** Statements handed to the connection, and their completion (see `sendObjects`). */
export interface Sent {
  readonly written: Promise<void>;
}

/**
 * `insertObjects`, returning as soon as its statements are handed to the connection: ahead of
 * any statement asked for after this returns (a transaction's statements run one after another
 * in the order asked), and with their completion in `written`. On PostgreSQL the server
 * inserts while the caller goes on preparing its next rows (an import's batches); on SQLite
 * each statement has run when this returns.
 */
export async function sendObjects<Row extends object>(
  executor: Executor,
  table: string,
  rows: readonly Row[],
  perStatement: number,
): Promise<Sent> {
  const first = rows[0];
  if (first === undefined) return { written: Promise.resolve() };
  const columns = Object.keys(first);
  if (onPostgres(executor)) {
    const types = await typesOf(executor, table, columns);
    const arrays = columns.map((column, c) => {
      const type = types.get(column);
      if (type === undefined) throw new Error(`insertObjects(${table}): no column ${column}`);
      return `$${c + 1}::${type}[]`;
    });
    const names = columns.map((c) => `"${c}"`).join(', ');
    const text = `insert into "${table}" (${names}) select * from unnest(${arrays.join(', ')})`;
    const sent: Promise<unknown>[] = [];
    for (let i = 0; i < rows.length; i += ARRAY_ROWS) {
      const end = Math.min(i + ARRAY_ROWS, rows.length);
      const values = columns.map(() => new Array<unknown>(end - i));
      for (let r = i; r < end; r += 1) {
        const record = checkedRow(table, rows[r], columns);
        for (const [c, column] of columns.entries()) {
          const list = values[c];
          if (list !== undefined) list[r - i] = record[column] ?? null;
        }
      }
      // Every chunk is asked for now, in order; a failure fails the later ones too.
      sent.push(runStatement(executor, text, values.map(arrayParameter)));
    }
    return { written: Promise.all(sent).then(() => undefined) };
  }
  // The parameters of each statement are taken from the rows directly (no list per row).
  const text = (n: number) => insertText(table, columns, n, false);
  for (let i = 0; i < rows.length; i += perStatement) {
    const end = Math.min(i + perStatement, rows.length);
    const parameters: unknown[] = [];
    for (let r = i; r < end; r += 1) {
      const record = checkedRow(table, rows[r], columns);
      for (const column of columns) parameters.push(record[column]);
    }
    await runStatement(executor, text(end - i), parameters);
  }
  return { written: Promise.resolve() };
}
