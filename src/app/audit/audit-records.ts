/**
 * The audit log's own record of a stored row (see `entities.ts`): every column by its
 * column name, secrets and ciphertexts as digests, text made well-formed. Entries that change
 * a record carry it; the verifier recomputes it from the row and compares.
 */
import { createHash } from 'node:crypto';
import type { JsonValue } from '../../core/audit/index.ts';
import { findRowByKey, findRowsByColumn } from '../../db/repositories/integrity.repository.ts';
import type { Executor } from '../../db/schema.ts';
import { entities, keyOf } from './entities.ts';
import type { ColumnRule, EntityType } from './entities.ts';

/** A record as an entry carries it: the shape it is written in, and the row (null once deleted). */
export interface LoggedRecord {
  readonly shape: number;
  readonly row: Readonly<Record<string, JsonValue>> | null;
}

const surrogate = /[\uD800-\uDFFF]/;

/** Text as JSON can carry it: a lone UTF-16 surrogate (which storage turns into U+FFFD) becomes U+FFFD. */
export function wellFormed(text: string): string {
  // Most text has no surrogate at all: nothing to look for then.
  if (!surrogate.test(text)) return text;
  return text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

function jsonOf(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return wellFormed(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return wellFormed(JSON.stringify(value));
}

function columnValue(rule: ColumnRule, value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (rule) {
    case 'value':
      return jsonOf(value);
    case 'number': {
      const number = Number(value);
      return Number.isFinite(number) ? number : jsonOf(value);
    }
    case 'digest': {
      const json = jsonOf(value);
      const bytes =
        value instanceof Uint8Array
          ? value
          : typeof json === 'string'
            ? json
            : JSON.stringify(json);
      return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    }
    case 'volatile':
      return null;
  }
}

const recorded = new Map<EntityType, readonly (readonly [string, ColumnRule])[]>();

/** The columns of `type` a record holds (all but the volatile ones) with their rules, in order. */
function recordedColumns(type: EntityType): readonly (readonly [string, ColumnRule])[] {
  let list = recorded.get(type);
  if (list === undefined) {
    const columns: Readonly<Record<string, ColumnRule>> = entities[type].columns;
    list = Object.entries(columns).filter(([, rule]) => rule !== 'volatile');
    recorded.set(type, list);
  }
  return list;
}

/** The log's record of a row of `type`, in today's shape. */
export function recordOf(type: EntityType, row: Readonly<Record<string, unknown>>): LoggedRecord {
  const spec = entities[type];
  const fields: Record<string, JsonValue> = {};
  for (const [column, rule] of recordedColumns(type))
    fields[column] = columnValue(rule, row[column]);
  // Columns the table does not know yet (a migration ahead of this table) are recorded too.
  const unknown: string[] = [];
  for (const column in row)
    if (Object.hasOwn(row, column) && !(column in spec.columns)) unknown.push(column);
  for (const column of unknown.sort()) fields[column] = jsonOf(row[column]);
  return { shape: spec.shape, row: fields };
}

/** The stored row of a record, or undefined. */
export function findRecordRow(
  executor: Executor,
  type: EntityType,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  return findRowByKey(executor, entities[type].table, keyOf(type, id));
}

/**
 * The stored rows of several records of one type, by entity id, in one query per two hundred
 * (types keyed by one column only); undefined for a type keyed by several columns.
 */
export async function findRecordRows(
  executor: Executor,
  type: EntityType,
  ids: readonly string[],
): Promise<Map<string, Record<string, unknown>> | undefined> {
  const [column, ...more] = entities[type].key;
  if (column === undefined || more.length > 0) return undefined;
  const rows = await findRowsByColumn(executor, entities[type].table, column, ids);
  return new Map(rows.map((row) => [String(row[column]), row]));
}
