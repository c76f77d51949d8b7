/**
 * The tamper catalogue: after one realistic mixed history, every tampering an insider with
 * database access could try, each undone before the next (a rolled-back transaction). Each
 * must be detected and named (its kind, record and field); the untouched history reports
 * nothing. docs/INTEGRITY.md lists the same catalogue.
 */
import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { testActor } from '../../../test/factories.ts';
import { mixedHistory } from '../../../test/history.ts';
import type { MixedHistory } from '../../../test/history.ts';
import { hashLeaf, rootFromLeafHashes, toHex } from '../../core/audit/index.ts';
import { findRowByKey } from '../../db/repositories/integrity.repository.ts';
import type { Database } from '../../db/schema.ts';
import { updateCase } from '../cases/cases.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';
import { summarisedCases } from '../reports/case-summaries.ts';
import { ephemeralLogSigner } from './log-key.ts';
import { currentCheckpoint, logPublicKey } from './log.ts';
import { verifyIntegrity } from './verify.ts';
import type { IntegrityProblem } from './problems.ts';
import type { VerificationReport } from './verify.ts';

type Trx = Transaction<Database>;

/** What a tampering must be reported as. */
interface Expected {
  readonly kind: IntegrityProblem['kind'];
  readonly entityType?: string;
  readonly entityId?: string;
  readonly field?: string;
}

interface Tampering {
  readonly name: string;
  readonly tamper: (trx: Trx, h: MixedHistory) => Promise<void>;
  readonly expect: (h: MixedHistory) => Expected[];
  /** Values that must not appear in any message (personal data). */
  readonly secret?: string;
}

const changed = (
  entityType: string,
  entityId: string,
  field: string,
  kind: IntegrityProblem['kind'] = 'RecordChanged',
): Expected => ({ kind, entityType, entityId, field });

async function copyRow<T extends keyof Database>(
  trx: Trx,
  table: T,
  column: string,
  value: string,
  changes: Record<string, unknown>,
): Promise<void> {
  const row = await findRowByKey(trx, table, [[column, value]]);
  if (row === undefined) throw new Error(`no row ${value} in ${table}`);
  await trx
    .insertInto(table)
    .values({ ...row, ...changes } as never)
    .execute();
}

async function leafHashes(trx: Trx) {
  const rows = await trx.selectFrom('audit_log').select('leaf').orderBy('idx').execute();
  return rows.map((r) => hashLeaf(new TextEncoder().encode(r.leaf)));
}

/** Cuts the log back to `size` entries and rewrites its tree and head to match, as an insider would. */
async function cutLogTo(trx: Trx, size: number): Promise<void> {
  await trx.deleteFrom('audit_log').where('idx', '>=', size).execute();
  const hashes = await leafHashes(trx);
  for (let level = 0; level < 64; level += 1) {
    await trx
      .deleteFrom('merkle_nodes')
      .where('level', '=', level)
      .where('idx', '>=', Math.floor(hashes.length / 2 ** level))
      .execute();
  }
  await trx
    .updateTable('audit_head')
    .set({ size: hashes.length, root_hash: toHex(rootFromLeafHashes(hashes)) })
    .execute();
}

/** Rewrites the tree nodes a log row carries (audit_log.nodes: by level, from its leaf hash). */
async function setTreeNodes(
  trx: Trx,
  index: number,
  change: (nodes: string[]) => string[],
): Promise<void> {
  const row = await trx
    .selectFrom('audit_log')
    .select('nodes')
    .where('idx', '=', index)
    .executeTakeFirstOrThrow();
  const nodes = (row.nodes ?? '').split(',');
  const changed = change(nodes).join(',');
  if (changed === row.nodes) throw new Error('nothing to tamper with');
  await trx.updateTable('audit_log').set({ nodes: changed }).where('idx', '=', index).execute();
}

async function logSize(trx: Trx): Promise<number> {
  const head = await trx.selectFrom('audit_head').select('size').executeTakeFirstOrThrow();
  return Number(head.size);
}

async function logRow(trx: Trx, action: string, entityId?: string) {
  let query = trx.selectFrom('audit_log').selectAll().where('action', '=', action);
  if (entityId !== undefined) query = query.where('entity_id', '=', entityId);
  return query.orderBy('idx').executeTakeFirstOrThrow();
}

// Indices are filled in by the history run; the rollback test needs the earlier checkpoint's size.
const kept = { earlier: '', later: '', earlierSize: 0 };

