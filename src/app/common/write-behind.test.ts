/**
 * Writes let go on in a transaction (context.ts writeBehind, with sendObjects): an import hands
 * a batch's INSERTs to the connection and goes on preparing the next batch while PostgreSQL
 * inserts them. They must still land in the order asked, before anything asked after them, and
 * a write that failed must keep the transaction from committing and be the error reported.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeCase } from '../../../test/factories.ts';
import { findCase, findPerson, sendPersons } from '../../db/repositories/cases.repository.ts';
import type { PersonsTable } from '../../db/tables/persons.table.ts';
import { newPersonRow } from '../persons/persons.ts';
import { createPersonInput } from '../schemas/cases.schemas.ts';
import { inTransaction, settleWrites, writeBehind } from './context.ts';
import { parseInput } from './validate.ts';

describe.each(engines)('writes let go on, on $name', (engine) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await engine.open();
  });
  afterEach(async () => {
    await database.close();
  });

  const personsOf = (
    ctx: TestDatabase['ctx'],
    caseRow: Parameters<typeof newPersonRow>[1],
    n: number,
  ) =>
    Array.from({ length: n }, (_, i): PersonsTable =>
      newPersonRow(
        ctx.newId(),
        caseRow,
        parseInput(createPersonInput, { role: 'suspect', label: `S${i}`, sex: 'male' }),
        new Date(Date.UTC(2016, 0, 1, 0, 0, i)).toISOString(),
      ),
    );

  /** A stored case of the database, and a case row of the same shape that is not stored. */
  async function cases(ctx: TestDatabase['ctx']) {
    const { police } = await makeAgencies(ctx);
    const { caseId } = await makeCase(ctx, police.id);
    const stored = await findCase(ctx.db, caseId);
    if (stored === undefined) throw new Error('the case was not stored');
    return { stored, missing: { ...stored, id: 'no-such-case' } };
  }

  it('land in the order asked, before what is asked after them, and commit', async () => {
    const { ctx } = database;
    const { stored } = await cases(ctx);
    // More rows than one PostgreSQL statement takes, so the INSERT goes in several chunks.
    const rows = personsOf(ctx, stored, 12_000);
    await inTransaction(ctx, async (trx) => {
      await writeBehind(trx, (await sendPersons(trx, rows)).written);
      // Asked after the write, not waiting for it: it sees every row.
      const last = rows.at(-1);
      expect(last && (await findPerson(trx, last.id))?.label).toBe('S11999');
    });
    for (const row of [rows[0], rows[5_000], rows.at(-1)])
      expect(row && (await findPerson(ctx.db, row.id))?.id).toBe(row?.id);
  });

  it('that failed keep the transaction from committing, and are the error thrown', async () => {
    const { ctx } = database;
    const { stored, missing } = await cases(ctx);
    const good = personsOf(ctx, stored, 3);
    // A person of a case that does not exist: refused by the foreign key (on SQLite at once,
    // on PostgreSQL while the work goes on).
    const committed = inTransaction(ctx, async (trx) => {
      await writeBehind(trx, (await sendPersons(trx, good)).written);
      await writeBehind(trx, (await sendPersons(trx, personsOf(ctx, missing, 1))).written);
      await writeBehind(trx, (await sendPersons(trx, personsOf(ctx, stored, 2))).written);
    });
    await expect(committed).rejects.toThrow(/foreign key/i);
    for (const row of good) expect(await findPerson(ctx.db, row.id)).toBeUndefined();
  });

  it('that failed are the error of every later settleWrites', async () => {
    const { ctx } = database;
    const { missing } = await cases(ctx);
    const failures: unknown[] = [];
    await expect(
      inTransaction(ctx, async (trx) => {
        try {
          await writeBehind(trx, (await sendPersons(trx, personsOf(ctx, missing, 1))).written);
        } catch (error) {
          failures.push(error);
        }
        for (let i = 0; i < 2; i += 1) {
          try {
            await settleWrites(trx);
          } catch (error) {
            failures.push(error);
          }
        }
        throw new Error('the work gave up');
      }),
    ).rejects.toThrow('the work gave up');
    // SQLite refuses the INSERT when it is sent; PostgreSQL's refusal comes at each settle.
    expect(failures).toHaveLength(engine.name === 'sqlite' ? 1 : 2);
    expect(String(failures[0])).toMatch(/foreign key/i);
    for (const failure of failures) expect(failure).toBe(failures[0]);
  });
});
