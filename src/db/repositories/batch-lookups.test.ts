/**
 * The lookups an import makes for each batch of cases (which of its references are taken, which
 * of its case keys are known) answer exactly, on both engines, and on PostgreSQL read only the
 * rows they ask for, however many cases the import's own transaction wrote before: the
 * planner has no statistics on those rows, and twice a lookup that read every case of the
 * jurisdiction (or every case key of the source) made an import of a million rows quadratic.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies } from '../../../test/factories.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';
import type { Executor } from '../schema.ts';
import { findTakenReferences } from './cases.repository.ts';
import { findCaseImportKeys } from './import-keys.repository.ts';

const KG = toJurisdictionCode('KG');
const UZ = toJurisdictionCode('UZ');
const at = '2026-12-01T00:00:00.000Z';
/** References and keys the engines' syntax treats specially, and plain ones. */
const awkward = ["KG-'1'", 'KG-"2"', 'KG-{3,4}', 'KG-\\5', 'KG- 6', 'NULL', 'Дело 7'];

/** Writes cases (and a case import key each) with these references, in `jurisdiction`. */
async function writeCases(
  executor: Executor,
  agencyId: string,
  jurisdiction: JurisdictionCode,
  references: readonly string[],
): Promise<void> {
  for (let i = 0; i < references.length; i += 200) {
    const chunk = references.slice(i, i + 200);
    const ids = chunk.map((_, j) => `${jurisdiction}-${i + j}-${Math.random().toString(36)}`);
    await executor
      .insertInto('cases')
      .values(
        chunk.map((reference, j) => ({
          id: ids[j] ?? '',
          jurisdiction,
          reference,
          opened_on: '2016-03-01',
          opening_agency_id: agencyId,
          status: 'open',
          sealed: 0,
          version: 1,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    await executor
      .insertInto('import_keys')
      .values(
        chunk.map((reference, j) => ({
          id: `key-${ids[j] ?? ''}`,
          jurisdiction,
          source: 'ledger',
          kind: 'case',
          external_key: reference,
          case_id: ids[j] ?? '',
          entity_id: ids[j] ?? '',
          digest: 'd',
          version: 1,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
  }
}

/** The rows PostgreSQL has read from `table` in this transaction so far (by scans and indexes). */
async function rowsRead(executor: Executor, table: string): Promise<number> {
  const result = await sql<{ n: string | number }>`
    select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) as n
    from pg_stat_xact_user_tables where relname = ${table}
    and schemaname = current_schema()`.execute(executor);
  return Number(result.rows[0]?.n ?? 0);
}

describe.each(engines)('the lookups of an import batch on $name', (engine) => {
  let database: TestDatabase;
  let agencyId: string;
  beforeAll(async () => {
    database = await engine.open();
    agencyId = (await makeAgencies(database.ctx)).police.id;
    await writeCases(database.handle.db, agencyId, KG, awkward);
    await writeCases(database.handle.db, agencyId, UZ, ['UZ-only', 'KG-8']);
  });
  afterAll(async () => {
    await database.close();
  });

  it('find exactly the references and case keys that exist in the jurisdiction', async () => {
    const asked = [...awkward, 'KG-8', 'KG-absent', "KG-'1", ''];
    expect([...(await findTakenReferences(database.handle.db, KG, asked))].sort()).toEqual(
      [...awkward].sort(),
    );
    expect([...(await findTakenReferences(database.handle.db, UZ, asked))]).toEqual(['KG-8']);
    const keys = await findCaseImportKeys(
      database.handle.db,
      { jurisdiction: KG, source: 'ledger' },
      asked,
    );
    expect([...keys.keys()].sort()).toEqual([...awkward].sort());
    for (const [key, row] of keys) expect(row.external_key).toBe(key);
    const elsewhere = await findCaseImportKeys(
      database.handle.db,
      { jurisdiction: KG, source: 'other ledger' },
      asked,
    );
    expect(elsewhere.size).toBe(0);
  });

  it('answer for more than one chunk of references', async () => {
    const many = Array.from({ length: 1_203 }, (_, i) => `KG-many-${i}`);
    await database.handle.db
      .transaction()
      .execute(async (trx) => {
        await writeCases(
          trx,
          agencyId,
          KG,
          many.filter((_, i) => i % 3 === 0),
        );
        const taken = await findTakenReferences(trx, KG, many);
        expect(taken.size).toBe(401);
        const keys = await findCaseImportKeys(trx, { jurisdiction: KG, source: 'ledger' }, many);
        expect(keys.size).toBe(401);
        throw new Error('rolled back');
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.message !== 'rolled back') throw error;
      });
  });

  it.skipIf(engine.name !== 'postgres')(
    'read only the rows asked for, after thousands of cases written in the same transaction',
    async () => {
      const written = Array.from({ length: 4_000 }, (_, i) => `KG-bulk-${i}`);
      const batch = Array.from({ length: 100 }, (_, i) => `KG-next-${i}`);
      await database.handle.db
        .transaction()
        .execute(async (trx) => {
          await writeCases(trx, agencyId, KG, written);
          for (const [table, lookup] of [
            ['cases', () => findTakenReferences(trx, KG, [...batch, ...written.slice(0, 5)])],
            [
              'import_keys',
              () =>
                findCaseImportKeys(trx, { jurisdiction: KG, source: 'ledger' }, [
                  ...batch,
                  ...written.slice(0, 5),
                ]),
            ],
          ] as const) {
            const before = await rowsRead(trx, table);
            const found = await lookup();
            expect(found.size).toBe(5);
            // A row or so per reference asked, not the thousands the transaction wrote.
            expect(await rowsRead(trx, table)).toBeLessThanOrEqual(before + 2 * 105);
          }
          throw new Error('rolled back');
        })
        .catch((error: unknown) => {
          if (!(error instanceof Error) || error.message !== 'rolled back') throw error;
        });
    },
  );
});