const catalogue: Tampering[] = [
  {
    name: 'a case summary rewritten',
    tamper: async (trx, h) => {
      await trx
        .updateTable('cases')
        .set({ summary: 'nothing happened' })
        .where('id', '=', h.caseId)
        .execute();
    },
    expect: (h) => [changed('case', h.caseId, 'summary')],
  },
  {
    name: 'a case status changed after refused reads of it',
    tamper: async (trx, h) => {
      await trx
        .updateTable('cases')
        .set({ status: 'closed' })
        .where('id', '=', h.sealedCaseId)
        .execute();
    },
    expect: (h) => [changed('case', h.sealedCaseId, 'status')],
  },
  {
    name: 'a seal cleared',
    tamper: async (trx, h) => {
      await trx.updateTable('cases').set({ sealed: 0 }).where('id', '=', h.sealedCaseId).execute();
    },
    expect: (h) => [changed('case', h.sealedCaseId, 'sealed')],
  },
  {
    name: 'a user’s roles raised to supervisor after a sign-out',
    tamper: async (trx, h) => {
      await trx
        .updateTable('users')
        .set({ roles: '["investigator","supervisor"]' })
        .where('id', '=', h.investigator.id)
        .execute();
    },
    expect: (h) => [changed('user', h.investigator.id, 'roles')],
  },
  {
    name: 'a user deactivated',
    tamper: async (trx, h) => {
      await trx.updateTable('users').set({ active: 0 }).where('id', '=', h.clerk.id).execute();
    },
    expect: (h) => [changed('user', h.clerk.id, 'active')],
  },
  {
    name: 'a password hash replaced with a known one',
    tamper: async (trx, h) => {
      await trx
        .updateTable('users')
        .set({ password_hash: '$argon2id$v=19$m=19456,t=2,p=1$forged' })
        .where('id', '=', h.investigator.id)
        .execute();
    },
    expect: (h) => [changed('user', h.investigator.id, 'password_hash')],
    secret: 'forged',
  },
  {
    name: 'an account locked out in the database',
    tamper: async (trx, h) => {
      await trx
        .updateTable('users')
        .set({ locked_until: '2099-01-01T00:00:00.000Z' })
        .where('id', '=', h.clerk.id)
        .execute();
    },
    expect: (h) => [changed('user', h.clerk.id, 'locked_until')],
  },
  {
    name: 'an agency renamed',
    tamper: async (trx, h) => {
      await trx
        .updateTable('agencies')
        .set({ name: 'Other' })
        .where('id', '=', h.agencyId)
        .execute();
    },
    expect: (h) => [changed('agency', h.agencyId, 'name')],
  },
  {
    name: 'a person’s sex changed',
    tamper: async (trx, h) => {
      await trx.updateTable('persons').set({ sex: 'male' }).where('id', '=', h.victimId).execute();
    },
    expect: (h) => [changed('person', h.victimId, 'sex')],
    secret: '"male"',
  },
  {
    name: 'two identities’ ciphertexts swapped',
    tamper: async (trx, h) => {
      const rows = await trx
        .selectFrom('person_identities')
        .selectAll()
        .where('person_id', 'in', [h.victimId, h.witnessId])
        .execute();
      const [a, b] = rows;
      if (a === undefined || b === undefined) throw new Error('two identities expected');
      const fields = (r: typeof a) => ({
        identity_ciphertext: r.identity_ciphertext,
        identity_nonce: r.identity_nonce,
        wrapped_key: r.wrapped_key,
      });
      await trx
        .updateTable('person_identities')
        .set(fields(b))
        .where('person_id', '=', a.person_id)
        .execute();
      await trx
        .updateTable('person_identities')
        .set(fields(a))
        .where('person_id', '=', b.person_id)
        .execute();
    },
    expect: (h) => [
      changed('identity', h.victimId, 'identity_ciphertext'),
      changed('identity', h.witnessId, 'identity_ciphertext'),
    ],
  },
  {
    name: 'an identity’s wrapped key altered',
    tamper: async (trx, h) => {
      await trx
        .updateTable('person_identities')
        .set({ wrapped_key: 'AAAA' })
        .where('person_id', '=', h.victimId)
        .execute();
    },
    expect: (h) => [changed('identity', h.victimId, 'wrapped_key')],
  },
  {
    name: 'a victim record’s forms changed',
    tamper: async (trx, h) => {
      await trx
        .updateTable('victim_records')
        .set({ forms: '["sexual"]' })
        .where('person_id', '=', h.victimId)
        .execute();
    },
    expect: (h) => [changed('victim_record', h.victimId, 'forms')],
    secret: 'sexual',
  },
  {
    name: 'a screening’s answers changed',
    tamper: async (trx, h) => {
      await trx
        .updateTable('screenings')
        .set({ answers: '{}' })
        .where('id', '=', h.screeningId)
        .execute();
    },
    expect: (h) => [changed('screening', h.screeningId, 'answers')],
  },
  {
    name: 'a charge dropped in the database',
    tamper: async (trx, h) => {
      await trx
        .updateTable('charges')
        .set({ status: 'dropped' })
        .where('id', '=', h.chargeId)
        .execute();
    },
    expect: (h) => [changed('charge', h.chargeId, 'status')],
  },
  {
    name: 'an event’s date moved',
    tamper: async (trx, h) => {
      await trx
        .updateTable('case_events')
        .set({ occurred_on: '2015-01-01' })
        .where('id', '=', h.eventId)
        .execute();
    },
    expect: (h) => [changed('case_event', h.eventId, 'occurred_on')],
  },
  {
    name: 'a conviction turned into an acquittal',
    tamper: async (trx, h) => {
      await trx
        .updateTable('verdicts')
        .set({ outcome: 'acquitted' })
        .where('id', '=', h.verdictId)
        .execute();
    },
    expect: (h) => [changed('verdict', h.verdictId, 'outcome')],
  },
  {
    name: 'a fine reduced',
    tamper: async (trx, h) => {
      await trx
        .updateTable('sentences')
        .set({ fine_amount: 1 })
        .where('id', '=', h.sentenceId)
        .execute();
    },
    expect: (h) => [changed('sentence', h.sentenceId, 'fine_amount')],
  },
  {
    name: 'a training’s audiences changed',
    tamper: async (trx, h) => {
      await trx
        .updateTable('trainings')
        .set({ audiences: '[{"audience":"judges","participants":240}]' })
        .where('id', '=', h.trainingId)
        .execute();
    },
    expect: (h) => [changed('training', h.trainingId, 'audiences')],
  },
  {
    name: 'a complicity allegation concluded in the database',
    tamper: async (trx, h) => {
      await trx
        .updateTable('complicity_allegations')
        .set({ status: 'concluded' })
        .where('id', '=', h.allegationId)
        .execute();
    },
    expect: (h) => [changed('complicity_allegation', h.allegationId, 'status')],
  },
  {
    name: 'a certified period extended',
    tamper: async (trx, h) => {
      await trx
        .updateTable('period_certifications')
        .set({ period_to: '2016-12-31' })
        .where('id', '=', h.certificationId)
        .execute();
    },
    expect: (h) => [changed('period_certification', h.certificationId, 'period_to')],
  },
  {
    name: 'a rejected approval flipped to approved',
    tamper: async (trx, h) => {
      await trx
        .updateTable('approval_requests')
        .set({ status: 'approved' })
        .where('id', '=', h.approvalId)
        .execute();
    },
    expect: (h) => [changed('approval_request', h.approvalId, 'status')],
  },
  {
    name: 'a revoked seal access restored',
    tamper: async (trx, h) => {
      await trx
        .updateTable('case_seal_access')
        .set({ revoked_at: null, revoked_by: null })
        .where('case_id', '=', h.sealedCaseId)
        .where('revoked_at', 'is not', null)
        .execute();
    },
    expect: () => [{ kind: 'RecordChanged', entityType: 'case_seal_access', field: 'revoked_at' }],
  },
  {
    name: 'a case-team entry re-attributed',
    tamper: async (trx, h) => {
      await trx
        .updateTable('case_team')
        .set({ added_by: h.investigator.id })
        .where('case_id', '=', h.caseId)
        .execute();
    },
    expect: (h) => [changed('case_team', `${h.caseId}/${h.clerk.id}`, 'added_by')],
  },
  {
    name: 'an API token’s scopes widened',
    tamper: async (trx, h) => {
      await trx
        .updateTable('api_tokens')
        .set({ scopes: '["case.read","identity.read"]' })
        .where('id', '=', h.tokenId)
        .execute();
    },
    expect: (h) => [changed('api_token', h.tokenId, 'scopes')],
  },
  {
    name: 'a signed-out session revived',
    tamper: async (trx) => {
      await trx.updateTable('sessions').set({ revoked_at: null }).execute();
    },
    expect: () => [{ kind: 'RecordChanged', entityType: 'session', field: 'revoked_at' }],
  },
  {
    name: 'a verdict deleted',
    tamper: async (trx, h) => {
      await trx.deleteFrom('verdicts').where('id', '=', h.verdictId).execute();
    },
    expect: (h) => [{ kind: 'RecordMissing', entityType: 'verdict', entityId: h.verdictId }],
  },
  {
    name: 'a sealed case’s access list deleted',
    tamper: async (trx, h) => {
      await trx.deleteFrom('case_seal_access').where('id', '=', h.sealAccessId).execute();
    },
    expect: (h) => [
      { kind: 'RecordMissing', entityType: 'case_seal_access', entityId: h.sealAccessId },
    ],
  },
  {
    name: 'a case-team entry deleted',
    tamper: async (trx, h) => {
      await trx.deleteFrom('case_team').where('case_id', '=', h.caseId).execute();
    },
    expect: (h) => [
      { kind: 'RecordMissing', entityType: 'case_team', entityId: `${h.caseId}/${h.clerk.id}` },
    ],
  },
  {
    name: 'an approval request deleted',
    tamper: async (trx, h) => {
      await trx.deleteFrom('approval_requests').where('id', '=', h.approvalId).execute();
    },
    expect: (h) => [
      { kind: 'RecordMissing', entityType: 'approval_request', entityId: h.approvalId },
    ],
  },
  {
    name: 'a person deleted with their identity',
    tamper: async (trx, h) => {
      await trx.deleteFrom('person_identities').where('person_id', '=', h.witnessId).execute();
      await trx.deleteFrom('persons').where('id', '=', h.witnessId).execute();
    },
    expect: (h) => [
      { kind: 'RecordMissing', entityType: 'identity', entityId: h.witnessId },
      { kind: 'RecordMissing', entityType: 'person', entityId: h.witnessId },
    ],
  },
  {
    name: 'an administrator inserted',
    tamper: async (trx, h) => {
      await copyRow(trx, 'users', 'id', h.clerk.id, {
        id: 'forged-admin',
        username: 'forged.admin',
        roles: '["administrator"]',
      });
    },
    expect: () => [{ kind: 'RecordNotLogged', entityType: 'user', entityId: 'forged-admin' }],
  },
  {
    name: 'a session inserted',
    tamper: async (trx, h) => {
      const row = await trx.selectFrom('sessions').select('id_hash').executeTakeFirstOrThrow();
      await copyRow(trx, 'sessions', 'id_hash', row.id_hash, {
        id_hash: 'f'.repeat(64),
        user_id: h.supervisor.id,
        revoked_at: null,
      });
    },
    expect: () => [{ kind: 'RecordNotLogged', entityType: 'session', entityId: 'f'.repeat(64) }],
  },
  {
    name: 'an API token inserted',
    tamper: async (trx, h) => {
      await copyRow(trx, 'api_tokens', 'id', h.tokenId, {
        id: 'forged-token',
        token_hash: '0'.repeat(64),
      });
    },
    expect: () => [{ kind: 'RecordNotLogged', entityType: 'api_token', entityId: 'forged-token' }],
  },
  {
    name: 'a seal access granted in the database',
    tamper: async (trx, h) => {
      await copyRow(trx, 'case_seal_access', 'id', h.sealAccessId, {
        id: 'forged-access',
        user_id: h.clerk.id,
      });
    },
    expect: () => [
      { kind: 'RecordNotLogged', entityType: 'case_seal_access', entityId: 'forged-access' },
    ],
  },
  {
    name: 'a case inserted',
    tamper: async (trx, h) => {
      await copyRow(trx, 'cases', 'id', h.caseId, { id: 'forged-case', reference: 'FORGED-1' });
    },
    expect: () => [{ kind: 'RecordNotLogged', entityType: 'case', entityId: 'forged-case' }],
  },
  {
    name: "the report's summary of a case edited, its fresh flag kept",
    tamper: async (trx, h) => {
      // Every case's summary built as a report builds them, then one edited in place: the report
      // would count the edit (the log does not vouch for derived rows; verify rebuilds them).
      await summarisedCases(trx, {
        jurisdiction: toJurisdictionCode('KG'),
        from: '1900-01-01',
        to: '2999-12-31',
      });
      const row = await trx
        .selectFrom('case_stats')
        .innerJoin('cases', 'cases.id', 'case_stats.case_id')
        .select(['case_stats.data', 'cases.reference'])
        .where('case_stats.case_id', '=', h.caseId)
        .where('case_stats.fresh', '=', 1)
        .executeTakeFirstOrThrow();
      const forged = row.data?.replace(JSON.stringify(row.reference), '"FORGED-REF"');
      if (forged === undefined || forged === row.data) throw new Error('nothing to forge');
      await trx
        .updateTable('case_stats')
        .set({ data: forged })
        .where('case_id', '=', h.caseId)
        .execute();
    },
    expect: (h) => [{ kind: 'SummaryChanged', entityType: 'case', entityId: h.caseId }],
  },
  {
    name: 'a deleted training restored',
    tamper: async (trx, h) => {
      const entry = await logRow(trx, 'training.delete');
      await copyRow(trx, 'trainings', 'id', h.trainingId, { id: entry.entity_id });
    },
    expect: () => [{ kind: 'RecordNotDeleted', entityType: 'training' }],
  },
  {
    name: 'a log entry rewritten, its hash column fixed',
    tamper: async (trx, h) => {
      const row = await logRow(trx, 'verdict.record', h.verdictId);
      const forged = row.leaf.replace('"outcome":"convicted"', '"outcome":"acquitted"');
      if (forged === row.leaf) throw new Error('nothing to forge');
      await trx
        .updateTable('audit_log')
        .set({ leaf: forged, leaf_hash: toHex(hashLeaf(new TextEncoder().encode(forged))) })
        .where('idx', '=', row.idx)
        .execute();
    },
    expect: (h) => [{ kind: 'LogEntryAltered', entityType: 'verdict', entityId: h.verdictId }],
  },
  {
    name: 'a log entry’s actor column changed',
    tamper: async (trx, h) => {
      const row = await logRow(trx, 'approval.approve');
      await trx
        .updateTable('audit_log')
        .set({ actor_id: h.clerk.id })
        .where('idx', '=', row.idx)
        .execute();
    },
    expect: () => [{ kind: 'LogColumnMismatch', field: 'actor_id' }],
  },
  {
    name: 'a log entry deleted',
    tamper: async (trx) => {
      const row = await logRow(trx, 'case.read_refused');
      await trx.deleteFrom('audit_log').where('idx', '=', row.idx).execute();
    },
    expect: () => [{ kind: 'LogEntryMissing' }],
  },
  {
    name: 'two log entries reordered',
    tamper: async (trx) => {
      const a = await logRow(trx, 'case.seal');
      const b = await logRow(trx, 'case_access.grant');
      await trx
        .updateTable('audit_log')
        .set({ leaf: b.leaf, leaf_hash: b.leaf_hash })
        .where('idx', '=', a.idx)
        .execute();
      await trx
        .updateTable('audit_log')
        .set({ leaf: a.leaf, leaf_hash: a.leaf_hash })
        .where('idx', '=', b.idx)
        .execute();
    },
    expect: () => [{ kind: 'LogEntryAltered', entityType: 'case' }],
  },
  {
    name: 'the log truncated, its tree and head rewritten to match',
    tamper: async (trx) => {
      await cutLogTo(trx, (await logSize(trx)) - 3);
    },
    expect: () => [{ kind: 'LogTruncated' }],
  },
  {
    name: 'the database rolled back to an older checkpoint (log, tree, head and the record)',
    tamper: async (trx, h) => {
      await cutLogTo(trx, kept.earlierSize);
      const entry = await logRow(trx, 'case.update', h.caseId);
      const record = (JSON.parse(entry.leaf) as { record: { row: Record<string, unknown> } }).record
        .row;
      await trx
        .updateTable('cases')
        .set({
          summary: record['summary'] as string,
          version: record['version'] as number,
          updated_at: record['updated_at'] as string,
        })
        .where('id', '=', h.caseId)
        .execute();
    },
    expect: () => [{ kind: 'LogTruncated' }],
  },
  {
    name: 'a tree node altered (the node over entries 4..7, kept in row 7)',
    tamper: async (trx) => {
      await setTreeNodes(trx, 7, (nodes) =>
        nodes.map((hash, level) => (level === 2 ? '00'.repeat(32) : hash)),
      );
    },
    expect: () => [{ kind: 'TreeNodeMismatch', entry: 4 }],
  },
  {
    name: 'the tree’s copy of a leaf hash altered',
    tamper: async (trx, h) => {
      const row = await logRow(trx, 'verdict.record', h.verdictId);
      await setTreeNodes(trx, Number(row.idx), (nodes) => ['11'.repeat(32), ...nodes.slice(1)]);
    },
    expect: (h) => [{ kind: 'LogEntryAltered', entityType: 'verdict', entityId: h.verdictId }],
  },
  {
    name: 'a log row’s tree nodes emptied (its entry taken out of the tree)',
    tamper: async (trx) => {
      const row = await logRow(trx, 'case.seal');
      await setTreeNodes(trx, Number(row.idx), () => []);
    },
    expect: () => [{ kind: 'TreeNodeMissing' }],
  },
  {
    name: 'a tree node added to a log row that completes no such subtree',
    tamper: async (trx) => {
      // Row 8 (binary 1000) completes only its own leaf.
      await setTreeNodes(trx, 8, (nodes) => [...nodes, '33'.repeat(32)]);
    },
    expect: () => [{ kind: 'TreeNodeMismatch', entry: 8 }],
  },
  {
    name: 'the head’s root replaced',
    tamper: async (trx) => {
      await trx
        .updateTable('audit_head')
        .set({ root_hash: '11'.repeat(32) })
        .execute();
    },
    expect: () => [{ kind: 'HeadMismatch', field: 'root_hash' }],
  },
  {
    name: 'the head’s frontier replaced (the next append would fork the tree)',
    tamper: async (trx) => {
      const head = await trx.selectFrom('audit_head').select('frontier').executeTakeFirstOrThrow();
      const hashes = (head.frontier ?? '').split(',');
      hashes[0] = '22'.repeat(32);
      await trx
        .updateTable('audit_head')
        .set({ frontier: hashes.join(',') })
        .execute();
    },
    expect: () => [{ kind: 'HeadMismatch', field: 'frontier' }],
  },
];

