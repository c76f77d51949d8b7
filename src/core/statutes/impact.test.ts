import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { amendmentImpact, type ImpactCase } from './impact.ts';
import { parsePack } from './parse-pack.ts';

const root = new URL('../../../jurisdictions/', import.meta.url);
const kgFiles = readdirSync(new URL('kg/', root))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ name: `kg/${f}`, text: readFileSync(new URL(`kg/${f}`, root), 'utf8') }));
const kg = parsePack(kgFiles);

const kase = (
  reference: string,
  offenceDate: string,
  victims: ImpactCase['victims'],
): ImpactCase => ({
  caseId: reference,
  reference,
  offenceDate,
  offenceDateFrom: 'charge',
  articles: ['cc1997:260'],
  victims,
});

const cases: ImpactCase[] = [
  kase('CHILD-SEX', '2016-06-01', [{ label: 'V1', age: 15, forms: ['sexual'] }]),
  kase('ADULT-SEX', '2016-07-01', [{ label: 'V1', age: 25, forms: ['sexual'] }]),
  kase('NO-AGE', '2016-08-01', [{ label: 'V1', age: null, forms: ['sexual'] }]),
  kase('CHILD-2019', '2019-06-01', [{ label: 'V1', age: 15, forms: ['sexual'] }]),
];

describe('what the signed amendment to art. 124 would change', () => {
  const impact = amendmentImpact(kg, 'cc1997-124-amendment-signed', cases);

  it('reads the cases of the period it was signed but not in force', () => {
    expect(impact.period).toEqual({ from: '2016-04-01', to: '2018-12-31' });
    expect(impact.casesRead).toBe(3);
  });

  it('lists the child sex-trafficking case: means no longer to be proved, with the facts behind it', () => {
    const child = impact.differently.find((f) => f.reference === 'CHILD-SEX');
    expect(child).toMatchObject({
      victim: 'V1',
      facts: { victimAge: 15, purposes: ['sexual_exploitation'], acts: null, means: null },
      notRecorded: ['acts', 'means'],
      inForce: { versionId: 'cc1997-124-2016' },
      amendment: { versionId: 'cc1997-124-amendment-signed' },
    });
    expect(child?.change).toContain('no longer to be proved or met under the amendment: means');
    // The adult's means must still be proved: judged the same.
    expect(impact.differently.some((f) => f.reference === 'ADULT-SEX')).toBe(false);
  });

  it('says what a case does not record rather than guessing its age', () => {
    expect(impact.incomplete).toEqual([
      { reference: 'NO-AGE', victim: 'V1', notRecorded: ['acts', 'means', 'victim age'] },
    ]);
  });

  it('follows the pack: without the child rule the child case is judged the same', () => {
    const edited = parsePack(
      kgFiles.map((f) => ({
        ...f,
        text: f.text.replace(
          `                - when: { victimAge: { max: 17 } }
                  required: false`,
          `                - when: { victimAge: { max: 17 } }
                  required: unknown`,
        ),
      })),
    );
    const again = amendmentImpact(edited, 'cc1997-124-amendment-signed', cases);
    expect(
      again.differently.some((f) => f.reference === 'CHILD-SEX' && f.change.includes('means')),
    ).toBe(false);
  });

  it('refuses a version that is not a signed amendment, naming the ones there are', () => {
    expect(() => amendmentImpact(kg, 'cc1997-124-2016', cases)).toThrow(/not an amendment/);
    expect(() => amendmentImpact(kg, 'nope', cases)).toThrow(/cc1997-124-amendment-signed/);
  });
});
