import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { testActor } from '../../../test/factories.ts';
import { isDomainError } from '../../core/errors.ts';
import { parseMapping } from '../../core/import/mapping.ts';
import { createAgency } from '../agencies/agencies.ts';
import { appendAuditEntries, insertedById } from '../audit/audit.ts';
import type { AuditChange } from '../audit/audit.ts';
import { openCase } from '../cases/cases.ts';
import { inTransaction } from '../common/context.ts';
import { verifyIntegrity } from '../integrity/verify.ts';
import { ephemeralLogSigner } from '../integrity/log-key.ts';
import { logPublicKey } from '../integrity/log.ts';
import { BULK_PAGE_CACHE_KIB, withBulkPageCache } from '../../db/create-db.ts';
import { importRecords } from './import.ts';

const mapping = parseMapping(
  `
source: test-import
jurisdiction: US
agency: US Attorney
case:
  key: case
  reference: { template: "IMP-{case}" }
  openedOn: { column: charged, format: [YYYY-MM-DD, DD.MM.YYYY], aggregate: min }
person:
  key: person
  role: { value: suspect }
  label: { column: label }
  sex: { column: sex, map: { M: male, F: female, муж: male, жен: female } }
charges:
  statute: statute
  statutes: { "1591": { instrument: usc18, article: "1591" }, "1589": { instrument: usc18, article: "1589" }, "1324": skip }
  chargedOn: { column: charged, format: [YYYY-MM-DD, DD.MM.YYYY] }
events:
  - kind: refer
    occurredOn: { column: charged, format: [YYYY-MM-DD, DD.MM.YYYY], aggregate: min }
  - kind: indict
    occurredOn: { column: charged, format: [YYYY-MM-DD, DD.MM.YYYY] }
  - kind: verdict
    occurredOn: { column: year, format: YYYY }
    outcome: { first: [{ when: { column: guilty, above: 0 }, value: convicted }, { when: { column: guilty, equals: "0" }, value: acquitted }] }
  - kind: sentence
    occurredOn: { column: year, format: YYYY }
    imprisonmentMonths: { column: months }
`,
  'test.yaml',
);

const header = 'case,person,label,sex,statute,charged,year,guilty,months';
const good = [
  `1,a,A,M,"['1591', '1324']",2010-03-01,2012,"['1', '0']",120`,
  `1,b,B,F,1591,02.04.2010,2012,0,`,
  `2,c,C,M,1589,2011-05-06,,,`,
];
const bad = `3,d,D,X,1591,2011-05-06,,,`;

