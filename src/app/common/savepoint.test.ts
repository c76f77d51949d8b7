/**
 * A savepoint undone (`inSavepoint`, used by the import to name each refused case while its
 * file's transaction goes on) puts back the rows it wrote and what the transaction keeps in
 * memory: an audit log appended to, undone, appended to again and committed still verifies,
 * its indices dense and its head counting only the entries that stayed. Both engines, with the
 * transaction's tail made before the savepoint and within it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, testActor } from '../../../test/factories.ts';
import { DomainError } from '../../core/errors.ts';
import { appendAudit } from '../audit/audit.ts';
import type { AuditChange } from '../audit/audit.ts';
import { verifyIntegrity } from '../integrity/verify.ts';
import { ephemeralLogSigner } from '../integrity/log-key.ts';
import { logPublicKey } from '../integrity/log.ts';
import { inSavepoint, inTransaction } from './context.ts';

describe.each(engines)('a savepoint undone on $name', (engine) => {
  let db: TestDatabase;
  let agencyId: string;
  beforeAll(async () => {
    db = await engine.open();
    agencyId = (await makeAgencies(db.ctx)).police.id;
  });
  afterAll(async () => {
    await db.close();
  });

  const labels = ['sp before', 'sp undone 1', 'sp undone 2', 'sp kept', 'sp after', 'sp lost'];
  /** An entry about the agency (a refused access: it changes no record). */
  const change = (attempted: string): AuditChange => ({
    action: 'access.denied',
    entityType: 'agency',
    entityId: agencyId,
    caseId: null,
    before: null,
    after: { attempted, roles: [] },
  });
  const attempts = async () =>
    (
      await db.ctx.db
        .selectFrom('audit_log')
        .select(['idx', 'leaf'])
        .where('action', '=', 'access.denied')
        .orderBy('idx')
        .execute()
    ).map((row) => ({
      idx: Number(row.idx),
      // Which of the test's attempts the entry records (its leaf is the entry's canonical JSON).
      attempted: labels.find((label) => row.leaf.includes(`"${label}"`)) ?? '',
    }));
  const verify = async () =>
    (
      await verifyIntegrity(db.ctx, testActor, {
        verifierKey: logPublicKey(ephemeralLogSigner('test.palermo/savepoint')),
        checkpoints: [],
      })
    ).problems;
  const refused = new DomainError('Conflict', 'refused on purpose');

  for (const before of [true, false])
    it(`keeps the log whole when entries are undone (an entry appended before the savepoint: ${String(before)})`, async () => {
      const from = (await attempts()).length;
      const kept = await inTransaction(db.ctx, async (trx) => {
        if (before) await appendAudit(trx, db.ctx, testActor, change('sp before'));
        const undone = await inSavepoint(trx, 'test_undone', async () => {
          await appendAudit(trx, db.ctx, testActor, change('sp undone 1'));
          await appendAudit(trx, db.ctx, testActor, change('sp undone 2'));
          throw refused;
        });
        expect(undone).toEqual({ ok: false, error: refused });
        const written = await inSavepoint(trx, 'test_kept', () =>
          appendAudit(trx, db.ctx, testActor, change('sp kept')),
        );
        expect(written.ok).toBe(true);
        return appendAudit(trx, db.ctx, testActor, change('sp after'));
      });
      const rows = (await attempts()).slice(from);
      expect(rows.map((row) => row.attempted)).toEqual([
        ...(before ? ['sp before'] : []),
        'sp kept',
        'sp after',
      ]);
      // Dense: each index one after the last, the last the one the final append returned.
      for (const [i, row] of rows.entries()) expect(row.idx).toBe((rows[0]?.idx ?? 0) + i);
      expect(rows.at(-1)?.idx).toBe(kept);
      const head = await sql<{ size: number }>`select size from audit_head`.execute(db.ctx.db);
      expect(Number(head.rows[0]?.size)).toBe(kept + 1);
      expect(await verify()).toEqual([]);
    });

  it('throws anything but a refusal as it is, and the transaction rolls back', async () => {
    const from = (await attempts()).length;
    await expect(
      inTransaction(db.ctx, async (trx) => {
        await appendAudit(trx, db.ctx, testActor, change('sp lost'));
        await inSavepoint(trx, 'test_broken', () => Promise.reject(new Error('not a refusal')));
      }),
    ).rejects.toThrow('not a refusal');
    expect((await attempts()).length).toBe(from);
    expect(await verify()).toEqual([]);
  });
});
