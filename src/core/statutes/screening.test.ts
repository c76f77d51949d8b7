import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessScreening, parseScreeningSet } from './screening.ts';

const set = parseScreeningSet(
  'screening/ilo-forced-labour.yaml',
  readFileSync(
    new URL('../../../jurisdictions/screening/ilo-forced-labour.yaml', import.meta.url),
    'utf8',
  ),
);
const base = { setId: set.id, screenedBy: 'officer-7', screenedOn: '2016-05-02', victimAge: 30 };
const allNo = Object.fromEntries(set.indicators.map((i) => [i.id, 'no' as const]));

describe('assessScreening', () => {
  it('two indicators make a presumed victim; one a possible victim; the answers and screener are recorded', () => {
    const two = assessScreening(set, {
      ...base,
      answers: { ...allNo, deception: 'yes', withholding_of_wages: 'yes' },
    });
    expect(two).toMatchObject({
      status: 'presumed_victim',
      screenedBy: 'officer-7',
      complete: true,
    });
    expect(two.reasoning[0]).toContain('deception, withholding_of_wages');
    expect(assessScreening(set, { ...base, answers: { ...allNo, deception: 'yes' } }).status).toBe(
      'possible_victim',
    );
  });

  it('a child is presumed a victim on one indicator', () => {
    expect(
      assessScreening(set, { ...base, victimAge: 15, answers: { ...allNo, debt_bondage: 'yes' } })
        .status,
    ).toBe('presumed_victim');
  });

  it('never rules a person out while indicators are unanswered', () => {
    const partial = assessScreening(set, { ...base, answers: { deception: 'no' } });
    expect(partial).toMatchObject({ status: 'possible_victim', complete: false });
    expect(assessScreening(set, { ...base, answers: allNo }).status).toBe('not_a_victim');
  });

  it('refuses answers to indicators the set does not have', () => {
    expect(() => assessScreening(set, { ...base, answers: { mood: 'yes' } })).toThrow(
      /unknown indicators/,
    );
  });

  it('refuses an ill-formed set with file and line', () => {
    expect(() => parseScreeningSet('screening/bad.yaml', 'id: bad\ntitle: 5\n')).toThrow(
      /screening\/bad.yaml:\d+/,
    );
  });
});