for (const engine of engines) {
  describe(`import (${engine.name})`, () => {
    let db: TestDatabase;
    let dir: string;
    const file = (name: string, lines: readonly string[]) => {
      const path = join(dir, name);
      writeFileSync(path, `${[header, ...lines].join('\n')}\n`);
      return path;
    };
    const count = async (
      table: 'cases' | 'persons' | 'charges' | 'case_events' | 'import_keys' | 'audit_log',
    ) =>
      Number(
        (
          await db.ctx.db
            .selectFrom(table)
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** 120 one-person cases keyed `<key>1`…`<key>120` (more than a batch of 100), each charging 1591. */
    const manyCases = (key: string, label: string) =>
      Array.from(
        { length: 120 },
        (_, i) => `${key}${i + 1},p,${label}${i + 1},M,1591,2011-05-06,,,`,
      );
    /** A case opened by hand under the reference the import gives one of its cases (`IMP-<key>`). */
    const openByHand = async (reference: string) => {
      const agency = await db.ctx.db
        .selectFrom('agencies')
        .select('id')
        .where('name', '=', 'US Attorney')
        .executeTakeFirstOrThrow();
      await openCase(db.ctx, testActor, {
        jurisdiction: 'US',
        reference,
        openedOn: '2011-05-06',
        openingAgencyId: agency.id,
      });
    };

    beforeAll(async () => {
      db = await engine.open();
      dir = mkdtempSync(join(tmpdir(), 'palermo-import-'));
      await createAgency(db.ctx, testActor, {
        jurisdiction: 'US',
        name: 'US Attorney',
        kind: 'prosecutor',
      });
    });
    afterAll(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a dry run lists every failing row and writes nothing', async () => {
      const result = await importRecords(db.ctx, testActor, {
        file: file('dry.csv', [...good, bad]),
        mapping,
        dryRun: true,
      });
      expect(result.problems).toEqual([
        { row: 5, column: 'sex', value: 'X', reason: expect.stringMatching(/not in the mapping/) },
      ]);
      expect(result.cases).toMatchObject({ created: 2, rejected: 1 });
      expect(await count('cases')).toBe(0);
      expect(await count('import_keys')).toBe(0);
    });

    it('a real run is atomic per file: one bad row and nothing is written', async () => {
      const result = await importRecords(db.ctx, testActor, {
        file: file('atomic.csv', [...good, bad]),
        mapping,
      });
      expect(result.committed).toBe(false);
      expect(await count('cases')).toBe(0);
    });

    it('a rule of the registry refused while writing also leaves nothing', async () => {
      // The verdict year lies before the charge: the lifecycle refuses it in the write phase.
      const result = await importRecords(db.ctx, testActor, {
        file: file('late.csv', [...good, `4,e,E,M,1591,2011-05-06,2009,1,`]),
        mapping,
      });
      expect(result.committed).toBe(false);
      expect(result.problems[0]).toMatchObject({ row: 5 });
      expect(await count('cases')).toBe(0);
    });

    it('--partial imports the good cases and writes the refused rows beside the input', async () => {
      const input = file('partial.csv', [...good, bad]);
      const result = await importRecords(db.ctx, testActor, {
        file: input,
        mapping,
        partial: true,
      });
      expect(result.cases).toMatchObject({ created: 2, rejected: 1 });
      expect(result.rejectsFile).toBe(join(dir, 'partial.rejects.csv'));
      const rejects = readFileSync(join(dir, 'partial.rejects.csv'), 'utf8');
      expect(rejects.split('\r\n')[0]).toBe(`row,${header},reasons`);
      expect(rejects).toContain('5,3,d,D,X');
      expect(await count('cases')).toBe(2);
      expect(await count('persons')).toBe(3);
      // 1324 is skipped by the mapping: 3 charges, not 4.
      expect(await count('charges')).toBe(3);
      const sentences = await db.ctx.db.selectFrom('sentences').selectAll().execute();
      expect(sentences.map((s) => [s.imprisonment_months, s.sentenced_on])).toEqual([
        [120, '2012-12-31'],
      ]);
    });

    it('importing the same file again creates nothing new', async () => {
      const before = await Promise.all([
        count('cases'),
        count('persons'),
        count('case_events'),
        count('import_keys'),
      ]);
      const result = await importRecords(db.ctx, testActor, {
        file: file('again.csv', good),
        mapping,
      });
      expect(result.committed).toBe(true);
      expect(result.cases).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
      expect(
        await Promise.all([
          count('cases'),
          count('persons'),
          count('case_events'),
          count('import_keys'),
        ]),
      ).toEqual(before);
    });

    it('a changed row updates its record through the use-case, with history', async () => {
      const changed = good.map((line) => line.replace('2,c,C,M', '2,c,C-renamed,F'));
      const result = await importRecords(db.ctx, testActor, {
        file: file('changed.csv', changed),
        mapping,
      });
      expect(result.cases).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
      const person = await db.ctx.db
        .selectFrom('persons')
        .selectAll()
        .where('label', '=', 'C-renamed')
        .executeTakeFirstOrThrow();
      expect(person).toMatchObject({ sex: 'female', version: 2 });
      const entries = await db.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', person.id)
        .orderBy('idx')
        .execute();
      expect(entries.map((e) => e.action)).toEqual(['person.add', 'person.update']);
    });

    it('writes a file of many new cases in batches; a taken reference is named by its row', async () => {
      // More cases than one batch of 100 (new cases are opened in bulk): each with a person, a charge
      // and two events, and one whose reference a case opened by hand already has.
      const lines = manyCases('b', 'P');
      await openByHand('IMP-b110');
      const keys = await count('import_keys');
      const refused = await importRecords(db.ctx, testActor, {
        file: file('many.csv', lines),
        mapping,
      });
      expect(refused.committed).toBe(false);
      expect(refused.problems).toEqual([
        expect.objectContaining({ row: 111, reason: expect.stringMatching(/already exists/) }),
      ]);
      expect(await count('import_keys')).toBe(keys);

      const cases = await count('cases');
      const logged = async () =>
        Object.fromEntries(
          (
            await db.ctx.db
              .selectFrom('audit_log')
              .select(['action', sql<number>`count(*)`.as('n')])
              .where('action', 'in', ['case.open', 'person.add', 'charge.add', 'import_key.record'])
              .groupBy('action')
              .execute()
          ).map((row) => [row.action, Number(row.n)]),
        );
      const before = await logged();
      const result = await importRecords(db.ctx, testActor, {
        file: file(
          'many.csv',
          lines.filter((_, i) => i !== 109),
        ),
        mapping,
      });
      expect(result.committed).toBe(true);
      expect(result.cases).toMatchObject({ created: 119, rejected: 0 });
      expect(result.written).toMatchObject({ case: 119, person: 119, charge: 119, event: 238 });
      expect(await count('cases')).toBe(cases + 119);
      // One entry per record, as the use-cases log them, and one per import key (five a case).
      const after = await logged();
      expect(after['case.open']).toBe((before['case.open'] ?? 0) + 119);
      expect(after['person.add']).toBe((before['person.add'] ?? 0) + 119);
      expect(after['charge.add']).toBe((before['charge.add'] ?? 0) + 119);
      // Each charge on its case's suspect, and its statute as mapped.
      const charges = await db.ctx.db
        .selectFrom('charges')
        .innerJoin('persons', 'persons.id', 'charges.person_id')
        .innerJoin('cases', 'cases.id', 'charges.case_id')
        .select([
          'cases.reference',
          'persons.case_id',
          'charges.case_id as charged',
          'charges.article',
        ])
        .where('cases.reference', 'like', 'IMP-b%')
        .execute();
      expect(charges).toHaveLength(119);
      for (const charge of charges) {
        expect(charge.case_id).toBe(charge.charged);
        expect(charge.article).toBe('1591');
      }
      expect(after['import_key.record']).toBe((before['import_key.record'] ?? 0) + 119 * 5);
    }, 120_000);

    it('a reference a case imported before gives up in a batch is free for a new case of that batch', async () => {
      // The batch's taken references are read before its cases are written; a case imported
      // before that changes its reference in the same batch must be seen: its old reference is
      // free for a new case, and its new one is taken (refused by row, nothing written).
      const byColumn = parseMapping(
        `
source: test-import-references
jurisdiction: US
agency: US Attorney
case:
  key: case
  reference: { column: ref }
  openedOn: { column: opened, format: YYYY-MM-DD, aggregate: min }
person:
  key: person
  role: { value: suspect }
  label: { column: label }
`,
        'references.yaml',
      );
      const csv = (name: string, lines: readonly string[]) => {
        const path = join(dir, name);
        writeFileSync(path, `case,ref,opened,person,label\n${lines.join('\n')}\n`);
        return path;
      };
      const first = await importRecords(db.ctx, testActor, {
        file: csv('refs-1.csv', ['k1,REF-old,2012-01-05,p,K1']),
        mapping: byColumn,
      });
      expect(first.committed).toBe(true);
      const moved = await importRecords(db.ctx, testActor, {
        file: csv('refs-2.csv', ['k1,REF-new,2012-01-05,p,K1', 'k2,REF-old,2012-02-05,p,K2']),
        mapping: byColumn,
      });
      expect(moved.committed).toBe(true);
      expect(moved.cases).toMatchObject({ created: 1, updated: 1, rejected: 0 });
      const references = await db.ctx.db
        .selectFrom('cases')
        .select('reference')
        .where('reference', 'in', ['REF-old', 'REF-new', 'REF-other'])
        .orderBy('reference')
        .execute();
      expect(references.map((row) => row.reference)).toEqual(['REF-new', 'REF-old']);
      const cases = await count('cases');
      const taken = await importRecords(db.ctx, testActor, {
        file: csv('refs-3.csv', [
          'k1,REF-other,2012-01-05,p,K1',
          'k2,REF-old,2012-02-05,p,K2',
          'k3,REF-other,2012-03-05,p,K3',
        ]),
        mapping: byColumn,
      });
      expect(taken.committed).toBe(false);
      expect(taken.problems).toEqual([
        expect.objectContaining({ row: 4, reason: expect.stringMatching(/already exists/) }),
      ]);
      expect(await count('cases')).toBe(cases);
      // Two new cases of one file under one reference: the second is named, in a dry run too.
      for (const dryRun of [true, false]) {
        const twice = await importRecords(db.ctx, testActor, {
          file: csv('refs-4.csv', ['k8,REF-twice,2012-01-05,p,K8', 'k9,REF-twice,2012-02-05,p,K9']),
          mapping: byColumn,
          dryRun,
        });
        expect(twice.committed).toBe(false);
        expect(twice.problems).toEqual([
          expect.objectContaining({ row: 3, reason: expect.stringMatching(/already exists/) }),
        ]);
        expect(twice.cases).toMatchObject({ created: 1, rejected: 1 });
      }
      expect(await count('cases')).toBe(cases);
    });

    it('a write the database refuses after the batch went on rolls the file back and is the error', async () => {
      // A trigger refuses one person of the second batch: its INSERT is let go on (writeBehind)
      // while the import prepares the next batch, so the refusal arrives later; the file must
      // still land whole or not at all, and the error be the database's own.
      const trigger =
        engine.name === 'sqlite'
          ? [
              sql`create trigger boom_person before insert on persons when new.label = 'BOOM'
                  begin select raise(abort, 'person BOOM refused by the test trigger'); end`,
            ]
          : [
              sql`create function boom_person() returns trigger language plpgsql as $$
                  begin
                    if new.label = 'BOOM' then raise exception 'person BOOM refused by the test trigger'; end if;
                    return new;
                  end $$`,
              sql`create trigger boom_person before insert on persons
                  for each row execute function boom_person()`,
            ];
      for (const statement of trigger) await statement.execute(db.ctx.db);
      try {
        const lines = manyCases('boom', 'P');
        lines[109] = `boom110,p,BOOM,M,1591,2011-05-06,,,`;
        const before = {
          cases: await count('cases'),
          persons: await count('persons'),
          keys: await count('import_keys'),
          log: await count('audit_log'),
        };
        await expect(
          importRecords(db.ctx, testActor, { file: file('boom.csv', lines), mapping }),
        ).rejects.toThrow(/person BOOM refused by the test trigger/);
        expect({
          cases: await count('cases'),
          persons: await count('persons'),
          keys: await count('import_keys'),
          log: await count('audit_log'),
        }).toEqual(before);
      } finally {
        await sql`drop trigger boom_person${engine.name === 'sqlite' ? sql`` : sql` on persons`}`.execute(
          db.ctx.db,
        );
        if (engine.name !== 'sqlite') await sql`drop function boom_person()`.execute(db.ctx.db);
      }
      const report = await verifyIntegrity(db.ctx, testActor, {
        verifierKey: logPublicKey(ephemeralLogSigner('test.palermo/import')),
        checkpoints: [],
      });
      expect(report.problems).toEqual([]);
    }, 120_000);

    it('a charge refused in the bulk path is named by its row, and nothing is written', async () => {
      // 120 new cases (more than a batch); one charges 18 U.S.C. 1589 in 1999, before the pack
      // has it in force (from 2000-10-28): addCharge's rule, kept by the batch's charges too.
      const lines = manyCases('c', 'P');
      lines[41] = `c42,p,P42,M,1589,1999-05-06,,,`;
      const before = { cases: await count('cases'), log: await count('audit_log') };
      const result = await importRecords(db.ctx, testActor, {
        file: file('law.csv', lines),
        mapping,
      });
      expect(result.committed).toBe(false);
      expect(result.problems).toEqual([
        expect.objectContaining({ row: 43, reason: expect.stringMatching(/1589/) }),
      ]);
      expect({ cases: await count('cases'), log: await count('audit_log') }).toEqual(before);
    }, 120_000);

    it('--partial writes in batches; a refused case leaves the rest of its batch', async () => {
      const lines = manyCases('q', 'Q');
      await openByHand('IMP-q50');
      const cases = await count('cases');
      const input = file('partial-many.csv', lines);
      const result = await importRecords(db.ctx, testActor, {
        file: input,
        mapping,
        partial: true,
      });
      expect(result.committed).toBe(true);
      expect(result.cases).toMatchObject({ created: 119, rejected: 1 });
      expect(result.written).toMatchObject({ case: 119, person: 119, charge: 119, event: 238 });
      expect(result.problems).toEqual([
        expect.objectContaining({ row: 51, reason: expect.stringMatching(/already exists/) }),
      ]);
      expect(await count('cases')).toBe(cases + 119);
      const rejects = readFileSync(result.rejectsFile ?? '', 'utf8');
      expect(rejects).toMatch(/^51,q50,/m);
      // Again: everything kept is known, the refused case is refused again.
      const again = await importRecords(db.ctx, testActor, { file: input, mapping, partial: true });
      expect(again.cases).toMatchObject({ created: 0, unchanged: 119, rejected: 1 });
      expect(await count('cases')).toBe(cases + 119);
    }, 120_000);

    it('an entry given the row its writer inserted refuses a row without a logged column', async () => {
      // The import's bulk writes hand the log the rows they inserted instead of it reading them
      // back; a row missing a column the log records would make the entry disagree with storage.
      const agency = await db.ctx.db
        .selectFrom('agencies')
        .select('id')
        .where('name', '=', 'US Attorney')
        .executeTakeFirstOrThrow();
      const opened = await openCase(db.ctx, testActor, {
        jurisdiction: 'US',
        reference: 'LOG-1',
        openedOn: '2011-05-06',
        openingAgencyId: agency.id,
      });
      const row = await db.ctx.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', opened.id)
        .executeTakeFirstOrThrow();
      const partial = Object.fromEntries(Object.entries(row).filter(([c]) => c !== 'summary'));
      const change = {
        action: 'case.open',
        entityType: 'case',
        entityId: row.id,
        caseId: row.id,
        before: null,
        after: null,
      } satisfies AuditChange;
      const append = (given: { readonly id: string }) =>
        inTransaction(db.ctx, (trx) =>
          appendAuditEntries(trx, db.ctx, testActor, [change], insertedById({ case: [given] })),
        ).then(
          () => 'appended',
          (error: unknown) => String(error),
        );
      const size = await count('audit_log');
      expect(await append({ ...partial, id: row.id })).toMatch(/without summary/);
      expect(await count('audit_log')).toBe(size);
      expect(await append(row)).toBe('appended');
    });

    it.skipIf(engine.name !== 'sqlite')(
      'writes with a larger SQLite page cache and gives the connection its own back',
      async () => {
        const cacheSize = async () =>
          Number(
            (await sql<{ cache_size: number }>`pragma cache_size`.execute(db.ctx.db)).rows[0]
              ?.cache_size,
          );
        const before = await cacheSize();
        const during = await withBulkPageCache(db.ctx.db, db.ctx.engine, cacheSize);
        expect(during).toBe(-BULK_PAGE_CACHE_KIB);
        expect(before).not.toBe(during);
        await importRecords(db.ctx, testActor, { file: file('cache.csv', good), mapping });
        expect(await cacheSize()).toBe(before);
        // Overlapping works: the first to end leaves the cache raised for the other, and the
        // last gives the connection its own size back (not the raised one it saw on entry).
        let releaseFirst = (): void => undefined;
        const first = withBulkPageCache(
          db.ctx.db,
          db.ctx.engine,
          () => new Promise<void>((resolve) => (releaseFirst = resolve)),
        );
        let releaseSecond = (): void => undefined;
        const second = withBulkPageCache(
          db.ctx.db,
          db.ctx.engine,
          () => new Promise<void>((resolve) => (releaseSecond = resolve)),
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
        releaseFirst();
        await first;
        expect(await cacheSize()).toBe(-BULK_PAGE_CACHE_KIB);
        releaseSecond();
        await second;
        expect(await cacheSize()).toBe(before);
      },
    );

    it('verify stays clean after imports', async () => {
      const report = await verifyIntegrity(db.ctx, testActor, {
        verifierKey: logPublicKey(ephemeralLogSigner('test.palermo/import')),
        checkpoints: [],
      });
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    });

    it('detects a Windows-1251 file and reads its Cyrillic words', async () => {
      const path = join(dir, 'cp1251.csv');
      const text = `${header}\n5,f,Ф,жен,1591,2011-05-06,,,\n`;
      // Windows-1251: Cyrillic letters А..я are 0xC0..0xFF in order.
      const bytes = Buffer.from(
        [...text].map((ch) => {
          const code = ch.codePointAt(0) ?? 0;
          return code >= 0x410 && code <= 0x44f ? code - 0x410 + 0xc0 : code;
        }),
      );
      writeFileSync(path, bytes);
      const result = await importRecords(db.ctx, testActor, { file: path, mapping });
      expect(result.encoding).toBe('windows-1251');
      expect(result.problems).toEqual([]);
      const person = await db.ctx.db
        .selectFrom('persons')
        .selectAll()
        .where('label', '=', 'Ф')
        .executeTakeFirstOrThrow();
      expect(person.sex).toBe('female');
    });

    it('refuses a file cut off inside a quoted cell, writing nothing', async () => {
      const before = await count('cases');
      const path = join(dir, 'cut.csv');
      writeFileSync(path, `${header}\n${good[0]}\n6,g,G,M,"['1591', '13`);
      await expect(importRecords(db.ctx, testActor, { file: path, mapping })).rejects.toSatisfy(
        (error) => isDomainError(error, 'ValidationFailed') && /cut off/.test(String(error)),
      );
      expect(await count('cases')).toBe(before);
      expect(existsSync(join(dir, 'cut.rejects.csv'))).toBe(false);
    });

    it('refuses a file whose last row is short (cut off between cells)', async () => {
      const path = join(dir, 'short.csv');
      writeFileSync(path, `${header}\n${good[2]}\n7,h,H,M`);
      await expect(importRecords(db.ctx, testActor, { file: path, mapping })).rejects.toThrow(
        /different number of cells/,
      );
    });

    it('reads an XLSX workbook: dates as dates, numbers as numbers, a formula by its result', async () => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('cases');
      sheet.addRow(header.split(','));
      sheet.addRow([
        '8',
        'x',
        'X',
        'M',
        '1591',
        new Date(Date.UTC(2013, 1, 3)),
        2014,
        1,
        { formula: '100+20', result: 120 },
      ]);
      sheet.addRow(['8', 'y', 'Y', 'F', '1591', '2013-02-03', '', '', '']);
      const path = join(dir, 'book.xlsx');
      await book.xlsx.writeFile(path);
      const result = await importRecords(db.ctx, testActor, { file: path, mapping });
      expect(result).toMatchObject({ encoding: 'xlsx', committed: true, problems: [] });
      const person = await db.ctx.db
        .selectFrom('persons')
        .selectAll()
        .where('label', '=', 'X')
        .executeTakeFirstOrThrow();
      const charge = await db.ctx.db
        .selectFrom('charges')
        .selectAll()
        .where('person_id', '=', person.id)
        .executeTakeFirstOrThrow();
      expect(charge.charged_on).toBe('2013-02-03');
      const sentence = await db.ctx.db
        .selectFrom('sentences')
        .selectAll()
        .where('person_id', '=', person.id)
        .executeTakeFirstOrThrow();
      expect(sentence).toMatchObject({ imprisonment_months: 120, sentenced_on: '2014-12-31' });
    });

    it('refuses a duplicated row, naming the row it repeats', async () => {
      const result = await importRecords(db.ctx, testActor, {
        file: file('dup.csv', [`9,z,Z,M,1591,2013-02-03,,,`, `9,z,Z,M,1591,2013-02-03,,,`]),
        mapping,
        dryRun: true,
      });
      expect(result.problems).toEqual([
        { row: 3, column: 'person', value: 'z', reason: 'duplicate row: the same as row 2' },
      ]);
    });

    it('records victims: role from a column, forms through the value map, updated when they change', async () => {
      const victims = parseMapping(
        `
source: test-victims
jurisdiction: US
agency: US Attorney
case: { key: case, reference: { template: "V-{case}" }, openedOn: { column: charged, format: YYYY-MM-DD, aggregate: min } }
person:
  key: person
  role: { column: role, map: { S: suspect, V: victim } }
  label: { column: person }
victim:
  forms: { column: forms, map: { sex: sexual, labour: forced_labour, both: "sexual,forced_labour" } }
  identifiedOn: { column: identified, format: DD.MM.YYYY }
charges:
  statute: statute
  statutes: { "1591": { instrument: usc18, article: "1591" } }
  chargedOn: { column: charged, format: YYYY-MM-DD }
`,
        'victims.yaml',
      );
      const write = (forms: string) => {
        const path = join(dir, 'victims.csv');
        writeFileSync(
          path,
          `case,person,role,statute,charged,forms,identified\n20,s1,S,1591,2012-01-01,,\n20,v1,V,,2012-01-01,${forms},02.01.2012\n`,
        );
        return path;
      };
      const first = await importRecords(db.ctx, testActor, {
        file: write('sex'),
        mapping: victims,
      });
      expect(first.problems).toEqual([]);
      expect(first.written).toMatchObject({ person: 2, victim: 1, charge: 1 });
      const victim = await db.ctx.db
        .selectFrom('persons')
        .selectAll()
        .where('label', '=', 'v1')
        .executeTakeFirstOrThrow();
      expect(victim.role).toBe('victim');
      const record = await db.ctx.db
        .selectFrom('victim_records')
        .selectAll()
        .where('person_id', '=', victim.id)
        .executeTakeFirstOrThrow();
      expect(record).toMatchObject({ identified_on: '2012-01-02', version: 1 });
      expect(JSON.parse(record.forms ?? 'null')).toEqual(['sexual']);
      const second = await importRecords(db.ctx, testActor, {
        file: write('both'),
        mapping: victims,
      });
      expect(second.written).toMatchObject({ victim: 1, person: 0 });
      const updated = await db.ctx.db
        .selectFrom('victim_records')
        .selectAll()
        .where('person_id', '=', victim.id)
        .executeTakeFirstOrThrow();
      expect(updated.version).toBe(2);
      expect(JSON.parse(updated.forms ?? 'null')).toEqual(['sexual', 'forced_labour']);
      // Recorded in bulk with its new case, then updated through the use-case: one entry each,
      // and the log agrees with the stored record.
      const entries = await db.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'victim_record')
        .where('entity_id', '=', victim.id)
        .orderBy('idx')
        .execute();
      expect(entries.map((entry) => entry.action)).toEqual(['victim.record', 'victim.update']);
      const report = await verifyIntegrity(db.ctx, testActor, {
        verifierKey: logPublicKey(ephemeralLogSigner('test.palermo/import')),
        checkpoints: [],
      });
      expect(report.problems).toEqual([]);
    });

    it('names a mapped column the file does not have', async () => {
      const path = join(dir, 'nocol.csv');
      writeFileSync(path, 'case,person\n1,a\n');
      await expect(importRecords(db.ctx, testActor, { file: path, mapping })).rejects.toThrow(
        /no column "label"/,
      );
    });
  });
}
