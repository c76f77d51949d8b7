import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { dateFormats, parseMapping } from './mapping.ts';
import type { DateFormat } from './mapping.ts';
import { listItems, parseDate, planCase } from './plan.ts';

const mappingText = `
source: test
jurisdiction: US
agency: Prosecutor
case:
  key: case
  reference: { template: "T-{case}" }
  openedOn: { column: charged, format: [YYYY-MM-DD, DD.MM.YYYY], aggregate: min }
person:
  key: person
  role: { value: suspect }
  sex: { column: sex, map: { M: male, F: female } }
charges:
  statute: statute
  statutes: { "1591": { instrument: usc18, article: "1591" }, "1324": skip }
  chargedOn: { column: charged, format: [YYYY-MM-DD, DD.MM.YYYY] }
events:
  - kind: refer
    occurredOn: { column: charged, format: [YYYY-MM-DD, DD.MM.YYYY], aggregate: min }
  - kind: verdict
    occurredOn: { column: year, format: YYYY }
    outcome: { first: [{ when: { column: guilty, above: 0 }, value: convicted }] }
`;

const row = (line: number, cells: Record<string, string>) => ({ line, cells });

describe('import mapping', () => {
  it('refuses a mapping naming the wrong key', () => {
    const bad = mappingText.replace('openedOn:', 'openedAt:');
    try {
      parseMapping(bad, 'm.yaml');
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'ValidationFailed')).toBe(true);
      expect(String(error)).toContain('case');
      expect(String(error)).toContain('openedAt');
    }
  });

  it('refuses an event of an unknown kind, naming its position', () => {
    const bad = mappingText.replace('kind: refer', 'kind: convict');
    expect(() => parseMapping(bad, 'm.yaml')).toThrow(/events\.0\.kind/);
  });
});

describe('cells and dates', () => {
  it('reads Python list cells, with or without commas, None as missing', () => {
    expect(listItems("['1591', '1594']")).toEqual(['1591', '1594']);
    expect(listItems("['2500' '2500']")).toEqual(['2500', '2500']);
    expect(listItems('[None, None]')).toEqual([null, null]);
    expect(listItems('1591')).toEqual(['1591']);
    expect(listItems('')).toEqual([null]);
  });

  it('reads mixed date formats and refuses an ambiguous one', () => {
    expect(parseDate('2012-03-04', ['YYYY-MM-DD', 'DD.MM.YYYY'])).toEqual({ date: '2012-03-04' });
    expect(parseDate('04.03.2012', ['YYYY-MM-DD', 'DD.MM.YYYY'])).toEqual({ date: '2012-03-04' });
    expect(parseDate('04/03/2012', ['DD/MM/YYYY', 'MM/DD/YYYY'])).toHaveProperty('reason');
    expect(parseDate('25/03/2012', ['DD/MM/YYYY', 'MM/DD/YYYY'])).toEqual({ date: '2012-03-25' });
    expect(parseDate('31.02.2012', ['DD.MM.YYYY'])).toHaveProperty('reason');
    expect(parseDate('2014', ['YYYY'])).toEqual({ date: '2014-12-31' });
  });

  it('reads dates as a regular expression and a JavaScript Date did', () => {
    // The reader before it was written by hand, kept as the oracle.
    const patterns: Record<DateFormat, [RegExp, [y: number, m: number, d: number]]> = {
      'YYYY-MM-DD': [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, [1, 2, 3]],
      'DD.MM.YYYY': [/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, [3, 2, 1]],
      'DD/MM/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, [3, 2, 1]],
      'MM/DD/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, [3, 1, 2]],
      YYYY: [/^(\d{4})(?:\.0)?$/, [1, 0, 0]],
    };
    const oracle = (text: string, format: DateFormat): string | null => {
      const [pattern, [y, m, d]] = patterns[format];
      const match = pattern.exec(text);
      if (match === null) return null;
      const year = Number(match[y]);
      const month = m === 0 ? 12 : Number(match[m]);
      const day = d === 0 ? 31 : Number(match[d]);
      const date = new Date(Date.UTC(year, month - 1, day));
      if (
        date.getUTCFullYear() !== year ||
        date.getUTCMonth() !== month - 1 ||
        date.getUTCDate() !== day
      )
        return null;
      return date.toISOString().slice(0, 10);
    };
    const formats = [...dateFormats];
    const piece = fc.oneof(
      fc.constantFrom('-', '.', '/', ' ', '0', '1', '2', '9', '.0', 'x', '٣'),
      fc.integer({ min: 0, max: 10000 }).map(String),
      fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')),
    );
    const text = fc.oneof(
      fc.array(piece, { maxLength: 6 }).map((parts) => parts.join('')),
      // The end of February in century years (leap only every 400 years).
      fc
        .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 27, max: 30 }))
        .map(([century, d]) => `${String(century * 100).padStart(4, '0')}-02-${d}`),
      fc
        .tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 }),
          fc.constantFrom('-', '.', '/'),
          fc.boolean(),
          fc.boolean(),
        )
        .map(([y, m, d, sep, yearFirst, pad]) => {
          const two = (n: number) => (pad ? String(n).padStart(2, '0') : String(n));
          const year = String(y).padStart(4, '0');
          return yearFirst
            ? `${year}${sep}${two(m)}${sep}${two(d)}`
            : `${two(d)}${sep}${two(m)}${sep}${year}`;
        }),
    );
    fc.assert(
      fc.property(text, fc.subarray(formats, { minLength: 1 }), (raw, some) => {
        for (const format of some) {
          const expected = oracle(raw.trim(), format);
          const got = parseDate(raw, [format]);
          expect(got).toEqual(
            expected === null ? { reason: `not a date in ${format}` } : { date: expected },
          );
          const alone = parseDate(raw, format);
          expect(alone).toEqual(
            expected === null ? { reason: `not a date in ${format}` } : { date: expected },
          );
        }
        const dates = new Set(some.map((f) => oracle(raw.trim(), f)).filter((d) => d !== null));
        const got = parseDate(raw, some);
        if (dates.size === 1) expect(got).toEqual({ date: [...dates][0] });
        else if (dates.size > 1)
          expect(got).toEqual({
            reason: `ambiguous date: reads as ${[...dates].sort().join(' or ')} (${some.join(', ')})`,
          });
        else expect(got).toEqual({ reason: `not a date in ${some.join(' or ')}` });
      }),
      { numRuns: 20000 },
    );
  });
});

