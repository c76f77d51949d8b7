import type { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import type { FieldIssue } from '../../core/errors.ts';

/** Turns Zod issues into field issues with a dotted path ("audiences.0.participants"). */
export function toFieldIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly (string | number)[] = [],
): FieldIssue[] {
  return issues.map((issue) => {
    const path = [
      ...prefix,
      ...issue.path.map((part) => (typeof part === 'symbol' ? part.toString() : part)),
    ];
    return { path: path.length > 0 ? path.join('.') : '(body)', message: issue.message };
  });
}

/** Whether a string in `value` contains a NUL character (`nulStrings` says where). */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasNul);
  for (const key in value)
    if (Object.hasOwn(value, key) && hasNul(Reflect.get(value, key))) return true;
  return false;
}

/** Paths of the strings in `value` that contain a NUL character (which PostgreSQL cannot store in text). */
function nulStrings(value: unknown, path: (string | number)[] = []): string[] {
  if (typeof value === 'string')
    return value.includes(String.fromCharCode(0)) ? [path.join('.') || '(body)'] : [];
  if (Array.isArray(value))
    return value.flatMap((item, index) => nulStrings(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => nulStrings(item, [...path, key]));
  }
  return [];
}

/**
 * What a use-case takes: its schema's input type, so a caller in code (the CLI, the import, a
 * test) is checked by the compiler. The use-case still parses it (`parseInput`): the HTTP layer
 * validated the body against the same schema, but a schema's refinements and transforms are
 * rules of the use-case, not of the edge, and a caller outside HTTP has passed through none.
 */
export type InputOf<S extends z.ZodType> = z.input<S>;

/** Validates `input` against `schema`; refuses it listing every invalid field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  // Where the NULs are is worked out only when there is one (an import parses many inputs).
  const withNul = hasNul(input) ? nulStrings(input) : [];
  if (withNul.length > 0) {
    const issues = withNul.map((path) => ({ path, message: 'must not contain a NUL character' }));
    throw new DomainError(
      'ValidationFailed',
      `invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = toFieldIssues(result.error.issues);
    throw new DomainError(
      'ValidationFailed',
      `invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      {
        issues,
      },
    );
  }
  return result.data;
}

/** A single invalid field found by a rule beyond the schema (core's, shared by use-cases). */
export { invalidField } from '../../core/errors.ts';

/** The record does not exist. */
export function notFound(entity: string, id: string): DomainError {
  return new DomainError('NotFound', `${entity} ${id} does not exist`, { details: { entity, id } });
}

/** Refuses a write based on a version the record no longer has. */
export function assertVersion(entity: string, id: string, current: number, expected: number): void {
  if (current !== expected) {
    throw new DomainError(
      'VersionConflict',
      `${entity} ${id} is at version ${current}, not ${expected}: it was changed since you read it; reload and retry`,
      { details: { entity, id, currentVersion: current, expectedVersion: expected } },
    );
  }
}

/** The row changed between this transaction's read and its write: another writer won. */
export function staleVersion(entity: string, id: string, expected: number): DomainError {
  return new DomainError(
    'VersionConflict',
    `${entity} ${id} was changed by someone else while you saved version ${expected}; reload and retry`,
    {
      details: { entity, id, expectedVersion: expected },
    },
  );
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A field's path, from the field up (built as the walk goes down, joined only for a refusal). */
interface FieldPath {
  readonly key: string | number;
  readonly up: FieldPath | null;
}

function joinedPath(path: FieldPath | null): string {
  const keys: (string | number)[] = [];
  for (let at = path; at !== null; at = at.up) keys.unshift(at.key);
  return keys.join('.') || '(body)';
}

/**
 * Adds to `found` every date in `value` before `earliest`, by its path. An import checks
 * thousands of inputs: the walk allocates a path step per field, not a list per field.
 */
function datesBefore(
  value: unknown,
  earliest: string,
  path: FieldPath | null,
  found: FieldIssue[],
): void {
  if (typeof value === 'string') {
    if (value < earliest && isoDate.test(value))
      found.push({
        path: joinedPath(path),
        message: `is before ${earliest}, the earliest date this registry accepts (PALERMO_EARLIEST_YEAR)`,
      });
  } else if (Array.isArray(value)) {
    value.forEach((item, key) => datesBefore(item, earliest, { key, up: path }, found));
  } else if (value !== null && typeof value === 'object') {
    for (const key in value)
      if (Object.hasOwn(value, key))
        datesBefore(Reflect.get(value, key), earliest, { key, up: path }, found);
  }
}

/**
 * Refuses every date of a parsed input before 1 January of `earliestYear` (the configured
 * PALERMO_EARLIEST_YEAR): a case opened in year 0 is a typing error, and would distort every
 * report's periods.
 */
export function refuseEarlyDates(earliestYear: number, input: unknown): void {
  const issues: FieldIssue[] = [];
  datesBefore(input, `${String(earliestYear).padStart(4, '0')}-01-01`, null, issues);
  if (issues.length > 0) {
    throw new DomainError(
      'ValidationFailed',
      `invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
}
