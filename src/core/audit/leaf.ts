/**
 * The bytes of an audit entry as a Merkle leaf.
 *
 * A leaf must have exactly one byte form, or the same change could be logged under two hashes
 * and a replay could not tell a re-encoding from a forgery. So the encoding is canonical JSON
 * (the RFC 8785 JCS rules for the values we accept: object keys sorted by UTF-16 code units, no
 * whitespace, ECMAScript number and string serialisation) in UTF-8, with a format version `v`
 * so that a future encoding cannot be mistaken for this one. The entry's index is not part of
 * the leaf: the position in the tree already fixes it.
 *
 * Version 2 adds `record`: the stored record the entry vouches for, in the log's own shape
 * (`{"shape": n, "row": {...}}`, or `"row": null` once it is deleted), or null when the entry
 * changes no record (a read, a refusal, a sign-in). Version 1 leaves, written before, have no
 * `record`; they are still read and replayed.
 *
 * Only JSON values are accepted in `before`/`after`/`record`: `undefined`, `Date`, `bigint`, `NaN` or
 * class instances would be silently changed by JSON, so they are refused with the path of the
 * offending value and the caller converts them explicitly.
 */
import { DomainError } from '../errors.ts';
import { hashLeaf } from './hash.ts';
import type { Hash } from './hash.ts';

/** A JSON value, as `before`/`after` come back from a decoded leaf. */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One audit log entry, as it is hashed into the tree. */
export interface AuditEntry {
  /** When it happened: `Date.prototype.toISOString()` form (UTC, milliseconds, `Z`). */
  readonly at: string;
  /** Who did it (user id). */
  readonly actor: string;
  /** What was done, e.g. `case.opened`, `victim.viewed`. */
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly caseId: string | null;
  /** State before the change (a JSON value), or null for a creation or a read. */
  readonly before: unknown;
  /** State after the change (a JSON value), or null for a deletion or a read. */
  readonly after: unknown;
  /**
   * The record the entry vouches for, in the log's own shape, or null when it changes none.
   * Absent only in version 1 leaves.
   */
  readonly record?: unknown;
}

/** An entry read back from its leaf bytes. */
export interface DecodedAuditEntry extends AuditEntry {
  readonly before: JsonValue;
  readonly after: JsonValue;
  /** Undefined for a version 1 leaf. */
  readonly record?: JsonValue;
}

/** Version of the leaf encoding written today, `"v":2`; version 1 leaves are still read. */
export const AUDIT_LEAF_VERSION = 2;

const V1_KEYS = [
  'action',
  'actor',
  'after',
  'at',
  'before',
  'caseId',
  'entityId',
  'entityType',
  'v',
] as const;
const V2_KEYS = [
  'action',
  'actor',
  'after',
  'at',
  'before',
  'caseId',
  'entityId',
  'entityType',
  'record',
  'v',
] as const;

function invalid(path: string, message: string): DomainError {
  return new DomainError('ValidationFailed', `audit entry ${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/** Canonical JSON text of a JSON value (sorted keys, no whitespace); refuses non-JSON values. */
export function canonicalJson(value: unknown, path = '$'): string {
  // Every append encodes its entry: the quick pass keeps no paths and no set of ancestors; on
  // anything it does not accept, the careful pass below runs and names what is wrong.
  const quick = quickSerialise(value, 0);
  return quick ?? serialise(value, path, new Set());
}

/** Nesting deeper than this goes to the careful pass (which also finds a value containing itself). */
const QUICK_DEPTH = 64;

/** The same text as `serialise`, or undefined for a value it would refuse (or a deep one). */
function quickSerialise(value: unknown, depth: number): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (depth >= QUICK_DEPTH) return undefined;
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      const item = quickSerialise(value[i], depth + 1);
      if (item === undefined) return undefined;
      text += i === 0 ? item : `,${item}`;
    }
    return `${text}]`;
  }
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value).sort();
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] ?? '';
    const item = quickSerialise(value[key], depth + 1);
    if (item === undefined) return undefined;
    text += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${item}`;
  }
  return `${text}}`;
}

function serialise(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw invalid(path, `${value} is not a JSON number`);
      // ECMAScript's shortest round-trip form, which is what JCS prescribes (-0 becomes 0).
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw invalid(path, `a ${typeof value} is not a JSON value`);
  }
  if (ancestors.has(value)) throw invalid(path, 'the value refers to itself');
  ancestors.add(value);
  let text: string;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) {
      // Indexing (not forEach) so that holes in sparse arrays are seen as undefined and refused.
      const item: unknown = value[i];
      items.push(serialise(item, `${path}[${i}]`, ancestors));
    }
    text = `[${items.join(',')}]`;
  } else {
    if (!isPlainObject(value)) {
      throw invalid(
        path,
        'only plain objects are JSON objects (convert dates, maps and classes first)',
      );
    }
    const record = value;
    // Default sort compares UTF-16 code units, the order RFC 8785 §3.2.3 requires.
    const keys = Object.keys(record).sort();
    text = `{${keys
      .map(
        (key) =>
          `${JSON.stringify(key)}:${serialise(record[key], path === '' ? key : `${path}.${key}`, ancestors)}`,
      )
      .join(',')}}`;
  }
  ancestors.delete(value);
  return text;
}

