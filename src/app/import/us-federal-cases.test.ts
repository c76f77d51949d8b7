/**
 * The real dataset of issue 15: US federal human-trafficking prosecutions
 * (../shared/data/us-federal-cases, humantraffickingdata.org) imported with the mapping shipped
 * in examples/. The whole file takes about a minute on SQLite, too slow for the suite, so the
 * test imports a deterministic subset: the defendants of the first 100 cases in file order.
 * Every figure checked is computed here from the CSV, independently of the importer.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { testActor } from '../../../test/factories.ts';
import { parseMapping } from '../../core/import/mapping.ts';
import { createAgency } from '../agencies/agencies.ts';
import { sentencesUnderArticle } from '../reports/sentences.ts';
import { importRecords } from './import.ts';
import type { ImportResult } from './import.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

const dataDir = new URL('../../../../shared/data/us-federal-cases/', import.meta.url).pathname;
const mappingFile = new URL('../../../examples/us-federal-cases.mapping.yaml', import.meta.url)
  .pathname;
const CASES = 100;

type Row = Record<string, string>;
const readCsv = (text: string): Row[] => parse(text, { columns: true, bom: true });

/** A Python list cell ("['1591', '1594']", "[None, None]") or a plain value, as strings. */
function items(cell: string | undefined): string[] {
  const text = (cell ?? '').trim();
  if (!text.startsWith('[')) return [text];
  return text
    .slice(1, -1)
    .split(/[,\s]+/)
    .filter((s) => s !== '')
    .map((s) => (s === 'None' ? '' : s.replace(/^'|'$/g, '')));
}

const chapter77 = new Set(['1589', '1590', '1591', '1592', '1594']);

interface Expected {
  refusedCases: string[];
  cases: number;
  persons: number;
  charges: number;
  convictedUnder1591: number;
  sentences1591: Map<number, number[]>;
}

/** The figures the subset should give, computed from the CSV rows alone. */
function expectedFrom(defendants: readonly Row[]): Expected {
  const byCase = new Map<string, Row[]>();
  for (const d of defendants)
    byCase.set(d.case_id ?? '', [...(byCase.get(d.case_id ?? '') ?? []), d]);
  const refused = new Set<string>();
  for (const [id, rows] of byCase) {
    for (const d of rows) {
      const codes = items(d.statute_sentence).filter((c) => chapter77.has(c));
      // A charge needs a date: a defendant charged under chapter 77 without a charge date.
      if (codes.length > 0 && (d.charge_date ?? '') === '') refused.add(id);
      // Section 1592 came into force with the TVPA on 28 October 2000.
      if (codes.includes('1592') && (d.charge_date ?? '') < '2000-10-28') refused.add(id);
    }
  }
  let persons = 0;
  let charges = 0;
  let convictedUnder1591 = 0;
  const sentences1591 = new Map<number, number[]>();
  for (const [id, rows] of byCase) {
    if (refused.has(id)) continue;
    for (const d of rows) {
      persons++;
      const codes = items(d.statute_sentence);
      const plea = items(d.statute_plea_guilty);
      const trial = items(d.statute_trial_guilty);
      const single = codes.length === 1;
      const convictedOn = (i: number) =>
        Number(single ? plea[0] : plea[i]) > 0 || Number(single ? trial[0] : trial[i]) > 0;
      let convicted1591 = false;
      codes.forEach((code, i) => {
        if (!chapter77.has(code)) return;
        charges++;
        if (code === '1591' && (d.year_terminated ?? '') !== '' && convictedOn(i))
          convicted1591 = true;
      });
      if (!convicted1591) continue;
      convictedUnder1591++;
      const months = d.total_months_sentenced ?? '';
      if (months === '') continue;
      const year = Number(d.year_terminated);
      sentences1591.set(year, [...(sentences1591.get(year) ?? []), Number(months)]);
    }
  }
  return {
    refusedCases: [...refused].sort(),
    cases: byCase.size - refused.size,
    persons,
    charges,
    convictedUnder1591,
    sentences1591,
  };
}

