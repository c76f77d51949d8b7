import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { testActor } from '../../../test/factories.ts';
import { quasiIdentifiers } from '../../core/exchange/ctdc.ts';
import { loadDemo } from '../demo/demo.ts';
import { exportCtdc } from './ctdc.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

for (const engine of engines) {
  describe(`CTDC export of the demo (${engine.name})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await engine.open();
      await loadDemo(db.ctx);
    }, 120_000);
    afterAll(() => db.close());

    it('one row per victim, every released combination shared by at least k rows (default 11)', async () => {
      const victims = await db.ctx.db
        .selectFrom('victim_records as v')
        .innerJoin('cases as c', 'c.id', 'v.case_id')
        .select(sql<number>`count(*)`.as('n'))
        .where('c.jurisdiction', '=', toJurisdictionCode('KG'))
        .where('c.sealed', '=', 0)
        .executeTakeFirstOrThrow();
      const result = await exportCtdc(db.ctx, testActor, {
        jurisdiction: toJurisdictionCode('KG'),
      });
      expect(result.k).toBe(11);
      expect(result.victims).toBe(Number(victims.n));
      expect(result.victims).toBeGreaterThan(11);
      expect(result.rows.length + result.suppressed).toBe(result.victims);
      // Read back from the CSV itself: the groups a reader of the file would see.
      const [header = '', ...lines] = result.csv.trimEnd().split('\r\n');
      const columns = header.split(',');
      expect(lines).toHaveLength(result.rows.length);
      const groups = new Map<string, number>();
      for (const line of lines) {
        const cells = line.split(',');
        const key = quasiIdentifiers.map((q) => cells[columns.indexOf(q)]).join('|');
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
      for (const size of groups.values()) expect(size).toBeGreaterThanOrEqual(11);
      expect(lines.some((line) => line.includes('-99'))).toBe(true);
    });

    it('a smaller k releases more detail, and each export is logged', async () => {
      const strict = await exportCtdc(db.ctx, testActor, {
        jurisdiction: toJurisdictionCode('KG'),
        k: 11,
      });
      const loose = await exportCtdc(db.ctx, testActor, {
        jurisdiction: toJurisdictionCode('KG'),
        k: 2,
      });
      const generalisedCells = (r: typeof strict) =>
        Object.values(r.generalised).reduce((a, b) => a + b, 0) + r.suppressed;
      expect(generalisedCells(loose)).toBeLessThan(generalisedCells(strict));
      const logged = await db.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', 'ctdc/KG')
        .execute();
      expect(logged.length).toBeGreaterThanOrEqual(3);
    });

    it('refuses a k below 2', async () => {
      await expect(
        exportCtdc(db.ctx, testActor, { jurisdiction: toJurisdictionCode('KG'), k: 1 }),
      ).rejects.toThrow(/k/);
    });
  });
}
