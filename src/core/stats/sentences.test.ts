import { describe, expect, it } from 'vitest';
import { median, sentencesByYear } from './sentences.ts';

describe('sentencesByYear', () => {
  it('takes the median over recorded terms only: an unrecorded term is not zero months', () => {
    const s = (sentencedOn: string, imprisonmentMonths: number | null, life = false) => ({
      sentencedOn,
      imprisonmentMonths,
      life,
      suspended: false,
    });
    const years = sentencesByYear([
      s('2012-12-31', 120),
      s('2012-06-01', 60),
      s('2012-01-01', null),
      s('2012-02-02', null, true),
      s('2011-05-05', 30),
    ]);
    expect(years.map((y) => y.year)).toEqual([2011, 2012]);
    expect(years[1]).toMatchObject({
      sentences: 4,
      withTerm: 2,
      life: 1,
      withoutTerm: 1,
      medianMonths: 90,
      minMonths: 60,
      maxMonths: 120,
    });
  });

  it('has no median without a term', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
  });
});