class Rollback extends Error {}

describe.each(engines)('the tamper catalogue on $name', (engine) => {
  let db: TestDatabase;
  let history: MixedHistory;
  const signer = ephemeralLogSigner('test.palermo/tamper');
  const verifierKey = logPublicKey(signer);

  beforeAll(async () => {
    db = await engine.open();
    history = await mixedHistory(db.ctx, engine.name);
    const earlier = await currentCheckpoint(db.ctx, testActor, signer);
    kept.earlier = earlier.checkpoint;
    kept.earlierSize = earlier.size;
    // Something after the earlier checkpoint, so that rolling back to it loses history.
    const current = await db.ctx.db
      .selectFrom('cases')
      .select('version')
      .where('id', '=', history.caseId)
      .executeTakeFirstOrThrow();
    await updateCase(db.ctx, history.investigator, history.caseId, {
      version: current.version,
      summary: 'Synthetic case: the suspect confessed',
    });
    kept.later = (await currentCheckpoint(db.ctx, testActor, signer)).checkpoint;
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  async function verifyTampered(tamper: (trx: Trx) => Promise<void>): Promise<VerificationReport> {
    let report: VerificationReport | undefined;
    try {
      await db.handle.db.transaction().execute(async (trx) => {
        await tamper(trx);
        report = await verifyIntegrity({ ...db.ctx, db: trx }, testActor, {
          verifierKey,
          checkpoints: [kept.earlier, kept.later],
        });
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    if (report === undefined) throw new Error('no report');
    return report;
  }

  it('reports nothing for the untouched history', async () => {
    const report = await verifyIntegrity(db.ctx, testActor, {
      verifierKey,
      checkpoints: [kept.earlier, kept.later],
    });
    expect(report.problems).toEqual([]);
    expect(report.recordsChecked).toBeGreaterThan(30);
  });

  it('holds at least 25 tamperings', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(25);
  });

  it.each(catalogue.map((t) => [t.name, t] as const))('detects and names: %s', async (_, t) => {
    const report = await verifyTampered((trx) => t.tamper(trx, history));
    expect(report.ok).toBe(false);
    for (const wanted of t.expect(history)) {
      expect(report.problems).toEqual(expect.arrayContaining([expect.objectContaining(wanted)]));
    }
    if (t.secret !== undefined) {
      for (const problem of report.problems) expect(problem.message).not.toContain(t.secret);
    }
  });

  it('left the history untouched: every tampering was rolled back', async () => {
    const report = await verifyIntegrity(db.ctx, testActor, {
      verifierKey,
      checkpoints: [kept.earlier, kept.later],
    });
    expect(report.problems).toEqual([]);
  });
});
