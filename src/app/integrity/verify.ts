import { encodeBase64, foldFromRight, toHex, verifyCheckpoint } from '../../core/audit/index.ts';
import type { Hash } from '../../core/audit/index.ts';
import { countMerkleNodesByLevel, readAuditHead } from '../../db/repositories/audit.repository.ts';
import { flushAudit } from '../audit/audit.ts';
import { authorizeAny } from '../access/access.ts';
import type { Actor, AppContext } from '../common/context.ts';
import type { IntegrityProblem } from './problems.ts';
import { scanLog, checkKept } from './log-scan.ts';
import { replayRecords } from './record-replay.ts';
import { summariesUnlikeRecords } from '../reports/case-summaries.ts';

/** The outcome of a verification: every problem found, never just the first. */
export interface VerificationReport {
  readonly ok: boolean;
  /** Entries found in the log table (contiguous from 0). */
  readonly logSize: number;
  /** The size the head row claims. */
  readonly headSize: number;
  /** The RFC 6962 root recomputed from the entries, base64. */
  readonly rootHash: string;
  readonly recordsChecked: number;
  readonly checkpoints: readonly { size: number; ok: boolean }[];
  readonly problems: readonly IntegrityProblem[];
}

/** What to verify against. */
export interface VerifyOptions {
  /** Signed checkpoints kept earlier (by us, an NGO or an embassy). */
  readonly checkpoints?: readonly string[];
  /** The verifier key the checkpoints must be signed with. */
  readonly verifierKey: string;
}

/**
 * Verifies the log and the registry together: recomputes the Merkle tree from the entries
 * and compares every stored node and the head; checks each kept checkpoint's signature and
 * proves the log extends it; then replays the log's last logged state of every record
 * against the current rows. Returns every problem found, each naming the entry, the record
 * and the field.
 */
export async function verifyIntegrity(
  ctx: AppContext,
  actor: Actor,
  options: VerifyOptions,
): Promise<VerificationReport> {
  await authorizeAny(ctx, actor, ['audit.read', 'integrity.read'], {
    action: 'verify the log and the records',
    entityType: 'audit_log',
  });
  const problems: IntegrityProblem[] = [];
  const kept: { size: number; root: Hash }[] = [];
  for (const [i, note] of (options.checkpoints ?? []).entries()) {
    try {
      const checkpoint = verifyCheckpoint(note, options.verifierKey);
      kept.push({ size: Number(checkpoint.size), root: checkpoint.rootHash });
    } catch (error) {
      problems.push({
        kind: 'CheckpointInvalid',
        message: `checkpoint ${i + 1} is not a valid checkpoint of this log: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  await flushAudit(ctx.db);
  const scan = await scanLog(ctx.db, problems, new Set(kept.map((k) => k.size)));
  const root = foldFromRight(scan.frontier.map((node) => node.hash));
  const head = await readAuditHead(ctx.db);
  const headSize = head?.size ?? 0;
  if (headSize !== scan.size) {
    problems.push({
      kind: 'HeadMismatch',
      field: 'size',
      message: `the log head says ${headSize} entries but the log holds ${scan.size}`,
    });
  } else if (head !== null && head.rootHash !== toHex(root)) {
    problems.push({
      kind: 'HeadMismatch',
      field: 'root_hash',
      message: `the log head's root ${head.rootHash} is not the root of its ${scan.size} entries (${toHex(root)})`,
    });
  } else if (
    head?.frontier != null &&
    head.frontier !== scan.frontier.map((node) => toHex(node.hash)).join(',')
  ) {
    // The next append would build on this frontier: a forged one would fork the tree.
    problems.push({
      kind: 'HeadMismatch',
      field: 'frontier',
      message: `the log head's frontier is not the frontier of its ${scan.size} entries`,
    });
  }
  for (const { level, count } of await countMerkleNodesByLevel(ctx.db)) {
    const expected = Math.floor(scan.size / 2 ** level);
    if (count > expected) {
      problems.push({
        kind: 'LogTruncated',
        message: `the tree holds ${count - expected} node(s) at level ${level} beyond the log's ${scan.size} entries: entries were removed after they were logged`,
      });
    }
  }
  const checkpoints: { size: number; ok: boolean }[] = [];
  for (const checkpoint of kept) {
    const ok = await checkKept(ctx.db, checkpoint, scan, root, problems);
    checkpoints.push({ size: checkpoint.size, ok });
  }
  const recordsChecked = await replayRecords(ctx.db, scan.states, problems);
  for (const caseId of await summariesUnlikeRecords(ctx.db)) {
    problems.push({
      kind: 'SummaryChanged',
      entityType: 'case',
      entityId: caseId,
      message: `the annual report's stored summary of case ${caseId} is not what the case's records give: it was changed outside the application, and reports would count it; mark it stale to rebuild it (update case_stats set fresh = 0 where case_id = '${caseId}')`,
    });
  }
  return {
    ok: problems.length === 0,
    logSize: scan.size,
    headSize,
    rootHash: encodeBase64(root),
    recordsChecked,
    checkpoints,
    problems,
  };
}