/** An object made by a literal or JSON.parse (not a date, a map or a class instance). */
function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A JSON value all the way down (what JSON.parse returns, checked rather than told). */
function isJsonValue(value: unknown): value is JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return value.every((item: unknown) => isJsonValue(item));
      return isPlainObject(value) && Object.values(value).every(isJsonValue);
    default:
      return false;
  }
}

function checkEntry(entry: AuditEntry): void {
  if (typeof entry.at !== 'string' || !isCanonicalInstant(entry.at)) {
    throw invalid(
      'at',
      `${JSON.stringify(entry.at)} is not an ISO instant as toISOString() writes it`,
    );
  }
  for (const key of ['actor', 'action', 'entityType', 'entityId'] as const) {
    if (typeof entry[key] !== 'string' || entry[key].length === 0) {
      throw invalid(key, 'must be a non-empty string');
    }
  }
  if (entry.caseId !== null && (typeof entry.caseId !== 'string' || entry.caseId.length === 0)) {
    throw invalid('caseId', 'must be a non-empty string or null');
  }
}

function isCanonicalInstant(at: string): boolean {
  // One string per instant, so that the same moment always hashes the same way.
  const time = Date.parse(at);
  return !Number.isNaN(time) && new Date(time).toISOString() === at;
}

/**
 * The canonical JSON text of an entry (the leaf, before UTF-8 encoding): version 2 when the
 * entry has a `record` (null included), version 1 when it has none.
 */
export function auditLeafText(entry: AuditEntry): string {
  checkEntry(entry);
  const fields: Record<(typeof V1_KEYS)[number], unknown> = {
    action: entry.action,
    actor: entry.actor,
    after: entry.after,
    at: entry.at,
    before: entry.before,
    caseId: entry.caseId,
    entityId: entry.entityId,
    entityType: entry.entityType,
    v: 1,
  };
  if (entry.record === undefined) return canonicalJson(fields, '');
  return canonicalJson({ ...fields, record: entry.record, v: AUDIT_LEAF_VERSION }, '');
}

/** The leaf bytes of an entry: canonical JSON in UTF-8. */
export function encodeAuditLeaf(entry: AuditEntry): Uint8Array {
  return new TextEncoder().encode(auditLeafText(entry));
}

/** The RFC 6962 leaf hash of an entry: SHA-256(0x00 || encodeAuditLeaf(entry)). */
export function auditLeafHash(entry: AuditEntry): Hash {
  return hashLeaf(encodeAuditLeaf(entry));
}

/** Read an entry back from leaf bytes; refuses anything that is not exactly a canonical leaf. */
export function decodeAuditLeaf(bytes: Uint8Array): DecodedAuditEntry {
  let parsed: unknown;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    throw invalid('$', 'leaf bytes are not UTF-8 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || !isPlainObject(parsed)) {
    throw invalid('$', 'leaf is not a JSON object');
  }
  const record = parsed;
  if (record['v'] !== 1 && record['v'] !== AUDIT_LEAF_VERSION) {
    throw invalid('v', `unknown leaf version ${JSON.stringify(record['v'])}`);
  }
  const expected: readonly string[] = record['v'] === 1 ? V1_KEYS : V2_KEYS;
  const keys = Object.keys(record).sort();
  if (keys.join(',') !== expected.join(',')) {
    throw invalid('$', `leaf has keys ${keys.join(', ')}, expected ${expected.join(', ')}`);
  }
  const stringField = (key: 'at' | 'actor' | 'action' | 'entityType' | 'entityId'): string => {
    const value = record[key];
    if (typeof value !== 'string' || value.length === 0)
      throw invalid(key, 'must be a non-empty string');
    return value;
  };
  const json = (key: 'before' | 'after' | 'record'): JsonValue => {
    const value = record[key];
    if (!isJsonValue(value)) throw invalid(key, 'is not a JSON value');
    return value;
  };
  const caseId = record['caseId'];
  if (caseId !== null && (typeof caseId !== 'string' || caseId.length === 0)) {
    throw invalid('caseId', 'must be a non-empty string or null');
  }
  const entry: DecodedAuditEntry = {
    at: stringField('at'),
    actor: stringField('actor'),
    action: stringField('action'),
    entityType: stringField('entityType'),
    entityId: stringField('entityId'),
    caseId,
    before: json('before'),
    after: json('after'),
    ...(record['v'] === 1 ? {} : { record: json('record') }),
  };
  // Re-encoding checks the field types and that these bytes are the one canonical form.
  if (auditLeafText(entry) !== text) throw invalid('$', 'leaf bytes are not in canonical form');
  return entry;
}
