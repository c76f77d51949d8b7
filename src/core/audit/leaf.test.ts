import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { hashLeaf, toHex } from './hash.ts';
import {
  auditLeafHash,
  auditLeafText,
  canonicalJson,
  decodeAuditLeaf,
  encodeAuditLeaf,
} from './leaf.ts';
import type { AuditEntry } from './leaf.ts';

const entry: AuditEntry = {
  at: '2026-03-01T09:30:00.000Z',
  actor: 'user-17',
  action: 'case.opened',
  entityType: 'case',
  entityId: 'c-42',
  caseId: 'c-42',
  before: null,
  after: { status: 'open', zeta: [1, 2.5, 'ü'], alpha: { b: true, a: null } },
};

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The same value rebuilt with every object's keys inserted in reverse order. */
function reverseKeyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeyOrder);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeyOrder(v)]),
    );
  }
  return value;
}

const arbitraryEntry = fc.record({
  at: fc
    .date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2200-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  actor: fc.string({ minLength: 1 }),
  action: fc.string({ minLength: 1 }),
  entityType: fc.string({ minLength: 1 }),
  entityId: fc.string({ minLength: 1 }),
  caseId: fc.option(fc.string({ minLength: 1 }), { nil: null }),
  before: fc.jsonValue(),
  after: fc.jsonValue(),
});

function validationPath(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return isDomainError(error, 'ValidationFailed') ? error.issues[0]?.path : error;
  }
  return 'no error';
}

describe('encodeAuditLeaf', () => {
  it('writes sorted keys, no whitespace, and a version', () => {
    expect(auditLeafText(entry)).toBe(
      '{"action":"case.opened","actor":"user-17",' +
        '"after":{"alpha":{"a":null,"b":true},"status":"open","zeta":[1,2.5,"ü"]},' +
        '"at":"2026-03-01T09:30:00.000Z","before":null,"caseId":"c-42","entityId":"c-42",' +
        '"entityType":"case","v":1}',
    );
    expect(encodeAuditLeaf(entry)).toEqual(utf8(auditLeafText(entry)));
    expect(toHex(auditLeafHash(entry))).toBe(toHex(hashLeaf(encodeAuditLeaf(entry))));
  });

  it('is deterministic whatever the key order (property)', () => {
    fc.assert(
      fc.property(arbitraryEntry, (e) => {
        const shuffled = reverseKeyOrder(e) as AuditEntry;
        expect(toHex(encodeAuditLeaf(shuffled))).toBe(toHex(encodeAuditLeaf(e)));
      }),
    );
  });

  it('decodes back to the same entry, and decoding accepts only the canonical bytes (property)', () => {
    fc.assert(
      fc.property(arbitraryEntry, (e) => {
        const bytes = encodeAuditLeaf(e);
        const decoded = decodeAuditLeaf(bytes);
        // JSON has no -0: compare with the JSON-normalised entry.
        expect(decoded).toEqual(JSON.parse(JSON.stringify(e)));
        expect(toHex(encodeAuditLeaf(decoded))).toBe(toHex(bytes));
      }),
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785), not by locale', () => {
    expect(canonicalJson({ b: 1, a: 2, B: 3, é: 4, '\u{1F600}': 5, '\uFB33': 6 })).toBe(
      '{"B":3,"a":2,"b":1,"é":4,"\u{1F600}":5,"\uFB33":6}',
    );
    expect(canonicalJson([-0, 1e21, 0.1, 1e-7])).toBe('[0,1e+21,0.1,1e-7]');
  });

  it('gives every JSON value the text of sorted keys and JSON primitives, at any depth (property)', () => {
    const reference = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
      if (typeof value === 'object' && value !== null) {
        return `{${Object.entries(value)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, item]) => `${JSON.stringify(key)}:${reference(item)}`)
          .join(',')}}`;
      }
      return JSON.stringify(value);
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
    );
    // Deeper than the quick pass goes, and one value reached twice without a cycle.
    let deep: unknown = { leaf: [1, 'two', null] };
    for (let i = 0; i < 100; i += 1) deep = { z: deep, a: [i] };
    const shared = { k: 1 };
    expect(canonicalJson(deep)).toBe(reference(deep));
    expect(canonicalJson({ b: shared, a: [shared, shared] })).toBe(
      '{"a":[{"k":1},{"k":1}],"b":{"k":1}}',
    );
  });

  it('refuses values JSON would silently change, naming where they are', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const cases: [unknown, string][] = [
      [{ when: new Date(0) }, 'after.when'],
      [{ n: 1n }, 'after.n'],
      [{ x: undefined }, 'after.x'],
      [[1, NaN], 'after[1]'],
      [{ big: Infinity }, 'after.big'],
      [new Map(), 'after'],
      [cyclic, 'after.self'],
      // eslint-disable-next-line no-sparse-arrays -- a hole is exactly what is being tested
      [[1, , 3], 'after[1]'],
    ];
    for (const [after, path] of cases) {
      expect(validationPath(() => encodeAuditLeaf({ ...entry, after }))).toBe(path);
    }
  });

  it('refuses malformed entry fields', () => {
    expect(validationPath(() => encodeAuditLeaf({ ...entry, at: '2026-03-01T09:30:00Z' }))).toBe(
      'at',
    );
    expect(
      validationPath(() => encodeAuditLeaf({ ...entry, at: '2026-03-01T10:30:00.000+01:00' })),
    ).toBe('at');
    expect(validationPath(() => encodeAuditLeaf({ ...entry, at: 'yesterday' }))).toBe('at');
    expect(validationPath(() => encodeAuditLeaf({ ...entry, actor: '' }))).toBe('actor');
    expect(validationPath(() => encodeAuditLeaf({ ...entry, caseId: '' }))).toBe('caseId');
  });
});