describe('planCase', () => {
  const mapping = parseMapping(mappingText, 'm.yaml');

  it('plans a case: earliest date opens it, list cells become charges, skipped codes are counted', () => {
    const result = planCase(mapping, '7', [
      row(2, {
        case: '7',
        person: 'a',
        sex: 'M',
        statute: "['1591', '1324']",
        charged: '05.06.2010',
        year: '2012',
        guilty: "['1', '0']",
      }),
      row(3, {
        case: '7',
        person: 'b',
        sex: 'F',
        statute: '1591',
        charged: '2010-01-02',
        year: '',
        guilty: '',
      }),
    ]);
    expect(result.problems).toEqual([]);
    const plan = result.plan!;
    expect(plan.case).toMatchObject({ reference: 'T-7', openedOn: '2010-01-02' });
    expect(plan.persons.map((p) => p.sex)).toEqual(['male', 'female']);
    expect(plan.charges.map((c) => [c.key, c.chargedOn])).toEqual([
      ['a/1591', '2010-06-05'],
      ['b/1591', '2010-01-02'],
    ]);
    expect(plan.skippedCharges).toEqual({ '1324': 1 });
    // Events sorted by date: the referral on the opening day, then the 2012 verdict.
    expect(plan.events.map((e) => [e.kind, e.occurredOn])).toEqual([
      ['refer', '2010-01-02'],
      ['verdict', '2012-12-31'],
    ]);
  });

  it('names every bad cell: a word outside the value map, a bad date, a duplicate row', () => {
    const cells = {
      case: '8',
      person: 'a',
      sex: 'M',
      statute: '1591',
      charged: '2010-01-02',
      year: '',
      guilty: '',
    };
    const result = planCase(mapping, '8', [
      row(2, cells),
      row(3, { ...cells }),
      row(4, { ...cells, person: 'b', sex: 'X' }),
      row(5, { ...cells, person: 'c', charged: '2010-13-40' }),
      row(6, { ...cells, person: 'd', statute: '9999' }),
    ]);
    expect(result.plan).toBeNull();
    const byRow = Object.fromEntries(result.problems.map((p) => [p.row, p]));
    expect(byRow[3]?.reason).toMatch(/duplicate row: the same as row 2/);
    expect(byRow[4]).toMatchObject({ column: 'sex', value: 'X' });
    expect(byRow[5]).toMatchObject({ column: 'charged', value: '2010-13-40' });
    expect(byRow[6]).toMatchObject({ column: 'statute', value: '9999' });
  });

  it('refuses a verdict dated before the referral, naming the date and the referral', () => {
    const result = planCase(mapping, '9', [
      row(2, {
        case: '9',
        person: 'a',
        sex: 'M',
        statute: '1591',
        charged: '2012-05-01',
        year: '2011',
        guilty: '1',
      }),
    ]);
    expect(result.problems).toEqual([
      {
        row: 2,
        column: 'year',
        value: '2011-12-31',
        reason:
          "verdict.occurredOn: 2011-12-31 is before the case's referral to prosecution (2012-05-01)",
      },
    ]);
  });
});
