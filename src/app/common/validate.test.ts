import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../core/errors.ts';
import { refuseEarlyDates } from './validate.ts';

const refusal = (input: unknown): string | null => {
  try {
    refuseEarlyDates(1900, input);
    return null;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return `${error.message} | ${JSON.stringify(error.issues)}`;
  }
};

describe('refuseEarlyDates', () => {
  it('passes an input without a date before the earliest year, whatever else it holds', () => {
    expect(refusal({ openedOn: '1900-01-01', reference: '0001', label: '1591', n: 3 })).toBeNull();
    expect(refusal(['1899-12-3', '1899-12-31x', { a: [null, 1, true, '2020-01-01'] }])).toBeNull();
    expect(refusal(null)).toBeNull();
    expect(refusal('1900-01-02')).toBeNull();
  });

  it('names every date before the earliest year by its path', () => {
    expect(
      refusal({
        openedOn: '1899-12-31',
        persons: [{ age: null }, { seen: ['2001-01-01', '0100-05-05'] }],
        note: '1899',
      }),
    ).toBe(
      'invalid input: openedOn: is before 1900-01-01, the earliest date this registry accepts (PALERMO_EARLIEST_YEAR); persons.1.seen.1: is before 1900-01-01, the earliest date this registry accepts (PALERMO_EARLIEST_YEAR) | [{"path":"openedOn","message":"is before 1900-01-01, the earliest date this registry accepts (PALERMO_EARLIEST_YEAR)"},{"path":"persons.1.seen.1","message":"is before 1900-01-01, the earliest date this registry accepts (PALERMO_EARLIEST_YEAR)"}]',
    );
    expect(refusal('1000-01-01')).toBe(
      'invalid input: (body): is before 1900-01-01, the earliest date this registry accepts (PALERMO_EARLIEST_YEAR) | [{"path":"(body)","message":"is before 1900-01-01, the earliest date this registry accepts (PALERMO_EARLIEST_YEAR)"}]',
    );
  });
});