describe('decodeAuditLeaf', () => {
  const text = auditLeafText(entry);

  it('refuses bytes that are not exactly a canonical leaf', () => {
    const bad = [
      utf8(text.replace('{"action"', '{ "action"')), // whitespace
      utf8(text.replace('"v":1', '"v":2')), // version 2 without its record
      utf8(text.replace('"v":1', '"v":3')), // unknown version
      utf8(text.replace(',"v":1', '')), // no version
      utf8(text.replace('"v":1', '"v":1,"extra":0')), // unknown key
      utf8(text.replace('"actor":"user-17"', '"actor":17')), // wrong type
      utf8(text.replace('"a":null,"b":true', '"b":true,"a":null')), // nested keys out of order
      utf8(`{"v":1,${text.slice(1, -7)}}`), // keys out of order
      utf8('[]'),
      utf8('not json'),
      Uint8Array.of(0xff, 0xfe),
    ];
    for (const bytes of bad) {
      expect(validationPath(() => decodeAuditLeaf(bytes))).not.toBe('no error');
    }
    expect(decodeAuditLeaf(utf8(text))).toEqual(entry);
  });

  it('reads version 2 leaves with their record, and refuses a record in a version 1 leaf', () => {
    const withRecord = { ...entry, record: { shape: 1, row: { id: 'c-42', status: 'open' } } };
    const v2 = auditLeafText(withRecord);
    expect(v2).toContain('"record":{"row":{"id":"c-42","status":"open"},"shape":1},"v":2}');
    expect(decodeAuditLeaf(utf8(v2))).toEqual(withRecord);
    const none = auditLeafText({ ...entry, record: null });
    expect(none.endsWith('"record":null,"v":2}')).toBe(true);
    expect(decodeAuditLeaf(utf8(none))).toEqual({ ...entry, record: null });
    expect(validationPath(() => decodeAuditLeaf(utf8(v2.replace('"v":2', '"v":1'))))).not.toBe(
      'no error',
    );
  });
});
