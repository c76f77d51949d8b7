import { describe, expect, it } from 'vitest';
import { isDomainError } from './errors.ts';
import {
  jurisdictionCodeInput,
  jurisdictionCodeSchema,
  toJurisdictionCode,
} from './jurisdiction.ts';

describe('toJurisdictionCode', () => {
  it('gives every spelling of a code the one the database stores', () => {
    expect(['kg', 'Kg', 'KG', ' kg '].map((text) => toJurisdictionCode(text))).toEqual([
      'KG',
      'KG',
      'KG',
      'KG',
    ]);
  });

  it('refuses what is not two letters, naming the field', () => {
    for (const text of ['', 'K', 'KGZ', 'K1', 'кг', 'us-ca']) {
      try {
        toJurisdictionCode(text, 'jurisdiction');
        expect.unreachable(text);
      } catch (error) {
        expect(isDomainError(error, 'ValidationFailed')).toBe(true);
        expect(isDomainError(error) && error.issues[0]?.path).toBe('jurisdiction');
      }
    }
  });

  it('at an edge, accepts either case and refuses the rest as a field issue', () => {
    expect(jurisdictionCodeInput.parse('us')).toBe('US');
    expect(jurisdictionCodeInput.safeParse('usa').success).toBe(false);
    // A response's code is checked as stored: upper case only.
    expect(jurisdictionCodeSchema.safeParse('kg').success).toBe(false);
    expect(jurisdictionCodeSchema.safeParse('KG').success).toBe(true);
  });
});
