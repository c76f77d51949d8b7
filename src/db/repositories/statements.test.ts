/**
 * The bulk INSERT (statements.ts insertObjects) stores every value as given, on both engines:
 * on PostgreSQL each column goes as one array parameter, whose text form Palermo builds itself
 * for strings and numbers; a value that would break that form (quotes, backslashes,
 * braces, commas, the word NULL, spaces, an empty text) must come back unchanged.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { insertObjects } from './statements.ts';

interface Scratch {
  id: string;
  label: string | null;
  amount: number | null;
}

/** Texts PostgreSQL's array syntax treats specially, and any other (no NUL: no engine stores it). */
const text = fc
  .oneof(
    fc.constantFrom(
      '',
      'NULL',
      'null',
      ' ',
      '"',
      '\\',
      '\\"',
      '{',
      '}',
      ',',
      '{a,b}',
      '"NULL"',
      'a b',
    ),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', ',', ' ', 'a', 'Ж'), maxLength: 8 }),
  )
  .filter((value) => !value.includes('\u0000'));

describe.each(engines)('insertObjects on $name', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await engine.open();
    await sql`create table scratch_values (id text primary key, label text, amount integer)`.execute(
      database.handle.db,
    );
  });
  afterAll(async () => {
    await sql`drop table scratch_values`.execute(database.handle.db);
    await database.close();
  });

  it('stores every text, number and null as given', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            label: fc.option(text),
            amount: fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 })),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        async (values) => {
          run += 1;
          const rows: Scratch[] = values.map((value, i) => ({ id: `${run}-${i}`, ...value }));
          await insertObjects(database.handle.db, 'scratch_values', rows, 7);
          const { rows: stored } = await sql<Scratch>`
            select id, label, amount from scratch_values where id like ${`${run}-%`}`.execute(
            database.handle.db,
          );
          const back = new Map(stored.map((row) => [row.id, row]));
          expect(rows.map((row) => back.get(row.id))).toEqual(rows);
        },
      ),
      { numRuns: 60 },
    );
  });
  it("refuses rows whose columns are not the first row's", async () => {
    const db = database.handle.db;
    await expect(
      insertObjects(
        db,
        'scratch_values',
        [
          { id: 'x1', label: 'a', amount: 1 },
          { id: 'x2', label: 'b' },
        ],
        5,
      ),
    ).rejects.toThrow('insertObjects(scratch_values): rows with different columns');
    await expect(
      insertObjects(
        db,
        'scratch_values',
        [
          { id: 'x3', label: 'a', amount: 1 },
          { id: 'x4', label: 'b', other: 2 },
        ],
        5,
      ),
    ).rejects.toThrow('insertObjects(scratch_values): a row without amount');
  });
});