function medianOf(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

for (const engine of engines) {
  describe(`the US federal cases dataset, first ${CASES} cases (${engine.name})`, () => {
    let db: TestDatabase;
    let dir: string;
    let expected: Expected;
    let result: ImportResult;
    const count = async (table: 'cases' | 'persons' | 'charges') =>
      Number(
        (
          await db.ctx.db
            .selectFrom(table)
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      db = await engine.open();
      dir = mkdtempSync(join(tmpdir(), 'palermo-us-'));
      const text = readFileSync(join(dataDir, 'defendants.csv'), 'utf8');
      const [header = ''] = text.split('\n');
      const all = readCsv(text);
      const caseIds: string[] = [];
      for (const d of all) {
        if (!caseIds.includes(d.case_id ?? '') && caseIds.length < CASES)
          caseIds.push(d.case_id ?? '');
      }
      // The subset keeps the file's own lines, so the importer reads them exactly as written.
      const lines = text.split('\n').slice(1);
      const kept = lines.filter((_, i) => caseIds.includes(all[i]?.case_id ?? '\u0000'));
      writeFileSync(join(dir, 'defendants.csv'), [header, ...kept].join('\n') + '\n');
      writeFileSync(join(dir, 'cases.csv'), readFileSync(join(dataDir, 'cases.csv')));
      expected = expectedFrom(all.filter((d) => caseIds.includes(d.case_id ?? '')));
      await createAgency(db.ctx, testActor, {
        jurisdiction: 'US',
        name: 'US federal prosecutions (humantraffickingdata.org)',
        kind: 'prosecutor',
      });
      result = await importRecords(db.ctx, testActor, {
        file: join(dir, 'defendants.csv'),
        mapping: parseMapping(readFileSync(mappingFile, 'utf8'), 'us-federal-cases.mapping.yaml'),
        partial: true,
      });
    }, 180_000);
    afterAll(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses exactly the cases the data cannot support, and imports the rest', async () => {
      expect(expected.refusedCases.length).toBeGreaterThan(0);
      const refusedLines = new Set(result.problems.map((p) => p.row));
      const rejects = readCsv(readFileSync(join(dir, 'defendants.rejects.csv'), 'utf8'));
      expect([...new Set(rejects.map((r) => r.case_id))].sort()).toEqual(expected.refusedCases);
      expect(refusedLines.size).toBeGreaterThan(0);
      expect(result.cases.created).toBe(expected.cases);
      expect(await count('cases')).toBe(expected.cases);
      expect(await count('persons')).toBe(expected.persons);
      expect(await count('charges')).toBe(expected.charges);
    });

    it('convictions under 18 U.S.C. 1591 and the median sentence by year match the CSV', async () => {
      const convicted = await db.ctx.db
        .selectFrom('verdicts as v')
        .innerJoin('charges as c', 'c.id', 'v.charge_id')
        .select(sql<number>`count(distinct v.person_id)`.as('n'))
        .where('v.outcome', '=', 'convicted')
        .where('c.article', '=', '1591')
        .executeTakeFirstOrThrow();
      expect(Number(convicted.n)).toBe(expected.convictedUnder1591);
      const { years } = await sentencesUnderArticle(db.ctx, testActor, {
        jurisdiction: toJurisdictionCode('US'),
        article: '1591',
      });
      const want = [...expected.sentences1591.entries()]
        .sort(([a], [b]) => a - b)
        .map(([year, months]) => ({
          year,
          sentences: months.length,
          medianMonths: medianOf(months),
        }));
      expect(want.length).toBeGreaterThan(3);
      expect(
        years.map((y) => ({ year: y.year, sentences: y.sentences, medianMonths: y.medianMonths })),
      ).toEqual(want);
    });
  });
}
