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
    // A fine is allowed, but the sources give no amount: whether 1000 KGS is within it is unknown.
    expect(checkSentence(fine, v260, facts)).toMatchObject({
      verdict: 'non_custodial_in_lieu',
      permittedByStatute: 'unknown',
    });
    expect(checkSentence(fine, v260, facts).explanation).toContain(
      'fine (the sources give no amount)',
    );
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

describe('maxima of non-custodial sanctions', () => {
  const in2018 = { ...facts, offenceDate: '2018-06-01' };
  const v124in2018 = provisionVersionOn(findProvision(kg, '124'), in2018.offenceDate);

  it('600 months of house arrest under "house arrest for up to five years" is above the maximum', () => {
    expect(v124in2018.id).toBe('cc1997-124-2018');
    expect(checkSentence({ ...none, houseArrestMonths: 600 }, v124in2018, in2018)).toMatchObject({
      verdict: 'above_maximum',
      verdicts: ['non_custodial_in_lieu', 'above_maximum'],
      permittedByStatute: false,
    });
    expect(
      checkSentence({ ...none, houseArrestMonths: 600 }, v124in2018, in2018).explanation,
    ).toContain('600 months of house arrest against at most 60');
    // The same as codes and values, for a reader in another language.
    expect(checkSentence({ ...none, houseArrestMonths: 600 }, v124in2018, in2018).reasons).toEqual([
      {
        code: 'measure_above',
        measure: 'house_arrest',
        imposed: 600,
        bound: 60,
        unit: null,
      },
      { code: 'no_imprisonment', imposed: ['house_arrest'], allowed: false },
    ]);
    expect(checkSentence({ ...none, houseArrestMonths: 60 }, v124in2018, in2018)).toMatchObject({
      verdict: 'non_custodial_in_lieu',
      permittedByStatute: true,
    });
  });

  it('follows the pack: a longer maximum in the data permits the same sentence', () => {
    const edited = parsePack(
      readdirSync(new URL('kg/', root))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => ({
          name: `kg/${f}`,
          text: readFileSync(new URL(`kg/${f}`, root), 'utf8').replace(
            '{ kind: house_arrest, maxMonths: 60, inLieuOfImprisonment: true }',
            '{ kind: house_arrest, maxMonths: 600, inLieuOfImprisonment: true }',
          ),
        })),
    );
    const v = provisionVersionOn(findProvision(edited, '124'), in2018.offenceDate);
    expect(checkSentence({ ...none, houseArrestMonths: 600 }, v, in2018).permittedByStatute).toBe(
      true,
    );
    expect(checkSentence({ ...none, houseArrestMonths: 601 }, v, in2018).verdict).toBe(
      'above_maximum',
    );
  });
});

describe('findProvision', () => {
  it('refuses an article the pack does not have, and a part it does not list', () => {
    expect(() => findProvision(kg, '999')).toThrow(/has no article "999"/);
    expect(findProvision(kg, 'children-code:15').id).toBe('children-15');
  });
});
