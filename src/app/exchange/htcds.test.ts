import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { testActor } from '../../../test/factories.ts';
import { isDomainError } from '../../core/errors.ts';
import type { HtcdsDocument } from '../../core/exchange/htcds.ts';
import { parseMapping } from '../../core/import/mapping.ts';
import { createAgency } from '../agencies/agencies.ts';
import { verifyIntegrity } from '../integrity/verify.ts';
import { ephemeralLogSigner } from '../integrity/log-key.ts';
import { logPublicKey } from '../integrity/log.ts';
import { importRecords } from '../import/import.ts';
import { addPerson } from '../persons/persons.ts';
import { recordVictim } from '../persons/victim-records.ts';
import { exportHtcds, importHtcds } from './htcds.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

// The round trip: records made in one registry (a spreadsheet import and a victim typed in),
// exported as HTCDS, imported into a second registry through the use-cases, exported again:
// the two documents say the same thing (only the IDs, chosen by each registry, differ).
const mapping = parseMapping(
  `
source: htcds-fixture
jurisdiction: US
agency: US Attorney
case:
  key: case
  reference: { template: "HT-{case}" }
  openedOn: { column: charged, format: YYYY-MM-DD, aggregate: min }
  origin: { value: proactive_police }
person:
  key: person
  role: { value: suspect }
  label: { column: label }
  sex: { column: sex, map: { M: male, F: female } }
  ageYears: { column: age }
charges:
  statute: statute
  statutes: { "1591": { instrument: usc18, article: "1591" }, "1589": { instrument: usc18, article: "1589" } }
  chargedOn: { column: charged, format: YYYY-MM-DD }
  form: { value: sex }
events:
  - kind: refer
    occurredOn: { column: charged, format: YYYY-MM-DD, aggregate: min }
  - kind: indict
    occurredOn: { column: charged, format: YYYY-MM-DD }
  - kind: verdict
    occurredOn: { column: year, format: YYYY }
    outcome: { column: outcome }
  - kind: sentence
    occurredOn: { column: year, format: YYYY }
    imprisonmentMonths: { column: months }
`,
  'htcds-fixture.yaml',
);
const csv = [
  'case,person,label,sex,age,statute,charged,year,outcome,months',
  `1,a,Defendant A,M,41,"['1591', '1589']",2014-03-01,2015,"['convicted', 'acquitted']",180`,
  '1,b,Defendant B,F,,1591,2014-04-02,2015,acquitted,',
  '2,c,Defendant C,M,29,1589,2015-05-06,,,',
].join('\n');

/** A document with each registry's own IDs replaced by their order of appearance. */
function normalised(document: HtcdsDocument): unknown {
  const ids = new Map<string, string>();
  const rename = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rename);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => {
        if (
          ['prs_PersonID', 'plm_ChargeID', 'plm_EventID'].includes(key) &&
          typeof v === 'string'
        ) {
          if (!ids.has(v)) ids.set(v, `#${ids.size + 1}`);
          return [key, ids.get(v)];
        }
        return [key, rename(v)];
      }),
    );
  };
  return rename({ ...document, exportedAt: null });
}

