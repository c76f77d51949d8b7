import { afterEach, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeCase, testActor } from '../../../test/factories.ts';
import { hashLeaf, rootFromLeafHashes, toHex } from '../../core/audit/index.ts';
import { appendAudit } from '../audit/audit.ts';
import { appliedCase, recordCaseEvent } from '../cases/events.ts';
import { inTransaction } from '../common/context.ts';
import { addCharge } from '../persons/charges.ts';
import { recordVictim } from '../persons/victim-records.ts';
import { ephemeralLogSigner } from './log-key.ts';
import { currentCheckpoint, logPublicKey } from './log.ts';
import { verifyIntegrity } from './verify.ts';
import type { IntegrityProblem } from './problems.ts';

const art124 = { jurisdiction: 'KG', instrument: 'cc1997', article: '124' };

describe.each(engines)('verification of the log and the records on $name', (engine) => {
  let db: TestDatabase;
  const signer = ephemeralLogSigner('test.palermo/verify');
  const verifierKey = logPublicKey(signer);
  afterEach(async () => {
    await db.close();
  });

  /** A convicted and sentenced case, and a checkpoint kept after it. */
  async function scenario() {
    db = await engine.open();
    const { ctx } = db;
    const { police, prosecutor, court } = await makeAgencies(ctx);
    const { caseId, suspect, victim, version } = await makeCase(ctx, police.id);
    await recordVictim(ctx, testActor, victim.id, {
      forms: ['sexual'],
      identifiedOn: '2016-03-02',
      referredToServices: 'yes',
    });
    const charge = await addCharge(ctx, testActor, caseId, {
      personId: suspect.id,
      statute: art124,
      chargedOn: '2016-04-01',
    });
    let view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'refer',
        caseVersion: version,
        occurredOn: '2016-05-01',
        agencyId: prosecutor.id,
      }),
    );
    view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'verdict',
        caseVersion: view.version,
        occurredOn: '2016-09-01',
        personId: suspect.id,
        chargeId: charge.id,
        outcome: 'convicted',
        courtAgencyId: court.id,
      }),
    );
    view = appliedCase(
      await recordCaseEvent(ctx, testActor, caseId, {
        kind: 'sentence',
        caseVersion: view.version,
        occurredOn: '2016-09-01',
        personId: suspect.id,
        chargeId: charge.id,
        imprisonmentMonths: 96,
      }),
    );
    const checkpoint = (await currentCheckpoint(ctx, testActor, signer)).checkpoint;
    return {
      caseId,
      reference: view.reference,
      verdictId: view.verdicts[0]!.id,
      sentenceId: view.sentences[0]!.id,
      checkpoint,
    };
  }

  const verify = (checkpoints: string[] = []) =>
    verifyIntegrity(db.ctx, testActor, { verifierKey, checkpoints });

  const kinds = (problems: readonly IntegrityProblem[]) => [
    ...new Set(problems.map((p) => p.kind)),
  ];

  it('finds nothing wrong with a log and records that only the application changed', async () => {
    const { checkpoint } = await scenario();
    const report = await verify([checkpoint]);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checkpoints).toEqual([{ size: report.logSize, ok: true }]);
    expect(report.recordsChecked).toBeGreaterThan(10);
  });

  it('reports a case deleted in the database, with its reference, and everything deleted with it', async () => {
    const { caseId, reference, verdictId, sentenceId, checkpoint } = await scenario();
    const raw = db.handle.db;
    for (const table of [
      'sentences',
      'verdicts',
      'case_events',
      'charges',
      'victim_records',
      'persons',
    ] as const) {
      await raw.deleteFrom(table).where('case_id', '=', caseId).execute();
    }
    await raw.deleteFrom('cases').where('id', '=', caseId).execute();
    const report = await verify([checkpoint]);
    expect(report.ok).toBe(false);
    expect(kinds(report.problems)).toEqual(['RecordMissing']);
    const missingCase = report.problems.find((p) => p.entityType === 'case');
    expect(missingCase).toMatchObject({ kind: 'RecordMissing', entityId: caseId });
    expect(missingCase?.message).toContain(`case ${caseId} (reference ${reference}) is gone`);
    const missing = report.problems.map((p) => `${p.entityType}/${p.entityId ?? ''}`);
    expect(missing).toEqual(
      expect.arrayContaining([`verdict/${verdictId}`, `sentence/${sentenceId}`]),
    );
    expect(report.problems.filter((p) => p.entityType === 'person')).toHaveLength(2);
  });

  it('reports an altered verdict and an altered sentence, naming record and field, all at once', async () => {
    const { verdictId, sentenceId, checkpoint } = await scenario();
    await db.handle.db
      .updateTable('verdicts')
      .set({ outcome: 'acquitted' })
      .where('id', '=', verdictId)
      .execute();
    await db.handle.db
      .updateTable('sentences')
      .set({ imprisonment_months: 12 })
      .where('id', '=', sentenceId)
      .execute();
    const report = await verify([checkpoint]);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'RecordChanged',
        entityType: 'verdict',
        entityId: verdictId,
        field: 'outcome',
      }),
      expect.objectContaining({
        kind: 'RecordChanged',
        entityType: 'sentence',
        entityId: sentenceId,
        field: 'imprisonment_months',
      }),
    ]);
    expect(report.problems[0]?.message).toMatch(
      /field outcome is "acquitted" but entry \d+ \(verdict\.record\) logged "convicted"/,
    );
    expect(report.problems[1]?.message).toMatch(
      /field imprisonment_months is 12 but entry \d+ \(sentence\.record\) logged 96/,
    );
  });

  it('reports a log row rewritten to match a forged verdict, even with its hash column fixed', async () => {
    const { verdictId, checkpoint } = await scenario();
    const raw = db.handle.db;
    const row = await raw
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'verdict')
      .where('entity_id', '=', verdictId)
      .executeTakeFirstOrThrow();
    const forged = row.leaf.replace('"outcome":"convicted"', '"outcome":"acquitted"');
    expect(forged).not.toBe(row.leaf);
    await raw
      .updateTable('audit_log')
      .set({ leaf: forged, leaf_hash: toHex(hashLeaf(new TextEncoder().encode(forged))) })
      .where('idx', '=', row.idx)
      .execute();
    await raw
      .updateTable('verdicts')
      .set({ outcome: 'acquitted' })
      .where('id', '=', verdictId)
      .execute();
    const report = await verify([checkpoint]);
    expect(kinds(report.problems)).toEqual(
      expect.arrayContaining(['LogEntryAltered', 'LogRewritten']),
    );
    expect(report.problems.find((p) => p.kind === 'LogEntryAltered')).toMatchObject({
      entry: Number(row.idx),
      entityType: 'verdict',
      entityId: verdictId,
    });
    expect(report.checkpoints).toEqual([{ size: report.logSize, ok: false }]);
  });

  it('reports a deleted entry alone: the tree resumes from the stored subtree over it', async () => {
    await scenario();
    const { ctx } = db;
    const raw = db.handle.db;
    const notesFrom = (await verify()).logSize;
    // Notes (no record) fill the log to 40 entries, so that deleting them loses no record.
    expect(notesFrom).toBeLessThanOrEqual(16);
    for (let i = notesFrom; i < 40; i += 1) {
      await inTransaction(ctx, (trx) =>
        appendAudit(trx, ctx, testActor, {
          action: 'log.export',
          entityType: 'audit_log',
          entityId: `n${i}`,
          caseId: null,
          before: null,
          after: { i },
        }),
      );
    }
    const checkpoint = (await currentCheckpoint(ctx, testActor, signer)).checkpoint;
    const missing = (report: Awaited<ReturnType<typeof verify>>) =>
      report.problems.filter((p) => p.kind === 'LogEntryMissing').map((p) => p.entry);

    // Entry 21 takes its leaf hash with it; the node over 20..23 (kept in row 23) stands for it.
    await raw.deleteFrom('audit_log').where('idx', '=', 21).execute();
    let report = await verify([checkpoint]);
    expect(report.problems.map((p) => p.kind)).toEqual(['LogEntryMissing']);
    expect(missing(report)).toEqual([21]);
    expect(report.checkpoints).toEqual([{ size: 40, ok: true }]);

    // Entry 22 rewritten with its hash and the tree's copy of it fixed: the node over 22..23,
    // recomputed apart after the lost entry, shows it.
    const six = await raw
      .selectFrom('audit_log')
      .selectAll()
      .where('idx', '=', 22)
      .executeTakeFirstOrThrow();
    const forged = six.leaf.replace('"v":2', '"v":2 ');
    const forgedHash = toHex(hashLeaf(new TextEncoder().encode(forged)));
    await raw
      .updateTable('audit_log')
      .set({ leaf: forged, leaf_hash: forgedHash, nodes: forgedHash })
      .where('idx', '=', 22)
      .execute();
    report = await verify([checkpoint]);
    expect(report.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'TreeNodeMismatch', entry: 22 })]),
    );
    await raw
      .updateTable('audit_log')
      .set({ leaf: six.leaf, leaf_hash: six.leaf_hash, nodes: six.nodes })
      .where('idx', '=', 22)
      .execute();

    // Entry 23 too, with the nodes over 20..23 and 16..23: the node over 16..31 (row 31) stands
    // for both.
    await raw.deleteFrom('audit_log').where('idx', '=', 23).execute();
    report = await verify([checkpoint]);
    expect(report.problems.map((p) => p.kind)).toEqual(['LogEntryMissing', 'LogEntryMissing']);
    expect(missing(report)).toEqual([21, 23]);
    expect(report.checkpoints).toEqual([{ size: 40, ok: true }]);

    // The last entry: no stored subtree over it, so the tree stops short of the head.
    await raw.deleteFrom('audit_log').where('idx', '=', 39).execute();
    report = await verify([checkpoint]);
    expect(missing(report)).toEqual([21, 23, 39]);
    expect(kinds(report.problems)).toEqual(
      expect.arrayContaining(['TreeNodeMissing', 'HeadMismatch']),
    );
  });

  it('reports a truncated log: rows removed, or rows, tree and head rewritten to hide it', async () => {
    const { checkpoint, sentenceId } = await scenario();
    const raw = db.handle.db;
    const size = Number(
      (await raw.selectFrom('audit_head').select('size').executeTakeFirstOrThrow()).size,
    );
    await raw
      .deleteFrom('audit_log')
      .where('idx', '>=', size - 3)
      .execute();
    const naive = await verify([checkpoint]);
    expect(naive.problems.filter((p) => p.kind === 'LogEntryMissing').map((p) => p.entry)).toEqual([
      size - 3,
      size - 2,
      size - 1,
    ]);

    // Now as an insider who also knows the tree: drop its nodes and rewrite the head.
    const rows = await raw.selectFrom('audit_log').select('leaf').orderBy('idx').execute();
    const hashes = rows.map((r) => hashLeaf(new TextEncoder().encode(r.leaf)));
    for (let level = 0; level < 64; level += 1) {
      await raw
        .deleteFrom('merkle_nodes')
        .where('level', '=', level)
        .where('idx', '>=', Math.floor(hashes.length / 2 ** level))
        .execute();
    }
    await raw
      .updateTable('audit_head')
      .set({ size: hashes.length, root_hash: toHex(rootFromLeafHashes(hashes)) })
      .execute();
    const withoutCheckpoint = await verify();
    // The entries that wrote the sentence are gone, so the sentence row is no longer accounted for.
    expect(withoutCheckpoint.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'RecordNotLogged',
          entityType: 'sentence',
          entityId: sentenceId,
        }),
      ]),
    );
    const report = await verify([checkpoint]);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'LogTruncated',
          message: `a kept checkpoint covers ${size} entries but the log holds ${size - 3}: entries ${size - 3}..${size - 1} were removed`,
        }),
      ]),
    );
    expect(report.ok).toBe(false);
  });
});
