import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { testActor } from '../../../test/factories.ts';
import { ctdcRow } from '../../core/exchange/ctdc.ts';
import { createAgency } from '../agencies/agencies.ts';
import { importCtdc } from './ctdc.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

// CTDC rows in: -99 is "not known" and stays so (never zero, never "no"), one case per year,
// atomic unless partial, and the same file twice writes nothing.
const header =
  'yearOfRegistration,gender,ageBroad,majorityStatus,citizenship,CountryOfExploitation,isForcedLabour,isSexualExploit,isOtherExploit,isSexAndLabour,isForcedMarriage,isOrganRemoval,isSlaveryAndPractices,meansOfControlDebtBondage';
const good = [
  '2016,Female,9--17,Minor,UZ,KG,0,1,0,0,0,0,0,-99',
  '2016,-99,-99,-99,-99,KG,-99,-99,-99,-99,-99,-99,-99,-99',
  '2017,Male,30--38,Adult,KGZ,-99,1,0,0,0,0,0,0,1',
  '2017,-99,-99,Minor,-99,KG,1,-99,-99,-99,-99,-99,-99,-99',
];
const bad = [
  '-99,Female,18--20,Adult,KG,KG,0,1,0,0,0,0,0,-99',
  '2016,Female,18--20,Minor,KG,KG,0,2,0,0,0,0,0,-99',
  '2016,Male,18--20,Adult,KZ,KZ,0,1,0,0,0,0,0,-99',
];

for (const engine of engines) {
  describe(`CTDC import (${engine.name})`, () => {
    let db: TestDatabase;
    let dir: string;
    const file = (name: string, lines: readonly string[]) => {
      const path = join(dir, name);
      writeFileSync(path, `${[header, ...lines].join('\n')}\n`);
      return path;
    };
    const count = async (table: 'cases' | 'persons') =>
      Number(
        (
          await db.ctx.db
            .selectFrom(table)
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const options = { jurisdiction: toJurisdictionCode('KG'), agency: 'Shelter' };

    beforeAll(async () => {
      db = await engine.open();
      dir = mkdtempSync(join(tmpdir(), 'palermo-ctdc-'));
      await createAgency(db.ctx, testActor, { jurisdiction: 'KG', name: 'Shelter', kind: 'ngo' });
    });
    afterAll(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('names every bad row and column; atomic: nothing written', async () => {
      const result = await importCtdc(
        db.ctx,
        testActor,
        file('victims.csv', [...good, ...bad]),
        options,
      );
      expect(result.committed).toBe(false);
      expect(result.problems.map((p) => [p.row, p.column])).toEqual([
        [6, 'yearOfRegistration'],
        [7, 'majorityStatus'],
        [7, 'isSexualExploit'],
        [8, 'CountryOfExploitation'],
      ]);
      expect(result.problems[0]?.reason).toMatch(/year of registration is missing/);
      expect(await count('cases')).toBe(0);
    });

    it('partial: the good rows, one case a year; -99 recorded as unknown; idempotent', async () => {
      const path = file('victims.csv', [...good, ...bad]);
      const result = await importCtdc(db.ctx, testActor, path, { ...options, partial: true });
      expect(result.cases).toMatchObject({ created: 2, rejected: 3 });
      expect(result.notImported).toEqual({
        meansOfControlDebtBondage: 1,
        'majorityStatus (without ageBroad: age recorded unknown)': 1,
      });
      const rows = await db.ctx.db
        .selectFrom('persons as p')
        .innerJoin('victim_records as v', 'v.person_id', 'p.id')
        .innerJoin('cases as c', 'c.id', 'p.case_id')
        .select([
          'c.reference',
          'p.sex',
          'p.age_kind',
          'p.age_years',
          'p.citizenship',
          'v.forms',
          'v.identified_on',
        ])
        .orderBy('c.reference')
        .orderBy('p.created_at')
        .execute();
      expect(rows).toEqual([
        {
          reference: 'CTDC victims 2016',
          sex: 'female',
          age_kind: 'estimated',
          age_years: 13,
          citizenship: 'UZB',
          forms: '["sexual"]',
          identified_on: '2016-12-31',
        },
        {
          reference: 'CTDC victims 2016',
          sex: 'unknown',
          age_kind: 'unknown',
          age_years: null,
          citizenship: 'unknown',
          forms: '["unknown"]',
          identified_on: '2016-12-31',
        },
        {
          reference: 'CTDC victims 2017',
          sex: 'male',
          age_kind: 'estimated',
          age_years: 34,
          citizenship: 'KGZ',
          forms: '["forced_labour"]',
          identified_on: '2017-12-31',
        },
        {
          reference: 'CTDC victims 2017',
          sex: 'unknown',
          age_kind: 'unknown',
          age_years: null,
          citizenship: 'unknown',
          forms: '["forced_labour"]',
          identified_on: '2017-12-31',
        },
      ]);
      // Coded back, the -99 cells are -99 again: never 0.
      const back = ctdcRow(
        {
          identifiedOn: '2016-12-31',
          sex: 'unknown',
          ageKind: 'unknown',
          ageYears: null,
          citizenship: 'unknown',
          forms: ['unknown'],
        },
        'KG',
      );
      expect(Object.values(back).filter((v) => v === 0)).toEqual([]);
      expect(
        ctdcRow(
          {
            identifiedOn: '2016-12-31',
            sex: 'female',
            ageKind: 'estimated',
            ageYears: 13,
            citizenship: 'UZB',
            forms: ['sexual'],
          },
          'KG',
        ),
      ).toMatchObject({
        ageBroad: '9--17',
        majorityStatus: 'Minor',
        isSexualExploit: 1,
        isForcedLabour: 0,
      });

      const persons = await count('persons');
      const again = await importCtdc(db.ctx, testActor, path, { ...options, partial: true });
      expect(again.cases).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
      expect(await count('persons')).toBe(persons);
    });
  });
}
