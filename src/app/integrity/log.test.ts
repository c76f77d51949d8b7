import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeUser, testActor } from '../../../test/factories.ts';
import {
  checkConsistency,
  checkInclusion,
  decodeAuditLeaf,
  decodeBase64,
  hashLeaf,
  rootFromLeafHashes,
  toHex,
  verifyCheckpoint,
} from '../../core/audit/index.ts';
import type { Hash } from '../../core/audit/index.ts';
import { findActor } from '../agencies/agencies.ts';
import { appendAudit } from '../audit/audit.ts';
import type { AuditChange } from '../audit/audit.ts';
import { inTransaction } from '../common/context.ts';
import { ephemeralLogSigner } from './log-key.ts';
import {
  checkpointConsistency,
  consistencyProof,
  currentCheckpoint,
  exportLog,
  inclusionProof,
  logPublicKey,
} from './log.ts';

const b64 = (text: string): Hash => {
  const bytes = decodeBase64(text);
  if (bytes === undefined) throw new Error(`not base64: ${text}`);
  return bytes;
};

describe.each(engines)('signed audit log on $name', (engine) => {
  let db: TestDatabase;
  const signer = ephemeralLogSigner('test.palermo/log');
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(async () => {
    await db.close();
  });

  async function leafHashes(): Promise<Hash[]> {
    const rows = await db.handle.db
      .selectFrom('audit_log')
      .select(['idx', 'leaf'])
      .orderBy('idx')
      .execute();
    return rows.map((row) => hashLeaf(new TextEncoder().encode(row.leaf)));
  }

  it('keeps the stored tree and the head root equal to the RFC 6962 root of every leaf', async () => {
    const { ctx } = db;
    await makeAgencies(ctx);
    for (let i = 0; i < 37; i += 1) {
      await inTransaction(ctx, (trx) =>
        appendAudit(trx, ctx, testActor, {
          action: 'log.export',
          entityType: 'audit_log',
          entityId: `t${i}`,
          caseId: null,
          before: null,
          after: { n: i },
        }),
      );
    }
    const hashes = await leafHashes();
    expect(hashes.length).toBe(40);
    const head = await db.handle.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect(Number(head.size)).toBe(40);
    expect(head.root_hash).toBe(toHex(rootFromLeafHashes(hashes)));
    const checkpoint = await currentCheckpoint(ctx, testActor, signer);
    const verified = verifyCheckpoint(checkpoint.checkpoint, logPublicKey(signer));
    expect(verified.size).toBe(40n);
    expect(toHex(verified.rootHash)).toBe(head.root_hash);
  });

  it('proves inclusion of any entry in any past tree, and consistency between any two sizes', async () => {
    const { ctx } = db;
    const hashes = await leafHashes();
    for (const [index, size] of [
      [0, 1],
      [0, 40],
      [13, 14],
      [13, 40],
      [31, 32],
      [39, 40],
      [5, 33],
    ] as const) {
      const proof = await inclusionProof(ctx, testActor, { index, size });
      expect(proof.leafHash).toBe(Buffer.from(hashes[index]!).toString('base64'));
      const root = rootFromLeafHashes(hashes.slice(0, size));
      expect(
        checkInclusion({
          leafIndex: BigInt(index),
          treeSize: BigInt(size),
          leafHash: b64(proof.leafHash),
          proof: proof.proof.map(b64),
          root,
        }),
      ).toEqual({ ok: true });
    }
    for (const [from, to] of [
      [1, 40],
      [7, 8],
      [16, 40],
      [17, 39],
      [40, 40],
    ] as const) {
      const proof = await consistencyProof(ctx, testActor, { from, to });
      expect(
        checkConsistency({
          size1: BigInt(from),
          size2: BigInt(to),
          root1: rootFromLeafHashes(hashes.slice(0, from)),
          root2: rootFromLeafHashes(hashes.slice(0, to)),
          proof: proof.proof.map(b64),
        }),
      ).toEqual({ ok: true });
    }
    await expect(inclusionProof(ctx, testActor, { index: 40, size: 40 })).rejects.toMatchObject({
      code: 'ValidationFailed',
    });
    await expect(consistencyProof(ctx, testActor, { from: 3, to: 41 })).rejects.toMatchObject({
      code: 'ValidationFailed',
    });
  });

  it('exports the exact leaf bytes with their hashes, to auditors only, and logs the export', async () => {
    const { ctx } = db;
    const hashes = await leafHashes();
    const lines = [];
    for await (const line of await exportLog(ctx, testActor, {})) lines.push(line);
    expect(lines.length).toBe(hashes.length);
    for (const line of lines) {
      if (!('data' in line)) throw new Error(`entry ${line.index} was withheld`);
      const data = b64(line.data);
      expect(line.leafHash).toBe(Buffer.from(hashLeaf(data)).toString('base64'));
      expect(line.leafHash).toBe(Buffer.from(hashes[line.index]!).toString('base64'));
      expect(decodeAuditLeaf(data).actor).toBeTruthy();
    }
    const last = await db.handle.db
      .selectFrom('audit_log')
      .select('action')
      .orderBy('idx', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.action).toBe('log.export');

    const { police } = await makeAgencies(ctx);
    const investigator = await makeUser(ctx, police.id, ['investigator']);
    const actor = (await findActor(ctx, investigator.username))!.actor;
    await expect(exportLog(ctx, actor, {})).rejects.toMatchObject({ code: 'Forbidden' });
  });

  it('shows that the log extends a kept checkpoint, and that a truncated log does not', async () => {
    const { ctx } = db;
    const kept = (await currentCheckpoint(ctx, testActor, signer)).checkpoint;
    await makeAgencies(ctx);
    const extended = await checkpointConsistency(ctx, testActor, signer, kept);
    expect(extended).toMatchObject({ ok: true, problems: [] });
    expect(extended.logSize).toBeGreaterThan(extended.checkpointSize);

    const other = ephemeralLogSigner('test.palermo/log');
    await expect(checkpointConsistency(ctx, testActor, other, kept)).rejects.toMatchObject({
      code: 'IntegrityViolation',
    });

    // Truncate the way an insider would: rows, tree nodes and head, all consistently.
    const size = extended.checkpointSize - 2;
    await db.handle.db.deleteFrom('audit_log').where('idx', '>=', size).execute();
    await db.handle.db.deleteFrom('merkle_nodes').execute();
    const rows = await db.handle.db.selectFrom('audit_log').selectAll().orderBy('idx').execute();
    await db.handle.db.deleteFrom('audit_log').execute();
    await db.handle.db.deleteFrom('audit_head').execute();
    for (const row of rows) {
      const entry = decodeAuditLeaf(new TextEncoder().encode(row.leaf));
      await inTransaction({ ...ctx, now: () => new Date(entry.at) }, (trx) =>
        appendAudit(
          trx,
          { ...ctx, now: () => new Date(entry.at) },
          { ...testActor, id: entry.actor },
          entry as AuditChange,
        ),
      );
    }
    const truncated = await checkpointConsistency(ctx, testActor, signer, kept);
    expect(truncated.ok).toBe(false);
    expect(truncated.problems).toEqual([
      `the checkpoint covers ${extended.checkpointSize} entries but the log has ${size}: the log was truncated`,
    ]);
    // The rebuilt tree is self-consistent, so only the kept checkpoint reveals the truncation.
    await makeAgencies(ctx);
    const regrown = await checkpointConsistency(ctx, testActor, signer, kept);
    expect(regrown.ok).toBe(false);
    expect(regrown.problems[0]).toMatch(/does not extend the checkpoint/);
  });
  it('appends on the head it wrote last only while the stored head is still that one', async () => {
    const { ctx } = db;
    const note = (n: string): AuditChange => ({
      action: 'log.export',
      entityType: 'audit_log',
      entityId: n,
      caseId: null,
      before: null,
      after: { n },
    });
    const before = (await leafHashes()).length;
    const indices: number[] = [];
    const append = (n: string) =>
      inTransaction(ctx, async (trx) =>
        indices.push(await appendAudit(trx, ctx, testActor, note(n))),
      );
    await append('a');
    await append('b');
    // Another writer (another process, as far as ctx knows) appends in between.
    await db.handle.db
      .transaction()
      .execute((trx) => appendAudit(trx, { ...ctx, db: trx }, testActor, note('other')));
    await append('c');
    // A transaction that appended and then failed: nothing of it stays, the next append sees so.
    await expect(
      inTransaction(ctx, async (trx) => {
        await appendAudit(trx, ctx, testActor, note('rolled back'));
        throw new Error('the use-case failed after logging');
      }),
    ).rejects.toThrow('failed after logging');
    await append('d');
    // Two appends in one transaction: the first moves the head at once, the second at commit.
    await inTransaction(ctx, async (trx) => {
      indices.push(await appendAudit(trx, ctx, testActor, note('e')));
      indices.push(await appendAudit(trx, ctx, testActor, note('f')));
    });
    await append('g');
    expect(indices).toEqual([0, 1, 3, 4, 5, 6, 7].map((i) => before + i));
    const hashes = await leafHashes();
    expect(hashes.length).toBe(before + 8);
    const rows = await db.handle.db
      .selectFrom('audit_log')
      .select('entity_id')
      .orderBy('idx')
      .execute();
    expect(rows.slice(before).map((row) => row.entity_id)).toEqual([
      'a',
      'b',
      'other',
      'c',
      'd',
      'e',
      'f',
      'g',
    ]);
    const head = await db.handle.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect(Number(head.size)).toBe(before + 8);
    expect(head.root_hash).toBe(toHex(rootFromLeafHashes(hashes)));
    const checkpoint = await currentCheckpoint(ctx, testActor, signer);
    expect(toHex(verifyCheckpoint(checkpoint.checkpoint, logPublicKey(signer)).rootHash)).toBe(
      head.root_hash,
    );
  });
  it('keeps indices dense and the root right when appends of one process run at once', async () => {
    const { ctx } = db;
    const before = (await leafHashes()).length;
    // On PostgreSQL these run on several connections and queue on the head's row lock; all but
    // the first find the remembered head stale and read it.
    const indices = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        inTransaction(ctx, (trx) =>
          appendAudit(trx, ctx, testActor, {
            action: 'log.export',
            entityType: 'audit_log',
            entityId: `parallel${i}`,
            caseId: null,
            before: null,
            after: { i },
          }),
        ),
      ),
    );
    expect([...indices].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => before + i),
    );
    const hashes = await leafHashes();
    const head = await db.handle.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    expect(Number(head.size)).toBe(before + 12);
    expect(head.root_hash).toBe(toHex(rootFromLeafHashes(hashes)));
  });
});