for (const engine of engines) {
  describe(`HTCDS export and import (${engine.name})`, () => {
    let a: TestDatabase;
    let b: TestDatabase;
    let dir: string;
    const count = async (
      db: TestDatabase,
      table: 'cases' | 'persons' | 'case_events' | 'victim_records',
    ) =>
      Number(
        (
          await db.ctx.db
            .selectFrom(table)
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      a = await engine.open();
      b = await engine.open();
      dir = mkdtempSync(join(tmpdir(), 'palermo-htcds-'));
      for (const db of [a, b])
        await createAgency(db.ctx, testActor, {
          jurisdiction: 'US',
          name: 'US Attorney',
          kind: 'prosecutor',
        });
      const file = join(dir, 'cases.csv');
      writeFileSync(file, `${csv}\n`);
      const made = await importRecords(a.ctx, testActor, { file, mapping });
      expect(made.problems).toEqual([]);
      // A victim with a victim record, typed in: the fields CTDC and HTCDS are about.
      const caseId = (
        await a.ctx.db
          .selectFrom('cases')
          .select('id')
          .where('reference', '=', 'HT-1')
          .executeTakeFirstOrThrow()
      ).id;
      const victim = await addPerson(a.ctx, testActor, caseId, {
        role: 'victim',
        label: 'V1',
        sex: 'female',
        age: { kind: 'estimated', years: 16 },
        citizenship: 'KGZ',
      });
      await recordVictim(a.ctx, testActor, victim.id, {
        forms: ['sexual', 'forced_criminality'],
        identifiedOn: '2014-02-20',
        referredToServices: 'yes',
        cooperatingAsWitness: 'unknown',
      });
      await addPerson(a.ctx, testActor, caseId, {
        role: 'victim',
        label: 'V2',
        sex: 'unknown',
        age: { kind: 'unknown' },
      });
    });
    afterAll(async () => {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('exports HTCDS fields and the registry’s own, and no identity or free text', async () => {
      const { document } = await exportHtcds(a.ctx, testActor, {
        jurisdiction: toJurisdictionCode('US'),
      });
      expect(document).toMatchObject({ standard: 'HTCDS', version: '2.0', jurisdiction: 'US' });
      expect(document.cases.map((c) => c.cas_CaseID)).toEqual(['HT-1', 'HT-2']);
      const first = document.cases[0]!;
      expect(first.cas_Status).toBe('Active');
      const v1 = first.persons.find((p) => p.plm_Label === 'V1');
      expect(v1).toMatchObject({
        prs_Gender: 'Female',
        prs_Nationality: 'KG',
        vic_TraffickingStatus: 'Actual',
        vic_TypeOfExploitation: ['SexualExploitation', 'Other'],
        plm_ExploitationForms: ['sexual', 'forced_criminality'],
        plm_AgeKind: 'estimated',
        plm_AgeYears: 16,
      });
      // Recorded as not known: Unknown, not left out; a victim never identified is Possible.
      expect(first.persons.find((p) => p.plm_Label === 'V2')).toMatchObject({
        prs_Gender: 'Unknown',
        plm_AgeKind: 'unknown',
        vic_TraffickingStatus: 'Possible',
      });
      expect(first.plm_Charges).toHaveLength(3);
      expect(first.plm_Events.map((e) => e.plm_Kind)).toEqual([
        'refer',
        'indict',
        'indict',
        'verdict',
        'verdict',
        'verdict',
        'sentence',
      ]);
      expect(JSON.stringify(document)).not.toMatch(/summary|FirstName|reasonText/i);
    });

    it('round trip: imported into another registry through the use-cases, the export is the same', async () => {
      const { document } = await exportHtcds(a.ctx, testActor, {
        jurisdiction: toJurisdictionCode('US'),
      });
      const text = JSON.stringify(document);
      const dry = await importHtcds(b.ctx, testActor, text, {
        fileName: 'a.json',
        agency: 'US Attorney',
        dryRun: true,
      });
      expect(dry.cases).toMatchObject({ created: 2, rejected: 0 });
      expect(await count(b, 'cases')).toBe(0);

      const result = await importHtcds(b.ctx, testActor, text, {
        fileName: 'a.json',
        agency: 'US Attorney',
      });
      expect(result.problems).toEqual([]);
      expect(result).toMatchObject({ committed: true, cases: { created: 2 } });
      expect(result.written).toMatchObject({ case: 2, person: 5, victim: 1, charge: 4 });
      const again = await exportHtcds(b.ctx, testActor, { jurisdiction: toJurisdictionCode('US') });
      expect(normalised(again.document)).toEqual(normalised(document));

      // Idempotent: the same document again writes nothing.
      const events = await count(b, 'case_events');
      const second = await importHtcds(b.ctx, testActor, text, {
        fileName: 'a.json',
        agency: 'US Attorney',
      });
      expect(second.cases).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
      expect(await count(b, 'case_events')).toBe(events);

      // A changed person is updated through the use-case (a new version, history kept).
      const changed = structuredClone(document);
      const person = changed.cases[1]!.persons[0]!;
      person.plm_AgeYears = 30;
      const third = await importHtcds(b.ctx, testActor, JSON.stringify(changed), {
        fileName: 'a.json',
        agency: 'US Attorney',
      });
      expect(third.cases).toMatchObject({ updated: 1, unchanged: 1 });
      const actions = await b.ctx.db.selectFrom('audit_log').select('action').execute();
      expect(actions.map((r) => r.action)).toEqual(
        expect.arrayContaining(['import.run', 'person.update', 'case.open']),
      );
      const report = await verifyIntegrity(b.ctx, testActor, {
        verifierKey: logPublicKey(ephemeralLogSigner('test.palermo/htcds')),
        checkpoints: [],
      });
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    });

    it('is atomic: one wrong case and nothing is written; every problem is named by case and field', async () => {
      const before = await count(b, 'cases');
      const { document } = await exportHtcds(a.ctx, testActor, {
        jurisdiction: toJurisdictionCode('US'),
      });
      const bad = structuredClone(document);
      bad.cases[0]!.cas_CaseID = 'NEW-1';
      bad.cases[1]!.cas_CaseID = 'NEW-2';
      bad.cases[1]!.plm_Charges[0]!.prs_PersonID = 'nobody';
      const result = await importHtcds(b.ctx, testActor, JSON.stringify(bad), {
        fileName: 'bad.json',
        agency: 'US Attorney',
        source: 'other',
      });
      expect(result.committed).toBe(false);
      expect(result.problems).toEqual([
        {
          row: 2,
          column: 'plm_Charges.0.prs_PersonID',
          value: 'nobody',
          reason: 'no person of the case has this ID',
        },
      ]);
      expect(await count(b, 'cases')).toBe(before);

      const malformed = JSON.stringify({
        ...document,
        cases: [{ ...document.cases[0], plm_OpenedOn: '1.2.2014' }],
      });
      const refused = await importHtcds(b.ctx, testActor, malformed, {
        fileName: 'bad.json',
        agency: 'US Attorney',
      }).catch((error: unknown) => error);
      expect(isDomainError(refused) && refused.message).toMatch(
        /cases\.0\.plm_OpenedOn: must be a date/,
      );
      const notJson = await importHtcds(b.ctx, testActor, '{"standard": "HTCDS", ', {
        fileName: 'cut.json',
        agency: 'US Attorney',
      }).catch((error: unknown) => error);
      expect(isDomainError(notJson) && notJson.message).toMatch(/cut\.json.*not valid JSON/);
    });

    it('reads HTCDS fields when the registry’s own are absent, and counts what it does not hold', async () => {
      const text = JSON.stringify({
        standard: 'HTCDS',
        version: '2.0',
        jurisdiction: 'US',
        cases: [
          {
            cas_CaseID: 'PARTNER-7',
            plm_OpenedOn: '2016-01-05',
            cas_ReferringOrganisation: 'Shelter',
            persons: [
              {
                prs_PersonID: 'p1',
                prs_FirstName: 'never imported',
                prs_Gender: 'Female',
                prs_Nationality: 'UZ',
                vic_TraffickingStatus: 'Actual',
                vic_TypeOfExploitation: ['ForcedLabour', 'ChildLabour'],
              },
              { prs_PersonID: 'p2', per_RoleInProcess: ['Recruiter'] },
            ],
            hte_Events: [{ hte_Type: 'Recruitment', hte_Date: '2015-06-01' }],
          },
        ],
      });
      const result = await importHtcds(b.ctx, testActor, text, {
        fileName: 'partner.json',
        agency: 'US Attorney',
        source: 'partner',
      });
      expect(result.problems).toEqual([]);
      expect(result.notImported).toEqual({
        cas_ReferringOrganisation: 1,
        prs_FirstName: 1,
        hte_Events: 1,
      });
      const persons = await b.ctx.db
        .selectFrom('persons')
        .innerJoin('cases', 'cases.id', 'persons.case_id')
        .leftJoin('victim_records', 'victim_records.person_id', 'persons.id')
        .select(['persons.role', 'persons.sex', 'persons.citizenship', 'victim_records.forms'])
        .where('cases.reference', '=', 'PARTNER-7')
        .orderBy('persons.role')
        .execute();
      expect(persons).toEqual([
        { role: 'suspect', sex: null, citizenship: null, forms: null },
        {
          role: 'victim',
          sex: 'female',
          citizenship: 'UZB',
          forms: JSON.stringify(['forced_labour']),
        },
      ]);
    });
  });
}
