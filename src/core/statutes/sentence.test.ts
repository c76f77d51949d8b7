import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Facts } from './logic.ts';
import { parsePack } from './parse-pack.ts';
import { findProvision, provisionVersionOn } from './registry.ts';
import { checkSentence, type Sentence } from './sentence.ts';

const root = new URL('../../../jurisdictions/', import.meta.url);
const kg = parsePack(
  readdirSync(new URL('kg/', root))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ name: `kg/${f}`, text: readFileSync(new URL(`kg/${f}`, root), 'utf8') })),
);
const facts: Facts = {
  offenceDate: '2016-06-01',
  acts: ['recruitment'],
  means: ['force'],
  purposes: ['sexual_exploitation'],
  victimAge: 25,
  aggravating: [],
};
const none: Sentence = {
  imprisonmentMonths: null,
  suspended: false,
  probationMonths: null,
  houseArrestMonths: null,
  fineAmount: null,
  fineCurrency: null,
  otherMeasures: null,
};
const v124 = provisionVersionOn(findProvision(kg, '124'), facts.offenceDate);
const v260 = provisionVersionOn(findProvision(kg, 'cc1997:260'), facts.offenceDate);

describe('checkSentence', () => {
  it('within range, below minimum, above maximum', () => {
    expect(checkSentence({ ...none, imprisonmentMonths: 84 }, v124, facts).verdict).toBe(
      'within_range',
    );
    expect(checkSentence({ ...none, imprisonmentMonths: 36 }, v124, facts)).toMatchObject({
      verdict: 'below_minimum',
      permittedByStatute: false,
    });
    expect(checkSentence({ ...none, imprisonmentMonths: 300 }, v124, facts).verdict).toBe(
      'above_maximum',
    );
    expect(
      checkSentence({ ...none, life: true, imprisonmentMonths: null }, v124, facts).verdict,
    ).toBe('above_maximum');
  });

  it('a fine in lieu of imprisonment: lawful under art. 260 for an adult, not under art. 124', () => {
    const fine = { ...none, fineAmount: 1000, fineCurrency: 'KGS' };
    expect(checkSentence(fine, v260, facts)).toMatchObject({
      verdict: 'non_custodial_in_lieu',
      permittedByStatute: true,
    });
    expect(checkSentence(fine, v124, facts)).toMatchObject({
      verdict: 'non_custodial_in_lieu',
      permittedByStatute: false,
    });
    expect(checkSentence(fine, v260, { ...facts, victimAge: 15 }).permittedByStatute).toBe(false);
  });

  it('suspended sentences are flagged even within range', () => {
    const check = checkSentence({ ...none, imprisonmentMonths: 60, suspended: true }, v124, facts);
    expect(check.verdict).toBe('suspended');
    expect(check.verdicts).toEqual(['within_range', 'suspended']);
    expect(check.weighsAgainstVigorousSentencing).toBe(true);
  });

  it('an unknown range is undetermined, not "within"', () => {
    const v261 = provisionVersionOn(findProvision(kg, 'cc1997:261'), facts.offenceDate);
    expect(
      checkSentence({ ...none, imprisonmentMonths: 24 }, v261, { ...facts, means: [] }),
    ).toMatchObject({
      verdict: 'undetermined',
      permittedByStatute: 'unknown',
    });
  });
});

describe('findProvision', () => {
  it('refuses an article the pack does not have, and a part it does not list', () => {
    expect(() => findProvision(kg, '999')).toThrow(/has no article "999"/);
    expect(findProvision(kg, 'children-code:15').id).toBe('children-15');
  });
});
